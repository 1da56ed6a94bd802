import { PassThrough } from 'node:stream';
import { mfaCodeProvider, type MfaCodeRequest } from '../../src/prompts/mfaCode';
import { resolveProfileCredentials } from '../../src/resolve';
import { useSts } from '../helpers/sts';
import { EXTERNAL_ID, walkthroughSandbox } from '../helpers/walkthrough';

// A simulated working day against the strict STS stand-in, with one clock for the tool and for STS (expiry, MFA
// age, one-time codes): role credentials last 15 minutes (duration_seconds = 900) and the developer resolves the
// role every hour from 09:00 to 17:00, typing the code the virtual device shows at that hour.
describe('one MFA code per working day', () => {
  const sts = useSts({ resetRecording: true });

  async function simulateDay(options: { mfaSession: boolean }) {
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: [
        '[profile shortrole]',
        'role_arn = arn:aws:iam::123456789012:role/amplify-deployer',
        'source_profile = devcorpuser',
        `mfa_serial = ${sts.walkthrough.user.mfaSerial}`,
        `external_id = ${EXTERNAL_ID}`,
        'duration_seconds = 900',
        options.mfaSession ? 'mfa_session_duration = 43200' : '',
        '',
      ].join('\n'),
    });
    const project = sandbox.project('app');
    const asked: MfaCodeRequest[] = [];
    const mfa = mfaCodeProvider(async (request) => {
      asked.push(request);
      return sts.walkthrough.user.device.code();
    }, true);
    const start = sts.clock.now().getTime();
    const fromCache: boolean[] = [];
    // A 5-minute margin (the default 15 minutes would renew 15-minute credentials every time).
    // 09:00, 09:01 (served from the cache), then hourly to 17:00.
    const minutes = [0, 1, 60, 120, 180, 240, 300, 360, 420, 480];
    for (const minute of minutes) {
      const now = () => new Date(start + minute * 60e3);
      sts.clock.advanceTo(now());
      const result = await resolveProfileCredentials({
        env: sandbox.env,
        cwd: project,
        profile: 'shortrole',
        now,
        mfa,
        minTtlSeconds: 300,
        stdin: new PassThrough(),
        stderr: new PassThrough(),
      });
      fromCache.push(result.fromCache);
    }
    const requests = await sts.requests();
    sandbox.cleanup();
    return {
      codesAsked: asked.length,
      callsWithTokenCode: requests.filter((r) => r.params.TokenCode !== undefined).length,
      assumeRole: requests.filter((r) => r.action === 'AssumeRole').length,
      getSessionToken: requests.filter((r) => r.action === 'GetSessionToken').length,
      fromCache,
    };
  }

  test('without an MFA session: every renewal of the 15-minute role credentials costs a code (10 resolutions, 9 renewals, 9 codes)', async () => {
    const day = await simulateDay({ mfaSession: false });
    expect(day).toMatchObject({ codesAsked: 9, callsWithTokenCode: 9, assumeRole: 9, getSessionToken: 0 });
    expect(day.fromCache).toEqual([false, true, false, false, false, false, false, false, false, false]);
  });

  test('with mfa_session_duration: the same day costs exactly one code; the role is renewed from the session', async () => {
    const day = await simulateDay({ mfaSession: true });
    expect(day).toMatchObject({ codesAsked: 1, callsWithTokenCode: 1, assumeRole: 9, getSessionToken: 1 });
    const requests = await sts.requests();
    expect(
      requests
        .filter((r) => r.action === 'AssumeRole')
        .every((r) => r.params.TokenCode === undefined && r.params.SerialNumber === undefined),
    ).toBe(true);
    expect(day.fromCache.filter(Boolean)).toHaveLength(1);
  });
});
