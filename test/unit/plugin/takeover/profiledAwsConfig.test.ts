import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { bridgeCommandLine } from '../../../../src/amplify/bridgeProfile';
import { ToolError } from '../../../../src/errors';
import { mfaCodeProvider } from '../../../../src/prompts/mfaCode';
import {
  takeOverProfiledAwsConfig,
  type GetProfiledAwsConfig,
  type TakeoverDependencies,
} from '../../../../src/plugin/takeover/profiledAwsConfig';
import type { ProfileTarget } from '../../../../src/plugin/takeover/profileTarget';
import { startFakeSts, type FakeSts } from '../../../reliability/helpers/fakeSts';
import { makeSandbox, type Sandbox } from '../../../helpers/sandbox';
import { textSink } from '../../../helpers/textSink';

// The built-in provider's getProfiledAwsConfig, answered by ours for the profiles we take over. The original is
// injected (a recorder), STS is the reliability suites' fake on a loopback port (it counts AssumeRole calls), and
// the answer is checked in both shapes the Amplify CLI's providers build clients from.

const ROLE_ARN = 'arn:aws:iam::123456789012:role/deployer';
const MFA_SERIAL = 'arn:aws:iam::210987654321:mfa/dev';

let sts: FakeSts;
beforeAll(async () => {
  sts = await startFakeSts();
});
afterAll(() => sts.stop());

let sandbox: Sandbox;
let project: string;
let calls: unknown[][];
let codes = 0;
let resolutions: number;
let prompts: string[];
let firstResolves: Array<[ProfileTarget, string | undefined]>;

const original: GetProfiledAwsConfig = (...args) => {
  calls.push(args);
  return Promise.resolve({ from: 'built-in' });
};

function deps(over: Partial<TakeoverDependencies> = {}): TakeoverDependencies {
  return {
    env: sandbox.env,
    cwd: () => project,
    stdin: new PassThrough(),
    stderr: textSink(),
    // A new code each time: the resolver never sends a code STS has already accepted (issue 20).
    // Called once for each resolution the takeover starts.
    mfa: () => (
      resolutions++,
      mfaCodeProvider((request) => (prompts.push(request.profile), Promise.resolve(String(100000 + ++codes))), true)
    ),
    cliError: (error: ToolError) => new Error(`[AmplifyError] ${error.code}: ${error.message}`),
    afterFirstResolve: (target, roleArn) => firstResolves.push([target, roleArn]),
    ...over,
  };
}

beforeEach(() => {
  sts.answer(() => ({ kind: 'ok' }));
  calls = [];
  prompts = [];
  resolutions = 0;
  firstResolves = [];
  sandbox = makeSandbox({
    '.aws/credentials': '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = dev-secret-key\n',
  });
  sandbox.env.AWS_ENDPOINT_URL_STS = sts.url;
  project = sandbox.path('app');
  fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
  fs.writeFileSync(path.join(project, 'amplify', '.config', 'project-config.json'), '{"projectName":"app"}');
  project = fs.realpathSync(project);
  sandbox.write(
    '.aws/config',
    [
      '[profile role]',
      `role_arn = ${ROLE_ARN}`,
      'source_profile = dev',
      `mfa_serial = ${MFA_SERIAL}`,
      'region = eu-west-1',
      '[profile role-no-region]',
      `role_arn = ${ROLE_ARN}`,
      'source_profile = dev',
      '[profile dev]',
      'region = us-east-1',
      '[profile bridge]',
      `credential_process = ${bridgeCommandLine({ node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/src/bin/bin.js' }, 'role-no-region', project)}`,
      'region = ap-southeast-2',
      '',
    ].join('\n'),
  );
});
afterEach(() => sandbox.cleanup());

const assumeRoles = () => sts.requests.filter((r) => r.action === 'AssumeRole');

describe('what goes to the built-in unchanged', () => {
  test('its own source-profile lookups, and profiles it reads by itself, never reach STS', async () => {
    const get = takeOverProfiledAwsConfig(original, deps());
    const context = { exeInfo: {} };
    expect(await get(context, 'role', true)).toEqual({ from: 'built-in' });
    expect(await get(context, 'dev')).toEqual({ from: 'built-in' });
    expect(calls).toEqual([
      [context, 'role', true],
      [context, 'dev', undefined],
    ]);
    expect(sts.requests).toEqual([]);
  });
});

