/**
 * FNV-1a, 64 bits, over the UTF-8 bytes of a string. Not a secure hash: it names a bucket file and fingerprints
 * a credential plan, on the warm path, where loading node:crypto would cost more than the lookup itself.
 */
const OFFSET_BASIS = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

export function fnv1a64(text: string): bigint {
  let hash = OFFSET_BASIS;
  for (const byte of Buffer.from(text, 'utf8')) hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  return hash;
}

/** 16 lower-case hex digits. */
export function fnv1a64Hex(text: string): string {
  return fnv1a64(text).toString(16).padStart(16, '0');
}
