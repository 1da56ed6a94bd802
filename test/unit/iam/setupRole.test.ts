import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadAwsConfig } from '../../../src/config';
import { applyBizSide, applyDevSide, samePolicy } from '../../../src/iam/applyRoleSetup';
import { generateExternalId } from '../../../src/iam/externalId';
import { decodePolicyDocument, type IamApi } from '../../../src/iam/iamApi';
import { RULES } from '../../../src/iam/identifierRules';
import { amplifyPermissionsPolicy } from '../../../src/iam/permissionsPolicy';
import { policyJson } from '../../../src/iam/policyDocument';
import { planRoleSetup } from '../../../src/iam/roleSetupPlan';
import { gatherSetupInputs, type RoleSetupInputs, type SetupPrompter } from '../../../src/iam/setupInputs';
import { validatePolicyDocument } from '../../../src/iam/validatePolicyDocument';
import { runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { rejectionOf as rejection } from '../../helpers/toolError';

const DEV = '210987654321';
const BIZ = '123456789012';

function inputs(overrides: Partial<RoleSetupInputs> = {}): RoleSetupInputs & { bizAccount: string } {
  return {
    devAccount: DEV,
    bizAccount: BIZ,
    roleName: 'amplify-deployer',
    externalId: 'ext-id-1',
    externalIdGenerated: false,
    mfa: true,
    categories: { categories: ['auth'], source: 'flag', unknown: [] },
    bizProfile: 'bizcorprole',
    devProfile: 'devcorpuser',
    region: 'us-east-1',
    devUser: 'dev-user',
    trustPrincipal: 'account',
    devPolicyName: 'amplify-deployer-assume',
    ...overrides,
  };
}

describe('external ids', () => {
  test('auto: 256 random bits in base64url, inside the charset STS accepts', () => {
    const ids = Array.from({ length: 50 }, () => generateExternalId());
    expect(new Set(ids).size).toBe(50);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(RULES.externalId.test(id)).toBe(true);
    }
    expect(generateExternalId((n) => Buffer.alloc(n, 0xff))).toBe('_'.repeat(42) + '8');
  });

  test('auto never starts with "-" (a command line would take it for an option): such a draw is drawn again', () => {
    const draws = [Buffer.alloc(32, 0xf8), Buffer.alloc(32, 0x41)]; // base64url "-..." first, then "QUFB..."
    const id = generateExternalId(() => draws.shift()!);
    expect(id.startsWith('QUFB')).toBe(true);
    expect(draws).toEqual([]);
  });
});

