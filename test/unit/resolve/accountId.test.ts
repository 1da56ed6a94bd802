import { toCredentials, type CachedEntry } from '../../../src/cache';
import { childEnvironment } from '../../../src/exec/childEnvironment';
import { startCredentialServer } from '../../../src/exec/credentialServer';
import { formatCredentials } from '../../../src/output/credentialsFormat';
import { accountIdOfArn, withAccountId } from '../../../src/resolve/accountId';
import { parseProcessOutput } from '../../../src/resolve/bases/processCredentials';
import { toolErrorOf } from '../../helpers/toolError';
import type { TemporaryCredentials } from '../../../src/credentials';

const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
const credentials: TemporaryCredentials = {
  accessKeyId: 'ASIAEXAMPLE000000001',
  secretAccessKey: 'secret',
  sessionToken: 'token',
  expiration: new Date('2026-12-01T11:00:00Z'),
};
const result = (accountId?: string) => ({
  profile: 'bizcorprole',
  roleArn: ROLE,
  fromCache: false,
  credentials: { ...credentials, ...(accountId ? { accountId } : {}) },
});

describe('account ids in what is handed out', () => {
  test('credential_process JSON: AccountId when known, nothing when not', () => {
    expect(JSON.parse(formatCredentials(result('123456789012'), 'process'))).toEqual({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: 'secret',
      SessionToken: 'token',
      Expiration: '2026-12-01T11:00:00.000Z',
      AccountId: '123456789012',
    });
    expect(JSON.parse(formatCredentials(result(), 'process'))).not.toHaveProperty('AccountId');
  });

  test("--format json: accountId beside the role; env: AWS_ACCOUNT_ID, or unset so an earlier eval's value does not linger", () => {
    expect(JSON.parse(formatCredentials(result('123456789012'), 'json'))).toMatchObject({ roleArn: ROLE, accountId: '123456789012' });
    expect(formatCredentials(result('123456789012'), 'env')).toContain('\nexport AWS_ACCOUNT_ID=123456789012\n');
    expect(formatCredentials(result(), 'env')).toContain('\nunset AWS_ACCOUNT_ID\n');
  });

  test('an exec child: AWS_ACCOUNT_ID replaces whatever the parent had, and is absent when unknown', () => {
    const parent = { AWS_ACCOUNT_ID: '999999999999', PATH: '/bin' };
    expect(childEnvironment(parent, 'p', { kind: 'variables', credentials }, 'us-east-1', '123456789012').AWS_ACCOUNT_ID).toBe(
      '123456789012',
    );
    expect(
      childEnvironment(parent, 'p', { kind: 'server', url: 'http://127.0.0.1:1/', token: 't' }, 'us-east-1', '123456789012').AWS_ACCOUNT_ID,
    ).toBe('123456789012');
    expect(childEnvironment(parent, 'p', { kind: 'variables', credentials }, 'us-east-1')).not.toHaveProperty('AWS_ACCOUNT_ID');
  });

  test('the credential server: AccountId in the answer', async () => {
    const server = await startCredentialServer({
      provide: async () => ({ ...credentials, accountId: '123456789012' }),
      onError: () => undefined,
    });
    try {
      const answer = await (await fetch(server.url, { headers: { Authorization: server.token } })).json();
      expect(answer).toEqual({
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: 'secret',
        Token: 'token',
        Expiration: '2026-12-01T11:00:00.000Z',
        AccountId: '123456789012',
      });
    } finally {
      await server.close();
    }
  });
});

describe('where the account id comes from', () => {
  const entry = (extra: Partial<CachedEntry>): CachedEntry => ({
    accessKeyId: 'ASIA',
    secretAccessKey: 's',
    sessionToken: 't',
    expiration: '2026-12-01T11:00:00Z',
    obtainedAt: '2026-12-01T10:00:00Z',
    ...extra,
  });

  test("a cache entry: the stored account, else (entries of earlier versions) its role's account, else none", () => {
    expect(toCredentials(entry({ accountId: '210987654321', roleArn: ROLE })).accountId).toBe('210987654321');
    expect(toCredentials(entry({ roleArn: ROLE })).accountId).toBe('123456789012');
    expect(toCredentials(entry({ accountId: 'not-an-account', roleArn: ROLE })).accountId).toBe('123456789012');
    expect(toCredentials(entry({}))).not.toHaveProperty('accountId');
  });

  test('ARNs of IAM and STS', () => {
    expect(accountIdOfArn(ROLE)).toBe('123456789012');
    expect(accountIdOfArn('arn:aws-cn:sts::123456789012:assumed-role/r/s')).toBe('123456789012');
    expect(accountIdOfArn('arn:aws:s3:::bucket')).toBeUndefined();
  });

  test("the profile's aws_account_id only when the credentials do not say: never over the role's own account", () => {
    const profiles = { p: { aws_account_id: ' 210987654321 ' }, bad: { aws_account_id: '2109' } };
    expect(withAccountId({ ...credentials }, profiles, 'p').accountId).toBe('210987654321');
    expect(withAccountId({ ...credentials, accountId: '123456789012' }, profiles, 'p').accountId).toBe('123456789012');
    expect(withAccountId({ ...credentials }, profiles, 'other')).not.toHaveProperty('accountId');
    expect(toolErrorOf(() => withAccountId({ ...credentials }, profiles, 'bad')).message).toBe(
      'Profile "bad" has aws_account_id = 2109; it must be the 12 digits of an AWS account id.',
    );
  });

  test("a credential_process's AccountId is taken; one that is not an account id is refused", () => {
    const now = new Date('2026-12-01T10:00:00Z');
    const printed = (accountId: unknown) => JSON.stringify({ Version: 1, AccessKeyId: 'AKIA', SecretAccessKey: 's', AccountId: accountId });
    expect(parseProcessOutput(printed('123456789012'), 'p', now).accountId).toBe('123456789012');
    expect(toolErrorOf(() => parseProcessOutput(printed(123456789012), 'p', now)).message).toBe(
      'The credential_process of profile "p" printed an AccountId that is not a 12-digit account id.',
    );
  });
});
