/** A fixed "now" for the cache's unit tests, and an hour. */
export const T0 = new Date('2026-11-28T12:00:00Z');
export const HOUR = 3600e3;

/** Role credentials as the cache stores them, recognisable by `id` (key id, and in the secret and token). */
export function creds(id: string, expiresInMs = HOUR, base = T0) {
  return {
    accessKeyId: id,
    secretAccessKey: `secret-${id}`,
    sessionToken: `token-${id}`,
    expiration: new Date(base.getTime() + expiresInMs),
    roleArn: 'arn:aws:iam::1:role/r',
  };
}
