import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { ToolError } from '../../../src/errors';
import type { AssumeRoleStep } from '../../../src/plan/types';
import { fixedMfaCode, mfaCodeProvider, type MfaCodeRequest } from '../../../src/prompts/mfaCode';
import { assumeRole } from '../../../src/resolve/assumeRole';
import { stsErrorToToolError } from '../../../src/resolve/stsErrors';

const sts = mockClient(STSClient);
const source = { accessKeyId: 'AKIASOURCE0000000001', secretAccessKey: 'source-secret-value-0001' };
const target = { region: 'us-east-1', endpoint: 'http://127.0.0.1:1' };
const now = () => new Date('2026-11-28T12:00:00Z');
const step: AssumeRoleStep = {
  assumeRole: {
    profile: 'bizcorprole',
    roleArn: 'arn:aws:iam::111122223333:role/deployer',
    externalId: 'ext-123',
    mfaSerial: 'arn:aws:iam::444455556666:mfa/dev',
  },
};
const goodResponse = {
  Credentials: {
    AccessKeyId: 'ASIAROLE000000000001',
    SecretAccessKey: 'role-secret',
    SessionToken: 'role-token',
    Expiration: new Date('2026-11-28T13:00:00Z'),
  },
};

function mfaRejection(): STSServiceException {
  return new STSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  });
}

beforeEach(() => sts.reset());

test("sends ExternalId, SerialNumber, TokenCode and the session name it is given; the account is the role's", async () => {
  sts.on(AssumeRoleCommand).resolves(goodResponse);
  const result = await assumeRole(step, source, {
    target,
    mfa: fixedMfaCode('123456', 'test'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
  });
  expect(result).toMatchObject({ accessKeyId: 'ASIAROLE000000000001', roleArn: step.assumeRole.roleArn, accountId: '111122223333' });
  expect(result.expiration?.toISOString()).toBe('2026-11-28T13:00:00.000Z');
  const input = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
  expect(input).toEqual({
    RoleArn: step.assumeRole.roleArn,
    RoleSessionName: 'dev@app',
    ExternalId: 'ext-123',
    SerialNumber: step.assumeRole.mfaSerial,
    TokenCode: '123456',
  });
  expect(input.RoleSessionName).toMatch(/^[\w+=,.@-]{2,64}$/);
});

test('a rejected code is asked again from a person, at most three times, with the reason shown', async () => {
  sts.on(AssumeRoleCommand).rejectsOnce(mfaRejection()).rejectsOnce(mfaRejection()).resolves(goodResponse);
  const asked: MfaCodeRequest[] = [];
  const codes = ['111111', '222222', '333333'];
  const mfa = mfaCodeProvider(async (request) => {
    asked.push(request);
    return codes[request.attempt - 1];
  }, true);
  await assumeRole(step, source, { target, mfa, now, sourceProfile: 'devcorpuser', sessionName: 'dev@app' });
  expect(asked.map((a) => a.attempt)).toEqual([1, 2, 3]);
  expect(asked[1].reason).toMatch(/rejected that MFA code/);
  expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.TokenCode)).toEqual(codes);
});

// Each test uses codes of its own: a code STS accepted in this process is never sent again (test below).
test('after three rejected codes the error says the code was rejected', async () => {
  sts.on(AssumeRoleCommand).rejects(mfaRejection());
  const mfa = mfaCodeProvider(async () => '123123', true);
  await expect(assumeRole(step, source, { target, mfa, now, sourceProfile: 'devcorpuser', sessionName: 'dev@app' })).rejects.toMatchObject({
    code: 'InvalidMfaCode',
  });
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
});

test('a code given on the command line is not retried', async () => {
  sts.on(AssumeRoleCommand).rejects(mfaRejection());
  await expect(
    assumeRole(step, source, {
      target,
      mfa: fixedMfaCode('456456', '--mfa-code'),
      now,
      sourceProfile: 'devcorpuser',
      sessionName: 'dev@app',
    }),
  ).rejects.toMatchObject({ code: 'InvalidMfaCode' });
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
});

