import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { bridgeCommandLine, bridgeProfileName, parseBridgeCommandLine } from '../../../src/amplify/bridgeProfile';
import { reconcileEnvironment } from '../../../src/amplify/bridgeEnvironment';
import { configureProject } from '../../../src/amplify/configureProject';
import { loadAwsConfig } from '../../../src/config';
import { isToolError } from '../../../src/errors';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { textSink as sink } from '../../helpers/textSink';

// Review of issue 23, finding 1: the bridge name keeps only [A-Za-z0-9_-] of the profile name, so two role profiles
// that differ only elsewhere (biz.prod, biz-prod) must still get two bridges, or the second environment silently
// repoints the first one's bridge at another account. And a section that is our bridge for another profile is never
// overwritten: one sentence, nothing written.
const FIXTURE = path.join(__dirname, '..', '..', 'fixtures', 'amplify-project');
const program = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };
const ROLES = [
  '[profile biz.prod]',
  'role_arn = arn:aws:iam::111111111111:role/deployer',
  'source_profile = devcorpuser',
  'mfa_serial = arn:aws:iam::210987654321:mfa/dev-user',
  'region = us-east-1',
  '',
  '[profile biz-prod]',
  'role_arn = arn:aws:iam::222222222222:role/deployer',
  'source_profile = devcorpuser',
  'mfa_serial = arn:aws:iam::210987654321:mfa/dev-user',
  'region = us-east-1',
  '',
].join('\n');

