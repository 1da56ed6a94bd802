/**
 * The walkthrough in the real Amplify CLI 14.2.2, in three registrations (world.ts REGISTRATIONS: installed with
 * npm i -g after `plugin add` + `plugin scan`; a folder outside npm's global one after `plugin add`, and after a scan
 * too, which puts us before the built-in): `amplify init` choosing the role
 * profile (in a terminal, and headless), `amplify configure project` switching to a static profile and back, then push,
 * pull, env add, env checkout, env pull, status, reset-cache + push, a teammate's pull, delete, and `plugin remove`.
 * AWS is moto behind the strict STS stand-in (its recording shows which key signed each request; MFA codes come from
 * the user's virtual device, each accepted once); the Amplify service is the in-memory stand-in.
 * Every command's outcome is appended to .tmp/e2e-outcomes.json for the notes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { SIGNIN_TOKEN, standInFederation } from '../helpers/federation';
import type { TerminalSession } from '../helpers/tmux';
import type { RunResult } from './helpers/amplifyCli';
import type { RecordedCall } from '../helpers/sts';
import { runOurs } from './helpers/ourCli';
import { EXTERNAL_ID, initArgs, MFA_SERIAL, ROLE_ARN, USER_CONFIG } from './helpers/e2eProject';
import {
  answerInitUpToProfile,
  awscloudformationPlugins,
  choose,
  makeWorld,
  pluginPlatform,
  REGISTRATIONS,
  startServices,
  stripAnsi,
  type Order,
  type Registration,
  type Services,
  type World,
} from './helpers/world';

const MFA_PROMPT = 'MFA code for profile "bizcorprole"';
const NOT_VALID = 'Resolved credential object is not valid';
const OUTCOMES = path.join(ROOT, '.tmp', 'e2e-outcomes.json');

function localAwsInfo(root: string): Record<string, { profileName?: string }> {
  return JSON.parse(fs.readFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));
}

/** The bridge of project `projectName` in the config file (one per folder: the name holds a hash of it). */
function bridgeSection(config: string, projectName = 'app'): string | undefined {
  return new RegExp(`\\[profile (amplify-aws-roles-${projectName}-[0-9a-f]{6}-bizcorprole)\\]`).exec(config)?.[1];
}

interface Traffic {
  assumeRole: RecordedCall[];
  /** Keys that signed every other AWS request (moto and the Amplify stand-in). */
  signers: Set<string | undefined>;
  actions: string[];
}

let services: Services;
/** A code from Dev Corp's user's virtual MFA device that STS has not accepted yet. */
const code = () => services.devUser.device.code();

beforeAll(async () => {
  services = await startServices();
  fs.mkdirSync(path.dirname(OUTCOMES), { recursive: true });
});

afterAll(async () => {
  await services?.stop();
});

async function traffic(since: number): Promise<Traffic> {
  const calls = await services.sts.requests();
  const amplifyApi = services.amplifyApi.requests.slice(since);
  const others = calls.filter((c) => c.action !== 'AssumeRole');
  return {
    assumeRole: calls.filter((c) => c.action === 'AssumeRole'),
    signers: new Set([...others.map((c) => c.accessKeyId), ...amplifyApi.map((r) => r.accessKeyId)]),
    actions: [...others.map((c) => c.action || `${c.method} S3`), ...amplifyApi.map((r) => `Amplify ${r.operation}`)],
  };
}

function record(order: Order, command: string, outcome: Record<string, unknown>): void {
  const all = fs.existsSync(OUTCOMES) ? (JSON.parse(fs.readFileSync(OUTCOMES, 'utf8')) as unknown[]) : [];
  all.push({ order, command, ...outcome });
  fs.writeFileSync(OUTCOMES, JSON.stringify(all, null, 1));
}

