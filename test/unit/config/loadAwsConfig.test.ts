import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigParseError, expandHome, homeDirectory, loadAwsConfig, resolveFileLocations } from '../../../src/config';
import { ToolError } from '../../../src/errors';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

let sandbox: Sandbox;
beforeEach(() => (sandbox = makeSandbox()));
afterEach(() => sandbox.cleanup());

describe('loadAwsConfig', () => {
  test('reads ~/.aws/config and ~/.aws/credentials under HOME; credentials keys win over config keys', () => {
    sandbox.write(
      '.aws/config',
      '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\naws_access_key_id = AKIACONFIG\n[sso-session corp]\nsso_region = us-east-1\n',
    );
    sandbox.write(
      '.aws/credentials',
      '[dev]\naws_access_key_id = AKIACREDS\naws_secret_access_key = s3cr3t\n[ci]\naws_access_key_id = AKIACI\n',
    );
    const files = loadAwsConfig({ env: sandbox.env });
    expect(files.configFile).toBe(sandbox.path('.aws/config'));
    expect(files.credentialsFile).toBe(sandbox.path('.aws/credentials'));
    expect(files.profile).toBe('default');
    expect(files.profiles).toEqual({
      default: { region: 'us-east-1' },
      dev: { region: 'eu-west-1', aws_access_key_id: 'AKIACREDS', aws_secret_access_key: 's3cr3t' },
      ci: { aws_access_key_id: 'AKIACI' },
    });
    expect(files.ssoSessions).toEqual({ corp: { sso_region: 'us-east-1' } });
    expect(files.origins).toEqual({
      default: { file: sandbox.path('.aws/config'), line: 1 },
      dev: { file: sandbox.path('.aws/config'), line: 3 },
      ci: { file: sandbox.path('.aws/credentials'), line: 4 },
    });
    expect(files.namesByFile).toEqual({
      config: { exists: true, profiles: ['default', 'dev'], ssoSessions: ['corp'] },
      credentials: { exists: true, profiles: ['dev', 'ci'], ssoSessions: [] },
    });
  });

  test('missing files are simply empty', () => {
    const files = loadAwsConfig({ env: sandbox.env });
    expect(files.profiles).toEqual({});
    expect(files.ssoSessions).toEqual({});
    expect(files.namesByFile.config.exists).toBe(false);
    expect(files.namesByFile.credentials.exists).toBe(false);
    sandbox.write('.aws/credentials', '[only]\na = 1\n');
    expect(loadAwsConfig({ env: sandbox.env }).profiles).toEqual({ only: { a: '1' } });
  });

  test('AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE replace the default paths, with ~ meaning HOME', () => {
    sandbox.write('.aws/config', '[profile ignored]\n');
    sandbox.write('custom/cfg', '[profile from-env]\nregion = ap-south-1\n');
    sandbox.write('custom/creds', '[from-env]\naws_access_key_id = AKIAENV\n');
    const env = { ...sandbox.env, AWS_CONFIG_FILE: sandbox.path('custom/cfg'), AWS_SHARED_CREDENTIALS_FILE: '~/custom/creds' };
    const files = loadAwsConfig({ env });
    expect(files.configFile).toBe(sandbox.path('custom/cfg'));
    expect(files.credentialsFile).toBe(path.join(sandbox.home, 'custom', 'creds'));
    expect(files.profiles).toEqual({ 'from-env': { region: 'ap-south-1', aws_access_key_id: 'AKIAENV' } });
  });

  test('profile: explicit, else AWS_PROFILE, else default', () => {
    expect(loadAwsConfig({ env: sandbox.env }).profile).toBe('default');
    expect(loadAwsConfig({ env: { ...sandbox.env, AWS_PROFILE: 'env-one' } }).profile).toBe('env-one');
    expect(loadAwsConfig({ env: { ...sandbox.env, AWS_PROFILE: 'env-one' }, profile: 'flag' }).profile).toBe('flag');
  });

  test('a malformed credentials file is an error naming that file and the line', () => {
    sandbox.write('.aws/config', '[profile fine]\n');
    sandbox.write('.aws/credentials', '[dev]\naws_access_key_id = AKIA\n\n[broken\n');
    expect(() => loadAwsConfig({ env: sandbox.env })).toThrow(ConfigParseError);
    expect(() => loadAwsConfig({ env: sandbox.env })).toThrow(
      `${sandbox.path('.aws/credentials')}, line 4: Profile definition must end with ']'.`,
    );
  });

  test('a path that cannot be read as a file is an error naming it (not silently empty)', () => {
    fs.mkdirSync(sandbox.path('.aws/config'), { recursive: true });
    let error: unknown;
    try {
      loadAwsConfig({ env: sandbox.env });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ToolError);
    expect((error as ToolError).code).toBe('ConfigFileUnreadable');
    expect((error as ToolError).message).toBe(`Could not read ${sandbox.path('.aws/config')}: it is a folder.`);
  });
});

