/**
 * What an end-to-end test stands in: moto for every AWS service but Amplify, the in-memory Amplify API stand-in, a
 * throwaway HOME with the walkthrough's profiles, and the real Amplify CLI with our plugin registered in one order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';
import { startMoto, type MotoServer } from '../../helpers/moto';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { startTerminal, type TerminalSession } from '../../helpers/tmux';
import { amplifyBin, runAmplify, stripAnsi, type RunResult } from './amplifyCli';
import { startAmplifyService, type AmplifyServiceStandIn } from './amplifyService';
import { DEV_KEY_ID, USER_CONFIG } from './e2eProject';

export type Order = 'after "amplify plugin add"' | 'after "amplify plugin scan"';

/**
 * The plugin folder registered with `amplify plugin add`: the copy installed from the packed tarball when CI made one
 * (AMPLIFY_AWS_ROLES_PLUGIN_DIR, as users install it), else this checkout.
 */
export function pluginDir(env: NodeJS.ProcessEnv = process.env): string {
  const installed = env.AMPLIFY_AWS_ROLES_PLUGIN_DIR;
  if (installed) {
    if (!fs.existsSync(path.join(installed, 'amplify-plugin.json'))) throw new Error(`AMPLIFY_AWS_ROLES_PLUGIN_DIR=${installed} holds no amplify-plugin.json.`);
    return installed;
  }
  for (const built of ['dist/src/amplify/index.js', 'dist/amplify-aws-roles.js']) {
    if (!fs.existsSync(path.join(ROOT, built))) throw new Error(`${built} is missing: run "npm run build" before the end-to-end tests.`);
  }
  return ROOT;
}

export interface Services {
  moto: MotoServer;
  amplifyApi: AmplifyServiceStandIn;
  stop(): Promise<void>;
}

export async function startServices(): Promise<Services> {
  const moto = await startMoto();
  const amplifyApi = await startAmplifyService();
  return {
    moto,
    amplifyApi,
    async stop() {
      await amplifyApi.stop();
      await moto.stop();
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

/** A new HOME with the user's profiles, and the plugin registered in the given order. */
export async function makeWorld(services: Services, order: Order): Promise<World> {
  const amplify = process.env.AMPLIFY_BIN || amplifyBin();
  const plugin = pluginDir();
  const sandbox = makeSandbox({ '.aws/credentials': `[devcorpuser]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = e2e-dev-secret-not-printed\n` });
  sandbox.write('.aws/config', USER_CONFIG, 0o600);
  Object.assign(sandbox.env, {
    AWS_ENDPOINT_URL: services.moto.url,
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
    run: (args, options = {}) => runAmplify(amplify, args, { env: { ...sandbox.env, ...options.env }, cwd: options.cwd ?? sandbox.home, timeoutMs: options.timeoutMs }),
    terminal(args, cwd, env) {
      const session = startTerminal([amplify, ...args].map(shellQuote).join(' '), { env: { ...sandbox.env, ...env }, cwd, width: 200, height: 60 });
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
  if (order === 'after "amplify plugin scan"') {
    const scan = await world.run(['plugin', 'scan']);
    if (scan.code !== 0) throw new Error(`amplify plugin scan failed: ${scan.text}`);
  }
  return world;
}

export function awscloudformationPlugins(world: World): string[] {
  const platform = JSON.parse(world.sandbox.read('.amplify/plugins.json')) as { plugins: Record<string, Array<{ packageName: string }>> };
  return platform.plugins.awscloudformation.map((p) => p.packageName);
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
