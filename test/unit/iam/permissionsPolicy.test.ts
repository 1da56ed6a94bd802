import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATEGORY_ACTIONS, categoryNames } from '../../../src/iam/categoryActions';
import { bizTrustPolicy, devAssumeRolePolicy } from '../../../src/iam/crossAccountPolicies';
import { amplifyPermissionsPolicy, expandCategories, parseCategoryList } from '../../../src/iam/permissionsPolicy';
import { MANAGED_POLICY_MAX_SIZE, policySize, type PolicyDocument } from '../../../src/iam/policyDocument';
import { validatePolicyDocument } from '../../../src/iam/validatePolicyDocument';
import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';

/** The walkthrough's complete action list, as the issue quotes it. */
const WALKTHROUGH = [
  'appsync:*',
  ...['POST', 'DELETE', 'PATCH', 'PUT'].map((a) => `apigateway:${a}`),
  ...[
    'CreateStack',
    'CreateStackSet',
    'DeleteStack',
    'DeleteStackSet',
    'DescribeStackEvents',
    'DescribeStackResource',
    'DescribeStackResources',
    'DescribeStackSet',
    'DescribeStackSetOperation',
    'DescribeStacks',
    'UpdateStack',
    'UpdateStackSet',
  ].map((a) => `cloudformation:${a}`),
  ...[
    'CreateCloudFrontOriginAccessIdentity',
    'CreateDistribution',
    'DeleteCloudFrontOriginAccessIdentity',
    'DeleteDistribution',
    'GetCloudFrontOriginAccessIdentity',
    'GetCloudFrontOriginAccessIdentityConfig',
    'GetDistribution',
    'GetDistributionConfig',
    'TagResource',
    'UntagResource',
    'UpdateCloudFrontOriginAccessIdentity',
    'UpdateDistribution',
  ].map((a) => `cloudfront:${a}`),
  ...[
    'CreateIdentityPool',
    'DeleteIdentityPool',
    'DescribeIdentity',
    'DescribeIdentityPool',
    'SetIdentityPoolRoles',
    'UpdateIdentityPool',
  ].map((a) => `cognito-identity:${a}`),
  ...[
    'CreateUserPool',
    'CreateUserPoolClient',
    'DeleteUserPool',
    'DeleteUserPoolClient',
    'DescribeUserPool',
    'UpdateUserPool',
    'UpdateUserPoolClient',
  ].map((a) => `cognito-idp:${a}`),
  ...['CreateTable', 'DeleteItem', 'DeleteTable', 'DescribeTable', 'PutItem', 'UpdateItem', 'UpdateTable'].map((a) => `dynamodb:${a}`),
  ...['CreateRole', 'DeleteRole', 'DeleteRolePolicy', 'GetRole', 'GetUser', 'PassRole', 'PutRolePolicy', 'UpdateRole'].map(
    (a) => `iam:${a}`,
  ),
  ...[
    'AddPermission',
    'CreateFunction',
    'DeleteFunction',
    'GetFunction',
    'GetFunctionConfiguration',
    'InvokeAsync',
    'InvokeFunction',
    'RemovePermission',
    'UpdateFunctionCode',
    'UpdateFunctionConfiguration',
  ].map((a) => `lambda:${a}`),
  's3:*',
  'amplify:*',
];

function actionsOf(document: PolicyDocument): string[] {
  return document.Statement.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action!]));
}

function services(document: PolicyDocument): Set<string> {
  return new Set(actionsOf(document).map((a) => a.split(':')[0]));
}

function expectValid(document: unknown, kind: 'identity' | 'trust' = 'identity'): void {
  expect(validatePolicyDocument(document, { kind })).toEqual({ valid: true, problems: [] });
}