function describeOrder(registration: Registration, ourPosition: 0 | 1): void {
  const order: Order = registration.name;
  describe(order, () => {
    let world: World;
    let app: string;
    let roleKey: string | undefined;
    let appId: string;

    /** Runs a command without a terminal and returns its result with the AWS traffic it caused. */
    async function headless(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult & Traffic> {
      await services.sts.resetRecording();
      const since = services.amplifyApi.requests.length;
      const result = await world.run(args, { cwd: options.cwd ?? app, env: options.env, timeoutMs: 180000 });
      const seen = await traffic(since);
      record(order, `amplify ${args.filter((a) => !a.startsWith('{')).join(' ')}`, {
        exit: result.code,
        mfaCodes: seen.assumeRole.length,
        assumeRole: seen.assumeRole.length,
        signers: [...seen.signers],
      });
      return { ...result, ...seen };
    }

    async function inTerminal(
      args: string[],
      drive: (session: TerminalSession) => Promise<void>,
      cwd = app,
    ): Promise<{ code: number; screen: string } & Traffic> {
      await services.sts.resetRecording();
      const since = services.amplifyApi.requests.length;
      const session = world.terminal(args, cwd);
      await drive(session);
      const code = await session.exitCode(180000);
      const screen = stripAnsi(session.screen());
      session.kill();
      const seen = await traffic(since);
      record(order, `amplify ${args.join(' ')} (terminal)`, {
        exit: code,
        mfaPrompts: screen.split(MFA_PROMPT).length - 1,
        assumeRole: seen.assumeRole.length,
        signers: [...seen.signers],
      });
      return { code, screen, ...seen };
    }

    /** Answers our MFA prompt, when the pane shows it, with the code the device shows; returns that code. */
    async function answerMfa(session: TerminalSession): Promise<string> {
      const screen = stripAnsi(await session.waitFor(MFA_PROMPT, 120000));
      const promptLine =
        screen
          .split('\n')
          .reverse()
          .find((line) => line.includes(MFA_PROMPT)) ?? '';
      expect(promptLine).toContain(`${MFA_PROMPT} to assume ${ROLE_ARN} (device ${MFA_SERIAL})`);
      const typed = await code();
      session.type(typed);
      return typed;
    }

    function expectRoleSigned(seen: Traffic): void {
      expect(seen.actions.length).toBeGreaterThan(0);
      expect(seen.signers.size).toBe(1);
      const [key] = [...seen.signers];
      expect(key).toMatch(/^ASIA/);
      expect(key).not.toBe(services.devUser.accessKeyId);
      if (roleKey) expect(key).toBe(roleKey);
    }

    beforeAll(async () => {
      world = await makeWorld(services, registration);
      app = world.sandbox.path('app');
      fs.mkdirSync(app);
      app = fs.realpathSync(app);
    });

    afterAll(() => world?.cleanup());

    test('the plugin platform lists both awscloudformation plugins in this order, and our doctor reports it', async () => {
      const expected = ['@aws-amplify/amplify-provider-awscloudformation', 'amplify-aws-roles'];
      expect(awscloudformationPlugins(world)).toEqual(ourPosition === 0 ? expected.reverse() : expected);
      // Installed with npm i -g, the plugin is found by the CLI's own scan of npm's global folder, which comes after
      // the CLI's folders: no user-added location, so no scan can put it first.
      const ours = pluginPlatform(world).plugins.awscloudformation.find((p) => p.packageName === 'amplify-aws-roles')!;
      expect(pluginPlatform(world).userAddedLocations.includes(ours.packageLocation)).toBe(!registration.global);
      // Our doctor reads the same file and says so: only the npm i -g registration stays after the built-in.
      const doctor = await runOurs(world, ['doctor', '--profile', 'devcorpuser', '--json']);
      const line = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; message: string }> }).checks.find(
        (c) => c.id === 'amplify-plugin',
      );
      expect(line?.status).toBe(registration.global ? 'pass' : 'warn');
      expect(line?.message).toContain(ours.packageLocation);
      if (!registration.global)
        expect(line?.message).toContain(ourPosition === 0 ? 'comes before the built-in provider' : 'the next "amplify plugin scan"');
    });

    test('1. amplify init in a terminal, choosing "bizcorprole": one MFA prompt, shown while it is answered; the root stack created with the role\'s key', async () => {
      let typed = '';
      const run = await inTerminal(['init'], async (session) => {
        await answerInitUpToProfile(session, 'bizcorprole');
        typed = await answerMfa(session);
        await session.waitFor('Help improve Amplify CLI', 120000);
        session.type('n');
      });
      expect(run.code).toBe(0);
      expect(run.screen).toContain('Your project has been successfully initialized and connected to the cloud!');
      expect(run.screen).not.toContain(NOT_VALID);
      expect(run.screen.split(MFA_PROMPT).length - 1).toBe(1);
      // STS: one AssumeRole, with the code typed, the external id, signed by the source profile's key.
      expect(run.assumeRole).toHaveLength(1);
      expect(run.assumeRole[0]).toMatchObject({
        accessKeyId: services.devUser.accessKeyId,
        params: expect.objectContaining({ RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: typed, ExternalId: EXTERNAL_ID }),
      });
      expect(run.actions).toEqual(expect.arrayContaining(['CreateStack', 'Amplify CreateApp', 'Amplify CreateBackendEnvironment']));
      expectRoleSigned(run);
      roleKey = [...run.signers][0];

      // The profile the user chose, read through a bridge we made and announced in one line.
      const config = world.sandbox.read('.aws/config');
      const bridge = bridgeSection(config);
      expect(bridge).toMatch(/^amplify-aws-roles-app-[0-9a-f]{6}-bizcorprole$/);
      expect(config.startsWith(USER_CONFIG)).toBe(true);
      expect(localAwsInfo(app).dev.profileName).toBe(bridge);
      expect(run.screen.replace(/\n/g, '')).toContain(
        `amplify-aws-roles: environment "dev" now reads profile "bizcorprole" through [profile ${bridge}]`,
      );

      // The cache entry is the new project's.
      const listed = JSON.parse((await runOurs(world, ['cache', '--json'])).stdout) as {
        entries: Array<{ scope: string; profile: string; accessKeyId: string }>;
      };
      expect(listed.entries).toEqual([
        expect.objectContaining({ scope: app, profile: 'bizcorprole', accessKeyId: `${roleKey!.slice(0, 4)}…${roleKey!.slice(-4)}` }),
      ]);
      appId = JSON.parse(fs.readFileSync(path.join(app, 'amplify', 'team-provider-info.json'), 'utf8')).dev.awscloudformation.AmplifyAppId;
      expect(appId).toMatch(/^d[0-9a-f]+$/);
    });

    test("1. amplify init headless (--providers ... --yes, the code from AMPLIFY_AWS_ROLES_MFA_CODE): one code, the role's key", async () => {
      const other = world.sandbox.path('app2');
      fs.mkdirSync(other);
      const given = await code();
      const run = await headless(initArgs('apptwo', 'bizcorprole'), { cwd: other, env: { AMPLIFY_AWS_ROLES_MFA_CODE: given } });
      expect(run.code).toBe(0);
      expect(run.text).not.toContain(NOT_VALID);
      expect(run.assumeRole.map((c) => c.params.TokenCode)).toEqual([given]);
      expect(run.actions).toContain('CreateStack');
      expect(run.signers.size).toBe(1);
      expect([...run.signers][0]).toMatch(/^ASIA/);
      expect([...run.signers][0]).not.toBe(roleKey);
      const bridge = bridgeSection(world.sandbox.read('.aws/config'), 'apptwo');
      expect(bridge).toBeDefined();
      expect(localAwsInfo(fs.realpathSync(other)).dev.profileName).toBe(bridge);
      // A folder outside npm's global one is told at init that scans put it first (README: install with npm i -g).
      expect(run.text.includes('"amplify env add" then cannot use a role profile')).toBe(!registration.global);
    });

    test('2. amplify configure project: to the static profile (the bridge goes) and back to "bizcorprole" (no new code)', async () => {
      const before = bridgeSection(world.sandbox.read('.aws/config'));
      const toStatic = await inTerminal(['configure', 'project'], (session) => chooseProjectProfile(session, 'devcorpuser'));
      expect(toStatic.code).toBe(0);
      expect(localAwsInfo(app).dev.profileName).toBe('devcorpuser');
      if (ourPosition === 1) {
        // Our configure ran after the built-in's: the bridge went at once.
        expect(toStatic.screen).toContain(`amplify-aws-roles: removed [profile ${before}]`);
        expect(world.sandbox.read('.aws/config')).not.toContain(`[profile ${before}]`);
      }
      // A static profile: the built-in signs with the user's key; the first command that loads us removes a bridge left over.
      const pull = await headless(['env', 'pull', '--yes']);
      expect(pull.code).toBe(0);
      expect(pull.signers).toEqual(new Set([services.devUser.accessKeyId]));
      expect(world.sandbox.read('.aws/config')).not.toContain(`[profile ${before}]`);

      const toRole = await inTerminal(['configure', 'project'], (session) => chooseProjectProfile(session, 'bizcorprole'));
      expect(toRole.code).toBe(0);
      expect(toRole.screen).not.toContain(MFA_PROMPT);
      const pulled = await inTerminal(['env', 'pull', '--yes'], async () => undefined);
      expect(pulled.code).toBe(0);
      expect(pulled.screen).toContain('Successfully pulled backend environment dev from the cloud.');
      expect(pulled.screen).not.toContain(MFA_PROMPT);
      expect(pulled.assumeRole).toEqual([]);
      expectRoleSigned(pulled);
      const bridge = bridgeSection(world.sandbox.read('.aws/config'));
      expect(bridge).toBe(before);
      expect(localAwsInfo(app).dev.profileName).toBe(bridge);
    });

    test("3. push, pull, env add, env checkout, env pull, status: no code asked, every request signed by the role's key", async () => {
      // When we come before the built-in (a folder added by hand, after a scan), nothing of ours runs in `env add`
      // before the built-in asks for credentials (no event before it; the last provider gets it): the environment's
      // own profile (the bridge, listed by the CLI's question) works; the raw role profile fails as without us (README).
      const envAddProfile = ourPosition === 1 ? 'bizcorprole' : localAwsInfo(app).dev.profileName!;
      if (ourPosition === 0) {
        const raw = await headless([
          'env',
          'add',
          '--envName',
          'raw',
          '--amplify',
          JSON.stringify({ envName: 'raw' }),
          '--providers',
          JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName: 'bizcorprole' } }),
          '--yes',
        ]);
        expect(raw.code).toBe(1);
        expect(raw.text).toContain(NOT_VALID);
        expect(raw.assumeRole).toEqual([]);
        await headless(['env', 'checkout', 'dev', '--yes']);
      }
      const expectations: Array<[string[], string]> = [
        [['push', '--yes'], 'No changes detected'],
        [['pull', '--yes'], 'Successfully pulled backend environment dev from the cloud.'],
        [
          [
            'env',
            'add',
            '--envName',
            'test',
            '--amplify',
            JSON.stringify({ envName: 'test' }),
            '--providers',
            JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName: envAddProfile } }),
            '--yes',
          ],
          'Initialized your environment successfully.',
        ],
        [['env', 'checkout', 'dev', '--yes'], 'Initialized your environment successfully.'],
        [['env', 'pull', '--yes'], 'Successfully pulled backend environment dev from the cloud.'],
        [['status'], 'Current Environment: dev'],
      ];
      for (const [args, expected] of expectations) {
        const run = await headless(args);
        expect({ args, code: run.code }).toEqual({ args, code: 0 });
        expect(run.text).toContain(expected);
        expect(run.text).not.toContain(NOT_VALID);
        expect(run.text).not.toContain('MFA code');
        expect(run.assumeRole).toEqual([]);
        if (run.actions.length > 0) expectRoleSigned(run);
        if (args[1] === 'add') expect(run.actions).toContain('CreateStack');
      }
      // The new environment chose the raw role profile too; it reads it through the same bridge.
      const info = localAwsInfo(app);
      expect(info.test.profileName).toBe(info.dev.profileName);
    });

    test("3. amplify aws reset-cache (our plugin chosen in the CLI's chooser), then push: one new code", async () => {
      const reset = await inTerminal(['aws', 'reset-cache'], async (session) => {
        await session.waitFor('Select the plugin module to execute', 90000);
        session.type('aws-roles', false);
        await session.waitFor(/❯ amplify-aws-roles/, 10000);
        session.type('');
      });
      expect(reset.code).toBe(0);
      expect(reset.screen).toContain(`Removed 1 cached credential entry for project ${app}.`);
      let typed = '';
      const push = await inTerminal(['push', '--yes'], async (session) => {
        typed = await answerMfa(session);
      });
      expect(push.code).toBe(0);
      expect(push.screen.split(MFA_PROMPT).length - 1).toBe(1);
      expect(push.assumeRole.map((c) => c.params.TokenCode)).toEqual([typed]);
      expect(push.signers.size).toBe(1);
      roleKey = [...push.signers][0];
      expect(roleKey).toMatch(/^ASIA/);
      expect(push.screen).not.toContain(NOT_VALID);
    });

    test("amplify aws exec (issue 14) inside the CLI: the command gets the role's cached credentials and its exit code is ours", async () => {
      const script =
        "const k = process.env.AWS_ACCESS_KEY_ID || ''; console.log('child key ' + k.slice(0, 4) + ' ' + (process.env.AWS_PROFILE === undefined) + ' ' + process.env.AWS_REGION); process.exit(3)";
      const run = await headless(['aws', 'exec', '--profile', 'bizcorprole', '--', process.execPath, '-e', script], {
        env: { AMPLIFY_AWS_ROLES_MFA_CODE: await code() },
      });
      expect(run.code).toBe(3);
      expect(run.text).toContain('child key ASIA true us-east-1');
      expect(run.text).not.toContain('MFA code');
      expect(run.assumeRole.length).toBeLessThanOrEqual(1);
    });

    test('amplify hooks (issue 25, review 8): a post-push hook, started after the plugin loaded, inherits neither unlocking variable; a pre-push hook starts before any plugin loads and inherits both (the limit docs/vault.md states)', async () => {
      const hooks = path.join(app, 'amplify', 'hooks');
      const seen = world.sandbox.path('hook-env');
      fs.mkdirSync(seen, { recursive: true });
      fs.mkdirSync(hooks, { recursive: true });
      const names = ['AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE', 'AMPLIFY_AWS_ROLES_MFA_CODE'];
      // Each hook records only whether the variables are there, never their values.
      for (const when of ['pre', 'post'])
        fs.writeFileSync(
          path.join(hooks, `${when}-push.js`),
          `require('fs').writeFileSync(${JSON.stringify(path.join(seen, `${when}.json`))}, JSON.stringify(${JSON.stringify(names)}.filter((n) => n in process.env)));\n`,
        );
      try {
        const run = await headless(['push', '--yes'], {
          env: { AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'e2e hook check, not a passphrase in use', AMPLIFY_AWS_ROLES_MFA_CODE: await code() },
        });
        expect(run.code).toBe(0);
        expect(run.assumeRole).toEqual([]);
        const found = (when: string) => JSON.parse(fs.readFileSync(path.join(seen, `${when}.json`), 'utf8'));
        expect(found('post')).toEqual([]);
        expect(found('pre')).toEqual(names);
      } finally {
        for (const when of ['pre', 'post']) fs.rmSync(path.join(hooks, `${when}-push.js`), { force: true });
      }
    });

    test("amplify aws role-console --print --amplify inside the CLI: the sign-in URL for this project's app, from the cached role credentials", async () => {
      const federation = await standInFederation();
      try {
        const run = await headless(['aws', 'role-console', '--profile', 'bizcorprole', '--print', '--amplify'], {
          env: { AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url },
        });
        expect(run.code).toBe(0);
        expect(run.assumeRole).toEqual([]);
        expect(federation.requests).toHaveLength(1);
        const session = JSON.parse(federation.requests[0].get('Session')!) as {
          sessionId: string;
          sessionKey: string;
          sessionToken: string;
        };
        expect(session.sessionId).toMatch(/^ASIA/);
        const printed = run.stdout.split('\n').filter((line) => line.startsWith(federation.url));
        expect(printed).toHaveLength(1);
        const url = new URL(printed[0]);
        expect(url.searchParams.get('Destination')).toBe(
          `https://us-east-1.console.aws.amazon.com/amplify/home?region=us-east-1#/${appId}`,
        );
        expect(url.searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);
        expect(run.text).not.toContain(session.sessionKey);
        expect(run.text).not.toContain(session.sessionToken);
      } finally {
        await federation.close();
      }
    });

    test('4. a teammate\'s checkout: amplify pull --appId ... --envName dev with "bizcorprole", one code', async () => {
      const given = await code();
      const teammate = world.sandbox.path('teammate');
      fs.mkdirSync(teammate);
      const run = await headless(
        [
          'pull',
          '--appId',
          appId,
          '--envName',
          'dev',
          '--amplify',
          JSON.stringify({ projectName: 'app', appId, envName: 'dev', defaultEditor: 'code' }),
          '--frontend',
          JSON.stringify({
            frontend: 'javascript',
            framework: 'none',
            config: {
              SourceDir: 'src',
              DistributionDir: 'dist',
              BuildCommand: 'npm run-script build',
              StartCommand: 'npm run-script start',
            },
          }),
          '--providers',
          JSON.stringify({ awscloudformation: { configLevel: 'project', useProfile: true, profileName: 'bizcorprole' } }),
          '--yes',
        ],
        { cwd: teammate, env: { AMPLIFY_AWS_ROLES_MFA_CODE: given } },
      );
      expect(run.code).toBe(0);
      expect(run.text).not.toContain(NOT_VALID);
      expect(run.assumeRole.map((c) => c.params.TokenCode)).toEqual([given]);
      expect(run.signers.size).toBe(1);
      expect([...run.signers][0]).toMatch(/^ASIA/);
      const root = fs.realpathSync(teammate);
      expect(bridgeSection(world.sandbox.read('.aws/config'))).toBeDefined();
      expect(localAwsInfo(root).dev.profileName).toMatch(/^amplify-aws-roles-app-[0-9a-f]{6}-bizcorprole$/);
      expect(localAwsInfo(root).dev.profileName).not.toBe(localAwsInfo(app).dev.profileName);
    });

    if (registration.global) {
      test('the built-in removed (README: "let our plugin stand in"): ours forwards to it, reset-cache needs no chooser; plugin add + scan undo it', async () => {
        const builtIn = pluginPlatform(world).plugins.awscloudformation.find(
          (p) => p.packageName === '@aws-amplify/amplify-provider-awscloudformation',
        )!.packageLocation;
        const removed = await inTerminal(['plugin', 'remove'], (session) =>
          removeProvider(session, '@aws-amplify/amplify-provider-awscloudformation@'),
        );
        expect(removed.code).toBe(0);
        expect(awscloudformationPlugins(world)).toEqual(['amplify-aws-roles']);
        const pull = await headless(['env', 'pull', '--yes']);
        expect(pull.code).toBe(0);
        expect(pull.text).toContain('Successfully pulled backend environment dev from the cloud.');
        expect(pull.assumeRole).toEqual([]);
        expectRoleSigned(pull);
        // Only ours declares reset-cache now: no chooser, so no terminal needed.
        const reset = await headless(['aws', 'reset-cache']);
        expect(reset.code).toBe(0);
        expect(reset.text).toContain(`Removed 1 cached credential entry for project ${app}.`);
        const given = await code();
        const push = await headless(['push', '--yes'], { env: { AMPLIFY_AWS_ROLES_MFA_CODE: given } });
        expect(push.code).toBe(0);
        expect(push.text).not.toContain(NOT_VALID);
        expect(push.assumeRole.map((c) => c.params.TokenCode)).toEqual([given]);
        expect(push.signers.size).toBe(1);
        roleKey = [...push.signers][0];
        expect(roleKey).toMatch(/^ASIA/);
        const readded = await headless(['plugin', 'add', builtIn]);
        expect(readded.text).toContain('Successfully added plugin package.');
        expect((await headless(['plugin', 'scan'])).code).toBe(0);
        expect(awscloudformationPlugins(world)).toEqual(['@aws-amplify/amplify-provider-awscloudformation', 'amplify-aws-roles']);
      });
    }

    test("3. amplify delete --force: the stacks and the app go, signed by the role's key, no code", async () => {
      const run = await headless(['delete', '--force']);
      expect(run.code).toBe(0);
      expect(run.text).not.toContain(NOT_VALID);
      expect(run.assumeRole).toEqual([]);
      expect(run.actions).toEqual(expect.arrayContaining(['DeleteStack', 'Amplify DeleteApp']));
      expectRoleSigned(run);
      expect(services.amplifyApi.apps.has(appId)).toBe(false);
    });

    test("5. amplify plugin remove: the user's config and a project with a static profile keep working", async () => {
      const removed = await inTerminal(['plugin', 'remove'], (session) => removeProvider(session, 'amplify-aws-roles@'));
      expect(removed.code).toBe(0);
      const platform = awscloudformationPlugins(world);
      expect(platform).toEqual(['@aws-amplify/amplify-provider-awscloudformation']);
      const staticApp = world.sandbox.path('static');
      fs.mkdirSync(staticApp);
      const init = await headless(initArgs('staticapp', 'devcorpuser'), { cwd: staticApp });
      expect(init.code).toBe(0);
      expect(init.signers).toEqual(new Set([services.devUser.accessKeyId]));
      expect(world.sandbox.read('.aws/config').startsWith(USER_CONFIG)).toBe(true);
    });
  });
}