test('a code STS accepted is never sent again: a person is asked for another, a fixed code ends in one sentence', async () => {
  sts.on(AssumeRoleCommand).resolves(goodResponse);
  await assumeRole(step, source, {
    target,
    mfa: fixedMfaCode('789789', '--mfa-code'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
  });
  // The same code again, from the command line: refused here, before STS.
  const again = assumeRole(step, source, {
    target,
    mfa: fixedMfaCode('789789', '--mfa-code'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
  });
  await expect(again).rejects.toMatchObject({
    code: 'MfaCodeAlreadyUsed',
    message: `A fresh MFA code is needed to assume ${step.assumeRole.roleArn} for profile "bizcorprole": STS already accepted the code given by --mfa-code, and it accepts each code only once.`,
  });
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  // A person who types it again is asked for the next one, and only that reaches STS.
  const typed = ['789789', '321321'];
  const asked: MfaCodeRequest[] = [];
  const person = mfaCodeProvider(async (request) => (asked.push(request), typed[asked.length - 1]), true);
  await assumeRole(step, source, { target, mfa: person, now, sourceProfile: 'devcorpuser', sessionName: 'dev@app' });
  expect(asked[1].reason).toMatch(/^STS already accepted that code and accepts each code once/);
  expect(sts.commandCalls(AssumeRoleCommand).map((c) => c.args[0].input.TokenCode)).toEqual(['789789', '321321']);
  // A code accepted for one device may be another device's current code.
  const other: AssumeRoleStep = { assumeRole: { ...step.assumeRole, mfaSerial: 'arn:aws:iam::444455556666:mfa/other' } };
  await assumeRole(other, source, {
    target,
    mfa: fixedMfaCode('789789', '--mfa-code'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
  });
  expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
});

test('standing in for a refused MFA session, the code that started the session is the one spent, and the sentence says so', async () => {
  sts.on(AssumeRoleCommand).resolves(goodResponse);
  await assumeRole(step, source, {
    target,
    mfa: fixedMfaCode('654654', 'AMPLIFY_AWS_ROLES_MFA_CODE'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
  });
  const fallback = assumeRole(step, source, {
    target,
    mfa: fixedMfaCode('654654', 'AMPLIFY_AWS_ROLES_MFA_CODE'),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
    afterRefusedMfaSession: true,
  });
  await expect(fallback).rejects.toMatchObject({
    code: 'MfaCodeAlreadyUsed',
    message: `A fresh MFA code is needed to assume ${step.assumeRole.roleArn} for profile "bizcorprole": the code given by AMPLIFY_AWS_ROLES_MFA_CODE started the MFA session, which the role refused, and STS accepts each code only once.`,
  });
  const asked: MfaCodeRequest[] = [];
  await assumeRole(step, source, {
    target,
    mfa: mfaCodeProvider(async (request) => (asked.push(request), '987987'), true),
    now,
    sourceProfile: 'devcorpuser',
    sessionName: 'dev@app',
    afterRefusedMfaSession: true,
  });
  expect(asked[0].reason).toBe(
    'The role refused the MFA session: type a new code, not the one that started the session (STS accepts each code once).',
  );
});

test('a malformed code on the command line is refused before any STS call', () => {
  expect(() => fixedMfaCode('12345', '--mfa-code')).toThrow(/exactly 6 digits/);
  expect(() => fixedMfaCode('12a456', '--mfa-code')).toThrow(ToolError);
});

test('role session name, duration and no MFA are passed as configured', async () => {
  sts.on(AssumeRoleCommand).resolves(goodResponse);
  const plain: AssumeRoleStep = {
    assumeRole: { profile: 'p', roleArn: 'arn:aws:iam::111122223333:role/r', sessionName: 'my-session', durationSeconds: 1800 },
  };
  const mfa = mfaCodeProvider(async () => {
    throw new Error('must not ask');
  }, true);
  await assumeRole(plain, source, { target, mfa, now, sourceProfile: 'src', sessionName: 'dev@app' });
  expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({
    RoleArn: plain.assumeRole.roleArn,
    RoleSessionName: 'my-session',
    DurationSeconds: 1800,
  });
});

describe('STS errors become one sentence without secrets', () => {
  const context = {
    action: 'assume arn:aws:iam::111122223333:role/r for profile "p"',
    profile: 'p',
    roleArn: 'arn:aws:iam::111122223333:role/r',
    sourceProfile: 'src',
    endpoint: 'http://127.0.0.1:9',
    externalId: true,
    mfa: true,
  };
  const cases: Array<[string, unknown, string, RegExp]> = [
    [
      'access denied',
      Object.assign(new Error('User is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }),
      'AccessDenied',
      /trust policy.*external id.*MFA/,
    ],
    [
      'invalid keys',
      Object.assign(new Error('The security token included in the request is invalid.'), { name: 'InvalidClientTokenId' }),
      'InvalidSourceCredentials',
      /aws_access_key_id/,
    ],
    [
      'bad signature',
      Object.assign(new Error('signature mismatch'), { name: 'SignatureDoesNotMatch' }),
      'InvalidSourceCredentials',
      /credentials file/,
    ],
    ['expired token', Object.assign(new Error('expired'), { name: 'ExpiredToken' }), 'ExpiredSourceCredentials', /Refresh/],
    ['throttling', Object.assign(new Error('Rate exceeded'), { name: 'Throttling' }), 'StsThrottled', /try again/],
    [
      'unreachable',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
      'StsUnreachable',
      /AWS_ENDPOINT_URL_STS/,
    ],
    [
      'server error',
      Object.assign(new Error(''), { name: 'InternalFailure', $metadata: { httpStatusCode: 503 } }),
      'StsError',
      /try again/,
    ],
    [
      'validation',
      Object.assign(new Error('1 validation error detected: roleArn'), { name: 'ValidationError' }),
      'InvalidStsRequest',
      /role_arn/,
    ],
    [
      "above the role's maximum",
      Object.assign(new Error('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'), {
        name: 'ValidationError',
      }),
      'DurationAboveRoleMaximum',
      /setup-role .*--max-session-duration SECONDS --apply-biz/,
    ],
    [
      'role chaining',
      Object.assign(new Error('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'), {
        name: 'ValidationError',
      }),
      'ChainedSessionTooLong',
      /duration_seconds = 3600/,
    ],
  ];
  test.each(cases)('%s', (_label, error, code, resolution) => {
    const mapped = stsErrorToToolError(error, context);
    expect(mapped.code).toBe(code);
    expect(mapped.message.split('\n')).toHaveLength(1);
    expect(mapped.resolution ?? '').toMatch(resolution);
    if (code === 'StsUnreachable') expect(mapped.message).toContain('http://127.0.0.1:9');
  });

  test("the role's maximum: one sentence naming the role, the seconds asked for and both fixes", () => {
    const error = Object.assign(new Error('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'), {
      name: 'ValidationError',
    });
    expect(stsErrorToToolError(error, { ...context, durationSeconds: 7200 }).message).toBe(
      'Role r (arn:aws:iam::111122223333:role/r) allows shorter sessions than the 7200 s that profile "p" asks for (duration_seconds): lower duration_seconds in profile "p", or raise the role\'s maximum with "aws iam update-role --role-name r --max-session-duration 7200".',
    );
  });
});
