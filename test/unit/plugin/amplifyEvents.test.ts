import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { AmplifyContext } from '../../../src/plugin/amplifyContext';
import { handleEvent, type EventDependencies } from '../../../src/plugin/amplifyEvents';
import { bridgeCommandLine, bridgeProfileName, parseBridgeCommandLine } from '../../../src/amplify/bridgeProfile';
import { loadAwsConfig } from '../../../src/config';
import { DEPLOYMENT_MIN_TTL_SECONDS } from '../../../src/resolve/deployment';
import { ToolError } from '../../../src/errors';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');

/** `amplify push --yes` / `amplify init` as the CLI raises their events: plugin "core", the command, options. */
function coreContext(command: string, options: Record<string, string | boolean> = {}): AmplifyContext {
  const argv = [
    '/usr/bin/node',
    '/usr/lib/node_modules/@aws-amplify/cli-internal/bin/amplify',
    command,
    ...Object.keys(options).map((k) => `--${k}`),
  ];
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
    const bridge = bridgeCommandLine(
      { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' },
      'bizcorprole',
      root,
    );
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
    fs.writeFileSync(
      path.join(root, 'amplify', '.config', 'local-aws-info.json'),
      JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName } }, null, 2),
    );
  }

  function deps(
    extra: Partial<EventDependencies> = {},
    stdin: PassThrough = new PassThrough(),
  ): EventDependencies & { ensured: Array<{ profile: string; projectRoot: string; minTtlSeconds: number }> } {
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

  test("PrePush with a bridged environment gets credentials with a deployment's worth of time before the push starts", async () => {
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

  test("PrePush turns our error into the CLI's error, so the push stops with our sentence", async () => {
    select('amplify-e2eproj-bizcorprole');
    const d = deps({
      ensureCredentials: async () => {
        throw new ToolError(
          'MfaCodeRequired',
          'Profile "bizcorprole" needs an MFA code (device arn:aws:iam::210987654321:mfa/dev-user) and there is no terminal to ask for it.',
        );
      },
    });
    await expect(handleEvent(coreContext('push', { yes: true }), { event: 'PrePush', data: {} }, d)).rejects.toThrow(
      '[AmplifyError] Profile "bizcorprole" needs an MFA code',
    );
  });

  const program = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };
  const configText = () => sandbox.read('.aws/config');
  const info = () => JSON.parse(fs.readFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));

  test.each(['PostInit', 'PostEnvAdd', 'PostPull', 'PrePull'])(
    '%s with the raw role profile selected: the environment reads it through a bridge, said in one line',
    async (event) => {
      select('bizcorprole');
      const d = deps({ program: () => program });
      await handleEvent(coreContext('init', { yes: true }), { event, data: {} }, d);
      const bridge = bridgeProfileName('e2eproj', 'bizcorprole', root);
      expect(info().dev.profileName).toBe(bridge);
      expect(parseBridgeCommandLine(loadAwsConfig({ env: sandbox.env }).profiles[bridge].credential_process)).toEqual({
        profile: 'bizcorprole',
        project: root,
      });
      expect(stderr.text().trimEnd().split('\n')).toHaveLength(1);
      expect(stderr.text()).toContain(`amplify-aws-roles: environment "dev" now reads profile "bizcorprole" through [profile ${bridge}]`);
      // Again: nothing more to do, the same line says it is there already.
      await handleEvent(coreContext('pull'), { event: 'PostPull', data: {} }, d);
      expect(configText().split(`[profile ${bridge}]`)).toHaveLength(2);
    },
  );

  test("after a switch away from the bridge (the built-in's configure), the bridge the environment left is removed", async () => {
    select('bizcorprole');
    const d = deps({ program: () => program });
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    const bridge = bridgeProfileName('e2eproj', 'bizcorprole', root);
    expect(configText()).toContain(`[profile ${bridge}]`);
    select('devcorpuser');
    await handleEvent(coreContext('push'), { event: 'PrePush', data: {} }, d);
    expect(configText()).not.toContain(`[profile ${bridge}]`);
    expect(stderr.text()).toContain(`amplify-aws-roles: removed [profile ${bridge}]`);
    expect(info().dev.profileName).toBe('devcorpuser');
  });

  test('a bridge that cannot be written is one warning, never a failed init', async () => {
    select('bizcorprole');
    fs.appendFileSync(sandbox.path('.aws/config'), `[profile ${bridgeProfileName('e2eproj', 'bizcorprole', root)}]\nregion = us-west-2\n`);
    const d = deps({ program: () => program });
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    expect(stderr.text()).toMatch(
      /^amplify-aws-roles: .*already has a different \[profile amplify-aws-roles-e2eproj-[0-9a-f]{6}-bizcorprole\]/,
    );
    expect(info().dev.profileName).toBe('bizcorprole');
  });

  test('PostInit tells, in one line, when the plugin platform has (or its next scan will have) us before the built-in', async () => {
    select('devcorpuser');
    const d = deps({ program: () => program });
    const clone = path.dirname(
      sandbox.write('src/amplify-aws-roles/package.json', JSON.stringify({ name: 'amplify-aws-roles', version: '0.1.0' })),
    );
    const builtIn = {
      packageName: '@aws-amplify/amplify-provider-awscloudformation',
      packageVersion: '8.11.8',
      packageLocation: '/opt/amplify/node_modules/@aws-amplify/amplify-provider-awscloudformation',
    };
    const ours = (where: string) => ({ packageName: 'amplify-aws-roles', packageVersion: '0.1.0', packageLocation: where });
    const platform = (providers: object[], userAddedLocations: string[]) => ({
      userAddedLocations,
      plugins: { awscloudformation: providers },
    });
    // Installed with npm i -g and found by a scan (the CLI's plugin list in memory, as it hands it to events): nothing to say.
    await handleEvent(
      { ...coreContext('init'), pluginPlatform: platform([builtIn, ours('/usr/lib/node_modules/amplify-aws-roles')], []) },
      { event: 'PostInit', data: {} },
      d,
    );
    expect(stderr.text()).toBe('');
    // A clone added by hand, first after a scan: one line with the fix.
    await handleEvent(
      { ...coreContext('init'), pluginPlatform: platform([ours(clone), builtIn], [clone]) },
      { event: 'PostInit', data: {} },
      d,
    );
    expect(stderr.text()).toBe(
      `amplify-aws-roles: amplify-aws-roles 0.1.0 (${clone}) comes before the built-in provider, where "amplify plugin scan" puts a folder added by hand (${clone}): "amplify env add" then cannot use a role profile (the CLI hands it to the built-in provider alone, which cannot use role profiles). To fix it: amplify plugin remove the copy at ${clone} (under "awscloudformation >"), then npm install -g amplify-aws-roles && amplify plugin add "$(npm root -g)/amplify-aws-roles".\n`,
    );
    // Only at init: the other events stay quiet about it.
    await handleEvent(
      { ...coreContext('pull'), pluginPlatform: platform([ours(clone), builtIn], [clone]) },
      { event: 'PostPull', data: {} },
      d,
    );
    expect(stderr.text().split('\n').filter(Boolean)).toHaveLength(1);
    // Without the CLI's copy the file is read; a corrupt one is no hint and no failure.
    sandbox.write('.amplify/plugins.json', '{"plugins": ');
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    expect(stderr.text().split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('PostInit with a static profile, and events we do not handle, do nothing', async () => {
    select('devcorpuser');
    const d = deps({ program: () => program });
    const before = configText();
    await handleEvent(coreContext('init'), { event: 'PostInit', data: {} }, d);
    expect(configText()).toBe(before);
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