describe('the permissions policy', () => {
  test('for every category it holds exactly the walkthrough list plus the marked additions', () => {
    const actions = actionsOf(amplifyPermissionsPolicy(categoryNames()));
    expect(new Set(actions).size).toBe(actions.length);
    const additions = actions.filter((a) => !WALKTHROUGH.includes(a));
    expect(WALKTHROUGH.filter((a) => !actions.includes(a))).toEqual([]);
    expect(new Set(additions.map((a) => a.split(':')[0]))).toEqual(new Set(['mobiletargeting', 'lex']));
    const marked = Object.values(CATEGORY_ACTIONS)
      .filter((c) => c.addition)
      .flatMap((c) => c.actions);
    expect(additions.every((a) => marked.includes(a))).toBe(true);
  });

  test('core alone: Amplify, CloudFormation, S3 and IAM, no category services', () => {
    const policy = amplifyPermissionsPolicy([]);
    expect(services(policy)).toEqual(new Set(['amplify', 'cloudformation', 's3', 'iam']));
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AmplifyCore']);
  });

  test.each([
    ['auth', ['cognito-identity', 'cognito-idp']],
    ['api', ['appsync', 'apigateway', 'dynamodb']],
    ['storage', ['dynamodb']],
    ['function', ['lambda']],
    ['hosting', ['cloudfront']],
    ['analytics', ['mobiletargeting']],
    ['notifications', ['mobiletargeting']],
    ['interactions', ['lex', 'lambda']],
  ])('%s adds %j to core and nothing else', (category, added) => {
    const policy = amplifyPermissionsPolicy([category]);
    expect(services(policy)).toEqual(new Set(['amplify', 'cloudformation', 's3', 'iam', ...added]));
    expectValid(policy);
  });

  test('dropping auth drops every cognito action (the walkthrough\'s "remove the lines starting with cognito")', () => {
    const all = actionsOf(amplifyPermissionsPolicy(categoryNames()));
    const withoutAuth = actionsOf(amplifyPermissionsPolicy(categoryNames().filter((c) => c !== 'auth')));
    expect(all.filter((a) => !withoutAuth.includes(a)).every((a) => a.startsWith('cognito-'))).toBe(true);
    expect(withoutAuth.some((a) => a.startsWith('cognito'))).toBe(false);
  });

  test('an action shared by two categories is listed once, in the first statement that needs it', () => {
    const policy = amplifyPermissionsPolicy(['storage', 'api']);
    expect(policy.Statement.map((s) => s.Sid)).toEqual(['AmplifyCore', 'AmplifyApi']);
    expect(actionsOf(policy).filter((a) => a === 'dynamodb:CreateTable')).toHaveLength(1);
    expect(actionsOf(amplifyPermissionsPolicy(['storage'])).filter((a) => a.startsWith('dynamodb:'))).toHaveLength(7);
  });

  test('interactions brings function with it (Gen 1 creates Lex bots through a Lambda custom resource)', () => {
    expect(expandCategories(['interactions'])).toEqual(['function', 'interactions']);
  });

  test('every combination of categories is a valid document within the managed policy size quota', () => {
    const names = categoryNames();
    for (let mask = 0; mask < 1 << names.length; mask++) {
      const chosen = names.filter((_, i) => mask & (1 << i));
      const policy = amplifyPermissionsPolicy(chosen);
      const result = validatePolicyDocument(policy);
      if (!result.valid) throw new Error(`${chosen.join(',')}: ${result.problems.join(' ')}`);
      expect(policySize(policy)).toBeLessThanOrEqual(MANAGED_POLICY_MAX_SIZE);
    }
  });

  test("the trust policies and Dev Corp's policy are valid for every option", () => {
    for (const principal of ['account', 'user'] as const) {
      for (const mfa of [true, false]) {
        for (const externalId of [undefined, 'x'.repeat(1224)]) {
          expectValid(
            bizTrustPolicy({ partition: 'aws', devAccount: '210987654321', principal, devUser: 'dev', externalId, mfa }),
            'trust',
          );
        }
      }
    }
    expectValid(devAssumeRolePolicy('arn:aws-cn:iam::123456789012:role/x'));
  });

  test('parseCategoryList: case, spaces, duplicates, core; unknown names are a sentence naming the flag and the valid names', () => {
    expect(parseCategoryList(' Auth, api,auth ,core,')).toEqual(['auth', 'api']);
    expect(() => parseCategoryList('auth,geo,xr')).toThrow(
      '--categories names unknown categories "geo", "xr"; valid names are auth, api, storage, function, hosting, analytics, notifications, interactions.',
    );
  });
});