describe('planRoleSetup', () => {
  test('trust policy: Dev Corp account root, external id and MFA conditions', () => {
    const plan = planRoleSetup(inputs());
    expect(plan.roleArn).toBe(`arn:aws:iam::${BIZ}:role/amplify-deployer`);
    expect(plan.trustPolicy.Statement).toEqual([
      {
        Sid: 'DevCorpAssumesRole',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${DEV}:root` },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'ext-id-1' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ]);
    expect(plan.devPolicy.Statement).toEqual([
      { Sid: 'AssumeBizCorpAmplifyRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: plan.roleArn },
    ]);
    expect(plan.devPolicyArn).toBe(`arn:aws:iam::${DEV}:policy/amplify-deployer-assume`);
    expect(plan.permissionsPolicy).toEqual(amplifyPermissionsPolicy(['auth']));
    for (const [document, kind] of [
      [plan.trustPolicy, 'trust'],
      [plan.devPolicy, 'identity'],
      [plan.permissionsPolicy, 'identity'],
    ] as const) {
      expect(validatePolicyDocument(document, { kind }).problems).toEqual([]);
    }
  });

  test('without MFA or external id there are no conditions; --trust user names the user', () => {
    const plan = planRoleSetup(inputs({ mfa: false, externalId: undefined, trustPrincipal: 'user' }));
    expect(plan.trustPolicy.Statement[0]).toEqual({
      Sid: 'DevCorpAssumesRole',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${DEV}:user/dev-user` },
      Action: 'sts:AssumeRole',
    });
    expect(plan.roleProfile.keys).toEqual({ role_arn: plan.roleArn, source_profile: 'devcorpuser', region: 'us-east-1' });
  });

  test("the role profile: the walkthrough's keys; the MFA device defaults to the user's virtual device", () => {
    const plan = planRoleSetup(inputs());
    expect(plan.roleProfile).toEqual({
      name: 'bizcorprole',
      keys: {
        role_arn: plan.roleArn,
        source_profile: 'devcorpuser',
        mfa_serial: `arn:aws:iam::${DEV}:mfa/dev-user`,
        external_id: 'ext-id-1',
        region: 'us-east-1',
      },
    });
    expect(plan.configSnippet).toBe(
      `[profile bizcorprole]\nrole_arn = ${plan.roleArn}\nsource_profile = devcorpuser\nmfa_serial = arn:aws:iam::${DEV}:mfa/dev-user\nexternal_id = ext-id-1\nregion = us-east-1\n\n[profile devcorpuser]\nregion = us-east-1\n`,
    );
    expect(plan.credentialsSnippet).toBe(
      '[devcorpuser]\naws_access_key_id = <access key id of Dev Corp user dev-user>\naws_secret_access_key = <its secret access key>\n',
    );
    const unknownDevice = planRoleSetup(inputs({ devUser: undefined }));
    expect(unknownDevice.mfaSerialKnown).toBe(false);
    expect(unknownDevice.roleProfile.keys.mfa_serial).toMatch(/^<.*MFA device>$/);
  });

  test('China and GovCloud regions get their partition in every ARN', () => {
    const plan = planRoleSetup(inputs({ region: 'cn-north-1' }));
    expect(plan.roleArn).toBe(`arn:aws-cn:iam::${BIZ}:role/amplify-deployer`);
    expect(plan.trustPolicy.Statement[0].Principal).toEqual({ AWS: `arn:aws-cn:iam::${DEV}:root` });
    expect(planRoleSetup(inputs({ region: 'us-gov-west-1' })).devPolicyArn).toMatch(/^arn:aws-us-gov:iam::/);
    expect(() => planRoleSetup(inputs({ region: 'cn-north-1', mfaSerial: `arn:aws:iam::${DEV}:mfa/x` }))).toThrow(
      /another partition than region cn-north-1/,
    );
  });

  test('an MFA device of another account is refused, naming the flag', () => {
    expect(() => planRoleSetup(inputs({ mfaSerial: 'arn:aws:iam::111111111111:mfa/x' }))).toThrow(
      `--mfa-serial names account 111111111111, but the MFA device belongs to the Dev Corp user in account ${DEV} (--dev-account).`,
    );
  });
});

