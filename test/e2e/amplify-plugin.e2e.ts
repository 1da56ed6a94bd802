/**
 * The plugin inside the real Amplify CLI 14.2.2, against moto: registration in both orders, the three reset-cache forms
 * (through the CLI's "Select the plugin module to execute" chooser, in a real terminal), configure-project and its
 * bridge, and env pull / env checkout / push signed with the role's credentials from our cache, with one MFA prompt.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectCacheStore } from '../../src/cache';
import { ROOT } from '../helpers/cli';
import { startMoto, type MotoServer } from '../helpers/moto';
import type { Sandbox } from '../helpers/sandbox';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { amplifyBin, runAmplify, stripAnsi } from './helpers/amplifyCli';
import { e2eSandbox, EXTERNAL_ID, MFA_SERIAL, rawRequests, ROLE_ARN, seedProject, USER_CONFIG, DEV_KEY_ID } from './helpers/e2eProject';

const BRIDGE = 'amplify-e2eproj-bizcorprole';
const DISPLAY_NAME = JSON.parse(fs.readFileSync(path.join(ROOT, 'amplify-plugin.json'), 'utf8')).displayName as string;
const BUILT_IN_CHOICE = '@aws-amplify/amplify-provider-awscloudformation@';

let amplify: string;
let moto: MotoServer;
let sandbox: Sandbox;
let project: string;
const terminals: TerminalSession[] = [];

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function terminal(args: string[], cwd = project): TerminalSession {
  const session = startTerminal([amplify, ...args].map(shellQuote).join(' '), { env: sandbox.env, cwd, width: 220, height: 50 });
  terminals.push(session);
  return session;
}

function cache(): ProjectCacheStore {
  return new ProjectCacheStore({ home: sandbox.home });
}

function seedCacheEntry(): void {
  const expiration = new Date(Date.now() + 3600_000);
  cache().put({ kind: 'project', root: project }, 'bizcorprole', { accessKeyId: 'ASIASEEDEDFORRESET01', secretAccessKey: 's', sessionToken: 't', expiration, roleArn: ROLE_ARN });
}

function awscloudformationPlugins(): string[] {
  const platform = JSON.parse(sandbox.read('.amplify/plugins.json')) as { plugins: Record<string, Array<{ packageName: string }>> };
  return platform.plugins.awscloudformation.map((p) => p.packageName);
}

beforeAll(async () => {
  amplify = amplifyBin();
  for (const built of ['dist/src/amplify/index.js', 'dist/amplify-aws-roles.js']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" before the end-to-end tests.`);
  }
  moto = await startMoto();
  sandbox = e2eSandbox(moto);
  project = seedProject(sandbox, moto);
  const added = await runAmplify(amplify, ['plugin', 'add', ROOT], { env: sandbox.env, cwd: sandbox.home });
  expect(added.text).toContain('Successfully added plugin package.');
});

afterEach(() => {
  for (const session of terminals.splice(0)) session.kill();
});

afterAll(async () => {
  await moto?.stop();
  sandbox?.cleanup();
});

/** Runs one reset-cache form in a terminal, picks our plugin in the chooser, and returns the screen. */
async function resetCacheThroughChooser(args: string[], ourPosition: number): Promise<string> {
  const session = terminal(args);
  const chooser = stripAnsi(await session.waitFor('Select the plugin module to execute', 60000));
  const options = chooser.split('\n').filter((line) => line.includes(DISPLAY_NAME) || line.includes(BUILT_IN_CHOICE));
  // Both plugins are offered, ours under the displayName, in registration order.
  expect(options).toHaveLength(2);
  expect(options[ourPosition]).toContain(DISPLAY_NAME);
  expect(options[1 - ourPosition]).toContain(BUILT_IN_CHOICE);
  // The prompt filters as one types: "aws-roles" leaves only ours.
  session.type('aws-roles', false);
  await session.waitFor(new RegExp(`❯ ${DISPLAY_NAME.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  session.type('', true);
  expect(await session.exitCode(60000)).toBe(0);
  return stripAnsi(session.screen());
}

function describeState(state: 'after "amplify plugin add"' | 'after "amplify plugin scan"', ourPosition: number): void {
  describe(state, () => {
    test('the plugin platform lists both awscloudformation plugins in this order', () => {
      const expected = ['@aws-amplify/amplify-provider-awscloudformation', 'amplify-aws-roles'];
      expect(awscloudformationPlugins()).toEqual(ourPosition === 0 ? expected.reverse() : expected);
    });

    test('configure-project --profile bizcorprole --yes: writes local-aws-info.json and the bridge, signs in once', async () => {
      await moto.resetRecording();
      const result = await runAmplify(amplify, ['aws', 'configure-project', '--profile', 'bizcorprole', '--yes', '--mfa-code', '123456'], { env: sandbox.env, cwd: project });
      expect(result.code).toBe(0);
      expect(result.text).toContain(`Profile "bizcorprole" (role with MFA ${ROLE_ARN}) for environment "dev" of ${project}.`);
      expect(result.text).toMatch(/It signs in as arn:aws:sts::123456789012:assumed-role\/amplify-deployer\/\S+ \(account 123456789012\)/);
      const info = JSON.parse(fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));
      expect(info).toEqual({ dev: { configLevel: 'project', useProfile: true, profileName: BRIDGE } });
      const config = sandbox.read('.aws/config');
      expect(config.startsWith(USER_CONFIG)).toBe(true);
      expect(config.slice(USER_CONFIG.length)).toBe(
        `\n[profile ${BRIDGE}]\n# managed by amplify-aws-roles\ncredential_process = ${process.execPath} ${path.join(ROOT, 'dist', 'amplify-aws-roles.js')} credentials --profile bizcorprole --project ${project}\nregion = us-east-1\n`,
      );
      expect(fs.statSync(sandbox.path('.aws/config')).mode & 0o777).toBe(0o600);
      const calls = await rawRequests(moto);
      const assumed = calls.filter((c) => c.action === 'AssumeRole');
      if (ourPosition === 1) {
        // First run: STS was asked with the MFA code and external id, signed with the source profile's key.
        expect(assumed).toHaveLength(1);
        expect(assumed[0]).toMatchObject({ accessKeyId: DEV_KEY_ID, params: expect.objectContaining({ RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: '123456', ExternalId: EXTERNAL_ID }) });
      }
      const identity = calls.filter((c) => c.action === 'GetCallerIdentity');
      expect(identity).toHaveLength(1);
      expect(identity[0].accessKeyId).toBe(cache().get({ kind: 'project', root: project }, 'bizcorprole')?.accessKeyId);
    });

    test.each([
      ['aws', 'reset-cache'],
      ['awscloudformation', 'reset-cache'],
      ['aws', 'resetCache'],
    ])('amplify %s %s runs our reset-cache when chosen in the CLI\'s chooser', async (plugin, command) => {
      seedCacheEntry();
      expect(cache().get({ kind: 'project', root: project }, 'bizcorprole')).toBeDefined();
      const screen = await resetCacheThroughChooser([plugin, command], ourPosition);
      expect(screen).toContain(`Removed 1 cached credential entry for project ${project}.`);
      expect(cache().get({ kind: 'project', root: project }, 'bizcorprole')).toBeUndefined();
    });

    test('env pull --yes: asks for the MFA code once, on the terminal, while the spinner runs; every call is signed with the role\'s key', async () => {
      await moto.resetRecording();
      const session = terminal(['env', 'pull', '--yes']);
      const prompt = stripAnsi(await session.waitFor('MFA code for profile "bizcorprole"', 90000));
      expect(prompt).toContain(`? MFA code for profile "bizcorprole" to assume ${ROLE_ARN} (device ${MFA_SERIAL}) (6 digits, then Enter):`);
      expect(prompt).toMatch(/Fetching updates to backend environment: dev from the cloud/);
      session.type('654321');
      expect(await session.exitCode(90000)).toBe(0);
      const screen = stripAnsi(session.screen());
      expect(screen).toContain('Successfully pulled backend environment dev from the cloud.');
      expect(screen.match(/MFA code for profile/g)).toHaveLength(1);

      const roleKey = cache().get({ kind: 'project', root: project }, 'bizcorprole')?.accessKeyId;
      expect(roleKey).toMatch(/^ASIA/);
      const calls = await rawRequests(moto);
      const assumed = calls.filter((c) => c.action === 'AssumeRole');
      expect(assumed).toHaveLength(1);
      expect(assumed[0].params).toMatchObject({ TokenCode: '654321', SerialNumber: MFA_SERIAL, ExternalId: EXTERNAL_ID });
      const deployment = calls.filter((c) => c.action !== 'AssumeRole');
      expect(deployment.some((c) => c.method === 'GET' && c.url.includes('%23current-cloud-backend.zip'))).toBe(true);
      expect(deployment.some((c) => c.action === 'DescribeStacks')).toBe(true);
      expect(new Set(deployment.map((c) => c.accessKeyId))).toEqual(new Set([roleKey]));
    });

    test('env checkout dev --yes and push --yes: no MFA prompt, the cached role credentials, "No changes detected"', async () => {
      await moto.resetRecording();
      const roleKey = cache().get({ kind: 'project', root: project }, 'bizcorprole')?.accessKeyId;
      const checkout = await runAmplify(amplify, ['env', 'checkout', 'dev', '--yes'], { env: sandbox.env, cwd: project });
      expect(checkout.code).toBe(0);
      expect(checkout.text).toContain('Initialized your environment successfully.');

      const session = terminal(['push', '--yes']);
      expect(await session.exitCode(120000)).toBe(0);
      const screen = stripAnsi(session.screen());
      expect(screen).toContain('amplify-aws-roles: credentials of profile "bizcorprole" for this push from the cache');
      expect(screen).toContain('No changes detected');
      expect(screen).not.toContain('MFA code');

      const calls = await rawRequests(moto);
      expect(calls.filter((c) => c.action === 'AssumeRole')).toEqual([]);
      expect(calls.length).toBeGreaterThan(0);
      expect(new Set(calls.map((c) => c.accessKeyId))).toEqual(new Set([roleKey]));
    });
  });
}

