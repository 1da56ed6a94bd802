import * as fs from 'node:fs';
import * as path from 'node:path';
import { bridgeCommandLine, bridgeProfileName } from '../../../src/amplify/bridgeProfile';
import { BIN, ROOT, runCli } from '../../helpers/cli';
import { seedCache } from '../../helpers/seedCache';
import { walkthroughSandbox } from '../../helpers/walkthrough';

// Issue 23, item 1: inside an Amplify project, commands that take --profile work on the current environment's
// profile (the role profile behind our bridge, not the bridge itself) and say so in one line; --profile always
// wins; outside a project, AWS_PROFILE, then "default".
describe('the profile of the Amplify environment is the default inside a project', () => {
  const sandbox = walkthroughSandbox({
    extraConfig:
      '[default]\nregion = eu-west-1\n\n[profile other]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = devcorpuser\n',
  });
  const project = sandbox.project('myapp');
  const root = fs.realpathSync(project);
  const bridge = bridgeProfileName('myapp', 'bizcorprole', root);
  const WAY_OUT = ' (pass --profile NAME to use another)';
  const NOTE = `using profile "bizcorprole" of this project's environment "dev"${WAY_OUT}`;
  afterAll(() => sandbox.cleanup());

  function selectForDev(entry: Record<string, unknown>): void {
    fs.writeFileSync(
      path.join(project, 'amplify', '.config', 'local-env-info.json'),
      JSON.stringify({ projectPath: root, defaultEditor: 'code', envName: 'dev' }),
    );
    fs.writeFileSync(path.join(project, 'amplify', '.config', 'local-aws-info.json'), JSON.stringify({ dev: entry }, null, 2));
  }

  beforeAll(() => {
    // As `amplify init` leaves it: the environment selects our bridge, whose credential_process names the role profile.
    const line = bridgeCommandLine({ node: process.execPath, bin: BIN }, 'bizcorprole', root);
    fs.appendFileSync(
      sandbox.path('.aws/config'),
      `\n[profile ${bridge}]\n# managed by amplify-aws-roles\ncredential_process = ${line}\nregion = us-east-1\n`,
    );
    selectForDev({ configLevel: 'project', useProfile: true, profileName: bridge });
  });

  test('chain, config and credentials: the role profile behind the bridge, said in one line on stderr', async () => {
    const chain = await runCli(['chain', '--json'], { env: sandbox.env, cwd: path.join(project, 'amplify') });
    expect(chain.code).toBe(0);
    expect(JSON.parse(chain.stdout).profile).toBe('bizcorprole');
    expect(chain.stderr).toBe(`${NOTE}\n`);
    const config = await runCli(['config', '--json'], { env: sandbox.env, cwd: project });
    expect(JSON.parse(config.stdout).profile).toBe('bizcorprole');
    expect(config.stderr).toBe(`${NOTE}\n`);
    seedCache({ env: sandbox.env, project, profile: 'bizcorprole', accessKeyId: 'ASIAPROJECTPROFILE01' });
    const credentials = await runCli(['credentials'], { env: sandbox.env, cwd: project });
    expect(credentials.code).toBe(0);
    expect(JSON.parse(credentials.stdout).AccessKeyId).toBe('ASIAPROJECTPROFILE01');
    expect(credentials.stderr).toBe(`${NOTE}\n`);
  });

  test("exec runs the command with the project profile's credentials (from the project's cache)", async () => {
    seedCache({ env: sandbox.env, project, profile: 'bizcorprole', accessKeyId: 'ASIAPROJECTPROFILE02' });
    const result = await runCli(['exec', '--', process.execPath, '-e', 'console.log(process.env.AWS_ACCESS_KEY_ID)'], {
      env: sandbox.env,
      cwd: project,
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('ASIAPROJECTPROFILE02');
    expect(result.stderr).toBe(`${NOTE}\n`);
  });

  test('doctor names the environment in its first line and checks the role profile', async () => {
    const result = await runCli(['doctor', '--json'], { env: sandbox.env, cwd: project });
    const report = JSON.parse(result.stdout);
    expect(report.profile).toBe('bizcorprole');
    expect(report.checks.find((c: { id: string }) => c.id === 'profile').message).toMatch(
      /^Profile "bizcorprole" \(the profile of this project's environment "dev"\) is defined in /,
    );
    const text = await runCli(['doctor'], { env: sandbox.env, cwd: project });
    expect(text.stdout.split('\n')[0]).toBe('Checking profile "bizcorprole" (the profile of this project\'s environment "dev")');
  });

  test('--profile always wins, and nothing is said', async () => {
    const result = await runCli(['chain', '--json', '--profile', 'other'], { env: sandbox.env, cwd: project });
    expect(JSON.parse(result.stdout).profile).toBe('other');
    expect(result.stderr).toBe('');
  });

  test('inside the project AWS_PROFILE does not choose; the line says so and names the way out', async () => {
    const result = await runCli(['chain', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'other' }, cwd: project });
    expect(JSON.parse(result.stdout).profile).toBe('bizcorprole');
    expect(result.stderr).toBe(`using profile "bizcorprole" of this project's environment "dev", not AWS_PROFILE "other"${WAY_OUT}\n`);
    // AWS_PROFILE naming the environment's own profile is no news.
    const same = await runCli(['chain', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'bizcorprole' }, cwd: project });
    expect(same.stderr).toBe(`${NOTE}\n`);
  });

  test('the monorepo case as docs/exec.md and docs/profiles.md show it: the line on the page is the line printed', async () => {
    // `AWS_PROFILE=prod amplify-aws-roles exec -- cdk deploy` from a repository whose root is an Amplify project.
    seedCache({ env: sandbox.env, project, profile: 'bizcorprole', accessKeyId: 'ASIAPROJECTPROFILE03' });
    const result = await runCli(['exec', '--', process.execPath, '-e', ''], {
      env: { ...sandbox.env, AWS_PROFILE: 'prod' },
      cwd: path.join(project, 'amplify'),
    });
    const line = result.stderr.split('\n')[0];
    expect(line).toBe(`using profile "bizcorprole" of this project's environment "dev", not AWS_PROFILE "prod"${WAY_OUT}`);
    for (const page of ['docs/exec.md', 'docs/profiles.md']) {
      const text = fs.readFileSync(path.join(ROOT, page), 'utf8');
      expect([page, text.includes(`$ AWS_PROFILE=prod amplify-aws-roles exec -- cdk deploy\n${line}\n`)]).toEqual([page, true]);
    }
  });

  test('outside any project: AWS_PROFILE, then "default", as before, and nothing is said', async () => {
    const outside = sandbox.path('elsewhere');
    fs.mkdirSync(outside, { recursive: true });
    const withEnv = await runCli(['chain', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'other' }, cwd: outside });
    expect([JSON.parse(withEnv.stdout).profile, withEnv.stderr]).toEqual(['other', '']);
    const plain = await runCli(['config', '--json'], { env: sandbox.env, cwd: outside });
    expect([JSON.parse(plain.stdout).profile, plain.stderr]).toEqual(['default', '']);
  });

  test('an environment that selects a plain profile uses it; one without a named profile falls back to AWS_PROFILE', async () => {
    try {
      selectForDev({ configLevel: 'project', useProfile: true, profileName: 'devcorpuser' });
      const plain = await runCli(['chain', '--json'], { env: sandbox.env, cwd: project });
      expect([JSON.parse(plain.stdout).profile, plain.stderr]).toEqual([
        'devcorpuser',
        `using profile "devcorpuser" of this project's environment "dev"${WAY_OUT}\n`,
      ]);
      selectForDev({ configLevel: 'project', useProfile: false, accessKeyId: 'AKIAKEPTBYAMPLIFY001', region: 'us-east-1' });
      const keys = await runCli(['chain', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'other' }, cwd: project });
      expect([JSON.parse(keys.stdout).profile, keys.stderr]).toEqual(['other', '']);
    } finally {
      selectForDev({ configLevel: 'project', useProfile: true, profileName: bridge });
    }
  });

  test('a project whose local-aws-info.json is not JSON: one sentence naming the file, exit 1', async () => {
    const file = path.join(project, 'amplify', '.config', 'local-aws-info.json');
    const before = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, '{"dev": ');
      const result = await runCli(['chain'], { env: sandbox.env, cwd: project });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(
        `Error: ${path.join(root, 'amplify', '.config', 'local-aws-info.json')} is not valid JSON (Unexpected end of JSON input).`,
      );
    } finally {
      fs.writeFileSync(file, before);
    }
  });
});
