import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childOutput } from '../helpers/child';
import { BIN, ROOT, runCli } from '../helpers/cli';
import { findMotoPython } from '../helpers/moto';
import { useSts } from '../helpers/sts';
import { EXTERNAL_ID, MFA_SERIAL, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const PARENT_KEY_ID = 'AKIAPARENTSHELLKEY01';
const PARENT_SECRET = 'parent-shell-secret-do-not-pass-0004';

/** The moto Python, when it also has the AWS CLI v1 (botocore): the server test then runs it as a second client. */
function awsCliPython(): string | undefined {
  try {
    const python = findMotoPython();
    execFileSync(python, ['-c', 'import awscli, botocore'], { stdio: 'ignore' });
    return python;
  } catch {
    return undefined;
  }
}

describe("exec: a command run with the role's credentials", () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const freshCode = () => sts.walkthrough.user.device.code();

  test("the child gets the role's key, token, expiry and region, nothing of the source user or the parent shell, and our exit code is its", async () => {
    const sandbox = walkthroughSandbox({ sts });
    const { accessKeyId: devKeyId, secretAccessKey: devSecret } = sts.walkthrough.user;
    const cwd = sandbox.project('app');
    const out = sandbox.path('child.json');
    // The parent shell has credentials and a profile of its own: the child must see neither.
    const env = {
      ...sandbox.env,
      AWS_PROFILE: 'devcorpuser',
      AWS_ACCESS_KEY_ID: PARENT_KEY_ID,
      AWS_SECRET_ACCESS_KEY: PARENT_SECRET,
      AWS_REGION: 'eu-north-1',
    };
    const given = await freshCode();
    const result = await runCli(
      ['exec', '--profile', 'bizcorprole', '--mfa-code', given, '--', process.execPath, path.join(FIXTURES, 'exec-child.js'), out, '7'],
      { env, cwd },
    );
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 7, stderr: '' });
    const child = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(child.error).toBeUndefined();
    expect(child.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/amplify-deployer\//);
    expect(child.keyId).toMatch(/^ASIA/);
    expect(child.keyId).toBe(child.env.AWS_ACCESS_KEY_ID);
    expect(child.env.AWS_SESSION_TOKEN).toBeTruthy();
    expect(new Date(child.env.AWS_CREDENTIAL_EXPIRATION).getTime()).toBeGreaterThan(Date.now() + 50 * 60e3);
    expect([child.env.AWS_REGION, child.env.AWS_DEFAULT_REGION, child.region]).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    expect(child.env.AWS_PROFILE).toBeUndefined();
    expect(child.env.AMPLIFY_AWS_ROLES_EXEC).toBe('bizcorprole');
    const values = JSON.stringify(child.env);
    for (const longTerm of [devKeyId, devSecret, PARENT_KEY_ID, PARENT_SECRET]) expect(values).not.toContain(longTerm);
    // STS's recording: the role was assumed with the source user's key and the code, and the child's call was signed by the role's key.
    const requests = await sts.requests();
    const assume = requests.filter((r) => r.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    expect(assume[0]).toMatchObject({ accessKeyId: devKeyId, params: { RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: given } });
    const identity = requests.filter((r) => r.action === 'GetCallerIdentity');
    expect(identity.map((r) => r.accessKeyId)).toEqual([child.keyId]);
    // Our own output holds no secret.
    for (const secret of [devSecret, child.env.AWS_SECRET_ACCESS_KEY, child.env.AWS_SESSION_TOKEN])
      expect(result.stdout + result.stderr).not.toContain(secret);
    sandbox.cleanup();
  });

  test('the MFA code is asked before the command starts: without one, the command never runs', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const cwd = sandbox.project('app');
    const marker = sandbox.path('ran');
    const result = await runCli(
      ['exec', '--profile', 'bizcorprole', '--', process.execPath, '-e', `require('fs').writeFileSync(${JSON.stringify(marker)}, '')`],
      { env: sandbox.env, cwd },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/MFA code/);
    expect(fs.existsSync(marker)).toBe(false);
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole')).toHaveLength(0);
    sandbox.cleanup();
  });

  test('a nested exec is refused with one sentence, before any STS call', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const result = await runCli(['exec', '--profile', 'bizcorprole', '--mfa-code', '123456', '--', 'true'], {
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_EXEC: 'bizcorprole' },
      cwd: sandbox.project('app'),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Error: This shell already runs inside "amplify-aws-roles exec" for profile "bizcorprole"/);
    expect(await sts.requests()).toHaveLength(0);
    // So is a missing command, and one that does not exist.
    const missing = await runCli(['exec', '--profile', 'bizcorprole'], { env: sandbox.env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/exec needs the command to run after "--"/);
    const noSeparator = await runCli(['exec', '--profile', 'bizcorprole', 'ls', '-la'], { env: sandbox.env });
    expect(noSeparator.code).toBe(2);
    expect(noSeparator.stderr).toBe(
      'Error: Invalid arguments for "exec": unknown option -l.\nOur options go first, then "--", then the command and its own options: exec --profile NAME -- COMMAND ARGS...\n',
    );
    const unknown = await runCli(['exec', '--profile', 'bizcorprole', '--mfa-code', await freshCode(), '--', 'no-such-command-aar'], {
      env: sandbox.env,
      cwd: sandbox.project('app'),
    });
    expect(unknown.code).toBe(127);
    expect(unknown.stderr).toMatch(/Cannot run "no-such-command-aar": no such command/);
    // Long-term keys cannot be served: the SDKs want a token and an expiry from a credential server.
    const longTerm = await runCli(['exec', '--profile', 'devcorpuser', '--server', '--', 'true'], { env: sandbox.env });
    expect(longTerm.code).toBe(2);
    expect(longTerm.stderr).toMatch(
      /^Error: Profile "devcorpuser" gives credentials without a session token or an expiry \(long-term keys\)/,
    );
    sandbox.cleanup();
  });

  test.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)(
    '%s sent to exec reaches the child once, and exec exits as the child did',
    async (signal) => {
      const sandbox = walkthroughSandbox({ sts });
      const cwd = sandbox.project('app');
      const received = sandbox.path('signals');
      const child = spawn(
        process.execPath,
        [
          BIN,
          'exec',
          '--profile',
          'bizcorprole',
          '--mfa-code',
          await freshCode(),
          '--',
          process.execPath,
          path.join(FIXTURES, 'signal-child.js'),
          received,
        ],
        {
          env: sandbox.env,
          cwd,
          stdio: ['ignore', 'pipe', 'pipe'],
          detached: true,
        },
      );
      const output = childOutput(child, 20000);
      await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
      process.kill(child.pid!, signal);
      const { code, stderr } = await output;
      const number = { SIGTERM: 15, SIGINT: 2, SIGHUP: 1 }[signal];
      expect({ code, stderr }).toEqual({ code: 128 + number, stderr: '' });
      expect(fs.readFileSync(received, 'utf8')).toBe(`${signal}\n`);
      sandbox.cleanup();
    },
  );
});

