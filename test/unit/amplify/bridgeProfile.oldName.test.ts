import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bridgeCommandLine, bridgeProfileName } from '../../../src/amplify/bridgeProfile';
import { reconcileEnvironment } from '../../../src/amplify/bridgeEnvironment';
import { configureProject, removeBridge, type ConfigureProjectOptions } from '../../../src/amplify/configureProject';
import { chooseProfile } from '../../../src/cli/chosenProfile';
import { loadAwsConfig } from '../../../src/config';
import { BRIDGE_PROGRAM, configureProjectRun } from '../../helpers/configureProjectRun';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { textSink as sink } from '../../helpers/textSink';
import { walkthroughConfig } from '../../helpers/walkthrough';

// Review of issue 23, findings 3 and 5: a bridge written by an earlier version under its old name
// (amplify-<project>-<folder hash>-<profile>) is a profile name that scripts, `ampx --profile` and AWS_PROFILE may name.
// It stays where it is for as long as it bridges the same profile for the same folder: no rename, no removal; only a
// bridge made anew gets the new name. `configure-project --remove --profile P` finds it without the state record.
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');
const program = BRIDGE_PROGRAM;
const OTHER_ROLE =
  '[profile otherrole]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = devcorpuser\nmfa_serial = arn:aws:iam::210987654321:mfa/dev-user\nregion = us-east-1\n';

describe('a bridge that an earlier version named amplify-<project>-<hash>-<profile>', () => {
  let sandbox: Sandbox;
  let root: string;
  let oldBridge: string;
  const configDir = () => path.join(root, 'amplify', '.config');
  const info = () => JSON.parse(fs.readFileSync(path.join(configDir(), 'local-aws-info.json'), 'utf8'));
  const profiles = () => Object.keys(loadAwsConfig({ env: sandbox.env }).profiles).sort();
  const checkout = (envName: string) =>
    fs.writeFileSync(path.join(configDir(), 'local-env-info.json'), JSON.stringify({ projectPath: root, defaultEditor: 'code', envName }));
  const options = (overrides: Partial<ConfigureProjectOptions> = {}) => configureProjectRun(sandbox.env, root, overrides);

  beforeEach(() => {
    sandbox = makeSandbox({ '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = s\n' });
    const dir = sandbox.path('app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    oldBridge = `amplify-e2eproj-${createHash('sha256').update(root).digest('hex').slice(0, 6)}-bizcorprole`;
    sandbox.write(
      '.aws/config',
      `${walkthroughConfig()}\n${OTHER_ROLE}\n[profile ${oldBridge}]\n# managed by amplify-aws-roles\ncredential_process = ${bridgeCommandLine(program, 'bizcorprole', root)}\nregion = us-east-1\n`,
    );
    fs.writeFileSync(
      path.join(configDir(), 'local-aws-info.json'),
      JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName: oldBridge } }, null, 2),
    );
    fs.writeFileSync(
      path.join(configDir(), 'local-aws-roles.json'),
      JSON.stringify({ dev: { profile: 'bizcorprole', bridge: oldBridge, previous: null } }, null, 2),
    );
  });
  afterEach(() => sandbox.cleanup());

  test("keeps working: every later command leaves it as it is, and the project's profile is the role behind it", () => {
    const before = sandbox.read('.aws/config');
    const stderr = sink();
    expect(reconcileEnvironment({ env: sandbox.env, cwd: root, stderr }, { program: () => program })).toBe('unchanged');
    expect([sandbox.read('.aws/config'), info().dev.profileName, stderr.text()]).toEqual([before, oldBridge, '']);
    expect(chooseProfile({ env: sandbox.env, cwd: root })).toMatchObject({
      name: 'bizcorprole',
      chosenBy: 'project',
      environment: { bridge: oldBridge, envName: 'dev' },
    });
  });

  test('choosing the same role profile again keeps it: no rename, no removal, no second bridge', async () => {
    const before = sandbox.read('.aws/config');
    const run = options({ profile: 'bizcorprole' });
    expect(await configureProject(run)).toBe(0);
    expect(info().dev.profileName).toBe(oldBridge);
    expect(sandbox.read('.aws/config')).toBe(before);
    expect(run.stdout.text()).toContain(`[profile ${oldBridge}] is already in`);
    expect(run.stdout.text()).not.toContain('Removed');
  });

  test('the same without the state record (lost, or never written)', async () => {
    fs.rmSync(path.join(configDir(), 'local-aws-roles.json'));
    const before = sandbox.read('.aws/config');
    expect(await configureProject(options({ profile: 'bizcorprole' }))).toBe(0);
    expect([info().dev.profileName, sandbox.read('.aws/config')]).toEqual([oldBridge, before]);
  });

  test('another environment of the same folder with the same role profile shares it (amplify env add, reconciled)', () => {
    const before = sandbox.read('.aws/config');
    checkout('prod');
    fs.writeFileSync(
      path.join(configDir(), 'local-aws-info.json'),
      JSON.stringify({ ...info(), prod: { configLevel: 'project', useProfile: true, profileName: 'bizcorprole' } }),
    );
    const stderr = sink();
    expect(reconcileEnvironment({ env: sandbox.env, cwd: root, stderr }, { program: () => program })).toBe('bridged');
    expect([info().dev.profileName, info().prod.profileName]).toEqual([oldBridge, oldBridge]);
    expect(sandbox.read('.aws/config')).toBe(before);
    expect(stderr.text()).toContain(`through [profile ${oldBridge}] (already in`);
  });

  test('a bridge made anew (another role profile) gets the new name', async () => {
    expect(await configureProject(options({ profile: 'otherrole' }))).toBe(0);
    const fresh = bridgeProfileName('e2eproj', 'otherrole', root);
    expect(fresh).toMatch(/^amplify-aws-roles-/);
    expect(info().dev.profileName).toBe(fresh);
    expect(profiles()).toContain(fresh);
  });

  test('configure-project --remove --profile finds it without the state record', async () => {
    fs.rmSync(path.join(configDir(), 'local-aws-roles.json'));
    const run = options({ profile: 'bizcorprole' });
    expect(await removeBridge(run)).toBe(0);
    expect(run.stdout.text()).toContain(`Removed [profile ${oldBridge}] from ${sandbox.path('.aws/config')}`);
    expect(profiles()).toEqual(['bizcorprole', 'devcorpuser', 'otherrole']);
    expect(info().dev).toBeUndefined();
  });

  test("configure-project --remove --profile prefers the environment's own bridge for that profile, whatever its name", async () => {
    // Two bridges of ours for bizcorprole in this folder: the old-named one, and one chosen with --bridge-name that
    // the environment selects. The one the environment uses is the one to take out.
    sandbox.write(
      '.aws/config',
      `${sandbox.read('.aws/config')}\n[profile mybridge]\n# managed by amplify-aws-roles\ncredential_process = ${bridgeCommandLine(program, 'bizcorprole', root)}\nregion = us-east-1\n`,
    );
    fs.writeFileSync(
      path.join(configDir(), 'local-aws-info.json'),
      JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName: 'mybridge' } }),
    );
    fs.rmSync(path.join(configDir(), 'local-aws-roles.json'));
    const run = options({ profile: 'bizcorprole' });
    expect(await removeBridge(run)).toBe(0);
    expect(run.stdout.text()).toContain('Removed [profile mybridge]');
    expect(profiles()).toContain(oldBridge);
    expect(profiles()).not.toContain('mybridge');
  });
});
