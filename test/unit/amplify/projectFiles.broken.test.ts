import * as fs from 'node:fs';
import * as path from 'node:path';
import { bridgeCommandLine, bridgeProfileName } from '../../../src/amplify/bridgeProfile';
import { BIN, runCli } from '../../helpers/cli';
import { walkthroughSandbox } from '../../helpers/walkthrough';

// Review of issue 23, finding 4: since commands read the project's environment to choose their profile, a truncated
// or empty amplify/.config/local-env-info.json or local-aws-info.json (a crash, a bad merge) must not leave the user
// stuck: a command without --profile fails with one sentence naming the file and the way round it (--profile), and
// `doctor` reports the file as a failing check, then checks AWS_PROFILE (else "default") as it would outside a project.
describe('a broken local-env-info.json or local-aws-info.json', () => {
  const sandbox = walkthroughSandbox({
    extraConfig: '[profile other]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = devcorpuser\nregion = us-east-1\n',
  });
  // doctor's two online checks get a refused connection, never a real endpoint.
  sandbox.env.AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9';
  const project = sandbox.project('myapp');
  const root = fs.realpathSync(project);
  const configDir = path.join(root, 'amplify', '.config');
  const bridge = bridgeProfileName('myapp', 'bizcorprole', root);
  const good = {
    'local-env-info.json': JSON.stringify({ projectPath: root, defaultEditor: 'code', envName: 'dev' }),
    'local-aws-info.json': JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName: bridge } }, null, 2),
  };
  const FIX = {
    'local-env-info.json': 'Run "amplify env checkout ENV" to write it again, or pass --profile NAME.',
    'local-aws-info.json': 'Fix or delete that file ("amplify configure project" writes it again), or pass --profile NAME.',
  };
  afterAll(() => sandbox.cleanup());
  beforeAll(() => {
    const line = bridgeCommandLine({ node: process.execPath, bin: BIN }, 'bizcorprole', root);
    fs.appendFileSync(
      sandbox.path('.aws/config'),
      `\n[profile ${bridge}]\n# managed by amplify-aws-roles\ncredential_process = ${line}\nregion = us-east-1\n`,
    );
  });
  beforeEach(() => {
    for (const [name, text] of Object.entries(good)) fs.writeFileSync(path.join(configDir, name), text);
  });

  const cases: Array<[keyof typeof good, string, string]> = [
    ['local-env-info.json', '', 'is empty'],
    ['local-env-info.json', '{"envName": "de', 'is not valid JSON (Unterminated string in JSON at position 15)'],
    ['local-aws-info.json', '', 'is empty'],
    ['local-aws-info.json', '  \n', 'is empty'],
    ['local-aws-info.json', '{"dev": ', 'is not valid JSON (Unexpected end of JSON input)'],
  ];

  test.each(cases)(
    '%s holding %j: a command without --profile says so in one sentence with the way round it, and writes nothing',
    async (name, text, what) => {
      const file = path.join(configDir, name);
      fs.writeFileSync(file, text);
      const before = [fs.readFileSync(file, 'utf8'), sandbox.read('.aws/config')];
      for (const args of [['chain'], ['whoami'], ['exec', '--', 'true']]) {
        const result = await runCli(args, { env: sandbox.env, cwd: project });
        expect([args[0], result.code, result.stdout, result.stderr]).toEqual([args[0], 1, '', `Error: ${file} ${what}.\n${FIX[name]}\n`]);
      }
      expect([fs.readFileSync(file, 'utf8'), sandbox.read('.aws/config')]).toEqual(before);
      // The way round it works.
      const chosen = await runCli(['chain', '--json', '--profile', 'other'], { env: sandbox.env, cwd: project });
      expect([chosen.code, JSON.parse(chosen.stdout).profile, chosen.stderr]).toEqual([0, 'other', '']);
    },
  );

  test.each(cases)('%s holding %j: doctor reports it as a failing check and goes on with AWS_PROFILE', async (name, text, what) => {
    const file = path.join(configDir, name);
    fs.writeFileSync(file, text);
    const json = await runCli(['doctor', '--json'], { env: { ...sandbox.env, AWS_PROFILE: 'other' }, cwd: project });
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      profile: string;
      checks: Array<{ id: string; status: string; message: string; fix?: string }>;
    };
    expect(report.profile).toBe('other');
    expect(report.checks.find((c) => c.id === 'project')).toEqual({
      id: 'project',
      status: 'fail',
      message: `${file} ${what}.`,
      fix: FIX[name],
    });
    // The offline checks of AWS_PROFILE's profile ran: of them, only the project failed.
    for (const id of ['profile', 'role-arn', 'source-profile', 'plan', 'cache'])
      expect([id, report.checks.find((c) => c.id === id)?.status]).toEqual([id, 'pass']);
    const online = ['source-keys', 'assume-role'];
    expect(report.checks.filter((c) => c.status === 'fail' && !online.includes(c.id)).map((c) => c.id)).toEqual(['project']);

    const plain = await runCli(['doctor'], { env: sandbox.env, cwd: project });
    expect(plain.code).toBe(1);
    expect(plain.stdout.split('\n')[0]).toBe('Checking profile "default"');
    expect(plain.stdout).toMatch(
      new RegExp(`^FAIL {2}project +${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ${what.replace(/[()]/g, '\\$&')}\\.$`, 'm'),
    );
  });

  test('with sound files doctor says which environment chose, and --profile is said to choose', async () => {
    const report = JSON.parse((await runCli(['doctor', '--json'], { env: sandbox.env, cwd: project })).stdout);
    expect(report.checks.find((c: { id: string }) => c.id === 'project')).toEqual({
      id: 'project',
      status: 'pass',
      message: `This project's environment "dev" selects [profile ${bridge}], the bridge to "bizcorprole".`,
    });
    const chosen = JSON.parse((await runCli(['doctor', '--json', '--profile', 'other'], { env: sandbox.env, cwd: project })).stdout);
    expect(chosen.checks.find((c: { id: string }) => c.id === 'project')).toEqual({
      id: 'project',
      status: 'pass',
      message: '--profile chose the profile.',
    });
  });
});