describe('validatePolicyDocument rejects what IAM would reject', () => {
  const good = {
    Version: '2012-10-17',
    Statement: [{ Sid: 'A1', Effect: 'Allow', Action: ['s3:Get*', 'ec2:Describe?pc'], Resource: ['*', 'arn:aws:s3:::bucket/*'] }],
  };
  const trust = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::210987654321:root' },
        Action: 'sts:AssumeRole',
        Condition: { StringEquals: { 'sts:ExternalId': 'x' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
      },
    ],
  };
  const withStatement = (change: Record<string, unknown>, base: Record<string, unknown> = good.Statement[0]) => ({
    ...good,
    Statement: [{ ...base, ...change }],
  });

  test('the good examples pass, as objects and as JSON text, single statement object too', () => {
    expectValid(good);
    expectValid(JSON.stringify(good));
    expectValid({ ...good, Statement: good.Statement[0] });
    expectValid(trust, 'trust');
    expectValid(
      {
        ...trust,
        Statement: [
          {
            ...trust.Statement[0],
            Principal: { Service: 'lambda.amazonaws.com' },
            Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:PrincipalTag/team': ['a*'] } },
          },
        ],
      },
      'trust',
    );
  });

  test.each<[string, unknown, RegExp, ('identity' | 'trust')?]>([
    ['not JSON', '{"Version":', /not JSON/],
    ['an array', [], /must be a JSON object/],
    ['old or missing Version', { ...good, Version: '2012-10-18' }, /^Version must be "2012-10-17"/],
    ['an unknown top element', { ...good, Statements: [] }, /Statements is not a top-level policy element/],
    ['no statements', { ...good, Statement: [] }, /Statement must be a non-empty list/],
    ['Effect in lower case', withStatement({ Effect: 'allow' }), /Statement\[0\]\.Effect must be "Allow" or "Deny"/],
    [
      'an action without service',
      withStatement({ Action: 'GetObject' }),
      /Statement\[0\]\.Action "GetObject" is not "\*" or service:Action/,
    ],
    ['an action with two colons', withStatement({ Action: ['s3:a:b'] }), /Statement\[0\]\.Action\[0\] "s3:a:b"/],
    ['a number as action', withStatement({ Action: [1] }), /Action\[0\] must be a string/],
    ['an empty action list', withStatement({ Action: [] }), /Action must not be an empty list/],
    ['both Action and NotAction', withStatement({ NotAction: 's3:*' }), /exactly one of Action and NotAction/],
    [
      'no Resource in an identity policy',
      { ...good, Statement: [{ Effect: 'Allow', Action: 's3:*' }] },
      /exactly one of Resource and NotResource/,
    ],
    ['a malformed ARN', withStatement({ Resource: 'arn:aws:s3' }), /Resource\[?0?\]? "arn:aws:s3" is not "\*" or an ARN/],
    ['a Principal in an identity policy', withStatement({ Principal: '*' }), /Principal is not allowed in an identity-based policy/],
    ['a Sid with a dash', withStatement({ Sid: 'my-sid' }), /Sid must contain only letters and digits/],
    ['duplicate Sids', { ...good, Statement: [good.Statement[0], good.Statement[0]] }, /Sid "A1" is used by more than one statement/],
    ['an unknown statement element', withStatement({ Resources: '*' }), /Statement\[0\]\.Resources is not a statement element/],
    [
      'an unknown condition operator',
      withStatement({ Condition: { StringEqual: { 'aws:x': 'y' } } }),
      /"StringEqual" is not a condition operator/,
    ],
    ['a condition without keys', withStatement({ Condition: { Bool: {} } }), /Condition\.Bool must map condition keys to values/],
    ['Bool with another value', withStatement({ Condition: { Bool: { 'aws:SecureTransport': 'yes' } } }), /Bool takes "true" or "false"/],
    [
      'a condition key without service',
      withStatement({ Condition: { StringEquals: { ExternalId: 'x' } } }),
      /"ExternalId" is not a condition key/,
    ],
    [
      'a trust policy without Principal',
      { ...trust, Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
      /exactly one of Principal and NotPrincipal/,
      'trust',
    ],
    [
      'a trust policy with Resource',
      withStatement({ Resource: '*' }, trust.Statement[0]),
      /Resource is not allowed in a trust policy/,
      'trust',
    ],
    ['a trust policy granting s3', withStatement({ Action: 's3:*' }, trust.Statement[0]), /cannot be granted by a trust policy/, 'trust'],
    [
      'a principal that is not an ARN',
      withStatement({ Principal: { AWS: 'dev-corp' } }, trust.Statement[0]),
      /Principal\.AWS "dev-corp" is not "\*", an account id or an IAM principal ARN/,
      'trust',
    ],
    [
      'an unknown principal type',
      withStatement({ Principal: { Aws: '*' } }, trust.Statement[0]),
      /Principal\.Aws is not a principal type/,
      'trust',
    ],
  ])('%s', (_name, document, problem, ...kind) => {
    // `kind` is a rest parameter: jest would take a fourth named parameter for a done callback.
    const result = validatePolicyDocument(document, { kind: kind[0] ?? 'identity' });
    expect(result.valid).toBe(false);
    expect(result.problems.some((p) => problem.test(p))).toBe(true);
  });
});

