import * as crypto from 'node:crypto';

/**
 * `--external-id auto`: 32 random bytes (256 bits) from the operating system's CSPRNG, in base64url, whose
 * alphabet (letters, digits, - and _) is inside what STS accepts for an external id.
 */
export function generateExternalId(randomBytes: (size: number) => Buffer = crypto.randomBytes): string {
  return randomBytes(32).toString('base64url');
}
