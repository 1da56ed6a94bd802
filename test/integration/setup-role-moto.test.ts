import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { startMoto, type MotoServer } from '../helpers/moto';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { createDevUser, useSts, type DevUser } from '../helpers/sts';
import { BIZ_ACCOUNT, DEV_ACCOUNT } from '../helpers/walkthrough';

const ROLE = 'amplify-deployer';
const ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/${ROLE}`;
const EXTERNAL_ID = 'biz-corp-partner-7Qz';

type Key = { id: string; secret: string };

/**
 * The walkthrough's two halves made by setup-role in moto's IAM, Biz Corp's and Dev Corp's accounts apart, then the
 * role assumed through the strict STS stand-in: the default trust (Dev Corp's account root) with the external id
 * and MFA, Dev Corp's policy for the user (without it STS refuses across accounts), the role's maximum session
 * duration, and a profile that resolves with a code from the user's virtual MFA device.
 */
describe("setup-role applied in moto's IAM, then the role assumed through the strict STS stand-in", () => {
  const sts = useSts({ walkthrough: false, resetRecording: true });
  let sandbox: Sandbox;
  let devUser: DevUser;
  const keys: Record<string, Key> = {};
  const setupArgs = (extra: string[] = []) => [
    'setup-role',
    '--dev-account',
    DEV_ACCOUNT,
    '--role-name',
    ROLE,
    '--external-id',
    EXTERNAL_ID,
    '--dev-user',
    'dev-user',
    '--categories',
    'auth,api',
    '--region',
    'us-east-1',
    ...extra,
  ];

  beforeAll(async () => {
    for (const [name, account] of [
      ['bizadmin', BIZ_ACCOUNT],
      ['devadmin', DEV_ACCOUNT],
    ] as const) {
      const admin = await createDevUser(sts, name, { account });
      keys[name] = { id: admin.accessKeyId, secret: admin.secretAccessKey };
    }
    // Dev Corp's user, with access keys and a virtual MFA device, as the walkthrough has Dev Corp create it.
    devUser = await createDevUser(sts, 'dev-user');
    sandbox = makeSandbox();
    sandbox.write(
      '.aws/credentials',
      ['bizadmin', 'devadmin']
        .map((n) => `[${n}]\naws_access_key_id = ${keys[n].id}\naws_secret_access_key = ${keys[n].secret}\n`)
        .join('\n'),
      0o600,
    );
    sandbox.write('.aws/config', '[default]\nregion = us-east-1\n', 0o600);
    sandbox.env.AWS_ENDPOINT_URL = sts.url;
  });

  afterAll(() => sandbox?.cleanup());

  async function assumeAsDevUser(externalId: string | undefined) {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const client = new STSClient({
      endpoint: sts.url,
      region: 'us-east-1',
      credentials: { accessKeyId: devUser.accessKeyId, secretAccessKey: devUser.secretAccessKey },
      maxAttempts: 1,
    });
    try {
      return await client.send(
        new AssumeRoleCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: 'test',
          ...(externalId ? { ExternalId: externalId } : {}),
          SerialNumber: devUser.mfaSerial,
          TokenCode: await devUser.device.code(),
        }),
      );
    } finally {
      client.destroy();
    }
  }

  test("--apply-biz creates the role with its trust and permissions policies and --max-session-duration, learning Biz Corp's account from the credentials", async () => {
    const out = sandbox.path('role-setup');
    const result = await runCli([...setupArgs(['--max-session-duration', '7200']), '--apply-biz', '--profile', 'bizadmin', '--out', out], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('  Sessions:     at most 7200 s (--max-session-duration)');
    expect(result.stdout).toContain(
      `Biz Corp, account ${BIZ_ACCOUNT} (profile bizadmin):\n  created   role ${ROLE_ARN}\n  created   maximum session duration 7200 s\n  created   inline policy amplify-cli`,
    );
    expect(result.stdout).toContain('--max-session-duration 7200');
    const calls = (await sts.requests()).filter((r) => r.action !== 'GetCallerIdentity');
    expect(calls.map((r) => r.action)).toEqual(['GetRole', 'CreateRole', 'GetRolePolicy', 'PutRolePolicy']);
    expect(new Set(calls.map((r) => r.accessKeyId))).toEqual(new Set([keys.bizadmin.id]));
    // What IAM stored is what --out holds.
    const create = calls.find((r) => r.action === 'CreateRole')!;
    expect(create.params.MaxSessionDuration).toBe('7200');
    expect(JSON.parse(create.params.AssumeRolePolicyDocument)).toEqual(
      JSON.parse(fs.readFileSync(path.join(out, 'biz-trust-policy.json'), 'utf8')),
    );
    expect(JSON.parse(create.params.AssumeRolePolicyDocument).Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${DEV_ACCOUNT}:root` });
    const put = calls.find((r) => r.action === 'PutRolePolicy')!;
    expect(JSON.parse(put.params.PolicyDocument)).toEqual(
      JSON.parse(fs.readFileSync(path.join(out, 'biz-permissions-policy.json'), 'utf8')),
    );
    expect(JSON.parse(fs.readFileSync(path.join(out, 'setup.json'), 'utf8')).maxSessionDuration).toBe(7200);
  });

  test('--apply-biz again changes nothing; another --max-session-duration brings the role in line, once', async () => {
    const again = await runCli([...setupArgs(['--max-session-duration', '7200']), '--apply-biz', '--profile', 'bizadmin'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      `  unchanged role ${ROLE_ARN}\n  unchanged maximum session duration 7200 s\n  unchanged inline policy amplify-cli`,
    );
    const longer = await runCli([...setupArgs(['--max-session-duration', '43200']), '--apply-biz', '--profile', 'bizadmin'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(longer.code).toBe(0);
    expect(longer.stdout).toContain(
      `  unchanged role ${ROLE_ARN}\n  updated   maximum session duration 43200 s\n  unchanged inline policy amplify-cli`,
    );
    expect((await sts.requests()).map((r) => r.action).filter((a) => ['CreateRole', 'PutRolePolicy', 'UpdateRole'].includes(a))).toEqual([
      'UpdateRole',
    ]);
    const { GetRoleCommand } = await import('@aws-sdk/client-iam');
    expect((await sts.iam(BIZ_ACCOUNT).send(new GetRoleCommand({ RoleName: ROLE }))).Role!.MaxSessionDuration).toBe(43200);
  });

  test("before Dev Corp's half, STS refuses the user even with the right external id and code (its own policies must allow it too)", async () => {
    await expect(assumeAsDevUser(EXTERNAL_ID)).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${devUser.arn} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    });
  });

  test('--apply-dev checks the account, creates the policy, attaches it; --write-config adds the role profile, and warns when it asks for more than the role allows', async () => {
    const wrongAccount = await runCli(
      [
        ...setupArgs().map((a) => (a === DEV_ACCOUNT ? '999999999999' : a)),
        '--biz-account',
        BIZ_ACCOUNT,
        '--apply-dev',
        '--profile',
        'devadmin',
      ],
      { env: sandbox.env, cwd: sandbox.home },
    );
    expect(wrongAccount.code).toBe(2);
    expect(wrongAccount.stderr.split('\n')[0]).toBe(
      `Error: The credentials of profile "devadmin" belong to account ${DEV_ACCOUNT}, not --dev-account 999999999999.`,
    );

    await sts.resetRecording();
    const result = await runCli(
      [
        ...setupArgs(['--duration-seconds', '7200']),
        '--biz-account',
        BIZ_ACCOUNT,
        '--apply-dev',
        '--profile',
        'devadmin',
        '--write-config',
      ],
      { env: sandbox.env, cwd: sandbox.home },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const policyArn = `arn:aws:iam::${DEV_ACCOUNT}:policy/${ROLE}-assume`;
    expect(result.stdout).toContain(
      `  created   policy ${policyArn}\n  attached  policy attached to arn:aws:iam::${DEV_ACCOUNT}:user/dev-user`,
    );
    // Dev Corp's run does not know the role's maximum: without --max-session-duration it can only warn.
    expect(result.stdout).toContain(
      'Warning: Profile "bizcorprole" asks for duration_seconds = 7200, more than IAM\'s default maximum of 3600 s, which role amplify-deployer has unless its maximum was raised, so STS will refuse it: give --max-session-duration 7200 with --apply-biz, or a lower --duration-seconds.',
    );
    const calls = (await sts.requests()).filter((r) => r.action !== 'GetCallerIdentity');
    expect(calls.map((r) => r.action)).toEqual(['GetUser', 'GetPolicy', 'CreatePolicy', 'AttachUserPolicy']);
    expect(calls.find((r) => r.action === 'AttachUserPolicy')!.params).toMatchObject({ UserName: 'dev-user', PolicyArn: policyArn });
    expect(sandbox.read('.aws/config')).toBe(
      [
        '[default]',
        'region = us-east-1',
        '',
        '[profile bizcorprole]',
        '# managed by amplify-aws-roles setup-role',
        `role_arn = ${ROLE_ARN}`,
        'source_profile = devcorpuser',
        `mfa_serial = arn:aws:iam::${DEV_ACCOUNT}:mfa/dev-user`,
        `external_id = ${EXTERNAL_ID}`,
        'duration_seconds = 7200',
        'region = us-east-1',
        '',
      ].join('\n'),
    );
  });

  test('STS lets the dev user assume the new role with the right external id and a code, and refuses a wrong external id', async () => {
    const assumed = await assumeAsDevUser(EXTERNAL_ID);
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${BIZ_ACCOUNT}:assumed-role/${ROLE}/test`);
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    await expect(assumeAsDevUser('a-wrong-external-id')).rejects.toMatchObject({
      name: 'AccessDenied',
      message: `User: ${devUser.arn} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`,
    });
  }, 60000);

  test("the written profile resolves end to end once the user's keys are in place: 7200 s, as the role now allows", async () => {
    fs.appendFileSync(
      sandbox.path('.aws/credentials'),
      `\n[devcorpuser]\naws_access_key_id = ${devUser.accessKeyId}\naws_secret_access_key = ${devUser.secretAccessKey}\n`,
    );
    const given = await devUser.device.code();
    const result = await runCli(['whoami', '--profile', 'bizcorprole', '--mfa-code', given, '--json'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({
      profile: 'bizcorprole',
      account: BIZ_ACCOUNT,
      arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${BIZ_ACCOUNT}:assumed-role/${ROLE}/`)),
      source: 'sts',
    });
    const assume = (await sts.requests()).filter((r) => r.action === 'AssumeRole').pop()!;
    expect(assume.params).toMatchObject({
      RoleArn: ROLE_ARN,
      ExternalId: EXTERNAL_ID,
      SerialNumber: `arn:aws:iam::${DEV_ACCOUNT}:mfa/dev-user`,
      TokenCode: given,
      DurationSeconds: '7200',
    });
    expect(assume.accessKeyId).toBe(devUser.accessKeyId);
    expect(assume.status).toBe(200);
  }, 60000);
});

