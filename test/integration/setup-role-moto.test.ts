import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { startMoto, type MotoServer } from '../helpers/moto';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

/**
 * Both halves of the walkthrough against moto's IAM and STS, in its checking mode: after the set-up calls every
 * request must be signed with a known key, the caller's IAM policies must allow the action, and AssumeRole must
 * satisfy the role's trust policy (principal and sts:ExternalId). moto keeps every key in one account, so Biz Corp
 * and Dev Corp are both 123456789012 here, and its trust check only matches principals by exact ARN (an account
 * root does not cover the account's users), hence --trust user.
 */
const ACCOUNT = '123456789012';
const ROLE = 'amplify-deployer';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${ROLE}`;
const EXTERNAL_ID = 'biz-corp-partner-7Qz';

type Key = { id: string; secret: string };

describe('setup-role applied against moto, then the role assumed', () => {
  let moto: MotoServer;
  let sandbox: Sandbox;
  const keys: Record<string, Key> = {};
  const setupArgs = () => [
    'setup-role',
    '--dev-account', ACCOUNT,
    '--role-name', ROLE,
    '--external-id', EXTERNAL_ID,
    '--dev-user', 'dev-user',
    '--trust', 'user',
    '--categories', 'auth,api',
    '--region', 'us-east-1',
  ];

  beforeAll(async () => {
    moto = await startMoto();
    const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
    const iam = new IAMClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIASETUP', secretAccessKey: 'setup' } });
    const user = async (name: string, actions?: string[]) => {
      await iam.send(new CreateUserCommand({ UserName: name }));
      const key = (await iam.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
      keys[name] = { id: key.AccessKeyId!, secret: key.SecretAccessKey! };
      if (actions) {
        await iam.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'admin', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] }) }));
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
    sandbox.write('.aws/credentials', ['bizadmin', 'devadmin', 'limited'].map((n) => `[${n}]\naws_access_key_id = ${keys[n].id}\naws_secret_access_key = ${keys[n].secret}\n`).join('\n'), 0o600);
    sandbox.write('.aws/config', '[default]\nregion = us-east-1\n', 0o600);
    sandbox.env.AWS_ENDPOINT_URL = moto.url;
  }, 90000);

  afterAll(async () => {
    sandbox?.cleanup();
    await moto?.stop();
  });

  async function assumeAsDevUser(externalId: string | undefined) {
    const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
    const sts = new STSClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: keys['dev-user'].id, secretAccessKey: keys['dev-user'].secret }, maxAttempts: 1 });
    try {
      return await sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'test', ...(externalId ? { ExternalId: externalId } : {}), SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/dev-user`, TokenCode: '123456' }));
    } finally {
      sts.destroy();
    }
  }

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

  test('--apply-biz creates the role with its trust and permissions policies, learning Biz Corp\'s account from the credentials', async () => {
    await moto.resetRecording();
    const out = sandbox.path('role-setup');
    const result = await runCli([...setupArgs(), '--apply-biz', '--profile', 'bizadmin', '--out', out], { env: sandbox.env, cwd: sandbox.home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Biz Corp, account ${ACCOUNT} (profile bizadmin):\n  created   role ${ROLE_ARN}\n  created   inline policy amplify-cli`);
    const calls = (await moto.requests()).filter((r) => r.action !== 'GetCallerIdentity');
    expect(calls.map((r) => r.action)).toEqual(['GetRole', 'CreateRole', 'GetRolePolicy', 'PutRolePolicy']);
    expect(new Set(calls.map((r) => r.accessKeyId))).toEqual(new Set([keys.bizadmin.id]));
    // What IAM stored is what --out holds.
    const create = calls.find((r) => r.action === 'CreateRole')!;
    expect(JSON.parse(create.params.AssumeRolePolicyDocument)).toEqual(JSON.parse(fs.readFileSync(path.join(out, 'biz-trust-policy.json'), 'utf8')));
    const put = calls.find((r) => r.action === 'PutRolePolicy')!;
    expect(JSON.parse(put.params.PolicyDocument)).toEqual(JSON.parse(fs.readFileSync(path.join(out, 'biz-permissions-policy.json'), 'utf8')));
  });

  test('--apply-biz again changes nothing', async () => {
    await moto.resetRecording();
    const result = await runCli([...setupArgs(), '--apply-biz', '--profile', 'bizadmin'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`  unchanged role ${ROLE_ARN}\n  unchanged inline policy amplify-cli`);
    expect((await moto.requests()).map((r) => r.action).filter((a) => a === 'CreateRole' || a === 'PutRolePolicy')).toEqual([]);
  });

  test('before Dev Corp\'s half, the user may not assume the role even with the right external id', async () => {
    await expect(assumeAsDevUser(EXTERNAL_ID)).rejects.toMatchObject({ name: 'AccessDenied' });
  });

  test('--apply-dev checks the account, creates the policy, attaches it; --write-config adds the role profile', async () => {
    const wrongAccount = await runCli([...setupArgs().map((a) => (a === ACCOUNT ? '999999999999' : a)), '--biz-account', ACCOUNT, '--apply-dev', '--profile', 'devadmin'], { env: sandbox.env, cwd: sandbox.home });
    expect(wrongAccount.code).toBe(2);
    expect(wrongAccount.stderr.split('\n')[0]).toBe(`Error: The credentials of profile "devadmin" belong to account ${ACCOUNT}, not --dev-account 999999999999.`);

    await moto.resetRecording();
    const result = await runCli([...setupArgs(), '--biz-account', ACCOUNT, '--apply-dev', '--profile', 'devadmin', '--write-config'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const policyArn = `arn:aws:iam::${ACCOUNT}:policy/${ROLE}-assume`;
    expect(result.stdout).toContain(`  created   policy ${policyArn}\n  attached  policy attached to arn:aws:iam::${ACCOUNT}:user/dev-user`);
    const calls = (await moto.requests()).filter((r) => r.action !== 'GetCallerIdentity');
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
        `mfa_serial = arn:aws:iam::${ACCOUNT}:mfa/dev-user`,
        `external_id = ${EXTERNAL_ID}`,
        'region = us-east-1',
        '',
      ].join('\n'),
    );
  });

  test('STS lets the dev user assume the new role with the right external id and refuses a wrong one', async () => {
    const assumed = await assumeAsDevUser(EXTERNAL_ID);
    expect(assumed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/test`);
    expect(assumed.Credentials?.AccessKeyId).toMatch(/^ASIA/);
    await expect(assumeAsDevUser('a-wrong-external-id')).rejects.toMatchObject({ name: 'AccessDenied', message: `User: arn:aws:iam::${ACCOUNT}:user/dev-user is not authorized to perform: sts:AssumeRole` });
  });

  test('the written profile resolves end to end once the user\'s keys are in place', async () => {
    fs.appendFileSync(sandbox.path('.aws/credentials'), `\n[devcorpuser]\naws_access_key_id = ${keys['dev-user'].id}\naws_secret_access_key = ${keys['dev-user'].secret}\n`);
    const result = await runCli(['whoami', '--profile', 'bizcorprole', '--mfa-code', '123456', '--json'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toMatchObject({ profile: 'bizcorprole', account: ACCOUNT, arn: expect.stringMatching(new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/${ROLE}/`)), source: 'sts' });
    const assume = (await moto.requests()).filter((r) => r.action === 'AssumeRole').pop()!;
    expect(assume.params).toMatchObject({ RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, SerialNumber: `arn:aws:iam::${ACCOUNT}:mfa/dev-user`, TokenCode: '123456' });
    expect(assume.accessKeyId).toBe(keys['dev-user'].id);
  });
});
