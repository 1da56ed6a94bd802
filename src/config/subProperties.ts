import { splitPropertyLine } from './lineSyntax';
import { newRecord } from './records';
import type { Profile } from './types';

/**
 * The parser keeps sub-properties as text, as the SDK suite requires: `s3 =` then ` max_concurrency = 10`
 * is "\nmax_concurrency = 10". A value is a sub-property block exactly when it starts with a newline
 * (an empty first line followed by indented lines).
 */
export const isSubPropertyBlock = (value: string): boolean => value.startsWith('\n');

/** "\nmax_concurrency = 10\nmax_queue_size = 5" -> {max_concurrency: "10", max_queue_size: "5"}; names as written, comments dropped. */
export function parseSubProperties(value: string): Record<string, string> {
  const result = newRecord<string>();
  for (const line of value.split('\n')) {
    const sub = splitPropertyLine(line);
    if ('key' in sub) result[sub.key] = sub.value;
  }
  return result;
}

export type ExpandedProfile = Record<string, string | Record<string, string>>;

/** The profile with each sub-property block as a nested object (for display and JSON output). */
export function expandSubProperties(profile: Profile): ExpandedProfile {
  const expanded: ExpandedProfile = newRecord();
  for (const [key, value] of Object.entries(profile)) expanded[key] = isSubPropertyBlock(value) ? parseSubProperties(value) : value;
  return expanded;
}
