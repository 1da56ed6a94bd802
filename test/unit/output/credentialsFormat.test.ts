import { spawnSync } from 'node:child_process';
import { describeExpiry, formatCredentials } from '../../../src/output/credentialsFormat';

// The one place secrets are rendered (`credentials --format process|env|json`). Each format is read by something
// else: the SDKs' credential_process reader, a shell's eval, a script's JSON.parse, so each is checked the way its
// reader takes it.

const EXPIRATION = new Date('2026-12-07T10:15:00.000Z');
const ROLE = {
  accessKeyId: 'ASIAROLESESSION00001',
  secretAccessKey: 'role/secret+key=1',
  sessionToken: 'IQoJb3JpZ2luX2VjE//token==',
  expiration: EXPIRATION,
  accountId: '123456789012',
};
const resolved = (
  credentials: typeof ROLE | { accessKeyId: string; secretAccessKey: string },
  extra: { roleArn?: string; fromCache?: boolean } = {},
) => ({
  profile: 'biz',
  credentials,
  fromCache: extra.fromCache ?? false,
  ...(extra.roleArn ? { roleArn: extra.roleArn } : {}),
});

/**
 * What a POSIX shell exports (so what a program it starts sees) after `eval "$(amplify-aws-roles credentials --format
 * env)"`, starting from a shell where an earlier eval left a session token and an account id behind.
 */
function evalInShell(text: string): Record<string, string | null> {
  const names = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_ACCOUNT_ID'];
  const result = spawnSync('sh', ['-c', 'eval "$1" && env -0', 'sh', text], {
    env: { PATH: process.env.PATH, AWS_SESSION_TOKEN: 'left-from-before', AWS_ACCOUNT_ID: '999999999999' },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  const exported = new Map(
    result.stdout
      .split('\0')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  return Object.fromEntries(names.map((n) => [n, exported.get(n) ?? null]));
}

describe('process: what credential_process readers take', () => {
  test('Version 1 with every field the role session has', () => {
    expect(JSON.parse(formatCredentials(resolved(ROLE), 'process'))).toEqual({
      Version: 1,
      AccessKeyId: ROLE.accessKeyId,
      SecretAccessKey: ROLE.secretAccessKey,
      SessionToken: ROLE.sessionToken,
      Expiration: '2026-12-07T10:15:00.000Z',
      AccountId: '123456789012',
    });
  });

  test('one line; long-term keys have no token, expiration or account id (never empty fields)', () => {
    const text = formatCredentials(resolved({ accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'long-term' }), 'process');
    expect(text.split('\n')).toEqual([expect.any(String), '']);
    expect(JSON.parse(text)).toEqual({ Version: 1, AccessKeyId: 'AKIALONGTERM00000001', SecretAccessKey: 'long-term' });
  });
});

describe('env: what a shell evals', () => {
  test('each variable exported as given, the account id included', () => {
    const text = formatCredentials(resolved(ROLE), 'env');
    expect(text).toBe(
      [
        'export AWS_ACCESS_KEY_ID=ASIAROLESESSION00001',
        // Base64 and "/" need no quotes; only what a shell would read differently is quoted (below).
        'export AWS_SECRET_ACCESS_KEY=role/secret+key=1',
        'export AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjE//token==',
        'export AWS_CREDENTIAL_EXPIRATION=2026-12-07T10:15:00.000Z',
        'export AWS_ACCOUNT_ID=123456789012',
        '',
      ].join('\n'),
    );
    expect(evalInShell(text)).toEqual({
      AWS_ACCESS_KEY_ID: ROLE.accessKeyId,
      AWS_SECRET_ACCESS_KEY: ROLE.secretAccessKey,
      AWS_SESSION_TOKEN: ROLE.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: '2026-12-07T10:15:00.000Z',
      AWS_ACCOUNT_ID: '123456789012',
    });
  });

  test('quotes, spaces, $ and backticks reach the shell as they are, running nothing', () => {
    const hostile = {
      accessKeyId: 'ASIAQUOTES000000001',
      secretAccessKey: "it's $(touch /nonexistent/x) `id` $HOME \\ end",
      sessionToken: "a'b'c",
      expiration: EXPIRATION,
    };
    expect(evalInShell(formatCredentials(resolved(hostile), 'env'))).toMatchObject({
      AWS_SECRET_ACCESS_KEY: hostile.secretAccessKey,
      AWS_SESSION_TOKEN: "a'b'c",
    });
  });

  test('what is unknown is unset, so values left from an earlier eval do not mislead the SDKs', () => {
    const text = formatCredentials(resolved({ accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'long-term' }), 'env');
    expect(text).toContain('unset AWS_SESSION_TOKEN\n');
    expect(text).toContain('unset AWS_ACCOUNT_ID\n');
    expect(text).not.toContain('AWS_CREDENTIAL_EXPIRATION');
    expect(evalInShell(text)).toMatchObject({ AWS_SESSION_TOKEN: null, AWS_ACCOUNT_ID: null, AWS_CREDENTIAL_EXPIRATION: null });
  });
});

describe('json: for scripts', () => {
  test('profile, role, keys, expiration, account id and whether it came from the cache', () => {
    const json = JSON.parse(
      formatCredentials(resolved(ROLE, { roleArn: 'arn:aws:iam::123456789012:role/deployer', fromCache: true }), 'json'),
    );
    expect(json).toEqual({
      profile: 'biz',
      roleArn: 'arn:aws:iam::123456789012:role/deployer',
      accessKeyId: ROLE.accessKeyId,
      secretAccessKey: ROLE.secretAccessKey,
      sessionToken: ROLE.sessionToken,
      expiration: '2026-12-07T10:15:00.000Z',
      accountId: '123456789012',
      fromCache: true,
    });
  });

  test('fields that are not known are left out, fromCache is always there', () => {
    const text = formatCredentials(resolved({ accessKeyId: 'AKIALONGTERM00000001', secretAccessKey: 'long-term' }), 'json');
    expect(JSON.parse(text)).toEqual({
      profile: 'biz',
      accessKeyId: 'AKIALONGTERM00000001',
      secretAccessKey: 'long-term',
      fromCache: false,
    });
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('describeExpiry', () => {
  const now = new Date('2026-12-07T10:00:00.000Z');
  test('in minutes from now, rounded; expired ones say how long ago; keys that never expire say so', () => {
    expect(describeExpiry(EXPIRATION, now)).toBe('2026-12-07T10:15:00.000Z (in 15 min)');
    expect(describeExpiry(new Date('2026-12-07T10:00:29.000Z'), now)).toBe('2026-12-07T10:00:29.000Z (in 0 min)');
    expect(describeExpiry(new Date('2026-12-07T09:58:00.000Z'), now)).toBe('2026-12-07T09:58:00.000Z (expired 2 min ago)');
    expect(describeExpiry(undefined, now)).toBe('does not expire');
  });
});