/** `amplify configure project`'s questions, as a person answers them to select `profile` for the environment. */
async function chooseProjectProfile(session: TerminalSession, profile: string): Promise<void> {
  await choose(session, 'Which setting do you want to configure?', 'AWS Profile setting');
  await choose(session, 'Do you want to update or remove the project level AWS profile?', 'Update AWS Profile');
  await choose(session, 'Select the authentication method you want to use', 'AWS profile');
  await choose(session, 'Please choose the profile you want to use', profile);
}

/** `amplify plugin remove`'s questions: the two plugins named awscloudformation are one group; inside it, `label`; no new scan. */
async function removeProvider(session: TerminalSession, label: string): Promise<void> {
  await tick(session, 'Select the plugin packages to remove', 'awscloudformation >');
  await tick(session, 'Select the plugin packages to remove', label);
  await session.waitFor('Run a fresh scan for plugins', 60000);
  session.type('n');
}

/** In a checkbox list: moves to the option whose label starts with `label`, ticks it with space, confirms. */
async function tick(session: TerminalSession, question: string, label: string): Promise<void> {
  await session.waitFor(question, 90000);
  for (let moves = 0; moves < 80; moves++) {
    const lines = stripAnsi(session.screen()).split('\n');
    const asked = lines.map((line) => line.includes(question)).lastIndexOf(true);
    const cursor = lines.slice(asked).find((line) => line.trimStart().startsWith('❯'));
    if (cursor?.replace(/^\s*❯\s*◯?\s*/, '').startsWith(label)) {
      session.press('Space');
      await new Promise((resolve) => setTimeout(resolve, 300));
      session.press('Enter');
      await new Promise((resolve) => setTimeout(resolve, 500));
      return;
    }
    session.press('Down');
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`"${label}" is not among the choices of "${question}":\n${stripAnsi(session.screen())}`);
}

describeOrder(REGISTRATIONS.globalScan, 1);
describeOrder(REGISTRATIONS.folderAdd, 1);
describeOrder(REGISTRATIONS.folderScan, 0);
