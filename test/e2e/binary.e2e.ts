/**
 * The packaged Amplify CLI's code paths (issue 21, item 2). `npm i -g @aws-amplify/cli` installs a pkg-built
 * executable: `process.pkg` is set before the CLI's entry loads (isPackaged: its scan adds the folder the CLI's
 * packages are in), `process.execPath` is the executable itself, and the program that runs is not a script inside the
 * CLI's node_modules, so the built-in provider is found only through ~/.amplify/plugins.json. This smoke runs the real
 * CLI 14.2.2 that way (a launcher outside the CLI's folders sets process.pkg, execPath and the production entry's
 * environment, then loads the CLI's entry), with our plugin from npm's global folder: init with a role profile (one
 * code), `amplify aws doctor` (the takeover line), push, `amplify aws reset-cache`, env checkout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TerminalSession } from '../helpers/tmux';
import { initArgs, ROLE_ARN } from './helpers/e2eProject';
import { makeWorld, REGISTRATIONS, startServices, stripAnsi, type Services, type World } from './helpers/world';
import { amplifyBin } from './helpers/amplifyCli';

const NOT_VALID = 'Resolved credential object is not valid';

/** An `amplify` executable that runs the installed CLI as the pkg binary runs it. */
function packagedLauncher(dir: string, cliBin: string): string {
  const entry = fs.realpathSync(cliBin);
  const launcher = path.join(dir, 'amplify-packaged.js');
  const executable = path.join(dir, 'amplify');
  fs.writeFileSync(
    launcher,
    [
      '// What pkg sets up before the entry runs: process.pkg, and execPath naming the executable, not node.',
      `process.pkg = { entrypoint: ${JSON.stringify(entry)}, defaultEntrypoint: ${JSON.stringify(entry)} };`,
      `process.execPath = ${JSON.stringify(executable)};`,
      '// bin/amplify.production.template, which the binary is built from.',
      "process.env.CLI_ENV = 'production';",
      "process.env.AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE = '1';",
      `require(${JSON.stringify(path.join(path.dirname(entry), '..', 'lib', 'index.js'))}).run(Date.now());`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(executable, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(launcher)} "$@"\n`, { mode: 0o755 });
  return executable;
}

describe("the packaged Amplify CLI (process.pkg set, built-in found through plugins.json, our plugin from npm's global folder)", () => {
  let services: Services;
  let world: World;
  let launcherDir: string;
  let app: string;

  beforeAll(async () => {
    services = await startServices();
    launcherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-pkg-cli-'));
    world = await makeWorld(services, REGISTRATIONS.globalScan, {
      amplify: packagedLauncher(launcherDir, process.env.AMPLIFY_BIN || amplifyBin()),
    });
    app = world.sandbox.path('app');
    fs.mkdirSync(app);
    app = fs.realpathSync(app);
  });

  afterAll(async () => {
    world?.cleanup();
    if (launcherDir) fs.rmSync(launcherDir, { recursive: true, force: true });
    await services?.stop();
  });

  async function headless(args: string[], env: NodeJS.ProcessEnv = {}) {
    await services.sts.resetRecording();
    const since = services.amplifyApi.requests.length;
    const result = await world.run(args, { cwd: app, env, timeoutMs: 180000 });
    const calls = await services.sts.requests();
    const signers = new Set([
      ...calls.filter((c) => c.action !== 'AssumeRole').map((c) => c.accessKeyId),
      ...services.amplifyApi.requests.slice(since).map((r) => r.accessKeyId),
    ]);
    return { ...result, assumeRole: calls.filter((c) => c.action === 'AssumeRole'), actions: calls.map((c) => c.action), signers };
  }

  test("the plugin platform of the packaged CLI: built-in from the CLI's own folder, ours from npm's global folder, after it", () => {
    const platform = JSON.parse(world.sandbox.read('.amplify/plugins.json')) as {
      plugins: Record<string, Array<{ packageName: string; packageLocation: string }>>;
      pluginDirectories: string[];
    };
    expect(platform.pluginDirectories).toContain('packaged-node-modules');
    const providers = platform.plugins.awscloudformation;
    expect(providers.map((p) => p.packageName)).toEqual(['@aws-amplify/amplify-provider-awscloudformation', 'amplify-aws-roles']);
    expect(
      providers[0].packageLocation.startsWith(
        path.dirname(path.dirname(path.dirname(fs.realpathSync(process.env.AMPLIFY_BIN || amplifyBin())))),
      ),
    ).toBe(true);
    expect(providers[1].packageLocation).toBe(world.plugin);
  });

  test("init with the role profile: one code, the stack and the app made with the role's key", async () => {
    const given = await services.devUser.device.code();
    const run = await headless(initArgs('app'), { AMPLIFY_AWS_ROLES_MFA_CODE: given });
    expect({ code: run.code, text: run.code === 0 ? '' : run.text }).toEqual({ code: 0, text: '' });
    expect(run.text).not.toContain(NOT_VALID);
    expect(run.assumeRole).toHaveLength(1);
    expect(run.assumeRole[0]).toMatchObject({
      accessKeyId: services.devUser.accessKeyId,
      params: expect.objectContaining({ RoleArn: ROLE_ARN, TokenCode: given }),
    });
    expect(run.actions).toContain('CreateStack');
    expect(run.signers.size).toBe(1);
    expect([...run.signers][0]).toMatch(/^ASIA/);
    // The bridge runs node from PATH, not the packaged executable (which would run the CLI, not our script).
    const bridge = /\[profile amplify-aws-roles-app-[0-9a-f]{6}-bizcorprole\]\n[^[]*credential_process = (\S+)/.exec(
      world.sandbox.read('.aws/config'),
    );
    expect(bridge?.[1]).toBeDefined();
    expect(bridge![1]).not.toContain(launcherDir);
    expect(path.basename(bridge![1].replace(/'/g, ''))).toBe('node');
  });

  test("amplify aws doctor inside the packaged CLI: the takeover is installed, on the built-in's version and file", async () => {
    const run = await headless(['aws', 'doctor', '--profile', 'bizcorprole', '--json']);
    const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
      checks: Array<{ id: string; status: string; message: string }>;
    };
    const line = report.checks.find((c) => c.id === 'takeover');
    const provider = JSON.parse(world.sandbox.read('.amplify/plugins.json')).plugins.awscloudformation[0] as {
      packageLocation: string;
      packageVersion: string;
    };
    expect(line).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        `@aws-amplify/amplify-provider-awscloudformation ${provider.packageVersion} (${path.join(provider.packageLocation, 'lib', 'system-config-manager.js')})`,
      ),
    });
  });

  test("push: no code, the role's key", async () => {
    const run = await headless(['push', '--yes']);
    expect(run.code).toBe(0);
    expect(run.text).not.toContain(NOT_VALID);
    expect(run.assumeRole).toEqual([]);
    expect([...run.signers].every((k) => k?.startsWith('ASIA'))).toBe(true);
  });

  test('amplify aws reset-cache (our plugin chosen), then env checkout: one new code', async () => {
    const session: TerminalSession = world.terminal(['aws', 'reset-cache'], app);
    await session.waitFor('Select the plugin module to execute', 90000);
    session.type('aws-roles', false);
    await session.waitFor(/❯ amplify-aws-roles/, 10000);
    session.type('');
    expect(await session.exitCode(90000)).toBe(0);
    expect(stripAnsi(session.screen())).toContain(`Removed 1 cached credential entry for project ${app}.`);
    session.kill();
    const given = await services.devUser.device.code();
    const run = await headless(['env', 'checkout', 'dev', '--yes'], { AMPLIFY_AWS_ROLES_MFA_CODE: given });
    expect(run.code).toBe(0);
    expect(run.text).toContain('Initialized your environment successfully.');
    expect(run.assumeRole.map((c) => c.params.TokenCode)).toEqual([given]);
    expect([...run.signers].every((k) => k?.startsWith('ASIA'))).toBe(true);
  });
});