describeState('after "amplify plugin add"', 1);

describe('where the CLI\'s chooser cannot run', () => {
  test('without a terminal, or with --yes, the chooser is an error of the CLI (exit 1); outside a project it fails too', async () => {
    const noTerminal = await runAmplify(amplify, ['aws', 'reset-cache'], { env: sandbox.env, cwd: project });
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.text).toContain('Cannot prompt for [Select the plugin module to execute] in a non-interactive shell');
    const withYes = await runAmplify(amplify, ['aws', 'reset-cache', '--yes'], { env: sandbox.env, cwd: project });
    expect(withYes.code).toBe(1);
    expect(withYes.text).toContain("Cannot prompt for [Select the plugin module to execute] when '--yes' flag is set");
    const outside = await runAmplify(amplify, ['aws', 'reset-cache'], { env: sandbox.env, cwd: sandbox.home });
    expect(outside.code).toBe(1);
    expect(outside.text).toContain('No Amplify backend project files detected within this folder.');
  });

  test('commands only we declare need no chooser, inside or outside a project', async () => {
    const profiles = await runAmplify(amplify, ['aws', 'profiles'], { env: sandbox.env, cwd: sandbox.home });
    expect(profiles.code).toBe(0);
    expect(profiles.text).toMatch(/bizcorprole +assume-role +arn:aws:iam::123456789012:role\/amplify-deployer/);
  });
});

