import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { amplifyHelp, readManifest } from '../../src/amplify/amplifyHelp';
import { bridgeCommandLine, bridgeProfileName } from '../../src/amplify/bridgeProfile';
import { reconcileEnvironment } from '../../src/amplify/bridgeEnvironment';
import { configureProject } from '../../src/amplify/configureProject';
import { chooseProfile } from '../../src/cli/chosenProfile';
import { loadAwsConfig } from '../../src/config';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { walkthroughConfig } from '../helpers/walkthrough';

// Issue 23, item 5: the bridge reads as ours in the Amplify CLI's list of profiles and stays a valid profile name for
// every SDK; projects bridged by an earlier version keep working, and choosing the role profile again moves them to
// the new name. The plugin's help says what to answer to the CLI's own questions.
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'amplify-project');
const program = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };

function sink(): Writable & { text(): string } {
  let text = '';
  return Object.assign(new Writable({ write: (chunk, _e, done) => ((text += chunk.toString()), done()) }), { text: () => text });
}

describe('the bridge profile name', () => {
  test('starts with amplify-aws-roles and holds only what every SDK and the Amplify CLI accept', () => {
    // The cross-SDK profile-name character set (JS SDK v3 parseIni, smithy-rs, botocore) less "." (the Amplify CLI's
    // INI parser splits section names at it) and ":" "@" "+" "%" "/" (not every parser takes them).
    for (const [project, profile] of [['myapp', 'bizcorprole'], ['my app', 'dev.team'], ['x', 'a:b/c@d+e%f'], ['ü', 'ß']]) {
      expect(bridgeProfileName(project, profile, '/work/app')).toMatch(/^amplify-aws-roles-[A-Za-z0-9_-]+-[0-9a-f]{6}-[A-Za-z0-9_-]+$/);
    }
  });
});

describe('a project bridged by an earlier version', () => {
  let sandbox: Sandbox;
  let root: string;
  let oldBridge: string;
  const info = () => JSON.parse(fs.readFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));

  beforeEach(() => {
    sandbox = makeSandbox({ '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = s\n' });
    const dir = sandbox.path('app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    // The name earlier versions gave it: amplify-<project>-<folder hash>-<profile>.
    oldBridge = `amplify-e2eproj-${createHash('sha256').update(root).digest('hex').slice(0, 6)}-bizcorprole`;
    sandbox.write(
      '.aws/config',
      `${walkthroughConfig()}\n[profile ${oldBridge}]\n# managed by amplify-aws-roles\ncredential_process = ${bridgeCommandLine(program, 'bizcorprole', root)}\nregion = us-east-1\n`,
    );
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName: oldBridge } }, null, 2));
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'local-aws-roles.json'), JSON.stringify({ dev: { profile: 'bizcorprole', bridge: oldBridge, previous: null } }, null, 2));
  });
  afterEach(() => sandbox.cleanup());

  test('keeps working: every later command leaves it as it is, and the project\'s profile is the role behind it', () => {
    const before = sandbox.read('.aws/config');
    const stderr = sink();
    expect(reconcileEnvironment({ env: sandbox.env, cwd: root, stderr }, { program: () => program })).toBe('unchanged');
    expect([sandbox.read('.aws/config'), info().dev.profileName, stderr.text()]).toEqual([before, oldBridge, '']);
    expect(chooseProfile({ env: sandbox.env, cwd: root })).toMatchObject({ name: 'bizcorprole', chosenBy: 'project', environment: { bridge: oldBridge, envName: 'dev' } });
  });

  test('choosing the role profile again moves it to the new name and takes the old section out', async () => {
    const stdout = sink();
    const code = await configureProject({
      env: sandbox.env,
      cwd: root,
      profile: 'bizcorprole',
      yes: true,
      interactive: false,
      stdin: new PassThrough(),
      stdout,
      stderr: sink(),
      program: () => program,
      verify: async () => ({ account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/amplify-deployer/s', fromCache: true }),
    });
    expect(code).toBe(0);
    const renamed = bridgeProfileName('e2eproj', 'bizcorprole', root);
    expect(info().dev.profileName).toBe(renamed);
    const profiles = loadAwsConfig({ env: sandbox.env }).profiles;
    expect(Object.keys(profiles).sort()).toEqual(['bizcorprole', 'devcorpuser', renamed].sort());
    expect(stdout.text()).toContain(`Removed [profile ${oldBridge}], which this environment no longer uses`);
  });
});

describe('amplify aws help: what to answer to the Amplify CLI\'s own questions', () => {
  const help = amplifyHelp(readManifest(), []);

  test('the scan question of "amplify plugin add", the plugin chooser, and which of the two profiles to pick', () => {
    expect(help).toContain('"Run a fresh scan for plugins on the Amplify CLI pluggable platform": Enter (No)');
    expect(help).toContain('"Select the plugin module to execute" (amplify aws reset-cache, amplify aws help): choose "amplify-aws-roles: AWS role profiles with MFA, cached credentials"');
    expect(help).toMatch(/"Please choose the profile you want to use" \(amplify init, configure project, env add\): your role profile \(bizcorprole\), not amplify-aws-roles-<project>-<hash>-<profile>/);
    expect(help).toContain(readManifest().displayName!);
  });
});
