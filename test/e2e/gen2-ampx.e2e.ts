/**
 * The road from Gen 1 to Gen 2 with the real `npx ampx` (@aws-amplify/backend-cli 1.10.0, installed by
 * scripts/install-ampx.sh): `ampx generate outputs --stack NAME` resolves credentials with the SDK's provider chain
 * (no MFA callback), then reads a deployed backend from CloudFormation (GetTemplateSummary, DescribeStacks) and writes
 * amplify_outputs.json, without deploying anything. The stack is in moto's CloudFormation, in the role's account;
 * STS is the strict stand-in in front of moto. MFA codes, from the walkthrough user's virtual device, are typed in a
 * real terminal (tmux), as a person types them; the stand-in's recording counts them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteWord } from '../../src/amplify/bridgeProfile';
import { runCli } from '../helpers/cli';
import { provisionWalkthrough, startStrictSts, type RecordedCall, type StrictSts, type Walkthrough } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { MFA_SERIAL, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';
import { ampxDir, ampxEnvironment, createBackendStack, EXPECTED_AMPLIFY_OUTPUTS, gen2Project } from './helpers/ampx';
import { runAmplify } from './helpers/amplifyCli';
import { pluginDir, shellQuote } from './helpers/world';

const STACK = 'amplify-bizcorpapp-main-branch-7d3f9a1c2b';
const PROMPT = 'MFA code for profile "bizcorprole"';
const CLOUDFORMATION_READS = ['GetTemplateSummary', 'DescribeStacks'];

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

describe('Amplify Gen 2: the real "npx ampx generate outputs" with an MFA role profile', () => {
  let sts: StrictSts & { walkthrough: Walkthrough };
  let ampx: string;
  // The command line as installed (CI installs the packed tarball), else this checkout's build.
  const bin = () => path.join(pluginDir(), 'dist', 'amplify-aws-roles.js');
  let terminal: TerminalSession | undefined;
  const cleanups: (() => void)[] = [];

  beforeAll(async () => {
    ampx = ampxDir();
    const server = await startStrictSts();
    sts = Object.assign(server, { walkthrough: await provisionWalkthrough(server) });
    await createBackendStack(sts.moto.url, STACK);
  }, 60000);
  afterAll(async () => sts?.stop());
  // A new virtual device per test: its codes are its own.
  beforeEach(async () => {
    await sts.walkthrough.renewDevice();
    await sts.resetRecording();
  });
  afterEach(() => {
    terminal?.kill();
    terminal = undefined;
    for (const cleanup of cleanups.splice(0)) cleanup();
  });

  /** A throwaway HOME with the walkthrough's profiles, every AWS endpoint at the stand-in (and moto behind it), and a Gen 2 app in it. */
  function world() {
    const sandbox = walkthroughSandbox({ sts });
    cleanups.push(() => sandbox.cleanup());
    // STS is at the stand-in already; every other service (CloudFormation here) too, so nothing can reach AWS.
    const env = ampxEnvironment({ ...sandbox.env, AWS_ENDPOINT_URL: sts.url });
    const app = gen2Project(sandbox.path('bizcorpapp'), ampx);
    const generate = (outDir: string, ...extra: string[]) => [
      'npx',
      'ampx',
      'generate',
      'outputs',
      '--stack',
      STACK,
      '--out-dir',
      outDir,
      ...extra,
    ];
    const expectWritten = (text: string, outDir: string) => {
      expect(text).toContain(`File written: ${outDir}/amplify_outputs.json`);
      expect(JSON.parse(fs.readFileSync(path.join(app, outDir, 'amplify_outputs.json'), 'utf8'))).toEqual(EXPECTED_AMPLIFY_OUTPUTS);
    };
    /** Runs `words` in a terminal and types the device's code at the MFA prompt, which must appear exactly once. */
    const typeCodeOnce = async (words: string[], cwd = app) => {
      terminal?.kill();
      terminal = startTerminal(words.map(shellQuote).join(' '), { env, cwd, width: 220, height: 60 });
      await terminal.waitFor(PROMPT, 60000);
      const typed = await sts.walkthrough.user.device.code();
      terminal.type(typed);
      expect(await terminal.exitCode(90000)).toBe(0);
      const screen = terminal.screen();
      expect(count(screen, PROMPT)).toBe(1);
      return { screen, typed };
    };
    /** Runs an ampx command without a terminal to ask on, so only cached credentials can serve it. */
    const generateFromCache = async (words: string[], outDir: string) => {
      const run = await runAmplify(words[0], words.slice(1), { env, cwd: app });
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      expectWritten(run.text, outDir);
    };
    /** The role's key as our cache holds it now (a cache hit: without a terminal a miss would fail). */
    const cachedKeyId = async (cwd = app) => {
      const printed = await runCli(['credentials', '--profile', 'bizcorprole'], { env, cwd });
      expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
      return JSON.parse(printed.stdout).AccessKeyId as string;
    };
    return { sandbox, env, app, generate, expectWritten, typeCodeOnce, generateFromCache, cachedKeyId };
  }

  /** What the stand-in recorded: the MFA codes that reached STS, the CloudFormation reads, and every action's name. */
  async function recorded(): Promise<{ codes: RecordedCall[]; reads: RecordedCall[]; actions: string[] }> {
    const requests = await sts.requests();
    return {
      codes: requests.filter((r) => r.params.TokenCode !== undefined),
      reads: requests.filter((r) => CLOUDFORMATION_READS.includes(r.action)),
      actions: [...new Set(requests.map((r) => r.action))].sort(),
    };
  }

  function expectSignedBy(reads: RecordedCall[], keyId: string) {
    expect(reads.map((r) => r.action)).toEqual(expect.arrayContaining(CLOUDFORMATION_READS));
    expect(keyId).toMatch(/^ASIA/);
    expect(reads.map((r) => r.accessKeyId)).toEqual(reads.map(() => keyId));
  }

  test("the raw role profile: ampx fails with the SDK's MFA sentence, before any AWS call", async () => {
    const { env, app, generate } = world();
    const [npx, ...args] = generate('out-raw');
    const run = await runAmplify(npx, args, { env: { ...env, AWS_PROFILE: 'bizcorprole' }, cwd: app });
    expect(run.code).toBe(1);
    expect(run.text).toContain('[InvalidCredentialError] Failed to load default AWS credentials');
    expect(run.text).toContain('Profile bizcorprole requires multi-factor authentication, but no MFA code callback was provided.');
    expect(fs.existsSync(path.join(app, 'out-raw'))).toBe(false);
    expect(await sts.requests()).toEqual([]);
  });

  test.each([
    ['exec', [] as string[]],
    ['exec --server', ['--server']],
  ])(
    "%s: one MFA code, typed before ampx starts; CloudFormation read with the role's key; the next run asks nothing",
    async (_mode, extra) => {
      const { generate, expectWritten, typeCodeOnce, generateFromCache, cachedKeyId } = world();
      const exec = [process.execPath, bin(), 'exec', '--profile', 'bizcorprole', ...extra, '--'];
      const { screen, typed } = await typeCodeOnce([...exec, ...generate('out-1')]);
      expectWritten(screen, 'out-1');
      await generateFromCache([...exec, ...generate('out-2')], 'out-2');

      const { codes, reads, actions } = await recorded();
      expect(codes).toHaveLength(1);
      expect(codes[0]).toMatchObject({
        action: 'AssumeRole',
        accessKeyId: sts.walkthrough.user.accessKeyId,
        params: { RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: typed },
      });
      expect(actions).toEqual(['AssumeRole', ...CLOUDFORMATION_READS].sort());
      expectSignedBy(reads, await cachedKeyId());
    },
  );

  test("the bridge of a Gen 1 project, written by configure-project: ampx --profile BRIDGE in the Gen 2 app uses that project's cache, one code in all", async () => {
    const { sandbox, generate, typeCodeOnce, generateFromCache, cachedKeyId } = world();
    // The Gen 1 project as `amplify init` left it; configure-project writes its bridge and asks the code to prove it.
    const gen1 = sandbox.project('myapp');
    fs.writeFileSync(
      path.join(gen1, 'amplify', '.config', 'local-env-info.json'),
      JSON.stringify({ projectPath: gen1, defaultEditor: 'code', envName: 'dev' }),
    );
    const { typed } = await typeCodeOnce([process.execPath, bin(), 'configure-project', '--profile', 'bizcorprole', '--yes'], gen1);
    const bridge = /^\[profile (amplify-aws-roles-myapp-[0-9a-f]{6}-bizcorprole)\]$/m.exec(sandbox.read('.aws/config'))?.[1];
    expect(bridge).toBeDefined();

    // From the Gen 2 app's folder, the Gen 1 project's cached credentials serve.
    await generateFromCache(generate('out-bridge', '--profile', bridge!), 'out-bridge');

    const { codes, reads, actions } = await recorded();
    expect(codes.map((r) => r.params.TokenCode)).toEqual([typed]);
    expect(actions).toEqual(['AssumeRole', 'GetCallerIdentity', ...CLOUDFORMATION_READS].sort());
    expectSignedBy(reads, await cachedKeyId(gen1));
  });

  test("a Gen 2 app's own bridge profile: the code is asked on the terminal from under ampx, once; the next run asks nothing", async () => {
    const { sandbox, generate, expectWritten, typeCodeOnce, generateFromCache, cachedKeyId } = world();
    const line = [process.execPath, bin(), 'credentials', '--profile=bizcorprole'].map(quoteWord).join(' ');
    fs.appendFileSync(sandbox.path('.aws/config'), `\n[profile bizcorprole-cached]\ncredential_process = ${line}\nregion = us-east-1\n`);

    const { screen, typed } = await typeCodeOnce(generate('out-1', '--profile', 'bizcorprole-cached'));
    expectWritten(screen, 'out-1');
    await generateFromCache(generate('out-2', '--profile', 'bizcorprole-cached'), 'out-2');

    const { codes, reads, actions } = await recorded();
    expect(codes.map((r) => r.params.TokenCode)).toEqual([typed]);
    expect(actions).toEqual(['AssumeRole', ...CLOUDFORMATION_READS].sort());
    expectSignedBy(reads, await cachedKeyId());
  });
});
