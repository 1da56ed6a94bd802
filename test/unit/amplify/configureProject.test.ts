import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { loadAwsConfig } from '../../../src/config';
import { configureProject, removeBridge, type ConfigureProjectOptions, type VerifyRequest } from '../../../src/amplify/configureProject';
import { bridgeCommandLine, bridgeProfileName, parseBridgeCommandLine } from '../../../src/amplify/bridgeProfile';
import type { Prompter } from '../../../src/amplify/profileChoice';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');
const ROLE_ARN = 'arn:aws:iam::123456789012:role/amplify-deployer';

const USER_CONFIG = [
  '# my settings, kept byte for byte',
  '[profile bizcorprole]',
  `role_arn = ${ROLE_ARN}`,
  'source_profile = devcorpuser',
  'mfa_serial = arn:aws:iam::210987654321:mfa/dev-user',
  'external_id = ext-123',
  'region = eu-west-1',
  '',
  '[profile noregionrole]',
  `role_arn = ${ROLE_ARN}`,
  'source_profile = devcorpuser',
  '',
  '[profile devcorpuser]   ; inline comment',
  'region = us-east-1',
  '',
  '[profile broken]',
  'source_profile = devcorpuser',
  '',
].join('\n');

function collector(): Writable & { text: () => string } {
  let text = '';
  return Object.assign(
    new Writable({
      write(chunk, _e, done) {
        text += chunk.toString();
        done();
      },
    }),
    { text: () => text },
  );
}

