import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { AmplifyContext } from '../../src/amplify/amplifyContext';
import { handleEvent, type EventDependencies } from '../../src/amplify/amplifyEvents';
import { bridgeCommandLine } from '../../src/amplify/bridgeProfile';
import type { ConfigureProjectOptions } from '../../src/amplify/configureProject';
import { DEPLOYMENT_MIN_TTL_SECONDS } from '../../src/resolve/deployment';
import { ToolError } from '../../src/errors';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'amplify-project');

/** `amplify push --yes` / `amplify init` as the CLI raises their events: plugin "core", the command, options. */
function coreContext(command: string, options: Record<string, string | boolean> = {}): AmplifyContext {
  const argv = ['/usr/bin/node', '/usr/lib/node_modules/@aws-amplify/cli-internal/bin/amplify', command, ...Object.keys(options).map((k) => `--${k}`)];
  return { input: { argv, plugin: 'core', command, options }, parameters: { options }, amplify: {}, print: { info: () => undefined } };
}

function collector(): Writable & { text: () => string } {
  let text = '';
  return Object.assign(new Writable({ write: (c, _e, done) => ((text += c.toString()), done()) }), { text: () => text });
}

describe('Amplify events', () => {
  let sandbox: Sandbox;
  let root: string;
  let stderr: ReturnType<typeof collector>;

  beforeEach(() => {
    sandbox = makeSandbox({ '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = s\n' });
    const dir = sandbox.path('app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    const bridge = bridgeCommandLine({ node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' }, 'bizcorprole', root);
    sandbox.write(
      '.aws/config',
      [
        '[profile bizcorprole]',
        'role_arn = arn:aws:iam::123456789012:role/amplify-deployer',
        'source_profile = devcorpuser',
        'mfa_serial = arn:aws:iam::210987654321:mfa/dev-user',
        'region = us-east-1',
        '[profile devcorpuser]',
        'region = us-east-1',
        '[profile amplify-e2eproj-bizcorprole]',
        `credential_process = ${bridge}`,
        'region = us-east-1',
        '',
      ].join('\n'),
    );
    stderr = collector();
  });
  afterEach(() => sandbox.cleanup());

  function select(profileName: string): void {
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName } }, null, 2));
  }

  function deps(extra: Partial<EventDependencies> = {}, stdin: PassThrough = new PassThrough()): EventDependencies & { ensured: Array<{ profile: string; projectRoot: string; minTtlSeconds: number }> } {
    const ensured: Array<{ profile: string; projectRoot: string; minTtlSeconds: number }> = [];
    return {
      ensured,
      io: () => ({ env: sandbox.env, cwd: path.join(root, 'src'), stdout: collector(), stderr, stdin }),
      cliError: (error: ToolError) => new Error(`[AmplifyError] ${error.message}`),
      ensureCredentials: async (request) => {
        ensured.push({ profile: request.profile, projectRoot: request.projectRoot, minTtlSeconds: request.minTtlSeconds });
        return { account: '', arn: '', fromCache: true, expiration: new Date(Date.now() + 50 * 60_000 + 30_000) };
      },
      ...extra,
    };
  }

  test('PrePush with a bridged environment gets credentials with a deployment\'s worth of time before the push starts', async () => {
    select('amplify-e2eproj-bizcorprole');
    const d = deps();
    await handleEvent(coreContext('push', { yes: true }), { event: 'PrePush', data: {} }, d);
    expect(d.ensured).toEqual([{ profile: 'bizcorprole', projectRoot: root, minTtlSeconds: DEPLOYMENT_MIN_TTL_SECONDS }]);
    expect(stderr.text()).toBe('amplify-aws-roles: credentials of profile "bizcorprole" for this push from the cache, 50 min left.\n');
  });

  test('PrePush honours AMPLIFY_AWS_ROLES_DEPLOY_MIN_TTL', async () => {
    select('amplify-e2eproj-bizcorprole');
    sandbox.env.AMPLIFY_AWS_ROLES_DEPLOY_MIN_TTL = '7200';
    const d = deps();
    await handleEvent(coreContext('push'), { event: 'PrePush', data: {} }, d);
    expect(d.ensured[0].minTtlSeconds).toBe(7200);
  });

  test('PrePush leaves environments that do not use a bridge alone', async () => {
    select('devcorpuser');
    const d = deps();
    await handleEvent(coreContext('push'), { event: 'PrePush', data: {} }, d);
    expect(d.ensured).toEqual([]);
    expect(stderr.text()).toBe('');
  });

  test('PrePush turns our error into the CLI\'s error, so the push stops with our sentence', async () => {
    select('amplify-e2eproj-bizcorprole');
    const d = deps({
      ensureCredentials: async () => {
        throw new ToolError('MfaCodeRequired', 'Profile "bizcorprole" needs an MFA code (device arn:aws:iam::210987654321:mfa/dev-user) and there is no terminal to ask for it.');
      },
    });
    await expect(handleEvent(coreContext('push', { yes: true }), { event: 'PrePush', data: {} }, d)).rejects.toThrow('[AmplifyError] Profile "bizcorprole" needs an MFA code');
  });

  test('PostInit with a role profile and no terminal: says how to bridge it, changes nothing', async () => {
    select('bizcorprole');
    const configured: ConfigureProjectOptions[] = [];
    const d = deps({ configureProject: async (o) => (configured.push(o), 0) });
    await handleEvent(coreContext('init', { yes: true }), { event: 'PostInit', data: {} }, d);
    expect(configured).toEqual([]);
    expect(stderr.text()).toContain('run "amplify aws configure-project --profile bizcorprole --yes"');
  });

  test('PostInit with a role profile on a terminal: offers the bridge and runs configure-project for that profile', async () => {
    select('bizcorprole');
    const tty = Object.assign(new PassThrough(), { isTTY: true });
    const questions: string[] = [];
    const configured: ConfigureProjectOptions[] = [];
    const d = deps(
      {
        prompter: { select: async () => '', confirm: async (q) => (questions.push(q), true) },
        configureProject: async (o) => (configured.push(o), 0),
      },
      tty,
    );
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    expect(questions).toEqual(['Profile "bizcorprole" is a role with MFA arn:aws:iam::123456789012:role/amplify-deployer. Let amplify-aws-roles get and cache its credentials for this project?']);
    expect(configured).toHaveLength(1);
    expect(configured[0]).toMatchObject({ profile: 'bizcorprole', yes: true, interactive: true, cwd: path.join(root, 'src') });
  });

  test('PostInit with a static profile, and events we do not handle, do nothing', async () => {
    select('devcorpuser');
    const d = deps({ configureProject: async () => Promise.reject(new Error('must not run')) });
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    await handleEvent(coreContext('pull'), { event: 'PostPull', data: {} }, d);
    expect(stderr.text()).toBe('');
    expect(d.ensured).toEqual([]);
  });

  test('outside a project the events do nothing', async () => {
    const d = deps();
    d.io = () => ({ env: sandbox.env, cwd: sandbox.home, stdout: collector(), stderr, stdin: new PassThrough() });
    await handleEvent(coreContext('push'), { event: 'PrePush', data: {} }, d);
    expect(d.ensured).toEqual([]);
  });
});
