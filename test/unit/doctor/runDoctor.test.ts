import type { CachedEntry } from '../../../src/cache';
import { formatReport, runChecks, runDoctor, type Check, type DoctorReport, type DoctorServices } from '../../../src/doctor';
import { ToolError } from '../../../src/errors';
import type { ResolveRequest, ResolveResult } from '../../../src/resolve';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

describe('runChecks: prerequisites', () => {
  const outcome = (status: 'pass' | 'warn' | 'fail' | 'skip') => ({ status, message: status });
  const check = (id: string, needs: string[], run: Check<null>['run']): Check<null> => ({ id, needs, run });

  test('a failure skips what needs it, naming the failed check at the root; a not-applicable skip blocks nothing', async () => {
    const ran: string[] = [];
    const track = (id: string, status: 'pass' | 'warn' | 'fail' | 'skip') => () => {
      ran.push(id);
      return outcome(status);
    };
    const results = await runChecks(
      [
        check('a', [], track('a', 'fail')),
        check('b', ['a'], track('b', 'pass')),
        check('c', ['b'], track('c', 'pass')),
        check('n', [], track('n', 'skip')),
        check('d', ['n'], track('d', 'warn')),
        check('e', [], track('e', 'fail')),
        check('f', ['c', 'e', 'd'], track('f', 'pass')),
      ],
      null,
    );
    expect(ran).toEqual(['a', 'n', 'd', 'e']);
    expect(results).toEqual([
      { id: 'a', status: 'fail', message: 'fail' },
      { id: 'b', status: 'skip', message: 'Skipped because a failed.' },
      { id: 'c', status: 'skip', message: 'Skipped because a failed.' },
      { id: 'n', status: 'skip', message: 'skip' },
      { id: 'd', status: 'warn', message: 'warn' },
      { id: 'e', status: 'fail', message: 'fail' },
      { id: 'f', status: 'skip', message: 'Skipped because a and e failed.' },
    ]);
  });

  test("a thrown ToolError is that check's failure with its fix; any other error fails it too, and the run goes on", async () => {
    const results = await runChecks(
      [
        check('x', [], () => {
          throw new ToolError('UnexpectedError', 'The thing is broken.', { resolution: 'Mend it.' });
        }),
        check('y', [], async () => {
          throw new Error('boom');
        }),
        check('z', [], () => outcome('pass')),
      ],
      null,
    );
    expect(results).toEqual([
      { id: 'x', status: 'fail', message: 'The thing is broken.', fix: 'Mend it.' },
      { id: 'y', status: 'fail', message: 'The y check could not run: boom.' },
      { id: 'z', status: 'pass', message: 'pass' },
    ]);
  });
});