describe('configure-project', () => {
  let sandbox: Sandbox;
  let root: string;
  const bridgeName = (profile = 'bizcorprole') => bridgeProfileName('e2eproj', profile, root);
  let verified: VerifyRequest[];
  const program = { node: '/opt/node 20/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };

  beforeEach(() => {
    sandbox = makeSandbox({
      '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = devsecret\n',
    });
    sandbox.write('.aws/config', USER_CONFIG, 0o640);
    const dir = sandbox.path('projects/app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    // Another environment and a key the built-in may add: both must survive.
    fs.writeFileSync(
      path.join(root, 'amplify', '.config', 'local-aws-info.json'),
      JSON.stringify(
        { dev: { configLevel: 'project', useProfile: true, profileName: 'devcorpuser' }, prod: { configLevel: 'general' } },
        null,
        2,
      ),
    );
    verified = [];
  });
  afterEach(() => sandbox.cleanup());

  function options(overrides: Partial<ConfigureProjectOptions> = {}): ConfigureProjectOptions & { stdout: ReturnType<typeof collector> } {
    return {
      env: sandbox.env,
      cwd: path.join(root, 'amplify'),
      yes: false,
      interactive: false,
      stdin: new PassThrough(),
      stdout: collector(),
      stderr: collector(),
      program: () => program,
      verify: async (request) => {
        verified.push(request);
        return {
          account: '123456789012',
          arn: `arn:aws:sts::123456789012:assumed-role/amplify-deployer/s`,
          fromCache: false,
          expiration: new Date('2030-01-01T01:00:00Z'),
        };
      },
      now: () => new Date('2030-01-01T00:00:00Z'),
      ...overrides,
    } as ConfigureProjectOptions & { stdout: ReturnType<typeof collector> };
  }

  const localAwsInfo = () => JSON.parse(fs.readFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), 'utf8'));
  const config = () => sandbox.read('.aws/config');
  const backups = () => fs.readdirSync(sandbox.path('.aws')).filter((f) => f.startsWith('config.bak-'));

  test('--profile with --yes: resolves once, adds the bridge to ~/.aws/config, selects it for the current env only', async () => {
    const run = options({ profile: 'bizcorprole', yes: true, mfaCode: '123456' });
    expect(await configureProject(run)).toBe(0);
    // The files configure-project read are handed to the verifier, not read again (issue 24 item 4).
    expect(verified).toEqual([
      {
        profile: 'bizcorprole',
        projectRoot: root,
        mfaCode: '123456',
        files: expect.objectContaining({ configFile: sandbox.path('.aws/config') }),
      },
    ]);

    const text = config();
    expect(text.startsWith(USER_CONFIG)).toBe(true);
    const added = text.slice(USER_CONFIG.length);
    expect(added).toBe(
      [
        '',
        `[profile ${bridgeName()}]`,
        '# managed by amplify-aws-roles',
        `credential_process = '/opt/node 20/bin/node' /opt/amplify-aws-roles/dist/amplify-aws-roles.js credentials --profile=bizcorprole --project=${root}`,
        'region = eu-west-1',
        '',
      ].join('\n'),
    );
    expect(fs.statSync(sandbox.path('.aws/config')).mode & 0o777).toBe(0o640);
    expect(backups()).toHaveLength(1);
    expect(sandbox.read(`.aws/${backups()[0]}`)).toBe(USER_CONFIG);

    // The file reads back as a credential_process profile that names our command.
    const bridge = loadAwsConfig({ env: sandbox.env }).profiles[bridgeName()];
    expect(parseBridgeCommandLine(bridge.credential_process)).toEqual({ profile: 'bizcorprole', project: root });

    expect(localAwsInfo()).toEqual({
      dev: { configLevel: 'project', useProfile: true, profileName: bridgeName() },
      prod: { configLevel: 'general' },
    });
    // Written the way the Amplify CLI writes it.
    expect(fs.readFileSync(path.join(root, 'amplify', '.config', 'local-aws-info.json'), 'utf8')).toBe(
      JSON.stringify(localAwsInfo(), null, 2),
    );
    expect(run.stdout.text()).toContain('It signs in as arn:aws:sts::123456789012:assumed-role/amplify-deployer/s (account 123456789012)');
    expect(run.stdout.text()).toContain(`[profile ${bridgeName()}] was added to ${fs.realpathSync(sandbox.path('.aws/config'))}`);
  });

  test('running it again changes nothing and keeps no second backup', async () => {
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    const before = config();
    const run = options({ profile: 'bizcorprole', yes: true });
    await configureProject(run);
    expect(config()).toBe(before);
    expect(backups()).toHaveLength(1);
    expect(run.stdout.text()).toContain('is already in');
    expect(run.stdout.text()).toContain(`environment "dev" already uses profile "${bridgeName()}"`);
  });

  test('--remove takes the bridge out (every other byte as before) and selects the previous profile again', async () => {
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    const run = options({});
    expect(await removeBridge(run)).toBe(0);
    expect(config()).toBe(USER_CONFIG);
    expect(localAwsInfo()).toEqual({
      dev: { configLevel: 'project', useProfile: true, profileName: 'devcorpuser' },
      prod: { configLevel: 'general' },
    });
    expect(fs.existsSync(path.join(root, 'amplify', '.config', 'local-aws-roles.json'))).toBe(false);
    expect(run.stdout.text()).toContain('environment "dev" uses profile "devcorpuser" again');
    // And once more: nothing left to do.
    const again = options();
    await removeBridge(again);
    expect(again.stdout.text()).toContain('uses no bridge profile; nothing to remove');
  });

  test('a static profile is selected as it is: no bridge, no change to ~/.aws/config', async () => {
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    await configureProject(options({ profile: 'devcorpuser' }));
    expect(localAwsInfo().dev).toEqual({ configLevel: 'project', useProfile: true, profileName: 'devcorpuser' });
    expect(verified.map((v) => v.profile)).toEqual(['bizcorprole', 'devcorpuser']);
    expect(fs.existsSync(path.join(root, 'amplify', '.config', 'local-aws-roles.json'))).toBe(false);
  });

  test("a role without a region takes the project's deployment region", async () => {
    await configureProject(options({ profile: 'noregionrole', yes: true }));
    expect(config()).toContain(`[profile ${bridgeName('noregionrole')}]\n# managed by amplify-aws-roles\ncredential_process = `);
    expect(loadAwsConfig({ env: sandbox.env }).profiles[bridgeName('noregionrole')].region).toBe('us-east-1');
  });

  test('asks which profile, showing each kind, and asks before writing the bridge', async () => {
    const asked: string[] = [];
    const prompter: Prompter = {
      async select(message, choices, initial) {
        asked.push(message, ...choices.map((c) => c.label), `initial=${initial}`);
        return 'bizcorprole';
      },
      async confirm(message) {
        asked.push(message);
        return true;
      },
    };
    await configureProject(options({ interactive: true, prompter }));
    expect(asked[0]).toBe('Which AWS profile should this Amplify environment use?');
    expect(asked).toContain(`bizcorprole   role with MFA ${ROLE_ARN}, eu-west-1`);
    expect(asked).toContain('devcorpuser   static keys, us-east-1');
    expect(asked).toContain(`noregionrole  role ${ROLE_ARN}`);
    expect(asked.some((line) => line.startsWith('broken'))).toBe(false);
    expect(asked).toContain('initial=devcorpuser');
    expect(asked[asked.length - 1]).toMatch(
      /^Write \[profile amplify-aws-roles-e2eproj-[0-9a-f]{6}-bizcorprole\] to .*\.aws\/config, so the Amplify CLI gets "bizcorprole" credentials from amplify-aws-roles \(a backup is kept\)\?$/,
    );
    expect(localAwsInfo().dev.profileName).toBe(bridgeName());
  });

  test('declining the bridge changes nothing', async () => {
    const prompter: Prompter = { select: async () => 'bizcorprole', confirm: async () => false };
    await expect(configureProject(options({ interactive: true, prompter }))).rejects.toMatchObject({ code: 'BridgeDeclined' });
    expect(config()).toBe(USER_CONFIG);
    expect(localAwsInfo().dev.profileName).toBe('devcorpuser');
    expect(verified).toEqual([]);
  });

  test('without a terminal: --profile is required, and --yes for a bridge', async () => {
    await expect(configureProject(options())).rejects.toMatchObject({ code: 'ProfileRequired', exitCode: 2 });
    await expect(configureProject(options({ profile: 'bizcorprole' }))).rejects.toMatchObject({
      code: 'ConsentRequired',
      resolution: 'Pass --yes to allow it.',
    });
    expect(config()).toBe(USER_CONFIG);
  });

  test('profiles that cannot be used are named with what they lack', async () => {
    await expect(configureProject(options({ profile: 'nosuch', yes: true }))).rejects.toThrow(/^There is no profile "nosuch" in /);
    await expect(configureProject(options({ profile: 'broken', yes: true }))).rejects.toMatchObject({
      code: 'ProfileIncomplete',
      message: expect.stringContaining('Profile "broken" cannot be used: it lacks'),
    });
  });

  test('a failed sign-in writes nothing', async () => {
    const failing = options({ profile: 'bizcorprole', yes: true, verify: async () => Promise.reject(new Error('AccessDenied')) });
    await expect(configureProject(failing)).rejects.toThrow('AccessDenied');
    expect(config()).toBe(USER_CONFIG);
    expect(localAwsInfo().dev.profileName).toBe('devcorpuser');
  });

  test('outside an Amplify project it says so', async () => {
    await expect(configureProject(options({ cwd: sandbox.home, profile: 'bizcorprole', yes: true }))).rejects.toMatchObject({
      code: 'NotAnAmplifyProject',
    });
  });

  test('a profile of that name that we did not write is never overwritten', async () => {
    fs.appendFileSync(sandbox.path('.aws/config'), `\n[profile ${bridgeName()}]\nregion = us-west-2\n`);
    await expect(configureProject(options({ profile: 'bizcorprole', yes: true }))).rejects.toMatchObject({ code: 'ProfileExists' });
    await configureProject(options({ profile: 'bizcorprole', yes: true, bridgeName: 'bizcorp-amplify' }));
    expect(localAwsInfo().dev.profileName).toBe('bizcorp-amplify');
  });

  test('two checkouts of one project get a bridge each; a section of another folder is never repointed or removed from here', async () => {
    const other = sandbox.path('app-feature');
    fs.cpSync(root, other, { recursive: true });
    const otherRoot = fs.realpathSync(other);
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    await configureProject(options({ profile: 'bizcorprole', yes: true, cwd: otherRoot }));
    const profiles = loadAwsConfig({ env: sandbox.env }).profiles;
    expect(parseBridgeCommandLine(profiles[bridgeName()].credential_process)).toEqual({ profile: 'bizcorprole', project: root });
    expect(parseBridgeCommandLine(profiles[bridgeProfileName('e2eproj', 'bizcorprole', otherRoot)].credential_process)).toEqual({
      profile: 'bizcorprole',
      project: otherRoot,
    });
    // A bridge name pointed at the first folder cannot be taken over or removed by the second.
    await expect(
      configureProject(options({ profile: 'bizcorprole', yes: true, cwd: otherRoot, bridgeName: bridgeName() })),
    ).rejects.toMatchObject({
      code: 'BridgeOfAnotherFolder',
      message: expect.stringContaining(`is the bridge of another project folder, ${root}`),
    });
    await expect(removeBridge(options({ cwd: otherRoot, bridgeName: bridgeName() }))).rejects.toMatchObject({
      code: 'BridgeOfAnotherFolder',
    });
    expect(parseBridgeCommandLine(loadAwsConfig({ env: sandbox.env }).profiles[bridgeName()].credential_process)).toEqual({
      profile: 'bizcorprole',
      project: root,
    });
  });

  test('a folder the bridge line cannot name is refused before any sign-in, naming the folder and the character', async () => {
    const odd = sandbox.path('my #app');
    fs.cpSync(root, odd, { recursive: true });
    await expect(configureProject(options({ profile: 'bizcorprole', yes: true, cwd: odd }))).rejects.toMatchObject({
      code: 'ProjectPathInexpressible',
      message: expect.stringContaining(
        `The project folder "${fs.realpathSync(odd)}" cannot be named in a credential_process line: its path holds "#" after a blank`,
      ),
    });
    expect(verified).toEqual([]);
    expect(config()).toBe(USER_CONFIG);
  });

  test('switching to a static profile takes the bridge this environment used out', async () => {
    await configureProject(options({ profile: 'bizcorprole', yes: true }));
    expect(config()).toContain(bridgeName());
    const run = options({ profile: 'devcorpuser', yes: true });
    await configureProject(run);
    expect(config()).toBe(USER_CONFIG);
    expect(localAwsInfo().dev.profileName).toBe('devcorpuser');
    expect(run.stdout.text()).toContain(`Removed [profile ${bridgeName()}], which this environment no longer uses`);
    void bridgeCommandLine;
  });
});
