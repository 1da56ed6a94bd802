/**
 * Objects keyed by names read from a file. They have no prototype, so a profile named "constructor" or
 * "__proto__" is just a name: it can neither collide with Object.prototype nor modify it.
 */
export function newRecord<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}