describe('runDoctor with injected STS and cache', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
  const NOW = new Date('2026-11-28T12:00:00Z');
  const SECRET = 'unit-secret-never-shown';
  const CONFIG = `[profile bizcorprole]\nrole_arn = ${ROLE}\nsource_profile = devcorpuser\nregion = eu-west-1\n\n[profile devcorpuser]\nregion = eu-west-1\n`;
  const CREDENTIALS = `[devcorpuser]\naws_access_key_id = AKIAUNITTEST00000001\naws_secret_access_key = ${SECRET}\n`;
  let sandbox: Sandbox;
  // Every sandbox a test made (some call doctor() several times), not only the last one.
  const made: Sandbox[] = [];
  afterEach(() => {
    for (const each of made.splice(0)) each.cleanup();
  });

  function entry(expiresInMinutes: number, extra: Partial<CachedEntry> = {}): CachedEntry {
    return {
      roleArn: ROLE,
      accessKeyId: 'ASIACACHED0000000042',
      secretAccessKey: 'cached-secret',
      sessionToken: 'cached-token',
      expiration: new Date(NOW.getTime() + expiresInMinutes * 60000).toISOString(),
      obtainedAt: new Date(NOW.getTime() - 3600e3).toISOString(),
      ...extra,
    };
  }

  function fakes(overrides: Partial<DoctorServices> = {}) {
    const calls = { identity: [] as unknown[], resolve: [] as ResolveRequest[] };
    const services: DoctorServices = {
      now: () => NOW,
      callerIdentity: async (credentials, options) => {
        calls.identity.push({ credentials, options });
        return { account: '210987654321', arn: 'arn:aws:iam::210987654321:user/dev-user', userId: 'AIDAUSER' };
      },
      resolveProfileCredentials: async (request) => {
        calls.resolve.push(request);
        return {
          profile: 'bizcorprole',
          roleArn: ROLE,
          fromCache: false,
          credentials: {
            accessKeyId: 'ASIANEW0000000000007',
            secretAccessKey: 'new-secret',
            sessionToken: 'new-token',
            expiration: new Date(NOW.getTime() + 3600e3),
          },
        } as ResolveResult;
      },
      cacheStore: () => ({ get: () => undefined }),
      gen1Apps: async () => ({
        apps: [{ appId: 'dexisting', name: 'shop' }],
        withBackend: { appId: 'dexisting', name: 'shop', environment: 'prod' },
      }),
      ...overrides,
    };
    return { services, calls };
  }

  async function doctor(
    services: DoctorServices,
    files: { config?: string; credentials?: string } = {},
    request: { profile?: string; mfaCode?: string } = { profile: 'bizcorprole' },
  ): Promise<DoctorReport> {
    sandbox = makeSandbox({ '.aws/config': files.config ?? CONFIG });
    made.push(sandbox);
    sandbox.write('.aws/credentials', files.credentials ?? CREDENTIALS, 0o600);
    const report = await runDoctor(
      { env: sandbox.env, cwd: sandbox.home, stdin: process.stdin, stderr: process.stderr, ...request },
      services,
    );
    expect(JSON.stringify(report)).not.toMatch(/unit-secret|new-secret|new-token|cached-secret|cached-token/);
    return report;
  }
  const byId = (report: DoctorReport, id: string) => report.checks.find((c) => c.id === id)!;

  test("STS is asked with the source keys (in the profile's region) and for the role without the cache; the report is ok", async () => {
    const { services, calls } = fakes();
    const report = await doctor(services, {}, { profile: 'bizcorprole', mfaCode: '654321' });
    expect(report.ok).toBe(true);
    expect(calls.identity).toEqual([
      {
        credentials: { accessKeyId: 'AKIAUNITTEST00000001', secretAccessKey: SECRET },
        options: { env: sandbox.env, profile: 'devcorpuser', region: 'eu-west-1' },
      },
    ]);
    // The assume-role check asks STS; the gen1-app check after it takes the credentials from the cache.
    expect(calls.resolve).toHaveLength(2);
    expect(calls.resolve[0]).toMatchObject({ profile: 'bizcorprole', noCache: true, mfaCode: '654321', cwd: sandbox.home });
    expect(calls.resolve[1].noCache).toBeUndefined();
    expect(byId(report, 'source-keys').message).toBe(
      'The access keys of "devcorpuser" (AKIA…0001) work: they belong to arn:aws:iam::210987654321:user/dev-user.',
    );
    expect(byId(report, 'assume-role').message).toBe(
      `Assumed ${ROLE}; the new credentials (ASIA…0007) expire at 2026-11-28T13:00:00.000Z (in 60 min).`,
    );
    expect(byId(report, 'mfa-serial').status).toBe('skip');
    expect(byId(report, 'external-id').status).toBe('skip');
  });

  test("gen1-app: with the role's credentials, whether its account has a Gen 1 app with a backend environment (CLI 14.5 refuses init otherwise)", async () => {
    const asked: unknown[] = [];
    const existing = await doctor(
      fakes({
        gen1Apps: async (credentials, options) => (
          asked.push({ key: credentials.accessKeyId, ...options }),
          { apps: [{ appId: 'd1', name: 'shop' }], withBackend: { appId: 'd1', name: 'shop', environment: 'prod' } }
        ),
      }).services,
    );
    expect(byId(existing, 'gen1-app')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('Account 123456789012 has a Gen 1 app with a backend environment (shop d1, environment "prod")'),
    });
    expect(asked).toEqual([{ key: 'ASIANEW0000000000007', region: 'eu-west-1' }]);

    const none = await doctor(fakes({ gen1Apps: async () => ({ apps: [{ appId: 'd2', name: 'empty' }] }) }).services);
    expect(none.ok).toBe(true);
    expect(byId(none, 'gen1-app')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(
        'has no Gen 1 app with a backend environment (1 app without one): Amplify CLI 14.5 and later refuse "amplify init" there',
      ),
      fix: expect.stringContaining('amplify pull --appId'),
    });

    const denied = await doctor(
      fakes({
        gen1Apps: async () => {
          throw Object.assign(new Error('not authorized to perform: amplify:ListApps'), { name: 'AccessDeniedException' });
        },
      }).services,
    );
    expect(byId(denied, 'gen1-app')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('AccessDeniedException: not authorized to perform: amplify:ListApps'),
    });

    const staticKeys = await doctor(fakes().services, {}, { profile: 'devcorpuser' });
    expect(byId(staticKeys, 'gen1-app').status).toBe('skip');
  });

  test('root user keys work but are a warning', async () => {
    const { services } = fakes({
      callerIdentity: async () => ({ account: '210987654321', arn: 'arn:aws:iam::210987654321:root', userId: '210987654321' }),
    });
    const report = await doctor(services);
    expect(report.ok).toBe(true);
    expect(byId(report, 'source-keys')).toMatchObject({
      status: 'warn',
      message: 'The access keys of "devcorpuser" (AKIA…0001) work, but they are the root user\'s keys of account 210987654321.',
    });
  });

  test('an STS refusal of the role is the assume-role failure, with its resolution as the fix', async () => {
    const { services } = fakes({
      resolveProfileCredentials: async () => {
        throw new ToolError('AccessDenied', 'STS denied the credentials of profile "devcorpuser" to assume the role.', {
          resolution: 'Check the trust policy.',
        });
      },
    });
    const report = await doctor(services);
    expect(report.ok).toBe(false);
    expect(byId(report, 'assume-role')).toEqual({
      id: 'assume-role',
      status: 'fail',
      message: 'STS denied the credentials of profile "devcorpuser" to assume the role.',
      fix: 'Check the trust policy.',
    });
  });

  test('a static-keys profile: GetCallerIdentity only; no role to assume and nothing cached', async () => {
    const { services, calls } = fakes();
    const report = await doctor(services, {}, { profile: 'devcorpuser' });
    expect(report.ok).toBe(true);
    expect(calls.resolve).toHaveLength(0);
    expect(byId(report, 'assume-role')).toEqual({
      id: 'assume-role',
      status: 'skip',
      message: 'Profile "devcorpuser" has no role to assume.',
    });
    expect(byId(report, 'cache')).toEqual({
      id: 'cache',
      status: 'skip',
      message: 'Profile "devcorpuser" uses long-term access keys, which are never cached.',
    });
  });

  test('a chain from credential_process: no keys to check, the role is still assumed', async () => {
    const { services, calls } = fakes();
    const config = CONFIG.replace('[profile devcorpuser]\n', '[profile devcorpuser]\ncredential_process = /usr/local/bin/get-creds\n');
    const report = await doctor(services, { config, credentials: '' });
    expect(byId(report, 'source-keys')).toEqual({
      id: 'source-keys',
      status: 'skip',
      message: 'The chain starts from the credential_process of "devcorpuser", not from access keys; the assume-role check uses it.',
    });
    expect(byId(report, 'source-profile').message).toBe(
      'Source profile "devcorpuser" has no access keys of its own; its credentials (kind process) assume the role.',
    );
    expect(calls.resolve.filter((r) => r.noCache)).toHaveLength(1);
    expect(byId(report, 'assume-role').status).toBe('pass');
  });

  test.each([
    [
      'none',
      undefined,
      'pass',
      'No cached credentials for profile "bizcorprole" (use outside any Amplify project): the next command gets new ones from STS.',
    ],
    [
      'fresh, from before',
      entry(45),
      'pass',
      'Cached credentials ASIA…0042 for profile "bizcorprole" (use outside any Amplify project) expire at 2026-11-28T12:45:00.000Z (in 45 min).',
    ],
    [
      'within the margin',
      entry(5),
      'pass',
      'The cached credentials for profile "bizcorprole" (use outside any Amplify project) expire at 2026-11-28T12:05:00.000Z (in 5 min), within the 15-minute renewal margin: the next command replaces them.',
    ],
    [
      'expired',
      entry(-10),
      'pass',
      'The cached credentials for profile "bizcorprole" (use outside any Amplify project) have expired (2026-11-28T11:50:00.000Z): the next command replaces them.',
    ],
    [
      'for another role',
      entry(45, { roleArn: 'arn:aws:iam::123456789012:role/old' }),
      'pass',
      `The cached credentials for profile "bizcorprole" (use outside any Amplify project) are for arn:aws:iam::123456789012:role/old, not for role_arn ${ROLE}: they are not used, and the next command replaces them.`,
    ],
    [
      'obtained with another plan',
      entry(45, { planDigest: 'fnv1a64:0000000000000000' }),
      'pass',
      'The cached credentials for profile "bizcorprole" (use outside any Amplify project) were obtained with another configuration of the profile (it has been edited since): they are not used, and the next command replaces them.',
    ],
  ])('cache entry: %s', async (_name, cached, status, message) => {
    const { services } = fakes({ cacheStore: () => ({ get: () => cached }) });
    const report = await doctor(services);
    expect(byId(report, 'cache')).toEqual({ id: 'cache', status, message });
  });

  test('cache store warnings make a warning; a refused cache file is a failure', async () => {
    const warned = fakes({
      cacheStore: (warn) => ({
        get: () => {
          warn('/h/.amplify/awscloudformation/cache.json had mode 644; it now has mode 600.');
          return undefined;
        },
      }),
    });
    expect(byId(await doctor(warned.services), 'cache')).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /new ones from STS\. \/h\/.amplify\/awscloudformation\/cache.json had mode 644; it now has mode 600\.$/,
      ),
    });
    const refused = fakes({
      cacheStore: () => ({
        get: () => {
          throw new ToolError(
            'CacheFileIsSymlink',
            'The cache file /h/cache.json is a symbolic link; refusing to read or write credentials through it.',
            { resolution: 'Remove the link.' },
          );
        },
      }),
    });
    const report = await doctor(refused.services);
    expect(report.ok).toBe(false);
    expect(byId(report, 'cache')).toEqual({
      id: 'cache',
      status: 'fail',
      message: 'The cache file /h/cache.json is a symbolic link; refusing to read or write credentials through it.',
      fix: 'Remove the link.',
    });
  });

  test('text report: aligned lines, fixes under failures and warnings, a verdict', () => {
    const report: DoctorReport = {
      profile: 'bizcorprole',
      ok: false,
      checks: [
        { id: 'config-file', status: 'pass', message: 'Config is there.' },
        { id: 'credentials-file', status: 'warn', message: 'Too open.', fix: 'chmod 600 it' },
        { id: 'region', status: 'fail', message: 'No region.', fix: 'Add one.' },
        { id: 'assume-role', status: 'skip', message: 'Skipped because region failed.' },
      ],
    };
    expect(formatReport(report)).toBe(
      [
        'Checking profile "bizcorprole"',
        '',
        'pass  config-file       Config is there.',
        'warn  credentials-file  Too open.',
        '                        fix: chmod 600 it',
        'FAIL  region            No region.',
        '                        fix: Add one.',
        'skip  assume-role       Skipped because region failed.',
        '',
        '1 check failed, 1 warning: fix the first failure, then run doctor again.',
      ].join('\n'),
    );
    expect(
      formatReport({ ...report, ok: true, checks: report.checks.slice(0, 2) })
        .split('\n')
        .pop(),
    ).toBe('Everything needed works (1 warning).');
  });
});
