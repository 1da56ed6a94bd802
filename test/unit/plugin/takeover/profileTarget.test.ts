import * as fs from 'node:fs';
import * as path from 'node:path';
import { bridgeCommandLine } from '../../../../src/amplify/bridgeProfile';
import { loadAwsConfig } from '../../../../src/config/loadAwsConfig';
import { profileTarget, projectScopeOf } from '../../../../src/plugin/takeover/profileTarget';
import { makeSandbox, type Sandbox } from '../../../helpers/sandbox';

// Which of the profiles the Amplify CLI asks its built-in provider for are ours: those whose credentials need STS
// (the built-in role path never calls it) and our own bridges, whose role profile we resolve in-process. Everything
// the built-in reads by itself (static keys, other credential_process lines) stays the built-in's.

const PROGRAM = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/src/bin/bin.js' };

const CONFIG = [
  '[profile role]',
  'role_arn = arn:aws:iam::123456789012:role/deployer',
  'source_profile = dev',
  '[profile dev]',
  'region = eu-west-1',
  '[profile sso]',
  'sso_start_url = https://d-123.awsapps.com/start',
  'sso_region = eu-west-1',
  'sso_account_id = 111122223333',
  'sso_role_name = Admin',
  '[profile web]',
  'role_arn = arn:aws:iam::123456789012:role/ci',
  'web_identity_token_file = /run/token',
  '[profile ec2]',
  'role_arn = arn:aws:iam::123456789012:role/box',
  'credential_source = Ec2InstanceMetadata',
  '[profile broken]',
  'role_arn = arn:aws:iam::123456789012:role/deployer',
  'source_profile = nosuch',
  '[profile other-process]',
  'credential_process = /usr/local/bin/op-aws --item dev',
  '[profile half]',
  'region = us-east-1',
  '',
].join('\n');

let sandbox: Sandbox;
let project: string;
let elsewhere: string;

beforeEach(() => {
  sandbox = makeSandbox({ '.aws/credentials': '[dev]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = dev-secret\n' });
  project = sandbox.path('app');
  fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
  fs.writeFileSync(path.join(project, 'amplify', '.config', 'project-config.json'), '{"projectName":"app"}');
  project = fs.realpathSync(project);
  elsewhere = sandbox.path('elsewhere');
  fs.mkdirSync(elsewhere);
  elsewhere = fs.realpathSync(elsewhere);
  const bridge = (name: string, profile: string, root: string, region: string) =>
    `[profile ${name}]\ncredential_process = ${bridgeCommandLine(PROGRAM, profile, root)}\nregion = ${region}\n`;
  sandbox.write(
    '.aws/config',
    `${CONFIG}${bridge('bridge', 'role', project, 'ap-southeast-2')}${bridge('bridge-gone-folder', 'role', sandbox.path('deleted'), 'us-west-2')}${bridge('bridge-to-nothing', 'nosuch', project, 'us-west-2')}` +
      `[profile old-bridge]\ncredential_process = amplify-aws-roles credentials --profile role\n`,
  );
});
afterEach(() => sandbox.cleanup());

const files = () => loadAwsConfig({ env: sandbox.env });

describe('profileTarget: which profiles are ours', () => {
  test.each(['role', 'sso', 'web', 'ec2'])('%s needs STS: ours, cached for the project around the working folder', (name) => {
    expect(profileTarget(files(), name, undefined, path.join(project, 'amplify'))).toEqual({
      profile: name,
      scope: { kind: 'project', root: project },
    });
  });

  test('a role profile that cannot work is ours too, so our resolver says what is wrong', () => {
    expect(profileTarget(files(), 'broken', undefined, project)).toEqual({ profile: 'broken', scope: { kind: 'project', root: project } });
  });

  test.each([
    ['static keys', 'dev'],
    ['another tool credential_process', 'other-process'],
    ['a profile with neither keys nor a role', 'half'],
    ['a profile that does not exist', 'nosuch'],
    ['a bridge to a profile that is gone', 'bridge-to-nothing'],
  ])('%s stays the built-in provider', (_what, name) => {
    expect(profileTarget(files(), name, undefined, project)).toBeUndefined();
  });

  test('our bridge: the role profile behind it, cached for the bridge project, with the bridge region', () => {
    expect(profileTarget(files(), 'bridge', undefined, elsewhere)).toEqual({
      profile: 'role',
      scope: { kind: 'project', root: project },
      region: 'ap-southeast-2',
    });
  });

  test('a bridge whose project folder is gone, or that names none, is cached where the CLI runs', () => {
    expect(profileTarget(files(), 'bridge-gone-folder', undefined, elsewhere)).toEqual({
      profile: 'role',
      scope: { kind: 'project', root: elsewhere },
      region: 'us-west-2',
    });
    expect(profileTarget(files(), 'old-bridge', undefined, path.join(project, 'amplify'))).toEqual({
      profile: 'role',
      scope: { kind: 'project', root: project },
      region: undefined,
    });
  });
});

describe('projectScopeOf: where the credentials are cached', () => {
  test('during amplify init the folder being initialised, relative paths from the working folder', () => {
    const fresh = sandbox.path('fresh');
    fs.mkdirSync(fresh);
    expect(projectScopeOf({ exeInfo: { isNewProject: true, localEnvInfo: { projectPath: 'fresh' } } }, sandbox.home)).toEqual({
      kind: 'project',
      root: fs.realpathSync(fresh),
    });
  });

  test('outside init, the project around the working folder wins over a declared path', () => {
    expect(
      projectScopeOf({ exeInfo: { isNewProject: false, localEnvInfo: { projectPath: elsewhere } } }, path.join(project, 'amplify')),
    ).toEqual({ kind: 'project', root: project });
  });

  test('no project around: the declared folder, else the working folder', () => {
    expect(projectScopeOf({ exeInfo: { localEnvInfo: { projectPath: elsewhere } } }, sandbox.home)).toEqual({
      kind: 'project',
      root: elsewhere,
    });
    expect(
      projectScopeOf({ exeInfo: { isNewProject: true, localEnvInfo: { projectPath: sandbox.path('not-made-yet') } } }, elsewhere),
    ).toEqual({ kind: 'project', root: elsewhere });
    expect(projectScopeOf({ exeInfo: { localEnvInfo: { projectPath: 42 } } }, elsewhere)).toEqual({ kind: 'project', root: elsewhere });
  });

  test('a working folder that is gone and no project: no project scope', () => {
    expect(projectScopeOf(undefined, sandbox.path('gone'))).toEqual({ kind: 'none' });
  });
});
