/**
 * The version matrix (issue 21, item 3): the same smoke against Amplify CLIs other than the suite's 14.2.2 —
 * `@aws-amplify/cli-internal` 11.1.0 (provider 8.1.0, AWS SDK v2: our takeover hands back the flat object it builds
 * its clients from) and 14.2.2 with the CLI 14.5 line's provider 8.11.19 put in its place (its Gen 1 new-customer
 * check, item 4). Each: headless `amplify init` with the MFA role profile (one code), push, env checkout, then
 * `amplify aws reset-cache` and push (one new code). Installed by scripts/install-amplify-cli.sh --version=11.1.0 and
 * scripts/install-amplify-cli-with-provider.sh 8.11.19 (`npm run test:e2e:matrix` does both); outcomes are appended
 * to .tmp/matrix-outcomes.json for the README and the notes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';
import { initArgs, ROLE_ARN } from '../helpers/e2eProject';
import { makeWorld, REGISTRATIONS, startServices, stripAnsi, type Services, type World } from '../helpers/world';

const NOT_VALID = 'Resolved credential object is not valid';
const GEN1_SENTENCE = 'AWS Amplify Gen 1 has entered maintenance mode and will no longer accept new customers';
const OUTCOMES = path.join(ROOT, '.tmp', 'matrix-outcomes.json');
const CACHE = path.join(os.userInfo().homedir, '.cache', 'amplify-aws-roles');

interface CliUnderTest {
  name: string;
  bin: string;
  provider: string;
  /** The provider refuses init in an account without a Gen 1 app (CLI 14.5 line). */
  gen1Check: boolean;
  /** Its provider builds AWS SDK v2 clients, which read no AWS_ENDPOINT_URL (helpers/sdkV2Endpoints.js). */
  sdkV2: boolean;
}

const CLIS: CliUnderTest[] = [
  {
    name: 'CLI 11.1.0 (provider 8.1.0, AWS SDK v2)',
    bin: process.env.AMPLIFY_BIN_11 || path.join(CACHE, 'amplify-cli-11.1.0', 'node_modules', '.bin', 'amplify'),
    provider: '8.1.0',
    gen1Check: false,
    sdkV2: true,
  },
  {
    name: "CLI 14.2.2 with provider 8.11.19 (the CLI 14.5 line's)",
    bin:
      process.env.AMPLIFY_BIN_14_PROVIDER_8_11_19 ||
      path.join(CACHE, 'amplify-cli-14.2.2-provider-8.11.19', 'node_modules', '.bin', 'amplify'),
    provider: '8.11.19',
    gen1Check: true,
    sdkV2: false,
  },
];

function record(cli: string, command: string, outcome: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(OUTCOMES), { recursive: true });
  const all = fs.existsSync(OUTCOMES) ? (JSON.parse(fs.readFileSync(OUTCOMES, 'utf8')) as unknown[]) : [];
  all.push({ at: new Date().toISOString(), cli, command, ...outcome });
  fs.writeFileSync(OUTCOMES, JSON.stringify(all, null, 1));
}

