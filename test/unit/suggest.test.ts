import * as fs from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import type { AmplifyContext } from '../../src/plugin/amplifyContext';
import { runAmplifyCommand } from '../../src/plugin/executeAmplifyCommand';
import { closestName } from '../../src/suggest';
import { runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { walkthroughSandbox } from '../helpers/walkthrough';

// Issue 23, item 3: a mistyped profile, option or command name gets the one name it clearly meant; a mistyped
// source_profile is corrected, never created under the typo.
describe('closestName: only a clear winner', () => {
  test.each([
    ['bizcorprol', ['bizcorprole', 'devcorpuser', 'default'], 'bizcorprole'],
    ['devcorpusr', ['bizcorprole', 'devcorpuser'], 'devcorpuser'],
    ['BizCorpRole', ['bizcorprole', 'devcorpuser'], 'bizcorprole'],
    ['porfile', ['profile', 'project', 'json'], 'profile'],
    ['whoam', ['whoami', 'chain', 'cache'], 'whoami'],
    // Two neighbouring letters swapped count as one edit (the commonest slip in a short word).
    ['chian', ['chain', 'cache', 'config', 'exec'], 'chain'],
    ['cahce', ['chain', 'cache', 'config', 'exec'], 'cache'],
    ['exce', ['chain', 'cache', 'config', 'exec', 'keys'], 'exec'],
    ['bizcorprloe', ['bizcorprole', 'devcorpuser'], 'bizcorprole'],
    ['ba', ['ab', 'bc'], undefined],
    // Two names equally close, or nothing close enough: no guess.
    ['dev', ['dev1', 'dev2'], undefined],
    ['prod', ['bizcorprole', 'devcorpuser'], undefined],
    ['x', ['y', 'default'], undefined],
    ['', ['default'], undefined],
    ['same', ['same'], undefined],
  ])('%s among %j: %s', (typed, candidates, expected) => {
    expect(closestName(typed, candidates)).toBe(expected);
  });
});

describe('did you mean, in every message that names a missing profile, option or command', () => {
  const sandbox = walkthroughSandbox();
  afterAll(() => sandbox.cleanup());
  const config = () => sandbox.path('.aws/config');
  const credentials = () => sandbox.path('.aws/credentials');
  const firstLine = (text: string) => text.split('\n')[0];

  test('a mistyped --profile: the existing close name, for every command that resolves one', async () => {
    for (const args of [['chain'], ['credentials'], ['whoami'], ['exec'], ['console', '--print']]) {
      const result = await runCli([...args, '--profile', 'bizcorprol', ...(args[0] === 'exec' ? ['--', 'true'] : [])], {
        env: sandbox.env,
        cwd: sandbox.home,
      });
      expect([args[0], result.code, firstLine(result.stderr)]).toEqual([
        args[0],
        1,
        `Error: Profile "bizcorprol" was not found in ${config()} or ${credentials()}; did you mean "bizcorprole"?`,
      ]);
    }
    const far = await runCli(['chain', '--profile', 'production'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(far.stderr)).toBe(`Error: Profile "production" was not found in ${config()} or ${credentials()}.`);
  });

  test('a mistyped source_profile: correct it, never create it; the files stay as they were', async () => {
    const typo = walkthroughSandbox();
    try {
      typo.write('.aws/config', typo.read('.aws/config').replace('source_profile = devcorpuser', 'source_profile = devcorpusr'));
      const before = [typo.read('.aws/config'), typo.read('.aws/credentials')];
      const chain = await runCli(['chain', '--profile', 'bizcorprole'], { env: typo.env, cwd: typo.home });
      expect(chain.stderr).toBe(
        `Error: Profile "bizcorprole" (${typo.path('.aws/config')}, line 1) uses source_profile "devcorpusr", which does not exist; did you mean "devcorpuser"?\nChange source_profile to devcorpuser in profile "bizcorprole".\n`,
      );
      expect(chain.stderr).not.toMatch(/Add a \[devcorpusr\]/);
      const profiles = await runCli(['profiles'], { env: typo.env, cwd: typo.home });
      expect(profiles.stdout).toContain('incomplete (missing source profile "devcorpusr"; did you mean "devcorpuser"?)');
      const doctor = JSON.parse((await runCli(['doctor', '--profile', 'bizcorprole', '--json'], { env: typo.env, cwd: typo.home })).stdout);
      const check = doctor.checks.find((c: { id: string }) => c.id === 'source-profile');
      expect(check.message).toMatch(/names a profile that is not in .*; did you mean "devcorpuser"\?$/);
      expect(check.fix).toBe(`Change it to "source_profile = devcorpuser" under [profile bizcorprole] in ${typo.path('.aws/config')}.`);
      expect([typo.read('.aws/config'), typo.read('.aws/credentials')]).toEqual(before);
    } finally {
      typo.cleanup();
    }
  });

  test('doctor with a mistyped profile: the fix uses the close name, by whatever chose it', async () => {
    const byFlag = JSON.parse(
      (await runCli(['doctor', '--profile', 'bizcorprol', '--json'], { env: sandbox.env, cwd: sandbox.home })).stdout,
    );
    expect(byFlag.checks.find((c: { id: string }) => c.id === 'profile')).toMatchObject({
      status: 'fail',
      message: `Profile "bizcorprol" (chosen by --profile) is not defined in ${config()} or ${credentials()}; did you mean "bizcorprole"?`,
      fix: 'Use --profile bizcorprole.',
    });
    const byEnv = JSON.parse(
      (await runCli(['doctor', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'bizcorprol' }, cwd: sandbox.home })).stdout,
    );
    expect(byEnv.checks.find((c: { id: string }) => c.id === 'profile').fix).toBe('Use AWS_PROFILE=bizcorprole.');
  });

  test('keys and configure-project name the close profile too', async () => {
    const keys = await runCli(['keys', 'add', 'devcorpusr', '--stdin'], {
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'p' },
      cwd: sandbox.home,
      input: 'AKIAEXAMPLEEXAMPLE01\nsecret\n',
    });
    expect(firstLine(keys.stderr)).toBe(
      `Error: There is no profile "devcorpusr" in ${config()} or ${credentials()}; did you mean "devcorpuser"?`,
    );
    const project = sandbox.project('app');
    fs.writeFileSync(`${project}/amplify/.config/local-env-info.json`, JSON.stringify({ envName: 'dev' }));
    const configure = await runCli(['configure-project', '--profile', 'bizcorprol', '--yes'], { env: sandbox.env, cwd: project });
    expect(firstLine(configure.stderr)).toBe(
      `Error: There is no profile "bizcorprol" in ${config()} or ${credentials()}; did you mean "bizcorprole"?`,
    );
  });

  test('a mistyped option: the declared one it meant, or a --no- form; an unrelated word gets no guess', async () => {
    const profil = await runCli(['whoami', '--profil', 'bizcorprole'], { env: sandbox.env, cwd: sandbox.home });
    expect([profil.code, firstLine(profil.stderr)]).toEqual([
      2,
      'Error: Invalid arguments for "whoami": unknown option --profil (did you mean --profile?).',
    ]);
    const noCach = await runCli(['credentials', '--no-cach'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(noCach.stderr)).toBe(
      'Error: Invalid arguments for "credentials": unknown option --no-cach (did you mean --no-cache?).',
    );
    const unrelated = await runCli(['chain', '--verbose'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(unrelated.stderr)).toBe('Error: Invalid arguments for "chain": unknown option --verbose.');
  });

  test('a mistyped command or keys subcommand', async () => {
    const command = await runCli(['whoiam'], { env: sandbox.env, cwd: sandbox.home });
    expect([command.code, command.stderr]).toEqual([
      2,
      'Error: Unknown command "whoiam"; did you mean "whoami"?\nRun "amplify-aws-roles --help" to list the commands.\n',
    ]);
    const alias = await runCli(['role-consol'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(alias.stderr)).toBe('Error: Unknown command "role-consol"; did you mean "role-console"?');
    const swapped = await runCli(['chian'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(swapped.stderr)).toBe('Error: Unknown command "chian"; did you mean "chain"?');
    const swappedOption = await runCli(['chain', '--jsno'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(swappedOption.stderr)).toBe('Error: Invalid arguments for "chain": unknown option --jsno (did you mean --json?).');
    const nothing = await runCli(['deploy'], { env: sandbox.env, cwd: sandbox.home });
    expect(firstLine(nothing.stderr)).toBe('Error: Unknown command "deploy".');
    const sub = await runCli(['keys', 'lst'], { env: sandbox.env, cwd: sandbox.home });
    expect([sub.code, firstLine(sub.stderr)]).toEqual([2, 'Error: Unknown keys subcommand "lst"; did you mean "list"?']);
  });

  test('amplify aws <mistyped command> inside the Amplify CLI', async () => {
    const home = makeSandbox();
    try {
      let stderr = '';
      const sink = new Writable({ write: (chunk, _e, done) => ((stderr += chunk.toString()), done()) });
      const argv = ['/usr/bin/node', '/usr/bin/amplify', 'aws', 'whoaim'];
      const context = {
        input: { argv, plugin: 'aws', command: 'whoaim' },
        parameters: { argv, options: {} },
        amplify: {},
        print: { info: () => undefined },
        pluginPlatform: { plugins: {} },
        usageData: {},
      } as unknown as AmplifyContext;
      let exitCode = 0;
      await runAmplifyCommand(context, {
        io: () => ({ env: home.env, cwd: home.home, stdout: new PassThrough(), stderr: sink, stdin: new PassThrough() }),
        builtIn: () => undefined,
        setExitCode: (code) => (exitCode = code),
      });
      expect([exitCode, stderr]).toEqual([
        2,
        'Error: Unknown command "whoaim"; did you mean "whoami"?\nRun "amplify aws help" to list the commands.\n',
      ]);
    } finally {
      home.cleanup();
    }
  });
});
