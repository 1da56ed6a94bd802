import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';
import { DEV_SECRET, walkthroughSandbox } from '../../helpers/walkthrough';

// The config-reading commands as a user runs them (built bin, throwaway HOME).
describe('config, chain and profiles commands', () => {
  test('config --json: files, profile, merged profiles (credentials file wins), sso sessions, secrets redacted', async () => {
    const sandbox = makeSandbox({
      '.aws/config': '[profile dev]\nregion = us-east-1\noutput = json\n[sso-session corp]\nsso_start_url = https://corp/start\n',
      '.aws/credentials':
        '[dev]\nregion = eu-west-1\naws_access_key_id = AKIAX\naws_secret_access_key = very-secret-value\naws_session_token = very-secret-token\n',
    });
    const result = await runCli(['config', '--json', '--profile', 'dev'], { env: sandbox.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      configFile: sandbox.path('.aws/config'),
      credentialsFile: sandbox.path('.aws/credentials'),
      profile: 'dev',
      profiles: {
        dev: {
          region: 'eu-west-1',
          output: 'json',
          aws_access_key_id: '****',
          aws_secret_access_key: '<redacted>',
          aws_session_token: '<redacted>',
        },
      },
      ssoSessions: { corp: { sso_start_url: 'https://corp/start' } },
    });
    expect(result.stdout).not.toMatch(/very-secret/);
    sandbox.cleanup();
  });

  test('AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE and AWS_PROFILE are honoured; missing files are empty', async () => {
    const sandbox = makeSandbox({ 'elsewhere/cfg': '[profile other]\nregion = ap-south-1\n' });
    const env = {
      ...sandbox.env,
      AWS_CONFIG_FILE: sandbox.path('elsewhere/cfg'),
      AWS_SHARED_CREDENTIALS_FILE: sandbox.path('nope/creds'),
      AWS_PROFILE: 'other',
    };
    const result = await runCli(['config', '--json'], { env });
    expect(JSON.parse(result.stdout)).toMatchObject({
      configFile: sandbox.path('elsewhere/cfg'),
      credentialsFile: sandbox.path('nope/creds'),
      profile: 'other',
      profiles: { other: { region: 'ap-south-1' } },
    });
    sandbox.cleanup();
  });

  test('a malformed line is an error naming the file and the line, as JSON with --json, exit 1', async () => {
    const sandbox = makeSandbox({ '.aws/config': '[profile ok]\nregion = us-east-1\n\n[profile broken\n' });
    const json = await runCli(['config', '--json'], { env: sandbox.env });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      error: {
        code: 'ConfigParseError',
        message: `${sandbox.path('.aws/config')}, line 4: Profile definition must end with ']'.`,
        resolution: expect.any(String),
      },
    });
    const human = await runCli(['chain', '--profile', 'ok'], { env: sandbox.env });
    expect(human.code).toBe(1);
    expect(human.stderr.split('\n')[0]).toBe(`Error: ${sandbox.path('.aws/config')}, line 4: Profile definition must end with ']'.`);
    expect(human.stderr).not.toMatch(/\s+at /);
    sandbox.cleanup();
  });

  test('chain --json prints the plan without the secret; errors are one sentence', async () => {
    const sandbox = walkthroughSandbox();
    const result = await runCli(['chain', '--profile', 'bizcorprole', '--json'], { env: sandbox.env });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).chain).toHaveLength(2);
    expect(result.stdout).not.toContain(DEV_SECRET);
    const missing = await runCli(['chain', '--profile', 'ghost'], { env: sandbox.env });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^Error: Profile "ghost" was not found in /);
    const json = await runCli(['chain', '--profile', 'ghost', '--json'], { env: sandbox.env });
    expect(JSON.parse(json.stdout).error.code).toBe('ProfileNotFound');
    sandbox.cleanup();
  });

  test('profiles lists kinds as a table and as JSON, never secrets', async () => {
    const sandbox = walkthroughSandbox();
    const table = await runCli(['profiles'], { env: sandbox.env });
    expect(table.stdout.split('\n')[0]).toMatch(/^PROFILE\s+KIND\s+ROLE\s+MFA\s+EXTERNAL ID\s+REGION$/);
    expect(table.stdout).toMatch(/bizcorprole\s+assume-role\s+arn:aws:iam::123456789012:role\/amplify-deployer/);
    const json = JSON.parse((await runCli(['profiles', '--json'], { env: sandbox.env })).stdout);
    expect(json.map((p: { name: string; kind: string }) => [p.name, p.kind])).toEqual([
      ['bizcorprole', 'assume-role'],
      ['devcorpuser', 'static'],
    ]);
    expect(table.stdout + JSON.stringify(json)).not.toContain(DEV_SECRET);
    sandbox.cleanup();
  });

  test('--help works on every command; unknown options exit 2', async () => {
    for (const command of ['profiles', 'config', 'chain', 'credentials', 'whoami', 'cache', 'reset-cache', 'doctor']) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: amplify-aws-roles ${command} [options]`);
    }
    const bad = await runCli(['chain', '--nope']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/Invalid arguments for "chain"/);
  });

  // Issue 15, item 9: `--profile ''` silently meant "default" and printed its long-term keys.
  test("--profile '' is refused with exit 2 and prints no keys; an empty AWS_PROFILE counts as unset", async () => {
    const sandbox = makeSandbox({
      '.aws/credentials': `[default]\naws_access_key_id = AKIADEFAULTKEY000001\naws_secret_access_key = ${DEV_SECRET}\n`,
    });
    for (const args of [
      ['credentials', '--profile', ''],
      ['credentials', '--profile='],
      ['whoami', '--profile', ''],
      ['chain', '--profile', ''],
    ]) {
      const result = await runCli(args, { env: sandbox.env });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(
        `Error: Invalid arguments for "${args[0]}": option --profile needs a profile name, not an empty string.`,
      );
    }
    const unset = await runCli(['chain'], { env: { ...sandbox.env, AWS_PROFILE: '' } });
    expect(unset.code).toBe(0);
    expect(unset.stdout).toMatch(/^Profile "default" resolves/);
    sandbox.cleanup();
  });

  test('an extra word after the options is refused with exit 2, naming it', async () => {
    const sandbox = makeSandbox({
      '.aws/credentials': `[p]\naws_access_key_id = AKIADEFAULTKEY000001\naws_secret_access_key = ${DEV_SECRET}\n`,
    });
    const result = await runCli(['credentials', '--profile', 'p', 'extra'], { env: sandbox.env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(
      'Error: Invalid arguments for "credentials": unexpected argument "extra" (this command takes only options).',
    );
    sandbox.cleanup();
  });
});