// Issue 15, smaller: a named pipe hung every command on its first read, and AWS_CONFIG_FILE=/dev/zero read forever.
test('a config that is a named pipe or a device is refused in one sentence, without reading it', () => {
  const fifo = sandbox.path('.aws/config');
  fs.mkdirSync(path.dirname(fifo), { recursive: true });
  require('node:child_process').execFileSync('mkfifo', [fifo]);
  const refusal = (env: NodeJS.ProcessEnv) => {
    try {
      loadAwsConfig({ env });
    } catch (error) {
      return (error as ToolError).message;
    }
    return 'no error';
  };
  expect(refusal(sandbox.env)).toBe(`Could not read ${fifo}: it is a named pipe, not a regular file.`);
  expect(refusal({ ...sandbox.env, AWS_CONFIG_FILE: '/dev/zero' })).toBe('Could not read /dev/zero: it is a device, not a regular file.');
  // "No config file", as in the SDKs.
  expect(refusal({ ...sandbox.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' })).toBe('no error');
});

describe('resolveFileLocations', () => {
  test('HOME decides the default paths; the variables override each file separately', () => {
    expect(resolveFileLocations({ HOME: '/h' }, 'linux')).toEqual({ configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' });
    expect(resolveFileLocations({ HOME: '/h', AWS_CONFIG_FILE: '/etc/aws-config' }, 'linux')).toEqual({
      configFile: '/etc/aws-config',
      credentialsFile: '/h/.aws/credentials',
    });
  });

  test('Windows: USERPROFILE, then HOMEDRIVE+HOMEPATH when HOME is unset; ~\\ expands with backslashes', () => {
    expect(resolveFileLocations({ USERPROFILE: 'C:\\Users\\me' }, 'win32').configFile).toBe('C:\\Users\\me\\.aws\\config');
    expect(resolveFileLocations({ HOMEDRIVE: 'D:', HOMEPATH: '\\me' }, 'win32').credentialsFile).toBe('D:\\me\\.aws\\credentials');
    expect(resolveFileLocations({ USERPROFILE: 'C:\\Users\\me', AWS_CONFIG_FILE: '~\\aws\\cfg' }, 'win32').configFile).toBe(
      'C:\\Users\\me\\aws\\cfg',
    );
  });

  // Issue 15, item 5: `HOME= cmd` read ./.aws/config and wrote the cache with its secrets under the working folder.
  test("an empty or relative HOME (or USERPROFILE) is the account's home directory, never the working folder", () => {
    const account = os.userInfo().homedir;
    expect(homeDirectory({ HOME: '' }, 'linux')).toBe(account);
    expect(homeDirectory({ HOME: 'relative/home' }, 'linux')).toBe(account);
    expect(homeDirectory({ HOME: '.' }, 'linux')).toBe(account);
    expect(homeDirectory({}, 'linux')).toBe(account);
    expect(resolveFileLocations({ HOME: '' }, 'linux').configFile).toBe(path.join(account, '.aws', 'config'));
    expect(homeDirectory({ HOME: '', USERPROFILE: 'rel', HOMEDRIVE: 'C:', HOMEPATH: '\\me' }, 'win32')).toBe('C:\\me');
  });

  test('~ expansion: "~" and "~/x" only; "~user/x" and a "~" later in the path are left alone', () => {
    expect(expandHome('~', '/h', 'linux')).toBe('/h');
    expect(expandHome('~/a/b', '/h', 'linux')).toBe('/h/a/b');
    expect(expandHome('~other/a', '/h', 'linux')).toBe('~other/a');
    expect(expandHome('/x/~/a', '/h', 'linux')).toBe('/x/~/a');
    expect(expandHome('~\\a', '/h', 'linux')).toBe('~\\a');
  });
});
