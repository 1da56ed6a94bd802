import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// `amplify-aws-roles config` as a user runs it: the built bin, a throwaway HOME (build first: npx tsc -p .).
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY';
const TOKEN = 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN';

let sandbox: Sandbox;
beforeEach(() => (sandbox = makeSandbox()));
afterEach(() => sandbox.cleanup());

function writeFiles(): void {
  sandbox.write(
    '.aws/config',
    [
      '[default]',
      'region = us-east-1',
      '[profile my.dev]',
      'region = eu-west-1',
      'output = json',
      's3 =',
      '  max_concurrency = 20',
      '  addressing_style = path',
      '[profile biz]',
      'role_arn = arn:aws:iam::123456789012:role/deployer',
      'source_profile = my.dev',
      '[sso-session corp]',
      'sso_start_url = https://corp.awsapps.com/start',
      'sso_region = us-east-1',
      '',
    ].join('\n'),
  );
  sandbox.write(
    '.aws/credentials',
    [
      '[my.dev]',
      'output = text',
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      `aws_secret_access_key = ${SECRET}`,
      `aws_session_token = ${TOKEN}`,
      '[legacy]',
      'aws_access_key_id = AKIALEGACY',
      `aws_secret_access_key = ${SECRET}`,
      `aws_security_token = ${TOKEN}`,
      '',
    ].join('\n'),
  );
}

test('config --json: merged profiles (credentials win), sub-properties as the suite keeps them (text), sso sessions, secrets redacted', async () => {
  writeFiles();
  const result = await runCli(['config', '--json', '--profile', 'biz'], { env: sandbox.env });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    configFile: sandbox.path('.aws/config'),
    credentialsFile: sandbox.path('.aws/credentials'),
    profile: 'biz',
    profiles: {
      default: { region: 'us-east-1' },
      'my.dev': {
        region: 'eu-west-1',
        output: 'text',
        s3: '\nmax_concurrency = 20\naddressing_style = path',
        aws_access_key_id: 'AKIA…MPLE',
        aws_secret_access_key: '<redacted>',
        aws_session_token: '<redacted>',
      },
      biz: { role_arn: 'arn:aws:iam::123456789012:role/deployer', source_profile: 'my.dev' },
      legacy: { aws_access_key_id: 'AKIA…GACY', aws_secret_access_key: '<redacted>', aws_security_token: '<redacted>' },
    },
    ssoSessions: { corp: { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' } },
  });
  for (const text of [result.stdout, result.stderr]) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
  }
});

test('human output: files, selected profile with its line, profile names per file, no secrets', async () => {
  writeFiles();
  const result = await runCli(['config'], { env: { ...sandbox.env, AWS_PROFILE: 'my.dev' } });
  expect(result.code).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toEqual([
    `Config file:      ${sandbox.path('.aws/config')}`,
    '  profiles:      default, my.dev, biz',
    '  sso-sessions:  corp',
    `Credentials file: ${sandbox.path('.aws/credentials')}`,
    '  profiles:      my.dev, legacy',
    `Selected profile: my.dev (${sandbox.path('.aws/config')}, line 3)`,
  ]);
  expect(result.stdout + result.stderr).not.toContain(SECRET);
  expect(result.stdout + result.stderr).not.toContain(TOKEN);
});

test('missing files are empty: exit 0, marked as not found, selected profile not defined', async () => {
  const result = await runCli(['config'], { env: sandbox.env });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Config file:      ${sandbox.path('.aws/config')} (not found, read as empty)`);
  expect(result.stdout).toContain('Selected profile: default (not defined in either file)');
  const json = await runCli(['config', '--json'], { env: sandbox.env });
  expect(JSON.parse(json.stdout)).toMatchObject({ profile: 'default', profiles: {}, ssoSessions: {} });
});

test('a malformed line: exit 1, {"error": {code, message}} naming file and line with --json, one line on stderr without', async () => {
  sandbox.write('.aws/config', '[profile ok]\nregion = us-east-1\n');
  sandbox.write('.aws/credentials', `[ok]\naws_access_key_id = AKIA\naws_secret_access_key ${SECRET}\n`);
  const json = await runCli(['config', '--json'], { env: sandbox.env });
  expect(json.code).toBe(1);
  const body = JSON.parse(json.stdout);
  expect(body.error.code).toBe('ConfigParseError');
  expect(body.error.message).toBe(`${sandbox.path('.aws/credentials')}, line 3: Expected an '=' sign defining a property.`);
  expect(json.stdout + json.stderr).not.toContain(SECRET);

  const human = await runCli(['config'], { env: sandbox.env });
  expect(human.code).toBe(1);
  expect(human.stdout).toBe('');
  expect(human.stderr.split('\n')[0]).toBe(`Error: ${body.error.message}`);
  expect(human.stderr).not.toMatch(/\s+at /);
  expect(human.stderr).not.toContain(SECRET);
});

test('--help documents the redaction', async () => {
  const help = await runCli(['config', '--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('aws_secret_access_key, aws_session_token and aws_security_token show as "<redacted>"');
});

// Issue 15, item 5: with HOME empty (or relative) the working folder's .aws/config was read and the cache, with its
// secrets, was written to ./.amplify/awscloudformation/cache.json.
test.each([[''], ['relative-home']])("HOME=%j: the account's home directory is used, never the working folder", async (home) => {
  sandbox.write(
    'work/.aws/config',
    '[profile trap]\naws_access_key_id = AKIATRAP000000000001\naws_secret_access_key = trap-secret\nregion = us-east-1\n',
  );
  const cwd = sandbox.path('work');
  const env: NodeJS.ProcessEnv = { ...sandbox.env, HOME: home };
  delete env.USERPROFILE;
  const shown = await runCli(['config', '--json'], { env, cwd });
  expect(shown.code).toBe(0);
  const config = JSON.parse(shown.stdout);
  expect(config.configFile).toBe(path.join(os.userInfo().homedir, '.aws', 'config'));
  expect(config.profiles.trap).toBeUndefined();
  const resolved = await runCli(['credentials', '--profile', 'trap'], { env, cwd });
  expect(resolved.code).toBe(1);
  expect(fs.existsSync(path.join(cwd, '.amplify'))).toBe(false);
});

test.each([
  ['a named pipe', 'fifo'],
  ['/dev/zero', '/dev/zero'],
])('a config that is %s: every command refuses it in one sentence instead of hanging', async (_name, which) => {
  let configFile = which;
  if (which === 'fifo') {
    configFile = sandbox.path('.aws/config');
    fs.mkdirSync(path.dirname(configFile), { recursive: true });
    require('node:child_process').execFileSync('mkfifo', [configFile]);
  }
  const env = { ...sandbox.env, AWS_CONFIG_FILE: configFile };
  for (const args of [['profiles'], ['credentials', '--profile', 'x']]) {
    const result = await runCli(args, { env, timeoutMs: 10_000 });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `Error: Could not read ${configFile}: it is ${which === 'fifo' ? 'a named pipe' : 'a device'}, not a regular file.`,
    );
  }
});
