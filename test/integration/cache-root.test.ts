import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { OWN_KEY, ProjectCacheStore } from '../../src/cache';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { resolveProfileCredentials } from '../../src/resolve';
import { childOutput } from '../helpers/child';
import { BIN, runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { useSts } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { EXTERNAL_ID, walkthroughSandbox } from '../helpers/walkthrough';

/** The walkthrough's role with an MFA session: one code per session, the role assumed from it. */
const SESSION_PROFILE = `[profile sessionrole]
role_arn = arn:aws:iam::123456789012:role/amplify-deployer
source_profile = devcorpuser
mfa_serial = arn:aws:iam::210987654321:mfa/dev-user
external_id = ${EXTERNAL_ID}
mfa_session_duration = 43200
`;

// The Amplify docs: "The temporary credentials are cached at ~/.amplify/awscloudformation/cache.json. You can remove
// all cached credentials by removing this file." Users (and their runbooks after a lost laptop) do exactly that.
describe('removing or emptying ~/.amplify/awscloudformation/cache.json removes every cached credential (strict STS, a terminal)', () => {
  // A new virtual device per test: its codes are its own.
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  let terminal: TerminalSession | undefined;
  afterEach(() => terminal?.kill());
  const calls = async (action: string) => (await sts.requests()).filter((r) => r.action === action);

  /** whoami in a real terminal: waits for the MFA prompt, types the code the device shows (returned), returns the screen. */
  async function resolveAtThePrompt(env: NodeJS.ProcessEnv, cwd: string, typed: string[] = []): Promise<string> {
    terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile bizcorprole`, { env, cwd });
    await terminal.waitFor(/MFA code for profile "bizcorprole" to assume arn:aws:iam::123456789012:role\/amplify-deployer/);
    const code = await sts.walkthrough.user.device.code();
    typed.push(code);
    terminal.type(code);
    const screen = await terminal.waitFor(/Source:\s+new credentials from STS/);
    expect(await terminal.exitCode()).toBe(0);
    terminal.kill();
    terminal = undefined;
    return screen;
  }

  test.each([
    // (force: the version before this one wrote no cache.json for a role without an MFA session at all.)
    ['removing cache.json', (file: string) => fs.rmSync(file, { force: true })],
    ['truncating cache.json to {}', (file: string) => fs.writeFileSync(file, '{}')],
  ])(
    '%s between two resolutions: the next one asks for a new code and calls AssumeRole',
    async (_how, reset) => {
      const sandbox = walkthroughSandbox({ sts });
      const project = sandbox.project('app');
      const cacheFile = path.join(sandbox.home, '.amplify', 'awscloudformation', 'cache.json');
      const typed: string[] = [];
      await resolveAtThePrompt(sandbox.env, project, typed);
      // Served from the cache: no terminal to ask in, no code given, no STS call.
      const cached = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: project });
      expect([cached.code, cached.stderr]).toEqual([0, '']);
      expect(await calls('AssumeRole')).toHaveLength(1);

      reset(cacheFile);
      const afterReset = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: project });
      expect(afterReset.code).not.toBe(0);
      expect(afterReset.stderr).toMatch(/needs an MFA code/);
      await resolveAtThePrompt(sandbox.env, project, typed);
      expect((await calls('AssumeRole')).map((c) => c.params.TokenCode)).toEqual(typed);
      // The entry of the first resolution went with the write that made the new generation.
      const cache = JSON.parse((await runCli(['cache', '--json'], { env: sandbox.env })).stdout);
      expect([cache.entries.length, cache.orphanedEntries]).toEqual([1, 0]);
      sandbox.cleanup();
    },
    60_000,
  );

  test('with an MFA session: removing cache.json removes the session and the role credentials; the next resolution asks the MFA code provider again', async () => {
    const sandbox = walkthroughSandbox({ sts, extraConfig: SESSION_PROFILE });
    const project = sandbox.project('app');
    const asked: string[] = [];
    const mfa = mfaCodeProvider(async (request) => (asked.push(request.profile), sts.walkthrough.user.device.code()), true);
    const resolve = () =>
      resolveProfileCredentials({
        env: sandbox.env,
        cwd: project,
        profile: 'sessionrole',
        mfa,
        stdin: new PassThrough(),
        stderr: new PassThrough(),
      });
    expect((await resolve()).fromCache).toBe(false);
    expect((await resolve()).fromCache).toBe(true);
    expect(asked).toHaveLength(1);
    fs.rmSync(path.join(sandbox.home, '.amplify', 'awscloudformation', 'cache.json'));
    expect((await resolve()).fromCache).toBe(false);
    expect(asked).toHaveLength(2);
    expect([(await calls('GetSessionToken')).length, (await calls('AssumeRole')).length]).toEqual([2, 2]);
    sandbox.cleanup();
  });

  test('upgrading from the layout without a generation: one new code per cached project, each first prompt saying why, once', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const [app, app2] = [sandbox.project('app'), sandbox.project('app2')];
    const typed: string[] = [];
    for (const project of [app, app2]) {
      typed.push(await sts.walkthrough.user.device.code());
      expect(
        (
          await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', typed[typed.length - 1]], {
            env: sandbox.env,
            cwd: project,
          })
        ).code,
      ).toBe(0);
    }
    // What the previous version left: version-1 buckets whose entries carry no generation, and no cache.json.
    const store = new ProjectCacheStore({ home: sandbox.home });
    for (const name of fs.readdirSync(store.projectsDir).filter((f) => f.endsWith('.json'))) {
      const file = path.join(store.projectsDir, name);
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      for (const profiles of Object.values<Record<string, { generation?: string }>>(data.projects))
        for (const entry of Object.values(profiles)) delete entry.generation;
      fs.writeFileSync(file, JSON.stringify({ ...data, version: 1 }, null, 2));
    }
    fs.rmSync(store.file, { force: true });
    const why = `The cached credentials for profile "bizcorprole" were stored by an earlier version of amplify-aws-roles, before ${store.file} became the root of its cache`;

    const screen = await resolveAtThePrompt(sandbox.env, app, typed);
    expect(screen.split(why)).toHaveLength(2);
    expect(screen.indexOf(why)).toBeLessThan(screen.indexOf('MFA code for profile'));
    const again = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: app });
    expect([again.code, again.stderr]).toEqual([0, '']);
    // The other project's entry waited for its own first prompt: without a terminal, the line comes with the error.
    const noTerminal = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: app2 });
    expect(noTerminal.code).not.toBe(0);
    expect(noTerminal.stderr.indexOf(why)).toBe(0);
    expect(noTerminal.stderr).toMatch(/needs an MFA code/);
    const screen2 = await resolveAtThePrompt(sandbox.env, app2, typed);
    expect(screen2.split(why)).toHaveLength(2);
    const again2 = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: app2 });
    expect([again2.code, again2.stderr]).toEqual([0, '']);
    expect((await calls('AssumeRole')).map((c) => c.params.TokenCode)).toEqual(typed);
    sandbox.cleanup();
  }, 90_000);
});

// Making the generation when cache.json is absent is a locked read-modify-write: processes racing to make it agree on one.
describe('the generation under concurrency', () => {
  const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'cache-resolver.js');
  const PROCESSES = 16;

  const runChild = (args: string[]) =>
    childOutput(spawn(process.execPath, [FIXTURE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] }), 30_000);

  function sandboxWithProjects(names: string[]) {
    return makeSandbox(Object.fromEntries(names.map((name) => [`${name}/amplify/.config/project-config.json`, '{}'])));
  }

  test(`${PROCESSES} processes on ${PROCESSES} cold projects with cache.json removed make one generation: every entry is served afterwards, the orphans are gone`, async () => {
    const names = Array.from({ length: PROCESSES }, (_, i) => `app-${i}`);
    const sandbox = sandboxWithProjects([...names, 'old']);
    const counter = sandbox.path('calls.txt');
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.put({ kind: 'project', root: fs.realpathSync(sandbox.path('old')) }, 'biz', {
      accessKeyId: 'ASIAOLD',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(Date.now() + 3600e3),
    });
    fs.rmSync(store.file);
    const results = await Promise.all(names.map((name) => runChild([sandbox.home, sandbox.path(name), 'biz', counter, '100'])));
    for (const r of results) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(PROCESSES);
    const generation = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation;
    expect(generation).toMatch(/^[0-9a-f]{32}$/);
    for (const [i, name] of names.entries()) {
      expect(store.get({ kind: 'project', root: fs.realpathSync(sandbox.path(name)) }, 'biz')).toMatchObject({
        generation,
        accessKeyId: JSON.parse(results[i].stdout).key,
      });
    }
    expect(store.layout().orphanedEntries).toBe(0);
    sandbox.cleanup();
  }, 60_000);

  test(`${PROCESSES} processes on one cold project with cache.json removed: one provider call, everyone gets its result`, async () => {
    const sandbox = sandboxWithProjects(['app']);
    const counter = sandbox.path('calls.txt');
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.put({ kind: 'project', root: fs.realpathSync(sandbox.path('app')) }, 'biz', {
      accessKeyId: 'ASIAOLD',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(Date.now() + 3600e3),
      roleArn: 'arn:aws:iam::1:role/r',
    });
    fs.rmSync(store.file);
    const results = await Promise.all(
      Array.from({ length: PROCESSES }, () => runChild([sandbox.home, sandbox.path('app'), 'biz', counter, '800'])),
    );
    for (const r of results) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
    const keys = new Set(results.map((r) => JSON.parse(r.stdout).key));
    expect([...keys]).toEqual([expect.not.stringMatching(/^ASIAOLD$/)]);
    sandbox.cleanup();
  }, 60_000);
});