describe('the profiles we take over', () => {
  test('SDK v3 providers (CLI 14): { region, credentials } with the expiration as a Date', async () => {
    const answer = await takeOverProfiledAwsConfig(original, deps())({}, 'role');
    expect(Object.keys(answer).sort()).toEqual(['credentials', 'region']);
    expect(answer.region).toBe('eu-west-1');
    const credentials = answer.credentials as Record<string, unknown>;
    expect(Object.keys(credentials).sort()).toEqual(['accessKeyId', 'expiration', 'secretAccessKey', 'sessionToken']);
    expect(credentials.accessKeyId).toMatch(/^ASIA/);
    expect(sts.issuedSecrets).toContain(credentials.secretAccessKey);
    expect(credentials.expiration).toBeInstanceOf(Date);
    expect(calls).toEqual([]);
    expect(assumeRoles()).toHaveLength(1);
    expect(assumeRoles()[0]).toMatchObject({
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      params: expect.objectContaining({ RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: String(100000 + codes) }),
    });
  });

  test('SDK v2 providers (CLI before 14): the flat object amplify-util-mock reads', async () => {
    const answer = await takeOverProfiledAwsConfig(original, deps(), { flat: true })({}, 'role');
    expect(Object.keys(answer).sort()).toEqual(['accessKeyId', 'expiration', 'region', 'secretAccessKey', 'sessionToken']);
    expect(answer).toMatchObject({ region: 'eu-west-1', accessKeyId: expect.stringMatching(/^ASIA/) });
    expect(answer.expiration).toBeInstanceOf(Date);
  });

  test('concurrent clients share one resolution: one prompt, one AssumeRole, one afterFirstResolve; later calls hit the cache', async () => {
    const get = takeOverProfiledAwsConfig(original, deps());
    const answers = await Promise.all([1, 2, 3].map(() => get({}, 'role')));
    expect(new Set(answers.map((a) => (a.credentials as { accessKeyId: string }).accessKeyId)).size).toBe(1);
    // One resolution in this process, not three that the cache's own lock then lines up.
    expect(resolutions).toBe(1);
    expect(prompts).toEqual(['role']);
    expect(assumeRoles()).toHaveLength(1);
    expect(firstResolves).toEqual([[{ profile: 'role', scope: { kind: 'project', root: project } }, ROLE_ARN]]);

    const later = await get({}, 'role');
    expect(later.credentials).toEqual(answers[0].credentials);
    expect(assumeRoles()).toHaveLength(1);
    expect(firstResolves).toHaveLength(1);
  });

  test('a bridge resolves its role profile in-process; the region is the bridge region when that profile names none', async () => {
    const answer = await takeOverProfiledAwsConfig(original, deps(), { flat: true })({}, 'bridge');
    expect(answer.region).toBe('ap-southeast-2');
    expect(prompts).toEqual([]);
    expect(assumeRoles()).toHaveLength(1);
    expect(firstResolves[0][0]).toEqual({ profile: 'role-no-region', scope: { kind: 'project', root: project }, region: 'ap-southeast-2' });
  });
});

describe('errors reach the CLI as its own', () => {
  test('a config file that does not parse: our sentence through cliError, the built-in never asked', async () => {
    sandbox.write('.aws/config', '[profile role\nrole_arn = x\n');
    await expect(takeOverProfiledAwsConfig(original, deps())({}, 'role')).rejects.toThrow(/^\[AmplifyError\] ConfigParseError: /);
    expect(calls).toEqual([]);
  });

  test('STS refusing: our sentence through cliError; the next call tries again', async () => {
    sts.answer((n) => (n === 1 ? { kind: 'error', status: 403, code: 'AccessDenied', message: 'not allowed' } : { kind: 'ok' }));
    const get = takeOverProfiledAwsConfig(original, deps());
    await expect(get({}, 'role')).rejects.toThrow(/^\[AmplifyError\] AccessDenied: .*role/);
    expect(firstResolves).toEqual([]);
    expect((await get({}, 'role')).credentials).toBeDefined();
    expect(assumeRoles()).toHaveLength(2);
  });

  test('a cancelled prompt ends the command through `cancelled`, never as the CLI error', async () => {
    const ended: string[] = [];
    const cancelling = deps({
      mfa: () =>
        mfaCodeProvider(
          (request) => Promise.reject(new ToolError('PromptCancelled', `The MFA prompt for profile "${request.profile}" was cancelled.`)),
          true,
        ),
      cancelled: (error) => {
        ended.push(error.code);
        throw new Error('ended');
      },
    });
    await expect(takeOverProfiledAwsConfig(original, cancelling)({}, 'role')).rejects.toThrow(/^ended$/);
    expect(ended).toEqual(['PromptCancelled']);
    expect(sts.requests).toEqual([]);
  });
});