describe('"amplify plugin scan"', () => {
  test('puts the user-added plugin first', async () => {
    const scan = await runAmplify(amplify, ['plugin', 'scan'], { env: sandbox.env, cwd: sandbox.home });
    expect(scan.code).toBe(0);
    expect(awscloudformationPlugins()).toEqual(['amplify-aws-roles', '@aws-amplify/amplify-provider-awscloudformation']);
  });
});

describeState('after "amplify plugin scan"', 0);

describe('standing in for the built-in provider (after "amplify plugin remove" of the built-in)', () => {
  test('reset-cache needs no chooser, even without a terminal; env pull, env checkout and push still work', async () => {
    // What `amplify plugin remove` does to a plugin under scan coverage (removePluginPackage): out of "plugins",
    // into "excluded", where later scans leave it.
    const file = sandbox.path('.amplify/plugins.json');
    const platform = JSON.parse(fs.readFileSync(file, 'utf8'));
    const builtIn = platform.plugins.awscloudformation.filter((p: { packageName: string }) => p.packageName !== 'amplify-aws-roles');
    platform.plugins.awscloudformation = platform.plugins.awscloudformation.filter((p: { packageName: string }) => p.packageName === 'amplify-aws-roles');
    platform.excluded.awscloudformation = builtIn;
    fs.writeFileSync(file, JSON.stringify(platform, null, 2));
    expect((await runAmplify(amplify, ['plugin', 'scan'], { env: sandbox.env, cwd: sandbox.home })).code).toBe(0);
    expect(awscloudformationPlugins()).toEqual(['amplify-aws-roles']);

    const reset = await runAmplify(amplify, ['aws', 'reset-cache'], { env: sandbox.env, cwd: project });
    expect(reset.code).toBe(0);
    expect(reset.text).toContain(`Removed 1 cached credential entry for project ${project}.`);

    await moto.resetRecording();
    const pull = await runAmplify(amplify, ['env', 'pull', '--yes'], { env: { ...sandbox.env, AMPLIFY_AWS_ROLES_MFA_CODE: '777888' }, cwd: project });
    expect(pull.code).toBe(0);
    expect(pull.text).toContain('Successfully pulled backend environment dev from the cloud.');
    for (const args of [['env', 'checkout', 'dev', '--yes'], ['push', '--yes']]) {
      const result = await runAmplify(amplify, args, { env: sandbox.env, cwd: project });
      expect(result.code).toBe(0);
    }
    const calls = await rawRequests(moto);
    expect(calls.filter((c) => c.action === 'AssumeRole').map((c) => c.params.TokenCode)).toEqual(['777888']);
    const roleKey = cache().get({ kind: 'project', root: project }, 'bizcorprole')?.accessKeyId;
    expect(new Set(calls.filter((c) => c.action !== 'AssumeRole').map((c) => c.accessKeyId))).toEqual(new Set([roleKey]));
  });
});

describe('configure-project --remove', () => {
  test('takes the bridge out of ~/.aws/config and selects the previous profile again', async () => {
    const result = await runAmplify(amplify, ['aws', 'configure-project', '--remove'], { env: sandbox.env, cwd: project });
    expect(result.code).toBe(0);
    expect(sandbox.read('.aws/config')).toBe(USER_CONFIG);
    const info = JSON.parse(fs.readFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));
    expect(info).toEqual({ dev: { configLevel: 'project', useProfile: true, profileName: 'devcorpuser' } });
  });
});