describe('two role profiles whose names differ only outside [A-Za-z0-9_-]', () => {
  let sandbox: Sandbox;
  let root: string;
  const configDir = () => path.join(root, 'amplify', '.config');
  const info = () => JSON.parse(fs.readFileSync(path.join(configDir(), 'local-aws-info.json'), 'utf8'));
  const checkout = (envName: string) =>
    fs.writeFileSync(path.join(configDir(), 'local-env-info.json'), JSON.stringify({ projectPath: root, defaultEditor: 'code', envName }));
  const behind = (bridge: string) =>
    parseBridgeCommandLine(loadAwsConfig({ env: sandbox.env }).profiles[bridge].credential_process)?.profile;

  beforeEach(() => {
    sandbox = makeSandbox({
      '.aws/credentials': '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER00001\naws_secret_access_key = s\n',
      '.aws/config': ROLES,
    });
    const dir = sandbox.path('app');
    fs.cpSync(FIXTURE, dir, { recursive: true });
    root = fs.realpathSync(dir);
    fs.writeFileSync(path.join(configDir(), 'local-aws-info.json'), '{}');
  });
  afterEach(() => sandbox.cleanup());

  test('get two bridge names, each a valid name, each stable', () => {
    const dotted = bridgeProfileName('e2eproj', 'biz.prod', root);
    const dashed = bridgeProfileName('e2eproj', 'biz-prod', root);
    expect(dotted).not.toBe(dashed);
    // A name that needs no cleaning keeps its plain form; the other carries a hash of the exact profile name.
    expect(dashed).toMatch(/^amplify-aws-roles-e2eproj-[0-9a-f]{6}-biz-prod$/);
    expect(dotted).toMatch(/^amplify-aws-roles-e2eproj-[0-9a-f]{6}-biz-prod-[0-9a-f]{6}$/);
    expect(bridgeProfileName('e2eproj', 'biz.prod', root)).toBe(dotted);
    const others = ['biz prod', 'biz/prod', 'biz@prod', 'biz:prod', 'biz+prod'].map((p) => bridgeProfileName('e2eproj', p, root));
    expect(new Set([dotted, dashed, ...others]).size).toBe(7);
  });

  test('configureProject: environment dev on biz.prod, prod on biz-prod; dev keeps resolving biz.prod', async () => {
    const configure = async (envName: string, profile: string) => {
      checkout(envName);
      const stdout = sink();
      const code = await configureProject({
        env: sandbox.env,
        cwd: root,
        profile,
        yes: true,
        interactive: false,
        stdin: new PassThrough(),
        stdout,
        stderr: sink(),
        program: () => program,
        verify: async () => ({ account: '111111111111', arn: 'arn:aws:sts::111111111111:assumed-role/deployer/s', fromCache: true }),
      });
      expect(code).toBe(0);
      return stdout.text();
    };
    await configure('dev', 'biz.prod');
    await configure('prod', 'biz-prod');
    const { dev, prod } = info();
    expect(dev.profileName).not.toBe(prod.profileName);
    expect([behind(dev.profileName), behind(prod.profileName)]).toEqual(['biz.prod', 'biz-prod']);
  });

  test('reconcileEnvironment (after amplify init / env add): the same, two bridges', () => {
    const select = (envName: string, profile: string) => {
      checkout(envName);
      fs.writeFileSync(
        path.join(configDir(), 'local-aws-info.json'),
        JSON.stringify({ ...info(), [envName]: { configLevel: 'project', useProfile: true, profileName: profile } }),
      );
      expect(reconcileEnvironment({ env: sandbox.env, cwd: root, stderr: sink() }, { program: () => program })).toBe('bridged');
    };
    select('dev', 'biz.prod');
    select('prod', 'biz-prod');
    const { dev, prod } = info();
    expect(dev.profileName).not.toBe(prod.profileName);
    expect([behind(dev.profileName), behind(prod.profileName)]).toEqual(['biz.prod', 'biz-prod']);
  });

  describe('a section of the chosen name that is our bridge for another profile', () => {
    // However the name came about (an explicit --bridge-name, a hand edit, a name from another version), that
    // section serves another profile: repointing it would move its environments to another account.
    let before: string;
    let taken: string;
    beforeEach(() => {
      taken = bridgeProfileName('e2eproj', 'biz.prod', root);
      sandbox.write(
        '.aws/config',
        `${ROLES}\n[profile ${taken}]\n# managed by amplify-aws-roles\ncredential_process = ${bridgeCommandLine(program, 'biz-prod', root)}\nregion = us-east-1\n`,
      );
      fs.writeFileSync(
        path.join(configDir(), 'local-aws-info.json'),
        JSON.stringify({ prod: { configLevel: 'project', useProfile: true, profileName: taken } }),
      );
      before = sandbox.read('.aws/config') + fs.readFileSync(path.join(configDir(), 'local-aws-info.json'), 'utf8');
    });
    const after = () => sandbox.read('.aws/config') + fs.readFileSync(path.join(configDir(), 'local-aws-info.json'), 'utf8');
    const refusal = (error: unknown) => {
      expect(isToolError(error) && error.code).toBe('BridgeOfAnotherProfile');
      expect((error as Error).message).toBe(
        `[profile ${taken}] in ${sandbox.path('.aws/config')} is the bridge of profile "biz-prod"; it is left as it is.`,
      );
    };

    test('configureProject refuses, in one sentence, before asking STS; nothing is written', async () => {
      checkout('dev');
      let verified = false;
      const error = await configureProject({
        env: sandbox.env,
        cwd: root,
        profile: 'biz.prod',
        yes: true,
        interactive: false,
        stdin: new PassThrough(),
        stdout: sink(),
        stderr: sink(),
        program: () => program,
        verify: async () => {
          verified = true;
          return { account: '1', arn: 'a', fromCache: true };
        },
      }).catch((e: unknown) => e);
      refusal(error);
      expect([verified, after()]).toEqual([false, before]);
    });

    test('reconcileEnvironment refuses too; nothing is written', () => {
      checkout('dev');
      fs.writeFileSync(
        path.join(configDir(), 'local-aws-info.json'),
        JSON.stringify({ ...info(), dev: { configLevel: 'project', useProfile: true, profileName: 'biz.prod' } }),
      );
      before = after();
      let error: unknown;
      try {
        reconcileEnvironment({ env: sandbox.env, cwd: root, stderr: sink() }, { program: () => program });
      } catch (e) {
        error = e;
      }
      refusal(error);
      expect(after()).toBe(before);
    });
  });
});
