import { PassThrough } from 'node:stream';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { resolveProfileCredentials } from '../../src/resolve';
import { DEPLOYMENT_MIN_TTL_SECONDS } from '../../src/resolve/deployment';
import { refreshingCredentialProvider } from '../../src/resolve/refreshingProvider';
import { runCli } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { EXTERNAL_ID, walkthroughSandbox } from '../helpers/walkthrough';

// Never expire in the middle of a deployment: renew before it starts, and refresh without prompting during it.
describe('credentials that last through a deployment', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const streams = () => ({ stdin: new PassThrough(), stderr: new PassThrough() });
  const assumeCalls = async () => (await sts.requests()).filter((r) => r.action === 'AssumeRole');
  const code = () => sts.walkthrough.user.device.code();

  test('with less than the deployment margin left, the renewal (and its MFA code) happens before the push, not during it', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const project = sandbox.project('app');
    const start = Date.now();
    const events: string[] = [];
    const mfa = mfaCodeProvider(async () => {
      events.push('mfa code asked');
      return code();
    }, true);
    // 09:00: credentials for one hour.
    await resolveProfileCredentials({ env: sandbox.env, cwd: project, profile: 'bizcorprole', mfa, ...streams() });
    // 09:20: 40 minutes left, more than the usual 15-minute margin: an ordinary command uses the cache.
    const at0920 = () => new Date(start + 20 * 60e3);
    expect(
      (await resolveProfileCredentials({ env: sandbox.env, cwd: project, profile: 'bizcorprole', mfa, now: at0920, ...streams() }))
        .fromCache,
    ).toBe(true);
    // PrePush at 09:20: 40 minutes are less than the deployment margin, so the code is asked now, before the push.
    const beforePush = await resolveProfileCredentials({
      env: sandbox.env,
      cwd: project,
      profile: 'bizcorprole',
      mfa,
      now: at0920,
      minTtlSeconds: DEPLOYMENT_MIN_TTL_SECONDS,
      ...streams(),
    });
    events.push('push starts');
    expect(beforePush.fromCache).toBe(false);
    expect(events).toEqual(['mfa code asked', 'mfa code asked', 'push starts']);
    // STS stamps expiry by its own clock, here real time: the renewed credentials have a full hour from now.
    expect(beforePush.credentials.expiration!.getTime() - Date.now()).toBeGreaterThan(DEPLOYMENT_MIN_TTL_SECONDS * 1000);
    expect(await assumeCalls()).toHaveLength(2);
    sandbox.cleanup();
  });

  test('credentials --min-ttl renews early from the command line', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const cwd = sandbox.project('app');
    const first = await code();
    await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', first], { env: sandbox.env, cwd });
    expect((await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd })).code).toBe(0);
    expect(await assumeCalls()).toHaveLength(1);
    // Fresh credentials have about 60 minutes: asking for 61 forces a renewal (and needs a code again).
    const second = await code();
    const renewed = await runCli(['credentials', '--profile', 'bizcorprole', '--min-ttl', '3660', '--mfa-code', second], {
      env: sandbox.env,
      cwd,
    });
    expect(renewed.code).toBe(0);
    expect((await assumeCalls()).map((c) => c.params.TokenCode)).toEqual([first, second]);
    const bad = await runCli(['credentials', '--profile', 'bizcorprole', '--min-ttl', 'soon'], { env: sandbox.env, cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--min-ttl must be a whole number of seconds/);
    sandbox.cleanup();
  });

  test('the refreshing provider renews from the MFA session without a prompt, and says clearly when it cannot', async () => {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile withsession]\nrole_arn = arn:aws:iam::123456789012:role/amplify-deployer\nsource_profile = devcorpuser\nmfa_serial = arn:aws:iam::210987654321:mfa/dev-user\nexternal_id = ${EXTERNAL_ID}\nmfa_session_duration = 43200\n`,
    });
    const project = sandbox.project('app');
    const start = Date.now();
    await resolveProfileCredentials({
      env: sandbox.env,
      cwd: project,
      profile: 'withsession',
      mfa: mfaCodeProvider(code, true),
      ...streams(),
    });
    await resolveProfileCredentials({
      env: sandbox.env,
      cwd: project,
      profile: 'bizcorprole',
      mfa: mfaCodeProvider(code, true),
      ...streams(),
    });
    const twoHoursLater = () => new Date(start + 2 * 3600e3);
    const withSession = refreshingCredentialProvider({
      env: sandbox.env,
      cwd: project,
      profile: 'withsession',
      now: twoHoursLater,
      ...streams(),
    });
    const renewed = await withSession();
    expect(renewed.accessKeyId).toMatch(/^ASIA/);
    expect(renewed.expiration).toBeInstanceOf(Date);
    const tokenCodes = (await sts.requests()).filter((r) => r.params.TokenCode !== undefined);
    expect(tokenCodes).toHaveLength(2); // the two first resolutions only
    const withoutSession = refreshingCredentialProvider({
      env: sandbox.env,
      cwd: project,
      profile: 'bizcorprole',
      now: twoHoursLater,
      ...streams(),
    });
    await expect(withoutSession()).rejects.toThrow(/ran out during a long-running operation, and renewing them needs a new MFA code/);
    sandbox.cleanup();
  });
});
