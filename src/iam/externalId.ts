import * as crypto from 'node:crypto';

/**
 * `--external-id auto`: 32 random bytes (256 bits) from the operating system's CSPRNG, in base64url, whose
 * alphabet (letters, digits, - and _) is inside what STS accepts for an external id; never starting with "-".
 */
export function generateExternalId(randomBytes: (size: number) => Buffer = crypto.randomBytes): string {
  // Never one that starts with "-" (1 draw in 64): in `--external-id -Xyz` a command line, ours or the AWS CLI's,
  // takes it for an option. Drawn again, so every id is still uniformly random among the rest.
  for (;;) {
    const id = randomBytes(32).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}
