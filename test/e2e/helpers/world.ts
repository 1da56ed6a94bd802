/**
 * What an end-to-end test stands in: moto for every AWS service but Amplify, behind the strict STS stand-in (STS as
 * AWS enforces it; everything else passes on to moto), the in-memory Amplify API stand-in, a throwaway HOME with the
 * walkthrough's profiles, and the real Amplify CLI with our plugin registered in one order.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { createDevUser, startStrictSts, type DevUser, type StrictSts } from '../../helpers/sts';
import { startTerminal, type TerminalSession } from '../../helpers/tmux';
import { amplifyBin, runAmplify, stripAnsi, type RunResult } from './amplifyCli';
import { startAmplifyService, type AmplifyServiceStandIn } from './amplifyService';
import { ACCOUNT, EXTERNAL_ID, USER_CONFIG } from './e2eProject';

/**
 * How the plugin is registered. `global`: installed in npm's global folder (`npm i -g amplify-aws-roles`, the README's
 * way; the sandbox's ~/.npmrc `prefix` names that folder, which is also where the CLI's scan looks), so `plugin add`
 * does not record it as a user-added location and every scan finds it after the built-in. Otherwise it is a folder
 * outside npm's global one (a clone, a local install), which `plugin add` records as user-added and a scan then puts
 * first. `scan`: `amplify plugin scan` runs after `plugin add` (the CLI also runs one by itself every 24 hours).
 */
export interface Registration {
  name: string;
  global: boolean;
  scan: boolean;
}

export type Order = Registration['name'];

export const REGISTRATIONS = {
  globalScan: { name: 'npm i -g, after "amplify plugin add" and "amplify plugin scan"', global: true, scan: true },
  folderAdd: { name: 'a folder outside npm\'s global one, after "amplify plugin add"', global: false, scan: false },
  folderScan: {
    name: 'a folder outside npm\'s global one, after "amplify plugin add" and "amplify plugin scan"',
    global: false,
    scan: true,
  },
} satisfies Record<string, Registration>;

/**
 * The plugin folder registered with `amplify plugin add`: the copy installed from the packed tarball when CI made one
 * (AMPLIFY_AWS_ROLES_PLUGIN_DIR, as users install it), else this checkout.
 */
export function pluginDir(env: NodeJS.ProcessEnv = process.env): string {
  const installed = env.AMPLIFY_AWS_ROLES_PLUGIN_DIR;
  if (installed) {
    if (!fs.existsSync(path.join(installed, 'amplify-plugin.json')))
      throw new Error(`AMPLIFY_AWS_ROLES_PLUGIN_DIR=${installed} holds no amplify-plugin.json.`);
    return installed;
  }
  for (const built of ['dist/src/plugin/index.js', 'dist/amplify-aws-roles.js']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" before the end-to-end tests.`);
  }
  return ROOT;
}

export interface Services {
  sts: StrictSts;
  /** Dev Corp's user: the keys of the profile devcorpuser and the virtual MFA device whose codes are typed. */
  devUser: DevUser;
  amplifyApi: AmplifyServiceStandIn;
  stop(): Promise<void>;
}

/**
 * The walkthrough's first steps, done as a user does them: Dev Corp's user (keys, virtual MFA device) and an
 * administrator exist in IAM; `setup-role --apply-biz` creates the role, `--apply-dev` lets the user assume it.
 */
async function walkthroughThroughSetupRole(sts: StrictSts): Promise<DevUser> {
  const admin = await createDevUser(sts, 'admin', { account: ACCOUNT });
  const devUser = await createDevUser(sts, 'dev-user', { account: ACCOUNT });
  const home = makeSandbox({
    '.aws/credentials': `[admin]\naws_access_key_id = ${admin.accessKeyId}\naws_secret_access_key = ${admin.secretAccessKey}\n`,
    '.aws/config': '[profile admin]\nregion = us-east-1\n',
  });
  home.env.AWS_ENDPOINT_URL = sts.url;
  try {
    const flags = [
      'setup-role',
      '--dev-account',
      ACCOUNT,
      '--biz-account',
      ACCOUNT,
      '--role-name',
      'amplify-deployer',
      '--external-id',
      EXTERNAL_ID,
      '--dev-user',
      'dev-user',
      '--profile',
      'admin',
    ];
    for (const apply of ['--apply-biz', '--apply-dev']) {
      const result = await runCli([...flags, apply], { env: home.env, cwd: home.home, timeoutMs: 60000 });
      if (result.code !== 0) throw new Error(`setup-role ${apply} failed: ${result.stderr}`);
    }
  } finally {
    home.cleanup();
  }
  return devUser;
}

export async function startServices(): Promise<Services> {
  const sts = await startStrictSts();
  const devUser = await walkthroughThroughSetupRole(sts);
  const amplifyApi = await startAmplifyService();
  return {
    sts,
    devUser,
    amplifyApi,
    async stop() {
      await amplifyApi.stop();
      await sts.stop();
    },
  };
}

