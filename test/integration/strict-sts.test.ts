import type { STSClient } from '@aws-sdk/client-sts';
import { createDevUser, useSts, type DevUser, type StrictRule } from '../helpers/sts';
import { BIZ_ACCOUNT, DEV_ACCOUNT, EXTERNAL_ID, ROLE_ARN } from '../helpers/walkthrough';

/**
 * The strict STS stand-in says no the way STS does (its XML error shape, code and message), one rule at a time; and
 * each test shows that, with exactly that rule switched off, the same request passes: the refusal is the rule's.
 */
type Outcome = { ok: true } | { ok: false; status?: number; code: string; message: string };

const OUTSIDER_ACCOUNT = '333344445555';
const OPEN_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/open-deployer`;
const SHORT_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/short-deployer`;
const AGED_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/recent-mfa-deployer`;

describe('the strict STS stand-in says no as STS does, rule by rule', () => {
  const sts = useSts();
  let user: DevUser;
  let outsider: DevUser;
  let unauthorised: DevUser;

  beforeAll(async () => {
    const sdk = await import('@aws-sdk/client-iam');
    const biz = sts.iam(BIZ_ACCOUNT);
    const trustDevCorp = (condition?: object) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${DEV_ACCOUNT}:root` },
            Action: 'sts:AssumeRole',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      });
    await biz.send(
      new sdk.CreateRoleCommand({ RoleName: 'open-deployer', AssumeRolePolicyDocument: trustDevCorp(), MaxSessionDuration: 43200 }),
    );
    await biz.send(new sdk.CreateRoleCommand({ RoleName: 'short-deployer', AssumeRolePolicyDocument: trustDevCorp() }));
    await biz.send(
      new sdk.CreateRoleCommand({
        RoleName: 'recent-mfa-deployer',
        AssumeRolePolicyDocument: trustDevCorp({
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' },
        }),
      }),
    );
    const anyBizRole = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${BIZ_ACCOUNT}:role/*` }],
    });
    const dev = (await sts.iam(DEV_ACCOUNT).send(new sdk.CreatePolicyCommand({ PolicyName: 'any-biz-role', PolicyDocument: anyBizRole })))
      .Policy!;
    const outside = (
      await sts.iam(OUTSIDER_ACCOUNT).send(new sdk.CreatePolicyCommand({ PolicyName: 'any-biz-role', PolicyDocument: anyBizRole }))
    ).Policy!;
    user = await createDevUser(sts, 'rules-user', { policyArns: [dev.Arn!] });
    outsider = await createDevUser(sts, 'outsider', { account: OUTSIDER_ACCOUNT, policyArns: [outside.Arn!] });
    unauthorised = await createDevUser(sts, 'no-policy-user');
  });

  async function client(credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): Promise<STSClient> {
    const { STSClient } = await import('@aws-sdk/client-sts');
    return new STSClient({ endpoint: sts.url, region: 'us-east-1', credentials, maxAttempts: 1 });
  }

  const keysOf = (u: DevUser) => ({ accessKeyId: u.accessKeyId, secretAccessKey: u.secretAccessKey });

  async function outcome(send: Promise<unknown>): Promise<Outcome> {
    try {
      await send;
      return { ok: true };
    } catch (error) {
      const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
      return { ok: false, status: e.$metadata?.httpStatusCode, code: e.name, message: e.message };
    }
  }

  async function withRuleOff(rule: StrictRule, attempt: () => Promise<Outcome>): Promise<Outcome> {
    const restore = sts.switchOff(rule);
    try {
      return await attempt();
    } finally {
      restore();
    }
  }

  async function assume(credentials: Parameters<typeof client>[0], input: Record<string, unknown>): Promise<Outcome> {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const c = await client(credentials);
    return outcome(c.send(new AssumeRoleCommand({ RoleSessionName: 'rules', ...input } as never)).finally(() => c.destroy()));
  }

  async function sessionOf(u: DevUser, input: Record<string, unknown> = {}) {
    const { GetSessionTokenCommand } = await import('@aws-sdk/client-sts');
    const c = await client(keysOf(u));
    const answer = await c.send(new GetSessionTokenCommand(input)).finally(() => c.destroy());
    const k = answer.Credentials!;
    return { accessKeyId: k.AccessKeyId!, secretAccessKey: k.SecretAccessKey!, sessionToken: k.SessionToken! };
  }

  async function callerIdentity(credentials: Parameters<typeof client>[0]): Promise<Outcome> {
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const c = await client(credentials);
    return outcome(c.send(new GetCallerIdentityCommand({})).finally(() => c.destroy()));
  }

  const invalidToken = {
    ok: false,
    status: 403,
    code: 'InvalidClientTokenId',
    message: 'The security token included in the request is invalid.',
  };
  const notAuthorized = (arn: string, role: string) => ({
    ok: false,
    status: 403,
    code: 'AccessDenied',
    message: `User: ${arn} is not authorized to perform: sts:AssumeRole on resource: ${role}`,
  });
  const invalidCode = {
    ok: false,
    status: 403,
    code: 'AccessDenied',
    message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
  };
  const unknownDevice = {
    ok: false,
    status: 403,
    code: 'AccessDenied',
    message:
      'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.',
  };

  describe('signatures: who signed', () => {
    test('a key IAM does not know is InvalidClientTokenId', async () => {
      const attempt = () => callerIdentity({ accessKeyId: 'AKIAUNKNOWNKEY000001', secretAccessKey: 'not-a-key' });
      expect(await attempt()).toEqual(invalidToken);
      expect(await withRuleOff('signatures', attempt)).toEqual({ ok: true });
    });

    test('a known key with the wrong secret is SignatureDoesNotMatch', async () => {
      const attempt = () => callerIdentity({ accessKeyId: user.accessKeyId, secretAccessKey: `${user.secretAccessKey}x` });
      expect(await attempt()).toMatchObject({
        ok: false,
        status: 403,
        code: 'SignatureDoesNotMatch',
        message: expect.stringMatching(/^The request signature we calculated does not match the signature you provided/),
      });
      expect(await withRuleOff('signatures', attempt)).toEqual({ ok: true });
    });

    test('a deactivated key, and a deleted one, are InvalidClientTokenId', async () => {
      const sdk = await import('@aws-sdk/client-iam');
      const spare = await createDevUser(sts, 'deactivated-user');
      await sts
        .iam(DEV_ACCOUNT)
        .send(new sdk.UpdateAccessKeyCommand({ UserName: spare.name, AccessKeyId: spare.accessKeyId, Status: 'Inactive' }));
      const attempt = () => callerIdentity(keysOf(spare));
      expect(await attempt()).toEqual(invalidToken);
      expect(await withRuleOff('signatures', attempt)).toEqual({ ok: true });
      const gone = await createDevUser(sts, 'rotated-user');
      expect(await callerIdentity(keysOf(gone))).toEqual({ ok: true });
      await sts.iam(DEV_ACCOUNT).send(new sdk.DeleteAccessKeyCommand({ UserName: gone.name, AccessKeyId: gone.accessKeyId }));
      expect(await callerIdentity(keysOf(gone))).toEqual(invalidToken);
    });

    test("a session past its expiry (STS's clock) is ExpiredToken, and one with another token is InvalidClientTokenId", async () => {
      const session = await sessionOf(user, { DurationSeconds: 900 });
      expect(await callerIdentity({ ...session, sessionToken: `${session.sessionToken}x` })).toEqual(invalidToken);
      sts.clock.advance(901);
      const attempt = () => callerIdentity(session);
      expect(await attempt()).toEqual({
        ok: false,
        status: 400,
        code: 'ExpiredToken',
        message: 'The security token included in the request is expired',
      });
      expect(await withRuleOff('signatures', attempt)).toEqual({ ok: true });
    });
  });

  describe('parameters: as the STS API reference constrains them (ValidationError)', () => {
    test.each<[string, Record<string, unknown>, string]>([
      [
        'AssumeRole DurationSeconds above 43200',
        { RoleArn: OPEN_ROLE, DurationSeconds: 43201 },
        "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
      ],
      [
        'AssumeRole DurationSeconds below 900',
        { RoleArn: OPEN_ROLE, DurationSeconds: 899 },
        "Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
      ],
      [
        'RoleSessionName with a space',
        { RoleArn: OPEN_ROLE, RoleSessionName: 'two words' },
        "Value 'two words' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
      ],
      [
        'RoleSessionName of 65 characters',
        { RoleArn: OPEN_ROLE, RoleSessionName: 'r'.repeat(65) },
        `Value '${'r'.repeat(65)}' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64`,
      ],
      [
        'ExternalId of one character',
        { RoleArn: OPEN_ROLE, ExternalId: 'x' },
        "Value 'x' at 'externalId' failed to satisfy constraint: Member must have length greater than or equal to 2",
      ],
      [
        'ExternalId with a space',
        { RoleArn: OPEN_ROLE, ExternalId: 'an id' },
        "Value 'an id' at 'externalId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]*",
      ],
      [
        'SerialNumber of 8 characters',
        { RoleArn: OPEN_ROLE, SerialNumber: 'GAHT1234', TokenCode: '123456' },
        "Value 'GAHT1234' at 'serialNumber' failed to satisfy constraint: Member must have length greater than or equal to 9",
      ],
      [
        'TokenCode of 5 digits',
        { RoleArn: OPEN_ROLE, SerialNumber: `arn:aws:iam::${DEV_ACCOUNT}:mfa/rules-user`, TokenCode: '12345' },
        "Value '12345' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6",
      ],
      [
        'TokenCode with letters',
        { RoleArn: OPEN_ROLE, SerialNumber: `arn:aws:iam::${DEV_ACCOUNT}:mfa/rules-user`, TokenCode: '12ab56' },
        "Value '12ab56' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*",
      ],
    ])('%s', async (_name, input, problem) => {
      const attempt = () => assume(keysOf(user), input);
      expect(await attempt()).toEqual({
        ok: false,
        status: 400,
        code: 'ValidationError',
        message: `1 validation error detected: ${problem}`,
      });
      const off = await withRuleOff('parameters', attempt);
      expect(off).not.toMatchObject({ code: 'ValidationError', message: expect.stringContaining(problem) });
    });

    test('GetSessionToken DurationSeconds above 129600 (36 hours)', async () => {
      const { GetSessionTokenCommand } = await import('@aws-sdk/client-sts');
      const attempt = async () => {
        const c = await client(keysOf(user));
        return outcome(c.send(new GetSessionTokenCommand({ DurationSeconds: 129601 })).finally(() => c.destroy()));
      };
      expect(await attempt()).toEqual({
        ok: false,
        status: 400,
        code: 'ValidationError',
        message:
          "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600",
      });
      expect(await withRuleOff('parameters', attempt)).toEqual({ ok: true });
    });
  });

  test('session-token-from-temporary: GetSessionToken signed by a session is refused', async () => {
    const { GetSessionTokenCommand } = await import('@aws-sdk/client-sts');
    const session = await sessionOf(user);
    const attempt = async () => {
      const c = await client(session);
      return outcome(c.send(new GetSessionTokenCommand({})).finally(() => c.destroy()));
    };
    expect(await attempt()).toEqual({
      ok: false,
      status: 403,
      code: 'AccessDenied',
      message: 'Cannot call GetSessionToken with session credentials',
    });
    expect(await withRuleOff('session-token-from-temporary', attempt)).toEqual({ ok: true });
  });

  describe('role-chaining: a session from temporary credentials lasts at most an hour, whatever the role allows', () => {
    const chained = {
      ok: false,
      status: 400,
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.',
    };

    test('from an MFA session (GetSessionToken) asking for 7200 s of a role that allows 43200 s', async () => {
      const session = await sessionOf(user, { SerialNumber: user.mfaSerial, TokenCode: await user.device.code() });
      expect(await assume(session, { RoleArn: OPEN_ROLE, DurationSeconds: 3600 })).toEqual({ ok: true });
      const attempt = () => assume(session, { RoleArn: OPEN_ROLE, DurationSeconds: 7200 });
      expect(await attempt()).toEqual(chained);
      expect(await withRuleOff('role-chaining', attempt)).toEqual({ ok: true });
      // The same request signed by the user's long-term key is not chaining.
      expect(await assume(keysOf(user), { RoleArn: OPEN_ROLE, DurationSeconds: 7200 })).toEqual({ ok: true });
    });

    test('from a role session (the second hop of a chain) and from SSO role credentials', async () => {
      const sdk = await import('@aws-sdk/client-iam');
      const { AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      await sts.iam(BIZ_ACCOUNT).send(
        new sdk.CreateRoleCommand({
          RoleName: 'sso-permission-set',
          AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [] }),
        }),
      );
      await sts.iam(BIZ_ACCOUNT).send(
        new sdk.PutRolePolicyCommand({
          RoleName: 'open-deployer',
          PolicyName: 'chain',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }],
          }),
        }),
      );
      await sts.iam(BIZ_ACCOUNT).send(
        new sdk.UpdateAssumeRolePolicyCommand({
          RoleName: 'short-deployer',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: [`arn:aws:iam::${DEV_ACCOUNT}:root`, OPEN_ROLE, `arn:aws:iam::${BIZ_ACCOUNT}:role/sso-permission-set`] },
                Action: 'sts:AssumeRole',
              },
            ],
          }),
        }),
      );
      await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateRoleCommand({ RoleName: 'short-deployer', MaxSessionDuration: 43200 }));
      const c = await client(keysOf(user));
      const hop = (await c.send(new AssumeRoleCommand({ RoleArn: OPEN_ROLE, RoleSessionName: 'first-hop' })).finally(() => c.destroy()))
        .Credentials!;
      const firstHop = { accessKeyId: hop.AccessKeyId!, secretAccessKey: hop.SecretAccessKey!, sessionToken: hop.SessionToken! };
      const sso = await sts.ssoRoleCredentials(`arn:aws:iam::${BIZ_ACCOUNT}:role/sso-permission-set`);
      for (const signer of [firstHop, sso]) {
        const attempt = () => assume(signer, { RoleArn: SHORT_ROLE, DurationSeconds: 7200 });
        expect(await attempt()).toEqual(chained);
        expect(await withRuleOff('role-chaining', attempt)).toEqual({ ok: true });
      }
      await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateRoleCommand({ RoleName: 'short-deployer', MaxSessionDuration: 3600 }));
    });
  });

  describe("one-time-codes: the caller's own virtual device, its current code, each accepted once", () => {
    test('a wrong code', async () => {
      const good = await user.device.code();
      const wrong = String((Number(good) + 1) % 1e6).padStart(6, '0');
      const attempt = () => assume(keysOf(user), { RoleArn: OPEN_ROLE, SerialNumber: user.mfaSerial, TokenCode: wrong });
      expect(await attempt()).toEqual(invalidCode);
      expect(await withRuleOff('one-time-codes', attempt)).toEqual({ ok: true });
    });

    test('a code STS already accepted, sent again (AssumeRole after GetSessionToken, and GetSessionToken twice)', async () => {
      const code = await user.device.code();
      await sessionOf(user, { SerialNumber: user.mfaSerial, TokenCode: code });
      const attempt = () => assume(keysOf(user), { RoleArn: OPEN_ROLE, SerialNumber: user.mfaSerial, TokenCode: code });
      expect(await attempt()).toEqual(invalidCode);
      expect(await withRuleOff('one-time-codes', attempt)).toEqual({ ok: true });
      await expect(sessionOf(user, { SerialNumber: user.mfaSerial, TokenCode: code })).rejects.toThrow(
        'MultiFactorAuthentication failed with invalid MFA one time pass code.',
      );
      expect(user.device.spentCode()).toBeDefined();
    });

    test('a code that was right a minute and a half ago (three steps of 30 s)', async () => {
      const { stepAt } = await import('../helpers/strictSts/oneTimeCodes');
      const old = user.device.codeAt(stepAt(sts.clock.now()) - 3);
      const attempt = () => assume(keysOf(user), { RoleArn: OPEN_ROLE, SerialNumber: user.mfaSerial, TokenCode: old });
      expect(await attempt()).toEqual(invalidCode);
      expect(await withRuleOff('one-time-codes', attempt)).toEqual({ ok: true });
    });

    test("a device that is not the caller's, or that IAM does not have", async () => {
      const others = await outsider.device.code();
      const attempt = () => assume(keysOf(user), { RoleArn: OPEN_ROLE, SerialNumber: outsider.mfaSerial, TokenCode: others });
      expect(await attempt()).toEqual(unknownDevice);
      expect(await withRuleOff('one-time-codes', attempt)).toEqual({ ok: true });
      expect(
        await assume(keysOf(user), {
          RoleArn: OPEN_ROLE,
          SerialNumber: `arn:aws:iam::${DEV_ACCOUNT}:mfa/no-such-device`,
          TokenCode: '123456',
        }),
      ).toEqual(unknownDevice);
    });
  });

  test('role-exists: a role IAM does not have is refused as not authorised (STS does not tell)', async () => {
    const missing = `arn:aws:iam::${BIZ_ACCOUNT}:role/no-such-role`;
    const attempt = () => assume(keysOf(user), { RoleArn: missing });
    expect(await attempt()).toEqual(notAuthorized(user.arn, missing));
    expect(await withRuleOff('role-exists', attempt)).toEqual({ ok: true });
  });

  test("max-session-duration: 7200 s of a role whose MaxSessionDuration is IAM's default 3600", async () => {
    const attempt = () => assume(keysOf(user), { RoleArn: SHORT_ROLE, DurationSeconds: 7200 });
    expect(await attempt()).toEqual({
      ok: false,
      status: 400,
      code: 'ValidationError',
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
    expect(await withRuleOff('max-session-duration', attempt)).toEqual({ ok: true });
  });

  describe('trust-policy: Principal, sts:ExternalId, aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge', () => {
    test('Principal: a user of an account the role does not trust', async () => {
      const attempt = () => assume(keysOf(outsider), { RoleArn: OPEN_ROLE });
      expect(await attempt()).toEqual(notAuthorized(outsider.arn, OPEN_ROLE));
      expect(await withRuleOff('trust-policy', attempt)).toEqual({ ok: true });
    });

    test('sts:ExternalId (StringEquals): a wrong one, and none', async () => {
      const walker = await sts.walkthrough.newUser('external-id-user');
      const withCode = async (input: Record<string, unknown>) =>
        assume(keysOf(walker), { RoleArn: ROLE_ARN, SerialNumber: walker.mfaSerial, TokenCode: await walker.device.code(), ...input });
      const wrong = () => withCode({ ExternalId: 'a-wrong-external-id' });
      expect(await wrong()).toEqual(notAuthorized(walker.arn, ROLE_ARN));
      expect(await withRuleOff('trust-policy', wrong)).toEqual({ ok: true });
      expect(await withCode({})).toEqual(notAuthorized(walker.arn, ROLE_ARN));
      expect(await withCode({ ExternalId: EXTERNAL_ID })).toEqual({ ok: true });
    });

    test('aws:MultiFactorAuthPresent (Bool): no code from long-term keys, and a session made without MFA', async () => {
      const walker = await sts.walkthrough.newUser('mfa-present-user');
      const noCode = () => assume(keysOf(walker), { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID });
      expect(await noCode()).toEqual(notAuthorized(walker.arn, ROLE_ARN));
      expect(await withRuleOff('trust-policy', noCode)).toEqual({ ok: true });
      const withoutMfa = await sessionOf(walker);
      const fromSession = () => assume(withoutMfa, { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID });
      expect(await fromSession()).toEqual(notAuthorized(walker.arn, ROLE_ARN));
      expect(await withRuleOff('trust-policy', fromSession)).toEqual({ ok: true });
      // A session made with a code satisfies it, without another code.
      const withMfa = await sessionOf(walker, { SerialNumber: walker.mfaSerial, TokenCode: await walker.device.code() });
      expect(await assume(withMfa, { RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID })).toEqual({ ok: true });
    });

    test('sts:SetSourceIdentity: a SourceIdentity the trust policy does not let the caller set', async () => {
      const sdk = await import('@aws-sdk/client-iam');
      await sts.iam(DEV_ACCOUNT).send(
        new sdk.PutUserPolicyCommand({
          UserName: user.name,
          PolicyName: 'set-source-identity',
          PolicyDocument: JSON.stringify({
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Action: 'sts:SetSourceIdentity', Resource: `arn:aws:iam::${BIZ_ACCOUNT}:role/*` }],
          }),
        }),
      );
      const attempt = () => assume(keysOf(user), { RoleArn: OPEN_ROLE, SourceIdentity: 'dev-user' });
      expect(await attempt()).toEqual(notAuthorized(user.arn, OPEN_ROLE));
      expect(await withRuleOff('trust-policy', attempt)).toEqual({ ok: true });
      expect(await assume(keysOf(user), { RoleArn: OPEN_ROLE })).toEqual({ ok: true });
    });

    test("aws:MultiFactorAuthAge (NumericLessThan 3600): an MFA session older than an hour by STS's clock", async () => {
      const session = await sessionOf(user, { SerialNumber: user.mfaSerial, TokenCode: await user.device.code() });
      expect(await assume(session, { RoleArn: AGED_ROLE })).toEqual({ ok: true });
      sts.clock.advance(3600);
      const attempt = () => assume(session, { RoleArn: AGED_ROLE });
      expect(await attempt()).toEqual(notAuthorized(user.arn, AGED_ROLE));
      expect(await withRuleOff('trust-policy', attempt)).toEqual({ ok: true });
      // A code given with AssumeRole itself is as fresh as MFA gets.
      expect(await assume(keysOf(user), { RoleArn: AGED_ROLE, SerialNumber: user.mfaSerial, TokenCode: await user.device.code() })).toEqual(
        { ok: true },
      );
    });
  });

  test("caller-policy: across accounts the caller's own policies must allow sts:AssumeRole on the role too", async () => {
    const attempt = () => assume(keysOf(unauthorised), { RoleArn: OPEN_ROLE });
    expect(await attempt()).toEqual(notAuthorized(unauthorised.arn, OPEN_ROLE));
    expect(await withRuleOff('caller-policy', attempt)).toEqual({ ok: true });
  });

  test('the XML error shape: ErrorResponse with Type, Code, Message and RequestId', async () => {
    const response = await fetch(sts.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(
      /^<ErrorResponse xmlns="https:\/\/sts\.amazonaws\.com\/doc\/2011-06-15\/"><Error><Type>Sender<\/Type><Code>MissingAuthenticationToken<\/Code><Message>Request is missing Authentication Token<\/Message><\/Error><RequestId>[0-9a-f-]{36}<\/RequestId><\/ErrorResponse>$/,
    );
  });
});