describe('amplify-aws-roles policy', () => {
  let sandbox: ReturnType<typeof makeSandbox>;
  beforeAll(() => {
    sandbox = makeSandbox();
  });
  afterAll(() => sandbox.cleanup());

  function project(name: string, backendConfig?: string): string {
    const root = sandbox.path(name);
    fs.mkdirSync(path.join(root, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'project-config.json'), '{"projectName":"p"}');
    if (backendConfig !== undefined) {
      fs.mkdirSync(path.join(root, 'amplify', 'backend'), { recursive: true });
      fs.writeFileSync(path.join(root, 'amplify', 'backend', 'backend-config.json'), backendConfig);
    }
    return root;
  }

  test('prints a valid document for --categories, with exactly those services', async () => {
    const result = await runCli(['policy', '--categories', 'auth,function'], { env: sandbox.env, cwd: sandbox.home });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const document = JSON.parse(result.stdout);
    expectValid(document);
    expect(services(document)).toEqual(new Set(['amplify', 'cloudformation', 's3', 'iam', 'cognito-identity', 'cognito-idp', 'lambda']));
  });

  test('outside a project without --categories: every category', async () => {
    const result = await runCli(['policy'], { env: sandbox.env, cwd: sandbox.home });
    expect(JSON.parse(result.stdout)).toEqual(amplifyPermissionsPolicy(categoryNames()));
  });

  test('inside a project (from a subfolder): the categories of backend-config.json; unknown ones are warned about', async () => {
    const root = project('app', JSON.stringify({ auth: { a: {} }, storage: { s: {} }, geo: { m: {} } }));
    fs.mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
    const result = await runCli(['policy'], { env: sandbox.env, cwd: path.join(root, 'src', 'deep') });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(amplifyPermissionsPolicy(['auth', 'storage']));
    expect(result.stderr).toMatch(/^Warning: .*backend-config\.json has categories this tool knows no IAM actions for \(geo\)/);
    const table = await runCli(['policy', '--format', 'table', '--project', root], { env: sandbox.env, cwd: sandbox.home });
    expect(table.stdout).toMatch(/^Categories: core, auth, storage \(from .*backend-config\.json\)/);
    expect(table.stdout).toMatch(/\nauth +cognito-identity +CreateIdentityPool/);
    expect(table.stdout).not.toMatch(/lambda|appsync/);
  });

  test('a fresh project (no backend-config.json) needs only core; --categories overrides the project', async () => {
    const root = project('fresh');
    expect(JSON.parse((await runCli(['policy'], { env: sandbox.env, cwd: root })).stdout)).toEqual(amplifyPermissionsPolicy([]));
    expect(JSON.parse((await runCli(['policy', '--categories', 'hosting'], { env: sandbox.env, cwd: root })).stdout)).toEqual(
      amplifyPermissionsPolicy(['hosting']),
    );
  });

  test('the table marks the additions and says why', async () => {
    const result = await runCli(['policy', '--format', 'table', '--categories', 'analytics,interactions'], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(result.stdout).toMatch(/\nanalytics \* +mobiletargeting +CreateApp/);
    expect(result.stdout).toMatch(/\ninteractions \* +lex +PutBot/);
    expect(result.stdout).toMatch(/\n\* analytics: not in the walkthrough's list \(.*Pinpoint endpoints/);
    expect(result.stdout).toMatch(/interactions also needs function/);
  });

  test('mistakes are one sentence naming the flag', async () => {
    const unknown = await runCli(['policy', '--categories', 'auth,chat'], { env: sandbox.env, cwd: sandbox.home });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'Error: --categories names an unknown category "chat"; valid names are auth, api, storage, function, hosting, analytics, notifications, interactions.\n',
    );
    const json = await runCli(['policy', '--categories', 'chat', '--format', 'json'], { env: sandbox.env, cwd: sandbox.home });
    expect(JSON.parse(json.stdout).error.code).toBe('UnknownCategory');
    const format = await runCli(['policy', '--format', 'yaml'], { env: sandbox.env, cwd: sandbox.home });
    expect(format.stderr).toBe('Error: --format must be json or table, not "yaml".\n');
    const broken = project('broken', '{"auth": ');
    const bad = await runCli(['policy'], { env: sandbox.env, cwd: broken });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^Error: .*backend-config\.json is not valid JSON/);
    const notProject = await runCli(['policy', '--project', sandbox.home], { env: sandbox.env, cwd: sandbox.home });
    expect(notProject.stderr).toMatch(/^Error: --project .* is not an Amplify project/);
  });
});
