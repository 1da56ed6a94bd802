import type { TemporaryCredentials } from '../credentials';

export type CredentialsFormat = 'process' | 'env' | 'json';

interface Resolved {
  profile: string;
  credentials: TemporaryCredentials;
  roleArn?: string;
  fromCache: boolean;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The only place secrets are rendered, for the `credentials` command the user runs to get them. */
export function formatCredentials(result: Resolved, format: CredentialsFormat): string {
  const c = result.credentials;
  const expiration = c.expiration?.toISOString();
  if (format === 'env') {
    const lines = [
      `export AWS_ACCESS_KEY_ID=${shellQuote(c.accessKeyId)}`,
      `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.secretAccessKey)}`,
    ];
    lines.push(c.sessionToken ? `export AWS_SESSION_TOKEN=${shellQuote(c.sessionToken)}` : 'unset AWS_SESSION_TOKEN');
    if (expiration) lines.push(`export AWS_CREDENTIAL_EXPIRATION=${expiration}`);
    // Unset when unknown, like the session token: an account id left from an earlier eval would mislead the SDKs.
    lines.push(c.accountId ? `export AWS_ACCOUNT_ID=${c.accountId}` : 'unset AWS_ACCOUNT_ID');
    return `${lines.join('\n')}\n`;
  }
  if (format === 'json') {
    return `${JSON.stringify(
      {
        profile: result.profile,
        ...(result.roleArn ? { roleArn: result.roleArn } : {}),
        accessKeyId: c.accessKeyId,
        secretAccessKey: c.secretAccessKey,
        ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
        ...(expiration ? { expiration } : {}),
        ...(c.accountId ? { accountId: c.accountId } : {}),
        fromCache: result.fromCache,
      },
      null,
      2,
    )}\n`;
  }
  return `${JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    ...(c.sessionToken ? { SessionToken: c.sessionToken } : {}),
    ...(expiration ? { Expiration: expiration } : {}),
    ...(c.accountId ? { AccountId: c.accountId } : {}),
  })}\n`;
}

export function describeExpiry(expiration: Date | undefined, now: Date): string {
  if (!expiration) return 'does not expire';
  const minutes = Math.round((expiration.getTime() - now.getTime()) / 60000);
  return minutes >= 0 ? `${expiration.toISOString()} (in ${minutes} min)` : `${expiration.toISOString()} (expired ${-minutes} min ago)`;
}