describe('prompts (only when a person is at a terminal)', () => {
  function scriptedPrompter(
    answers: Record<string, string[]>,
    confirms: boolean[] = [],
  ): SetupPrompter & { asked: string[]; rejected: string[] } {
    const asked: string[] = [];
    const rejected: string[] = [];
    return {
      asked,
      rejected,
      async text(question) {
        const key = Object.keys(answers).find((k) => question.message.includes(k));
        if (!key) throw new Error(`unexpected question ${question.message}`);
        asked.push(key);
        for (const answer of answers[key]) {
          // As enquirer does: an empty answer submits the suggested value.
          const submitted = answer === '' && question.initial !== undefined ? question.initial : answer;
          const verdict = question.validate(submitted);
          if (verdict === true) return submitted;
          rejected.push(verdict);
        }
        throw new Error(`no valid answer for ${key}`);
      },
      async confirm() {
        asked.push('confirm');
        return confirms.shift() ?? true;
      },
    };
  }

  test('asks only for what the flags left out, re-asks until an answer fits, and checks flags without asking', async () => {
    const sandbox = makeSandbox();
    const prompter = scriptedPrompter(
      {
        "Dev Corp's 12-digit": ['2109', DEV],
        "Biz Corp's 12-digit": [BIZ],
        'External id': ['x', ''],
        Region: ['us-west-2'],
        categories: ['auth,nope', 'auth,api'],
      },
      [false],
    );
    const result = await gatherSetupInputs(
      { 'role-name': 'deployer' },
      { env: sandbox.env, cwd: sandbox.home, prompter, bizAccountOptional: false },
    );
    expect(prompter.asked).toEqual(["Dev Corp's 12-digit", "Biz Corp's 12-digit", 'External id', 'confirm', 'Region', 'categories']);
    expect(prompter.rejected).toEqual([
      'Must be a 12-digit AWS account id.',
      `Must be ${RULES.externalId.expected}, or "none".`,
      expect.stringMatching(/unknown category "nope"/),
    ]);
    expect(result).toMatchObject({ devAccount: DEV, bizAccount: BIZ, roleName: 'deployer', mfa: false, region: 'us-west-2' });
    // An empty answer takes the suggested "auto".
    expect(result.externalIdGenerated).toBe(true);
    expect(result.externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(result.categories).toEqual({ categories: ['auth', 'api'], source: 'prompt', unknown: [] });
    const none = scriptedPrompter({ "Dev Corp's": [DEV], 'External id': ['none'], Region: [''], categories: [''] });
    const withoutId = await gatherSetupInputs(
      { 'role-name': 'deployer', 'biz-account': BIZ, 'dev-user': 'u' },
      { env: sandbox.env, cwd: sandbox.home, prompter: none, bizAccountOptional: false },
    );
    expect(withoutId).toMatchObject({
      externalId: undefined,
      externalIdGenerated: false,
      mfa: true,
      mfaSerial: undefined,
      region: 'us-east-1',
    });
    expect(none.asked).toEqual(["Dev Corp's", 'External id', 'confirm', 'Region', 'categories']);
    await expect(
      gatherSetupInputs({ 'role-name': 'bad name' }, { env: sandbox.env, cwd: sandbox.home, prompter, bizAccountOptional: false }),
    ).rejects.toThrow('--role-name must be');
    sandbox.cleanup();
  });

  test('without a terminal, a missing required value is a sentence naming the flag', async () => {
    const sandbox = makeSandbox();
    const error = await rejection(
      gatherSetupInputs({ 'role-name': 'r' }, { env: sandbox.env, cwd: sandbox.home, bizAccountOptional: false }),
    );
    expect(error.message).toBe("--dev-account is required: the 12-digit id of Dev Corp's account, whose users will assume the role.");
    expect(error.exitCode).toBe(2);
    sandbox.cleanup();
  });
});

/** An in-memory IAM with just the calls setup-role makes. */
function fakeIam(account: string): IamApi & {
  roles: Map<string, { trust: string; inline: Map<string, string>; maxSessionDuration: number }>;
  users: Set<string>;
  policies: Map<string, string>;
  attached: Array<[string, string]>;
  calls: string[];
} {
  const roles = new Map<string, { trust: string; inline: Map<string, string>; maxSessionDuration: number }>();
  const policies = new Map<string, string>();
  const calls: string[] = [];
  const attached: Array<[string, string]> = [];
  const users = new Set<string>();
  return {
    roles,
    users,
    policies,
    attached,
    calls,
    async getRole(name) {
      calls.push('GetRole');
      const role = roles.get(name);
      return role
        ? { arn: `arn:aws:iam::${account}:role/${name}`, trustPolicy: role.trust, maxSessionDuration: role.maxSessionDuration }
        : undefined;
    },
    async createRole(input) {
      calls.push('CreateRole');
      roles.set(input.roleName, { trust: input.trustPolicy, inline: new Map(), maxSessionDuration: input.maxSessionDuration ?? 3600 });
      return { arn: `arn:aws:iam::${account}:role/${input.roleName}` };
    },
    async updateRoleMaxSessionDuration(role, seconds) {
      calls.push('UpdateRole');
      roles.get(role)!.maxSessionDuration = seconds;
    },
    async getRolePolicy(role, name) {
      calls.push('GetRolePolicy');
      return roles.get(role)?.inline.get(name);
    },
    async putRolePolicy(role, name, document) {
      calls.push('PutRolePolicy');
      roles.get(role)!.inline.set(name, document);
    },
    async getUser(name) {
      calls.push('GetUser');
      return users.has(name) ? { arn: `arn:aws:iam::${account}:user/${name}` } : undefined;
    },
    async getPolicyDocument(arn) {
      calls.push('GetPolicy');
      return policies.get(arn);
    },
    async createPolicy(input) {
      calls.push('CreatePolicy');
      const arn = `arn:aws:iam::${account}:policy/${input.policyName}`;
      policies.set(arn, input.document);
      return { arn };
    },
    async attachUserPolicy(user, arn) {
      calls.push('AttachUserPolicy');
      attached.push([user, arn]);
    },
  };
}

describe('applying the plan', () => {
  test('Biz Corp: creates the role and its inline policy once; a second run changes nothing', async () => {
    const plan = planRoleSetup(inputs());
    const iam = fakeIam(BIZ);
    expect(await applyBizSide(plan, iam)).toEqual([
      { what: `role ${plan.roleArn}`, outcome: 'created' },
      { what: 'inline policy amplify-cli', outcome: 'created' },
    ]);
    expect(JSON.parse(iam.roles.get('amplify-deployer')!.trust)).toEqual(plan.trustPolicy);
    expect(JSON.parse(iam.roles.get('amplify-deployer')!.inline.get('amplify-cli')!)).toEqual(plan.permissionsPolicy);
    iam.calls.length = 0;
    expect((await applyBizSide(plan, iam)).map((s) => s.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(iam.calls).toEqual(['GetRole', 'GetRolePolicy']);
    const wider = planRoleSetup(inputs({ categories: { categories: ['auth', 'api'], source: 'flag', unknown: [] } }));
    expect((await applyBizSide(wider, iam)).map((s) => s.outcome)).toEqual(['unchanged', 'updated']);
  });

  test('Biz Corp: --max-session-duration creates the role with that maximum, brings an existing role in line once, then changes nothing', async () => {
    const iam = fakeIam(BIZ);
    const plan = planRoleSetup(inputs({ maxSessionDuration: 7200 }));
    expect(await applyBizSide(plan, iam)).toEqual([
      { what: `role ${plan.roleArn}`, outcome: 'created' },
      { what: 'maximum session duration 7200 s', outcome: 'created' },
      { what: 'inline policy amplify-cli', outcome: 'created' },
    ]);
    expect(iam.roles.get('amplify-deployer')!.maxSessionDuration).toBe(7200);
    iam.calls.length = 0;
    expect((await applyBizSide(plan, iam)).map((s) => s.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(iam.calls).toEqual(['GetRole', 'GetRolePolicy']);
    const longer = planRoleSetup(inputs({ maxSessionDuration: 43200 }));
    expect((await applyBizSide(longer, iam)).map((s) => `${s.outcome} ${s.what}`)).toEqual([
      `unchanged role ${plan.roleArn}`,
      'updated maximum session duration 43200 s',
      'unchanged inline policy amplify-cli',
    ]);
    expect(iam.roles.get('amplify-deployer')!.maxSessionDuration).toBe(43200);
    // Without the flag an existing role's maximum is left as it is.
    iam.calls.length = 0;
    expect((await applyBizSide(planRoleSetup(inputs()), iam)).map((s) => s.outcome)).toEqual(['unchanged', 'unchanged']);
    expect(iam.calls).not.toContain('UpdateRole');
  });

  test('the role profile carries --duration-seconds as duration_seconds', () => {
    expect(planRoleSetup(inputs({ durationSeconds: 7200 })).roleProfile.keys.duration_seconds).toBe('7200');
    expect(planRoleSetup(inputs()).roleProfile.keys.duration_seconds).toBeUndefined();
  });

  test('Biz Corp: a role of that name with another trust policy is left alone', async () => {
    const iam = fakeIam(BIZ);
    await applyBizSide(planRoleSetup(inputs()), iam);
    const error = await rejection(applyBizSide(planRoleSetup(inputs({ externalId: 'another-id' })), iam));
    expect(error.message).toBe(
      `Role amplify-deployer already exists in account ${BIZ} with a different trust policy; refusing to change who may assume it.`,
    );
    expect(iam.calls.filter((c) => c === 'PutRolePolicy')).toHaveLength(1);
  });

  test('Biz Corp: credentials of another account are noticed from the ARN IAM returns', async () => {
    const error = await rejection(applyBizSide(planRoleSetup(inputs()), fakeIam('999999999999')));
    expect(error.code).toBe('UnexpectedRoleArn');
  });

  test('Dev Corp: creates the policy and attaches it; reuses an identical one; refuses a different one or a missing user', async () => {
    const plan = planRoleSetup(inputs());
    const iam = fakeIam(DEV);
    expect((await rejection(applyDevSide(plan, iam, 'dev-user'))).message).toBe(
      `User dev-user (--dev-user) does not exist in Dev Corp's account ${DEV}.`,
    );
    iam.users.add('dev-user');
    expect(await applyDevSide(plan, iam, 'dev-user')).toEqual([
      { what: `policy ${plan.devPolicyArn}`, outcome: 'created' },
      { what: `policy attached to arn:aws:iam::${DEV}:user/dev-user`, outcome: 'attached' },
    ]);
    expect((await applyDevSide(plan, iam, 'dev-user'))[0].outcome).toBe('unchanged');
    expect(iam.attached).toEqual([
      ['dev-user', plan.devPolicyArn],
      ['dev-user', plan.devPolicyArn],
    ]);
    const otherRole = planRoleSetup(inputs({ bizAccount: '333333333333' }));
    expect((await rejection(applyDevSide(otherRole, iam, 'dev-user'))).code).toBe('PolicyExists');
  });

  test("IAM's URL-encoded documents are decoded; JSON text is left alone", () => {
    const text = policyJson(planRoleSetup(inputs()).trustPolicy);
    expect(decodePolicyDocument(encodeURIComponent(text))).toBe(text);
    expect(decodePolicyDocument(text)).toBe(text);
  });

  test('samePolicy ignores key order, whitespace and one-element lists', () => {
    const plan = planRoleSetup(inputs());
    const reordered = JSON.stringify({
      Statement: [{ ...plan.devPolicy.Statement[0], Action: ['sts:AssumeRole'] }],
      Version: '2012-10-17',
    });
    expect(samePolicy(reordered, plan.devPolicy)).toBe(true);
    expect(samePolicy(policyJson(plan.trustPolicy), plan.devPolicy)).toBe(false);
    expect(samePolicy('not json', plan.devPolicy)).toBe(false);
  });
});

describe('amplify-aws-roles setup-role', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = makeSandbox();
  });
  afterEach(() => sandbox.cleanup());

  const BASE = ['setup-role', '--dev-account', DEV, '--biz-account', BIZ, '--role-name', 'amplify-deployer', '--dev-user', 'dev-user'];

  test('--out writes the three policies, the snippets and the plan, and the screen summarises them', async () => {
    const out = sandbox.path('role-setup');
    const result = await runCli([...BASE, '--external-id', 'auto', '--categories', 'auth,storage', '--out', out], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(fs.readdirSync(out).sort()).toEqual([
      'biz-permissions-policy.json',
      'biz-trust-policy.json',
      'config',
      'credentials',
      'dev-assume-role-policy.json',
      'setup.json',
    ]);
    const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
    const trust = JSON.parse(read('biz-trust-policy.json'));
    const externalId = trust.Statement[0].Condition.StringEquals['sts:ExternalId'];
    expect(externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(trust.Statement[0].Principal).toEqual({ AWS: `arn:aws:iam::${DEV}:root` });
    expect(trust.Statement[0].Condition.Bool).toEqual({ 'aws:MultiFactorAuthPresent': 'true' });
    expect(validatePolicyDocument(trust, { kind: 'trust' }).problems).toEqual([]);
    expect(JSON.parse(read('biz-permissions-policy.json'))).toEqual(amplifyPermissionsPolicy(['auth', 'storage']));
    expect(JSON.parse(read('dev-assume-role-policy.json')).Statement[0].Resource).toBe(`arn:aws:iam::${BIZ}:role/amplify-deployer`);
    // The config snippet is a real config file: it parses to the walkthrough's profiles.
    fs.copyFileSync(path.join(out, 'config'), sandbox.path('snippet-config'));
    const parsed = loadAwsConfig({ env: { ...sandbox.env, AWS_CONFIG_FILE: sandbox.path('snippet-config') } }).profiles;
    expect(parsed.bizcorprole).toEqual({
      role_arn: `arn:aws:iam::${BIZ}:role/amplify-deployer`,
      source_profile: 'devcorpuser',
      mfa_serial: `arn:aws:iam::${DEV}:mfa/dev-user`,
      external_id: externalId,
      region: 'us-east-1',
    });
    expect(read('credentials')).not.toMatch(/AKIA|ASIA/);
    expect(JSON.parse(read('setup.json'))).toMatchObject({
      roleArn: `arn:aws:iam::${BIZ}:role/amplify-deployer`,
      externalIdGenerated: true,
      categories: ['auth', 'storage'],
    });
    expect(result.stdout).toContain(`Role arn:aws:iam::${BIZ}:role/amplify-deployer`);
    expect(result.stdout).toContain(`External id:  ${externalId} (generated`);
    expect(result.stdout).toMatch(/Files in .*role-setup:\n {2}biz-trust-policy\.json/);
    expect(fs.existsSync(sandbox.path('.aws'))).toBe(false);
  });

  test('without --out the documents and snippets are on screen; --json has the same facts', async () => {
    const result = await runCli([...BASE, '--no-mfa', '--external-id', 'partner-42'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"sts:ExternalId": "partner-42"');
    expect(result.stdout).not.toContain('MultiFactorAuthPresent');
    expect(result.stdout).toContain('[profile bizcorprole]\nrole_arn = ');
    expect(result.stdout).toContain('aws_secret_access_key = <its secret access key>');
    const json = JSON.parse(
      (await runCli([...BASE, '--no-mfa', '--external-id', 'partner-42', '--json'], { env: sandbox.env, cwd: sandbox.home })).stdout,
    );
    expect(json.trustPolicy.Statement[0].Condition).toEqual({ StringEquals: { 'sts:ExternalId': 'partner-42' } });
    expect(json.plan.roleProfile.keys).toEqual({
      role_arn: `arn:aws:iam::${BIZ}:role/amplify-deployer`,
      source_profile: 'devcorpuser',
      external_id: 'partner-42',
      region: 'us-east-1',
    });
  });

  test('an external id that starts with "-" is given back as --external-id=VALUE, and those flags run as printed', async () => {
    const result = await runCli([...BASE, '--no-mfa', '--external-id=-partner-42', '--json'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(0);
    const flags: string[] = JSON.parse(result.stdout).flags;
    expect(flags).toContain('--external-id=-partner-42');
    const again = await runCli(['setup-role', ...flags, '--no-mfa', '--json'], { env: sandbox.env, cwd: sandbox.home });
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(JSON.parse(again.stdout).plan.roleProfile.keys.external_id).toBe('-partner-42');
  });

  test('--write-config adds the role profile (backup kept, other bytes untouched); a rerun changes nothing', async () => {
    const original = '[default]\nregion = eu-central-1\n# keep me\n';
    sandbox.write('.aws/config', original, 0o600);
    const args = [...BASE, '--external-id', 'partner-42', '--write-config'];
    const first = await runCli(args, { env: sandbox.env, cwd: sandbox.home });
    expect(first.code).toBe(0);
    const text = sandbox.read('.aws/config');
    expect(text.startsWith(`${original}\n[profile bizcorprole]\n# managed by amplify-aws-roles setup-role\n`)).toBe(true);
    expect(first.stdout).toMatch(/\.aws\/config: added \[profile bizcorprole\] \(previous version kept as .*config\.bak-\d{8}T\d{6}Z\)/);
    expect(first.stdout).toContain('Warning: Profile "devcorpuser" has no access keys yet');
    const second = await runCli(args, { env: sandbox.env, cwd: sandbox.home });
    expect(second.stdout).toMatch(/\.aws\/config: unchanged \[profile bizcorprole\]\n/);
    expect(sandbox.read('.aws/config')).toBe(text);
    // A new external id replaces our own section in place.
    const third = await runCli([...BASE, '--external-id', 'partner-43', '--write-config'], { env: sandbox.env, cwd: sandbox.home });
    expect(third.stdout).toContain('config: replaced [profile bizcorprole]');
    expect(loadAwsConfig({ env: sandbox.env }).profiles.bizcorprole.external_id).toBe('partner-43');
  });

  test('--write-config refuses a hand-written profile of that name and keeps the file as it was', async () => {
    sandbox.write('.aws/config', '[profile bizcorprole]\nrole_arn = arn:aws:iam::999999999999:role/other\n', 0o600);
    const result = await runCli([...BASE, '--write-config'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Error: .*config already has a different \[profile bizcorprole\] \(line 1\) that amplify-aws-roles did not write; refusing to overwrite it\.\n/,
    );
    expect(sandbox.read('.aws/config')).toBe('[profile bizcorprole]\nrole_arn = arn:aws:iam::999999999999:role/other\n');
  });

  test.each([
    [['--dev-account', '12345678901'], '--dev-account must be a 12-digit AWS account id, not "12345678901".'],
    [['--biz-account', '1234567890123'], '--biz-account must be a 12-digit AWS account id, not "1234567890123".'],
    [['--role-name', 'a'.repeat(65)], /^--role-name must be 1 to 64 characters from letters, digits and \+ = , \. @ _ -, not "a{65}"\.$/],
    [
      ['--role-name', 'role/with/slash'],
      '--role-name must be 1 to 64 characters from letters, digits and + = , . @ _ -, not "role/with/slash".',
    ],
    [['--external-id', 'has space'], /^--external-id must be 2 to 1224 characters/],
    [['--external-id', 'x'.repeat(1225)], /^--external-id must be 2 to 1224 characters/],
    [
      ['--mfa-serial', 'arn:aws:iam::210987654321:user/dev-user'],
      '--mfa-serial must be an MFA device ARN such as arn:aws:iam::210987654321:mfa/dev-user, not "arn:aws:iam::210987654321:user/dev-user".',
    ],
    [['--region', 'US-EAST-1'], '--region must be a region name such as us-east-1, not "US-EAST-1".'],
    [['--dev-user', 'dev user'], /^--dev-user must be an IAM user name/],
    [['--biz-profile', 'my profile'], /^--biz-profile must be a profile name/],
    [['--biz-profile', 'devcorpuser'], /^--biz-profile and --dev-profile are both "devcorpuser"/],
    [['--categories', 'auth,bots'], /^--categories names an unknown category "bots"/],
    [['--trust', 'everyone'], /^--trust must be "account"/],
    [['--dev-policy-name', 'a:b'], /^--dev-policy-name must be an IAM policy name/],
    [
      ['--max-session-duration', '1800'],
      '--max-session-duration must be a whole number of seconds from 3600 to 43200 (1 to 12 hours), not "1800".',
    ],
    [['--duration-seconds', '12h'], '--duration-seconds must be a whole number of seconds from 900 to 43200, not "12h".'],
    [['--no-mfa', '--mfa-serial', `arn:aws:iam::${DEV}:mfa/x`], '--mfa-serial was given with --no-mfa; drop one of them.'],
    [['--apply-biz', '--apply-dev', '--profile', 'x'], /^--apply-biz and --apply-dev run with different companies' credentials/],
    [['--apply-biz'], /^--apply-biz needs --profile: the profile of a Biz Corp administrator/],
    [['--profile', 'admin'], /^--profile is used only with --apply-biz or --apply-dev/],
  ])('%j is refused with one sentence naming the flag, before anything is written', async (extra, message) => {
    const out = sandbox.path('out');
    const result = await runCli([...BASE, ...extra, '--out', out, '--write-config'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const [line] = result.stderr.split('\n');
    if (typeof message === 'string') expect(line).toBe(`Error: ${message}`);
    else expect(line.replace(/^Error: /, '')).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(sandbox.path('.aws'))).toBe(false);
  });

  test('missing values without a terminal: one sentence each; stdin answers are never read as prompts', async () => {
    const noDev = await runCli(['setup-role', '--role-name', 'r'], { env: sandbox.env, cwd: sandbox.home, input: `${DEV}\n` });
    expect(noDev.code).toBe(2);
    expect(noDev.stderr.split('\n')[0]).toBe(
      "Error: --dev-account is required: the 12-digit id of Dev Corp's account, whose users will assume the role.",
    );
    const noBiz = await runCli(['setup-role', '--dev-account', DEV, '--role-name', 'r'], { env: sandbox.env, cwd: sandbox.home });
    expect(noBiz.stderr.split('\n')[0]).toMatch(/^Error: --biz-account is required/);
    const noDevice = await runCli(['setup-role', '--dev-account', DEV, '--biz-account', BIZ, '--role-name', 'r', '--write-config'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(noDevice.stderr.split('\n')[0]).toBe(
      'Error: --write-config needs the MFA device of the Dev Corp user: give --mfa-serial (or --dev-user when the device is named after the user), or --no-mfa.',
    );
    const applyDev = await runCli(
      ['setup-role', '--dev-account', DEV, '--biz-account', BIZ, '--role-name', 'r', '--apply-dev', '--profile', 'x'],
      { env: sandbox.env, cwd: sandbox.home },
    );
    expect(applyDev.stderr.split('\n')[0]).toBe('Error: --apply-dev needs --dev-user: the Dev Corp user the policy is attached to.');
  });
});
