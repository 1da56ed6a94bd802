import { PassThrough } from 'node:stream';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { resolveProfileCredentials } from '../../src/resolve';
import { BIN, runCli } from '../helpers/cli';
import { useSts, type DevUser } from '../helpers/sts';
import { startTerminal, type TerminalSession } from '../helpers/tmux';
import { BIZ_ACCOUNT, DEV_ACCOUNT, EXTERNAL_ID, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

/**
 * The session limits real STS enforces, met as a user meets them, against the strict stand-in: chained role sessions
 * last at most an hour (capped and said once), a role's MaxSessionDuration (named with both fixes), and one-time
 * codes (never sent twice).
 */
const HOUR_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/hour-deployer`;
const INNER_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/inner-deployer`;
const RECENT_MFA_ROLE = `arn:aws:iam::${BIZ_ACCOUNT}:role/recent-mfa-deployer`;
const CAP_WARNING = 'Warning: AWS limits role sessions assumed with temporary credentials (role chaining) to one hour:';

function profile(name: string, keys: Record<string, string | number>): string {
  return [`[profile ${name}]`, ...Object.entries(keys).map(([key, value]) => `${key} = ${value}`), 'region = us-east-1', ''].join('\n');
}

describe("role sessions within STS's limits (strict STS stand-in)", () => {
  const sts = useSts({ resetRecording: true });
  let bizRoles: string;
  let walker: DevUser;
  let mfaSerial: string;

  beforeAll(async () => {
    const sdk = await import('@aws-sdk/client-iam');
    const biz = sts.iam(BIZ_ACCOUNT);
    mfaSerial = sts.walkthrough.user.mfaSerial;
    const trust = (principal: string, condition?: object) =>
      JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) },
        ],
      });
    // The walkthrough's role may last 12 hours; hour-deployer keeps IAM's default maximum of one hour.
    await biz.send(new sdk.UpdateRoleCommand({ RoleName: 'amplify-deployer', MaxSessionDuration: 43200 }));
    await biz.send(
      new sdk.CreateRoleCommand({
        RoleName: 'hour-deployer',
        AssumeRolePolicyDocument: trust(`arn:aws:iam::${DEV_ACCOUNT}:root`, { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      }),
    );
    await biz.send(
      new sdk.CreateRoleCommand({ RoleName: 'inner-deployer', AssumeRolePolicyDocument: trust(ROLE_ARN), MaxSessionDuration: 43200 }),
    );
    await biz.send(
      new sdk.CreateRoleCommand({
        RoleName: 'recent-mfa-deployer',
        AssumeRolePolicyDocument: trust(`arn:aws:iam::${DEV_ACCOUNT}:root`, {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '300' },
        }),
      }),
    );
    const anyBizRole = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: `arn:aws:iam::${BIZ_ACCOUNT}:role/*` }],
    });
    bizRoles = (await sts.iam(DEV_ACCOUNT).send(new sdk.CreatePolicyCommand({ PolicyName: 'biz-roles', PolicyDocument: anyBizRole })))
      .Policy!.Arn!;
  });

  // Each test is a Dev Corp user of its own, with a device of its own: its codes never wait for another test's.
  let users = 0;
  beforeEach(async () => {
    walker = await sts.walkthrough.newUser(`session-user-${++users}`, { policyArns: [bizRoles] });
    mfaSerial = walker.mfaSerial;
    await sts.resetRecording();
  });

  afterEach(() => {
    sts.beforeDeciding = undefined;
  });

  const assumeCalls = async () => (await sts.requests()).filter((r) => r.action === 'AssumeRole');
  const code = () => walker.device.code();
  /** The day-long profile: an MFA session and a role both asked for 43200 s. */
  const daylongSandbox = () =>
    walkthroughSandbox({
      sts,
      user: walker,
      extraConfig: profile('daylong', {
        role_arn: ROLE_ARN,
        source_profile: 'devcorpuser',
        mfa_serial: mfaSerial,
        external_id: EXTERNAL_ID,
        mfa_session_duration: 43200,
        duration_seconds: 43200,
      }),
    });

  describe('chained role sessions last at most an hour, and the tool says so once', () => {
    test("an MFA session with duration_seconds = 43200: one code, the role asked for 3600 s with the session's key, one line on stderr", async () => {
      const sandbox = daylongSandbox();
      const given = await code();
      const result = await runCli(['credentials', '--profile', 'daylong', '--mfa-code', given], {
        env: sandbox.env,
        cwd: sandbox.project('app'),
      });
      expect(result.stderr).toBe(
        `${CAP_WARNING} profile "daylong" is assumed with its MFA session, so its role credentials last 3600 s, not duration_seconds = 43200; the MFA session renews them without a new code.\n`,
      );
      expect(result.code).toBe(0);
      const calls = (await sts.requests()).filter((r) => r.params.Version === '2011-06-15');
      expect(calls.map((c) => [c.action, c.params.TokenCode, c.params.DurationSeconds, c.status])).toEqual([
        ['GetSessionToken', given, '43200', 200],
        ['AssumeRole', undefined, '3600', 200],
      ]);
      const session = sts.sessions().find((s) => s.origin === 'GetSessionToken' && s.mfa)!;
      expect(calls[1].accessKeyId).toBe(session.accessKeyId);
      const lasts = new Date(JSON.parse(result.stdout).Expiration).getTime() - Date.now();
      expect(lasts).toBeGreaterThan(3500e3);
      expect(lasts).toBeLessThanOrEqual(3600e3);
      sandbox.cleanup();
    });

    test('renewed three times in one process from the MFA session: one code, three one-hour sessions, the cap said once', async () => {
      const sandbox = walkthroughSandbox({
        sts,
        user: walker,
        extraConfig: profile('workday', {
          role_arn: ROLE_ARN,
          source_profile: 'devcorpuser',
          mfa_serial: mfaSerial,
          external_id: EXTERNAL_ID,
          mfa_session_duration: 43200,
          duration_seconds: 28800,
        }),
      });
      const project = sandbox.project('app');
      const stderr = new PassThrough();
      let said = '';
      stderr.on('data', (d) => (said += d));
      let codes = 0;
      const mfa = mfaCodeProvider(async () => (codes++, code()), false);
      const start = Date.now();
      for (const hour of [0, 1, 2]) {
        if (hour > 0) sts.clock.advance(3600);
        const result = await resolveProfileCredentials({
          env: sandbox.env,
          cwd: project,
          profile: 'workday',
          mfa,
          now: () => new Date(start + hour * 3600e3 + 60e3),
          stdin: new PassThrough(),
          stderr,
        });
        expect(result.fromCache).toBe(false);
      }
      expect(codes).toBe(1);
      expect((await assumeCalls()).map((c) => c.params.DurationSeconds)).toEqual(['3600', '3600', '3600']);
      expect(said.split('\n').filter(Boolean)).toEqual([
        `${CAP_WARNING} profile "workday" is assumed with its MFA session, so its role credentials last 3600 s, not duration_seconds = 28800; the MFA session renews them without a new code.`,
      ]);
      sandbox.cleanup();
    });

    test('the second hop of a chain with duration_seconds = 7200 is asked for 3600 s; the first hop, direct with MFA, keeps its 43200', async () => {
      const sandbox = walkthroughSandbox({
        sts,
        user: walker,
        extraConfig: [
          profile('direct', {
            role_arn: ROLE_ARN,
            source_profile: 'devcorpuser',
            mfa_serial: mfaSerial,
            external_id: EXTERNAL_ID,
            duration_seconds: 43200,
          }),
          profile('inner', { role_arn: INNER_ROLE, source_profile: 'direct', duration_seconds: 7200 }),
        ].join('\n'),
      });
      const result = await runCli(['credentials', '--profile', 'inner', '--mfa-code', await code()], {
        env: sandbox.env,
        cwd: sandbox.project('app'),
      });
      expect(result.stderr).toBe(
        `${CAP_WARNING} profile "inner" is assumed with the temporary credentials of profile "direct", so its role credentials last 3600 s, not duration_seconds = 7200.\n`,
      );
      expect(result.code).toBe(0);
      expect((await assumeCalls()).map((c) => [c.params.RoleArn, c.params.DurationSeconds, c.status])).toEqual([
        [ROLE_ARN, '43200', 200],
        [INNER_ROLE, '3600', 200],
      ]);
      sandbox.cleanup();
    });

    test("direct AssumeRole with MFA keeps the profile's duration: 12 hours, nothing said", async () => {
      const sandbox = walkthroughSandbox({
        sts,
        user: walker,
        extraConfig: profile('longdirect', {
          role_arn: ROLE_ARN,
          source_profile: 'devcorpuser',
          mfa_serial: mfaSerial,
          external_id: EXTERNAL_ID,
          duration_seconds: 43200,
        }),
      });
      const result = await runCli(['credentials', '--profile', 'longdirect', '--mfa-code', await code()], {
        env: sandbox.env,
        cwd: sandbox.project('app'),
      });
      expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
      expect((await assumeCalls()).map((c) => c.params.DurationSeconds)).toEqual(['43200']);
      expect(new Date(JSON.parse(result.stdout).Expiration).getTime() - Date.now()).toBeGreaterThan(43000e3);
      sandbox.cleanup();
    });

    test('doctor warns about the cap, with the fix', async () => {
      const sandbox = daylongSandbox();
      const result = await runCli(['doctor', '--profile', 'daylong', '--json', '--mfa-code', await code()], {
        env: sandbox.env,
        cwd: sandbox.home,
      });
      const check = (
        JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; message: string; fix?: string }> }
      ).checks.find((c) => c.id === 'session-duration');
      expect(check).toEqual({
        id: 'session-duration',
        status: 'warn',
        message:
          'Profile "daylong" asks for duration_seconds = 43200, but its role is assumed with the MFA session\'s temporary credentials: AWS limits such chained role sessions to one hour, so they last 3600 s.',
        fix: 'Nothing breaks: the MFA session renews the role\'s credentials every hour without a new code. Set duration_seconds = 3600 in profile "daylong" to say so, or remove mfa_session_duration for longer role sessions (each renewal then needs a code).',
      });
      sandbox.cleanup();
    });
  });

  test("a role's MaxSessionDuration: one sentence naming the role, the seconds and both fixes; the second fix works", async () => {
    const sandbox = walkthroughSandbox({
      sts,
      user: walker,
      extraConfig: profile('twohours', {
        role_arn: HOUR_ROLE,
        source_profile: 'devcorpuser',
        mfa_serial: mfaSerial,
        duration_seconds: 7200,
      }),
    });
    const cwd = sandbox.project('app');
    const refused = await runCli(['credentials', '--profile', 'twohours', '--mfa-code', await code()], { env: sandbox.env, cwd });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.split('\n')[0]).toBe(
      `Error: Role hour-deployer (${HOUR_ROLE}) allows shorter sessions than the 7200 s that profile "twohours" asks for (duration_seconds): lower duration_seconds in profile "twohours", or raise the role's maximum with "aws iam update-role --role-name hour-deployer --max-session-duration 7200".`,
    );
    expect((await assumeCalls()).map((c) => c.refused?.message)).toEqual([
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    ]);
    const sdk = await import('@aws-sdk/client-iam');
    await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateRoleCommand({ RoleName: 'hour-deployer', MaxSessionDuration: 7200 }));
    const allowed = await runCli(['credentials', '--profile', 'twohours', '--mfa-code', await code()], { env: sandbox.env, cwd });
    expect({ code: allowed.code, stderr: allowed.stderr }).toEqual({ code: 0, stderr: '' });
    await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateRoleCommand({ RoleName: 'hour-deployer', MaxSessionDuration: 3600 }));
    sandbox.cleanup();
  });

  describe('a code STS accepted is never sent again', () => {
    /** The role wants MFA within 5 minutes; STS's clock moves 10 minutes before the session's first AssumeRole arrives. */
    function sessionRefusedLater(): void {
      let moved = false;
      sts.beforeDeciding = (call) => {
        if (moved || call.action !== 'AssumeRole' || call.params.TokenCode !== undefined) return;
        moved = true;
        sts.clock.advance(600);
      };
    }

    test('headless: after the MFA session is refused, the code given by --mfa-code is not sent again: one sentence says a fresh code is needed and why', async () => {
      const sandbox = walkthroughSandbox({
        sts,
        user: walker,
        extraConfig: profile('recent', {
          role_arn: RECENT_MFA_ROLE,
          source_profile: 'devcorpuser',
          mfa_serial: mfaSerial,
          mfa_session_duration: 43200,
        }),
      });
      const cwd = sandbox.project('app');
      sessionRefusedLater();
      const given = await code();
      const result = await runCli(['credentials', '--profile', 'recent', '--mfa-code', given], { env: sandbox.env, cwd });
      expect(result.code).toBe(1);
      const [warning, error, resolution] = result.stderr.trimEnd().split('\n');
      expect(warning).toMatch(/^Warning: Assuming \S+recent-mfa-deployer from the MFA session was denied .*aws:MultiFactorAuthAge/);
      expect(error).toBe(
        `Error: A fresh MFA code is needed to assume ${RECENT_MFA_ROLE} for profile "recent": the code given by --mfa-code started the MFA session, which the role refused, and STS accepts each code only once.`,
      );
      expect(resolution).toBe(`Run the command again with the next code from device ${mfaSerial} (or in a terminal, where it is asked).`);
      const calls = (await sts.requests()).filter((r) => r.params.Version === '2011-06-15');
      expect(calls.map((c) => [c.action, c.params.TokenCode, c.refused?.code])).toEqual([
        ['GetSessionToken', given, undefined],
        ['AssumeRole', undefined, 'AccessDenied'],
      ]);
      // With a fresh code the fallback works: the cached MFA session is refused again, the new code is not.
      const fresh = await code();
      const again = await runCli(['credentials', '--profile', 'recent', '--mfa-code', fresh], { env: sandbox.env, cwd });
      expect(again.code).toBe(0);
      expect((await assumeCalls()).slice(-2).map((c) => [c.params.TokenCode, c.status])).toEqual([
        [undefined, 403],
        [fresh, 200],
      ]);
      sandbox.cleanup();
    });

    test('in a terminal: the fallback asks for a new code, and the spent one typed again is asked for anew, never sent', async () => {
      const sandbox = walkthroughSandbox({
        sts,
        user: walker,
        extraConfig: profile('recent', {
          role_arn: RECENT_MFA_ROLE,
          source_profile: 'devcorpuser',
          mfa_serial: walker.mfaSerial,
          mfa_session_duration: 43200,
        }),
      });
      sessionRefusedLater();
      let terminal: TerminalSession | undefined;
      try {
        terminal = startTerminal(`${process.execPath} ${BIN} whoami --profile recent`, { env: sandbox.env, cwd: sandbox.project('app') });
        await terminal.waitFor(/MFA code for profile "recent"/);
        const first = await walker.device.code();
        terminal.type(first);
        await terminal.waitFor('type a new code, not the one that started the session');
        terminal.type(first);
        await terminal.waitFor('STS already accepted that code');
        const second = await walker.device.code();
        terminal.type(second);
        await terminal.waitFor(/Source:\s+new credentials from STS/, 20000);
        expect(await terminal.exitCode()).toBe(0);
        const calls = (await sts.requests()).filter(
          (r) => r.params.Version === '2011-06-15' && r.accessKeyId !== undefined && r.action !== 'GetCallerIdentity',
        );
        expect(calls.map((c) => [c.action, c.params.TokenCode, c.status])).toEqual([
          ['GetSessionToken', first, 200],
          ['AssumeRole', undefined, 403],
          ['AssumeRole', second, 200],
        ]);
      } finally {
        terminal?.kill();
        sandbox.cleanup();
      }
    }, 60000);
  });
});