/**
 * IAM's own permission checks on the administrators' calls: these talk to moto directly, in its checking mode
 * (INITIAL_NO_AUTH_ACTION_COUNT), because the strict stand-in is STS only and passes IAM calls on unchecked. moto
 * keeps every key in one account here; the STS half of the walkthrough is above.
 */
describe("the IAM actions setup-role --help lists are exactly what each --apply step needs (moto's checking mode)", () => {
  let moto: MotoServer;
  let sandbox: Sandbox;
  const keys: Record<string, Key> = {};
  const ACCOUNT = '123456789012';
  const setupArgs = () => [
    'setup-role',
    '--dev-account',
    ACCOUNT,
    '--role-name',
    ROLE,
    '--external-id',
    EXTERNAL_ID,
    '--dev-user',
    'dev-user',
    '--categories',
    'auth,api',
    '--region',
    'us-east-1',
  ];

  beforeAll(async () => {
    moto = await startMoto();
    const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({
      endpoint: moto.url,
      region: 'us-east-1',
      credentials: { accessKeyId: 'AKIASETUP', secretAccessKey: 'setup' },
    });
    const user = async (name: string, actions?: string[]) => {
      await iam.send(new CreateUserCommand({ UserName: name }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      keys[name] = { id: key.AccessKeyId!, secret: key.SecretAccessKey! };
      if (actions) {
        await iam.send(
          new PutUserPolicyCommand({
            UserName: name,
            PolicyName: 'admin',
            PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }),
          }),
        );
      }
    };
    // Exactly the IAM actions `setup-role --help` says each --apply step needs, and no more.
    await user('bizadmin', ['iam:GetRole', 'iam:CreateRole', 'iam:GetRolePolicy', 'iam:PutRolePolicy']);
    await user('devadmin', ['iam:GetUser', 'iam:GetPolicy', 'iam:GetPolicyVersion', 'iam:CreatePolicy', 'iam:AttachUserPolicy']);
    await user('limited', ['iam:GetRole']);
    await user('dev-user');
    iam.destroy();
    // From here on moto checks every call (POST /moto-api/reset-auth sets INITIAL_NO_AUTH_ACTION_COUNT and restarts the count).
    await (await fetch(`${moto.url}/moto-api/reset-auth`, { method: 'POST', body: '0' })).text();
    sandbox = makeSandbox();
    sandbox.write(
      '.aws/credentials',
      ['bizadmin', 'devadmin', 'limited']
        .map((n) => `[${n}]\naws_access_key_id = ${keys[n].id}\naws_secret_access_key = ${keys[n].secret}\n`)
        .join('\n'),
      0o600,
    );
    sandbox.write('.aws/config', '[default]\nregion = us-east-1\n', 0o600);
    sandbox.env.AWS_ENDPOINT_URL = moto.url;
  }, 90000);

  afterAll(async () => {
    sandbox?.cleanup();
    await moto?.stop();
  });

  test('an administrator without iam:CreateRole is refused with a sentence naming the profile and the action; nothing is created', async () => {
    const result = await runCli([...setupArgs(), '--apply-biz', '--profile', 'limited'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      `Error: IAM denied profile "limited" to create role ${ROLE}: User: arn:aws:iam::${ACCOUNT}:user/limited is not authorized to perform: iam:CreateRole.`,
    );
    expect(result.stderr).not.toContain(keys.limited.secret);
    const roles = (await moto.requests()).filter((r) => r.action === 'CreateRole');
    expect(roles.map((r) => r.accessKeyId)).toEqual([keys.limited.id]);
  });

  test('the listed actions suffice: --apply-biz, then --apply-dev', async () => {
    const biz = await runCli([...setupArgs(), '--apply-biz', '--profile', 'bizadmin'], { env: sandbox.env, cwd: sandbox.home });
    expect({ code: biz.code, stderr: biz.stderr }).toEqual({ code: 0, stderr: '' });
    const dev = await runCli([...setupArgs(), '--biz-account', ACCOUNT, '--apply-dev', '--profile', 'devadmin'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect({ code: dev.code, stderr: dev.stderr }).toEqual({ code: 0, stderr: '' });
    expect(dev.stdout).toContain(`attached  policy attached to arn:aws:iam::${ACCOUNT}:user/dev-user`);
  });
});