describe('exec --server: a local credential endpoint that renews for as long as the command runs', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const freshCode = () => sts.walkthrough.user.device.code();
  const python = awsCliPython();

  test(`900-second role sessions renewed without prompts across several sessions (SDK v3${python ? ' and the AWS CLI v1' : ''}); no token, no credentials; the server ends with the child`, async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile longjob]\nrole_arn = ${ROLE_ARN}\nsource_profile = devcorpuser\nmfa_serial = ${MFA_SERIAL}\nexternal_id = ${EXTERNAL_ID}\nmfa_session_duration = 43200\nduration_seconds = 900\nregion = us-east-1\n`,
    });
    const cwd = sandbox.project('app');
    const out = sandbox.path('server-child.json');
    const rounds = 3;
    const args = [
      'exec',
      '--profile',
      'longjob',
      '--server',
      '--mfa-code',
      await freshCode(),
      '--',
      process.execPath,
      path.join(FIXTURES, 'server-child.js'),
      out,
      python ?? '',
      String(rounds),
    ];
    const result = await runCli(args, { env: sandbox.env, cwd, timeoutMs: 90000 });
    const child = JSON.parse(fs.readFileSync(out, 'utf8'));
    expect(child.error).toBeUndefined();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    // Only the endpoint and its token: no fixed keys, no profile.
    expect(child.variables).toEqual(
      expect.arrayContaining(['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_REGION']),
    );
    expect(child.variables).not.toContain('AWS_ACCESS_KEY_ID');
    expect(child.variables).not.toContain('AWS_PROFILE');
    expect(child.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(child.refused).toEqual([403, 403]);
    expect(child.refusedBody).not.toMatch(/ASIA|SecretAccessKey/);
    // Every call succeeded, as the role.
    expect(child.rounds).toHaveLength(rounds);
    for (const round of child.rounds) {
      expect(round.sdk.arn).toMatch(/assumed-role\/amplify-deployer\//);
      if (python) expect(round.cli.arn).toBe(round.sdk.arn);
    }
    // One code (for the MFA session), then one AssumeRole per role session, 900 s each, none with a code.
    const requests = await sts.requests();
    expect(requests.filter((r) => r.params.TokenCode !== undefined).map((r) => r.action)).toEqual(['GetSessionToken']);
    const assume = requests.filter((r) => r.action === 'AssumeRole');
    expect(assume).toHaveLength(rounds);
    expect(assume.every((r) => r.params.DurationSeconds === '900')).toBe(true);
    // Each round ran in a role session of its own, and both clients of a round used the same one.
    const keys = child.rounds.map((round: { sdk: { keyId: string } }) => round.sdk.keyId);
    expect(new Set(keys).size).toBe(rounds);
    const signers = requests.filter((r) => r.action === 'GetCallerIdentity').map((r) => r.accessKeyId);
    expect(signers).toEqual(keys.flatMap((key: string) => (python ? [key, key] : [key])));
    // The server is gone with the child.
    await expect(fetch(child.url)).rejects.toThrow();
    sandbox.cleanup();
  }, 120000);

  test('a renewal that would need a new MFA code fails the request and says why on the terminal', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile nosession]\nrole_arn = ${ROLE_ARN}\nsource_profile = devcorpuser\nmfa_serial = ${MFA_SERIAL}\nexternal_id = ${EXTERNAL_ID}\nduration_seconds = 900\nregion = us-east-1\n`,
    });
    const cwd = sandbox.project('app');
    const out = sandbox.path('server-child.json');
    const result = await runCli(
      [
        'exec',
        '--profile',
        'nosession',
        '--server',
        '--mfa-code',
        await freshCode(),
        '--',
        process.execPath,
        path.join(FIXTURES, 'server-child.js'),
        out,
        '',
        '2',
      ],
      { env: sandbox.env, cwd, timeoutMs: 60000 },
    );
    expect(result.code).toBe(99);
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).error).toBeTruthy();
    expect(result.stderr).toMatch(
      /amplify-aws-roles: Error: The credentials of profile "nosession" ran out during a long-running operation, and renewing them needs a new MFA code/,
    );
    expect((await sts.requests()).filter((r) => r.params.TokenCode !== undefined)).toHaveLength(1);
    sandbox.cleanup();
  }, 60000);
});
