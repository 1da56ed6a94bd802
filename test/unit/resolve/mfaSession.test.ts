import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { PassThrough } from 'node:stream';
import { ProjectCacheStore } from '../../../src/cache';
import { planCredentialChain } from '../../../src/plan';
import { mfaCodeProvider } from '../../../src/prompts/mfaCode';
import { executeChain } from '../../../src/resolve/executeChain';
import { mfaSessionDuration } from '../../../src/resolve';
import { makeSandbox } from '../../helpers/sandbox';

const sts = mockClient(STSClient);
const profiles = {
  biz: {
    role_arn: 'arn:aws:iam::111122223333:role/r',
    source_profile: 'dev',
    mfa_serial: 'arn:aws:iam::444455556666:mfa/d',
    mfa_session_duration: '43200',
  },
  dev: { aws_access_key_id: 'AKIADEV', aws_secret_access_key: 'dev-secret' },
};
const creds = (id: string) => ({
  Credentials: { AccessKeyId: id, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600e3) },
});

beforeEach(() => sts.reset());

test('when the role refuses the MFA session (e.g. aws:MultiFactorAuthAge), it falls back to a direct AssumeRole with a new code and says why', async () => {
  const sandbox = makeSandbox();
  sts.on(GetSessionTokenCommand).resolves(creds('ASIASESSION'));
  sts.on(AssumeRoleCommand, { TokenCode: undefined }).rejects(Object.assign(new Error('not authorized'), { name: 'AccessDenied' }));
  sts.on(AssumeRoleCommand, { TokenCode: '222222' }).resolves(creds('ASIAROLE'));
  const codes = ['111111', '222222'];
  let asked = 0;
  const warnings: string[] = [];
  const result = await executeChain(planCredentialChain(profiles, 'biz'), {
    profiles,
    files: { configFile: 'c', credentialsFile: 'k' },
    env: { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1' },
    now: () => new Date(),
    mfa: mfaCodeProvider(async () => codes[asked++], true),
    mfaSession: {
      store: new ProjectCacheStore({ home: sandbox.home }),
      warn: (m) => warnings.push(m),
      durationFor: (p) => mfaSessionDuration(profiles, p, undefined),
    },
  });
  expect(result.accessKeyId).toBe('ASIAROLE');
  expect(sts.commandCalls(GetSessionTokenCommand)[0].args[0].input).toEqual({
    SerialNumber: profiles.biz.mfa_serial,
    TokenCode: '111111',
    DurationSeconds: 43200,
  });
  expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.TokenCode)).toEqual([undefined, '222222']);
  expect(warnings[0]).toMatch(/from the MFA session was denied .*MultiFactorAuthAge.*new MFA code/);
  sandbox.cleanup();
});

test('mfa_session_duration: profile key, flag default, 0 for off, and bad values named', () => {
  expect(mfaSessionDuration(profiles, 'biz', undefined)).toBe(43200);
  expect(mfaSessionDuration(profiles, 'biz', false)).toBeUndefined();
  expect(mfaSessionDuration({ p: {} }, 'p', true)).toBe(43200);
  expect(mfaSessionDuration({ p: {} }, 'p', undefined)).toBeUndefined();
  expect(mfaSessionDuration({ p: { mfa_session_duration: '0' } }, 'p', true)).toBeUndefined();
  expect(() => mfaSessionDuration({ p: { mfa_session_duration: '12h' } }, 'p', undefined)).toThrow(
    /Profile "p" has mfa_session_duration = 12h; it must be 0 \(off\) or a whole number of seconds from 900 to 129600/,
  );
  void PassThrough;
});
