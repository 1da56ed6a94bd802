import { CHECK_IDS, DOCTOR_CHECKS, runChecks, runDoctor, type Check, type CheckResult, type DoctorServices } from '../../../src/doctor';
import type { ResolveRequest, ResolveResult } from '../../../src/resolve';
import { makeSandbox } from '../../helpers/sandbox';

// Issue 23, item 2: the runner's shape. Checks that call STS run after every offline check wherever they stand in
// the list (so a check another issue appends slots in), each result is told as soon as it is known, and a check
// sees the results before it (assume-role asks for no code once something failed).
describe('doctor runner: offline first, told as it goes', () => {
  const pass = { status: 'pass' as const, message: 'ok' };

  test('online checks run last, in list order; the progress callback sees each result in run order', async () => {
    const ran: string[] = [];
    const told: string[] = [];
    const check = (id: string, online = false, needs: string[] = []): Check<null> => ({
      id,
      needs,
      online,
      run: () => (ran.push(id), pass),
    });
    const results = await runChecks(
      [check('files'), check('sts-a', true, ['files']), check('plan'), check('sts-b', true), check('appended-offline')],
      null,
      (result) => told.push(result.id),
    );
    expect(ran).toEqual(['files', 'plan', 'appended-offline', 'sts-a', 'sts-b']);
    expect(told).toEqual(ran);
    expect(results.map((r) => r.id)).toEqual(ran);
  });

  test('a check gets the results before it, as they stood then', async () => {
    const seen: string[][] = [];
    const record = (id: string, status: CheckResult['status']): Check<null> => ({
      id,
      needs: [],
      run: (_context, earlier) => {
        seen.push(earlier.map((r) => `${r.id}:${r.status}`));
        return { status, message: id };
      },
    });
    await runChecks([record('a', 'pass'), record('b', 'fail'), record('c', 'pass')], null);
    expect(seen).toEqual([[], ['a:pass'], ['a:pass', 'b:fail']]);
  });

  test("the doctor's own list: the three online checks (STS, then the Amplify API) come after every offline one", () => {
    const online = DOCTOR_CHECKS.filter((c) => c.online).map((c) => c.id);
    expect(online).toEqual(['source-keys', 'assume-role', 'gen1-app']);
    expect(CHECK_IDS.slice(-3)).toEqual(online);
  });

  test('runDoctor tells the header first, then every line before the STS calls are made', async () => {
    const sandbox = makeSandbox({
      '.aws/config':
        '[profile r]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = u\nmfa_serial = arn:aws:iam::210987654321:mfa/u\nregion = us-east-1\n',
    });
    try {
      sandbox.write('.aws/credentials', '[u]\naws_access_key_id = AKIAORDERTEST0000001\naws_secret_access_key = order-secret\n', 0o600);
      const events: string[] = [];
      const services: Partial<DoctorServices> = {
        callerIdentity: async () => {
          events.push('sts:GetCallerIdentity');
          return { account: '210987654321', arn: 'arn:aws:iam::210987654321:user/u', userId: 'AIDA' };
        },
        resolveProfileCredentials: async (request: ResolveRequest) => {
          events.push(`sts:AssumeRole noCache=${request.noCache}`);
          return {
            profile: 'r',
            fromCache: false,
            credentials: {
              accessKeyId: 'ASIAORDER00000000001',
              secretAccessKey: 's',
              sessionToken: 't',
              expiration: new Date(Date.now() + 3600e3),
            },
          } as ResolveResult;
        },
        cacheStore: () => ({ get: () => undefined }),
        gen1Apps: async () => {
          events.push('amplify:ListApps');
          return { apps: [{ appId: 'd1', name: 'shop' }], withBackend: { appId: 'd1', name: 'shop', environment: 'prod' } };
        },
      };
      const report = await runDoctor(
        { env: sandbox.env, cwd: sandbox.home, profile: 'r', mfaCode: '123456', stdin: process.stdin, stderr: process.stderr },
        services,
        {
          start: (profile) => events.push(`start ${profile}`),
          result: (result) => events.push(result.id),
        },
      );
      expect(report.ok).toBe(true);
      const firstSts = events.findIndex((e) => e.startsWith('sts:'));
      expect(events[0]).toBe('start r');
      expect(events.slice(1, firstSts)).toEqual(CHECK_IDS.filter((id) => !['source-keys', 'assume-role', 'gen1-app'].includes(id)));
      // gen1-app asks the resolver again with the cache allowed (the credentials assume-role just cached).
      expect(events.slice(firstSts)).toEqual([
        'sts:GetCallerIdentity',
        'source-keys',
        'sts:AssumeRole noCache=true',
        'assume-role',
        'sts:AssumeRole noCache=undefined',
        'amplify:ListApps',
        'gen1-app',
      ]);
    } finally {
      sandbox.cleanup();
    }
  });
});