export interface World {
  amplify: string;
  plugin: string;
  sandbox: Sandbox;
  services: Services;
  run(args: string[], options?: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<RunResult>;
  terminal(args: string[], cwd: string, env?: NodeJS.ProcessEnv): TerminalSession;
  cleanup(): void;
}

export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** npm's global package folder under `prefix` on this platform (`npm root -g`). */
function globalPackages(prefix: string): string {
  return process.platform === 'win32' ? path.join(prefix, 'node_modules') : path.join(prefix, 'lib', 'node_modules');
}

/**
 * The npm prefix that holds `plugin` as a global package, when it is one (scripts/pack-install.sh installs it so);
 * else the package is installed there now from the built checkout.
 */
function globalInstall(plugin: string, sandbox: Sandbox): string {
  const prefix = path.resolve(plugin, '..', '..', '..');
  if (path.basename(plugin) === 'amplify-aws-roles' && path.resolve(globalPackages(prefix), 'amplify-aws-roles') === path.resolve(plugin))
    return prefix;
  const own = sandbox.path('npm-global');
  const installed = execFileSync('bash', [path.join(ROOT, 'scripts', 'pack-install.sh'), own], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  if (path.resolve(installed) !== path.resolve(globalPackages(own), 'amplify-aws-roles'))
    throw new Error(`scripts/pack-install.sh installed into ${installed}, not into ${globalPackages(own)}.`);
  return own;
}

/** A new HOME with the user's profiles, and the plugin registered as `registration` says (`amplify`: another CLI). */
export async function makeWorld(services: Services, registration: Registration, options: { amplify?: string } = {}): Promise<World> {
  const amplify = options.amplify ?? (process.env.AMPLIFY_BIN || amplifyBin());
  const sandbox = makeSandbox({
    '.aws/credentials': `[devcorpuser]\naws_access_key_id = ${services.devUser.accessKeyId}\naws_secret_access_key = ${services.devUser.secretAccessKey}\n`,
  });
  let plugin = pluginDir();
  // npm's global folder as the CLI computes it: ~/.npmrc's prefix. Outside the global registration it is an empty
  // folder, so that a copy installed on this machine (/usr/lib/node_modules/amplify-aws-roles) is never scanned.
  const prefix = registration.global ? globalInstall(plugin, sandbox) : sandbox.path('npm-global-empty');
  fs.mkdirSync(globalPackages(prefix), { recursive: true });
  sandbox.write('.npmrc', `prefix=${prefix}\n`, 0o600);
  // The CLI prefers PREFIX to ~/.npmrc when it looks for npm's global folder.
  delete sandbox.env.PREFIX;
  if (registration.global) plugin = path.join(globalPackages(prefix), 'amplify-aws-roles');
  sandbox.write('.aws/config', USER_CONFIG, 0o600);
  Object.assign(sandbox.env, {
    AWS_ENDPOINT_URL: services.sts.url,
    AWS_ENDPOINT_URL_AMPLIFY: services.amplifyApi.url,
    AMPLIFY_CLI_ENABLE_USAGE_DATA: 'false',
    AMPLIFY_CLI_DISABLE_TELEMETRY: '1',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const terminals: TerminalSession[] = [];
  const world: World = {
    amplify,
    plugin,
    sandbox,
    services,
    run: (args, options = {}) =>
      runAmplify(amplify, args, {
        env: { ...sandbox.env, ...options.env },
        cwd: options.cwd ?? sandbox.home,
        timeoutMs: options.timeoutMs,
      }),
    terminal(args, cwd, env) {
      const session = startTerminal([amplify, ...args].map(shellQuote).join(' '), {
        env: { ...sandbox.env, ...env },
        cwd,
        width: 200,
        height: 60,
      });
      terminals.push(session);
      return session;
    },
    cleanup() {
      for (const session of terminals.splice(0)) session.kill();
      sandbox.cleanup();
    },
  };
  const added = await world.run(['plugin', 'add', plugin]);
  if (!added.text.includes('Successfully added plugin package.')) throw new Error(`amplify plugin add ${plugin} failed: ${added.text}`);
  if (registration.scan) {
    const scan = await world.run(['plugin', 'scan']);
    if (scan.code !== 0) throw new Error(`amplify plugin scan failed: ${scan.text}`);
  }
  return world;
}

export function awscloudformationPlugins(world: World): string[] {
  return pluginPlatform(world).plugins.awscloudformation.map((p) => p.packageName);
}

export function pluginPlatform(world: World): {
  plugins: Record<string, Array<{ packageName: string; packageLocation: string }>>;
  userAddedLocations: string[];
} {
  return JSON.parse(world.sandbox.read('.amplify/plugins.json'));
}

export { stripAnsi };

/** Waits for a list question on the screen, moves the cursor (❯) to the option shown as `option`, and picks it. */
export async function choose(session: TerminalSession, question: string, option: string, timeoutMs = 90000): Promise<string> {
  await session.waitFor(question, timeoutMs);
  for (let moves = 0; moves < 20; moves++) {
    const lines = stripAnsi(session.screen()).split('\n');
    const asked = lines.map((line) => line.includes(question)).lastIndexOf(true);
    const cursor = lines.slice(asked).find((line) => line.trimStart().startsWith('❯'));
    if (cursor !== undefined && cursor.trimStart().slice(1).trim() === option) {
      const screen = stripAnsi(session.screen());
      session.type('', true);
      return screen;
    }
    session.type('\x1b[B', false);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`"${option}" is not among the choices of "${question}":\n${stripAnsi(session.screen())}`);
}

/** `amplify init` in a terminal as a person answers it, up to choosing `profile` (the next thing asked is ours). */
export async function answerInitUpToProfile(session: TerminalSession, profile: string): Promise<void> {
  await session.waitFor('Do you want to continue with Amplify Gen 1?', 90000);
  session.type('y');
  await session.waitFor('Enter a name for the project', 60000);
  session.type('');
  await session.waitFor('Initialize the project with the above configuration?', 60000);
  session.type('Y');
  await choose(session, 'Select the authentication method you want to use', 'AWS profile');
  await choose(session, 'Please choose the profile you want to use', profile);
}