describe.each(CLIS)('$name', (cli) => {
  let services: Services;
  let world: World;
  let app: string;
  let roleKey: string | undefined;

  beforeAll(async () => {
    if (!fs.existsSync(cli.bin))
      throw new Error(`${cli.name} is not installed at ${cli.bin}: run "npm run test:e2e:matrix" (it installs it), or set the path.`);
    services = await startServices();
    world = await makeWorld(services, REGISTRATIONS.globalScan, { amplify: cli.bin });
    if (cli.sdkV2) {
      world.sandbox.env.NODE_OPTIONS = `--require ${path.join(__dirname, '..', 'helpers', 'sdkV2Endpoints.js')}`;
      world.sandbox.env.AWS_AMPLIFY_ENDPOINT = services.amplifyApi.url;
    }
    app = world.sandbox.path('app');
    fs.mkdirSync(app);
    app = fs.realpathSync(app);
  });

  afterAll(async () => {
    world?.cleanup();
    await services?.stop();
  });

  async function headless(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    await services.sts.resetRecording();
    const since = services.amplifyApi.requests.length;
    const result = await world.run(args, { cwd: options.cwd ?? app, env: options.env, timeoutMs: 180000 });
    const calls = await services.sts.requests();
    const others = calls.filter((c) => c.action !== 'AssumeRole');
    const signers = new Set([...others.map((c) => c.accessKeyId), ...services.amplifyApi.requests.slice(since).map((r) => r.accessKeyId)]);
    const assumeRole = calls.filter((c) => c.action === 'AssumeRole');
    record(cli.name, command, {
      exit: result.code,
      assumeRole: assumeRole.length,
      signers: [...signers],
      requests: others.length + services.amplifyApi.requests.length - since,
    });
    return { ...result, assumeRole, actions: others.map((c) => c.action || `${c.method} S3`), signers };
  }

  function expectRoleSigned(run: { signers: Set<string | undefined>; actions: string[] }): void {
    expect(run.signers.size).toBe(1);
    const [key] = [...run.signers];
    expect(key).toMatch(/^ASIA/);
    if (roleKey) expect(key).toBe(roleKey);
  }

  test('the CLI runs the provider version under test; ours is registered after it', async () => {
    const platform = JSON.parse(world.sandbox.read('.amplify/plugins.json')) as {
      plugins: Record<string, Array<{ packageName: string; packageVersion: string }>>;
    };
    expect(platform.plugins.awscloudformation.map((p) => `${p.packageName}@${p.packageVersion}`)).toEqual([
      `@aws-amplify/amplify-provider-awscloudformation@${cli.provider}`,
      expect.stringMatching(/^amplify-aws-roles@/),
    ]);
  });

  if (cli.gen1Check) {
    test("an account with no Gen 1 app: init stops with the CLI's sentence and one line of ours about the role's account; nothing is created", async () => {
      try {
        const fresh = world.sandbox.path('newcustomer');
        fs.mkdirSync(fresh);
        const run = await headless('init (no Gen 1 app in the account)', initArgs('newcustomer'), {
          cwd: fresh,
          env: { AMPLIFY_AWS_ROLES_MFA_CODE: await services.devUser.device.code() },
        });
        expect(run.code).not.toBe(0);
        expect(run.text).toContain(GEN1_SENTENCE);
        const ours = run.text.split('\n').filter((line) => line.startsWith('amplify-aws-roles: '));
        expect(ours).toEqual([
          `amplify-aws-roles: account 123456789012, the one role ${ROLE_ARN} belongs to, has no Gen 1 app with a backend environment yet, so this CLI will not create one there; "amplify pull --appId APP_ID --envName ENV" of an app that exists there still works.`,
        ]);
        expect(run.text.indexOf(ours[0])).toBeGreaterThan(run.text.indexOf(GEN1_SENTENCE));
        // The CLI asked with the role's credentials (our takeover), and made nothing.
        expect(run.assumeRole).toHaveLength(1);
        expect(services.amplifyApi.requests.filter((r) => r.operation === 'ListApps').pop()?.accessKeyId).toMatch(/^ASIA/);
        expect(run.actions).not.toContain('CreateStack');
        expect(services.amplifyApi.apps.size).toBe(0);
      } finally {
        // Biz Corp's account has deployed with Gen 1 before: from here on the CLI accepts init.
        services.amplifyApi.seedGen1App('shop', 'prod');
      }
    });
  }

  test("init with the MFA role profile (headless, one code): the root stack made with the role's key", async () => {
    const given = await services.devUser.device.code();
    const run = await headless('init', initArgs('app'), { env: { AMPLIFY_AWS_ROLES_MFA_CODE: given } });
    expect({ code: run.code, text: run.code === 0 ? '' : run.text }).toEqual({ code: 0, text: '' });
    expect(run.text).not.toContain(NOT_VALID);
    expect(run.assumeRole).toHaveLength(1);
    expect(run.assumeRole[0]).toMatchObject({
      accessKeyId: services.devUser.accessKeyId,
      params: expect.objectContaining({ RoleArn: ROLE_ARN, TokenCode: given }),
    });
    expect(run.actions).toContain('CreateStack');
    expectRoleSigned(run);
    roleKey = [...run.signers][0];
  });

  test("push: no code, the role's key", async () => {
    const run = await headless('push', ['push', '--yes']);
    expect({ code: run.code, text: run.code === 0 ? '' : run.text }).toEqual({ code: 0, text: '' });
    expect(run.assumeRole).toEqual([]);
    if (run.actions.length > 0) expectRoleSigned(run);
  });

  test("env checkout: no code, the role's key", async () => {
    const run = await headless('env checkout', ['env', 'checkout', 'dev', '--yes']);
    expect({ code: run.code, text: run.code === 0 ? '' : run.text }).toEqual({ code: 0, text: '' });
    expect(run.text).not.toContain(NOT_VALID);
    expect(run.assumeRole).toEqual([]);
    if (run.actions.length > 0) expectRoleSigned(run);
  });

  test('amplify aws reset-cache (our plugin chosen), then push: one new code', async () => {
    const session = world.terminal(['aws', 'reset-cache'], app);
    try {
      await session.waitFor('Select the plugin module to execute', 90000);
      session.type('aws-roles', false);
      await session.waitFor(/❯ amplify-aws-roles/, 10000);
      session.type('');
      const code = await session.exitCode(90000);
      const screen = stripAnsi(session.screen());
      record(cli.name, 'aws reset-cache (terminal)', { exit: code });
      expect(code).toBe(0);
      expect(screen).toContain(`Removed 1 cached credential entry for project ${app}.`);
    } finally {
      session.kill();
    }
    const given = await services.devUser.device.code();
    const run = await headless('push after reset-cache', ['push', '--yes'], { env: { AMPLIFY_AWS_ROLES_MFA_CODE: given } });
    expect({ code: run.code, text: run.code === 0 ? '' : run.text }).toEqual({ code: 0, text: '' });
    expect(run.assumeRole.map((c) => c.params.TokenCode)).toEqual([given]);
  });
});
