import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedCredentials, findProjectRoot, OWN_KEY, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { creds, HOUR, T0 as t0 } from '../../helpers/cacheFixtures';

describe('ProjectCacheStore', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  let warnings: string[];
  let now: Date;
  const projectA: CacheScope = { kind: 'project', root: '/work/app-a' };
  const projectB: CacheScope = { kind: 'project', root: '/work/app-b' };
  beforeEach(() => {
    sandbox = makeSandbox();
    warnings = [];
    now = t0;
    store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m), now: () => now });
  });
  afterEach(() => sandbox.cleanup());

  test('writes a 0600 bucket file in a 0700 folder of our own, versioned; cache.json (0600) holds the generation the entry carries', () => {
    store.put(projectA, 'biz', creds('A1'));
    const bucket = store.bucketFile(projectA);
    expect(path.dirname(bucket)).toBe(path.join(store.dir, 'amplify-aws-roles'));
    expect(path.basename(bucket)).toMatch(/^projects-[0-9a-f]{2}\.json$/);
    expect(fs.statSync(bucket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.projectsDir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    const { generation } = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY];
    expect(generation).toMatch(/^[0-9a-f]{32}$/);
    const data = JSON.parse(fs.readFileSync(bucket, 'utf8'));
    expect(data.version).toBe(2);
    expect(data.projects['/work/app-a'].biz).toMatchObject({
      generation,
      accessKeyId: 'A1',
      roleArn: 'arn:aws:iam::1:role/r',
      expiration: '2026-11-28T13:00:00.000Z',
    });
  });

  test('projects spread over the 256 buckets by a hash of their root', () => {
    const names = new Set<string>();
    for (let i = 0; i < 2000; i++) names.add(path.basename(store.bucketFile({ kind: 'project', root: `/work/app-${i}` })));
    expect(names.size).toBe(256);
    expect(store.bucketFile(projectA)).toBe(store.bucketFile({ kind: 'project', root: '/work/app-a' }));
  });

  test('replaces a bucket atomically: a new inode each write, no temp files or other buckets left', () => {
    store.put(projectA, 'biz', creds('A1'));
    const bucket = store.bucketFile(projectA);
    const before = fs.statSync(bucket).ino;
    store.put(projectA, 'biz', creds('A2'));
    expect(fs.statSync(bucket).ino).not.toBe(before);
    expect(fs.readdirSync(store.projectsDir).filter((f) => f !== 'last-prune')).toEqual([path.basename(bucket)]);
  });

  test('foreign top-level members of cache.json survive every write byte for byte', () => {
    const foreign = '{\n"arn:aws:iam::1:role/x" :{"a" : 1.50, "u": "\\u00e9", "nested": [1, {"b": null}]},\n  "other-tool":"keep me"  }';
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, foreign, { mode: 0o600 });
    store.put(projectA, 'biz', creds('A1'));
    store.removeProject(projectA);
    store.put(projectB, 'biz', creds('B1'));
    store.putMfaSession('k', creds('S1'));
    const text = fs.readFileSync(store.file, 'utf8');
    expect(text).toContain('"arn:aws:iam::1:role/x": {"a" : 1.50, "u": "\\u00e9", "nested": [1, {"b": null}]}');
    expect(text).toContain('"other-tool": "keep me"');
    expect(store.removeAll()).toEqual({ entries: 1, mfaSessions: 1 });
    expect(fs.readFileSync(store.file, 'utf8')).toContain('{"a" : 1.50, "u": "\\u00e9", "nested": [1, {"b": null}]}');
  });

  test('only temporary credentials are cached', () => {
    expect(() => store.put(projectA, 'keys', { accessKeyId: 'AKIA', secretAccessKey: 's' })).toThrow(/Only temporary credentials/);
    expect(fs.existsSync(store.file)).toBe(false);
  });

  test('two projects are independent; resetting one leaves the other', () => {
    store.put(projectA, 'biz', creds('A1'));
    store.put(projectB, 'biz', creds('B1'));
    expect(store.removeProject(projectA)).toBe(1);
    expect(store.get(projectA, 'biz')).toBeUndefined();
    expect(store.get(projectB, 'biz')?.accessKeyId).toBe('B1');
  });

  test('expired entries of the bucket written are dropped; other buckets at most hourly', () => {
    // Two projects in two different buckets.
    let other = 0;
    while (store.bucketFile({ kind: 'project', root: `/work/gone-${other}` }) === store.bucketFile(projectB)) other++;
    const gone: CacheScope = { kind: 'project', root: `/work/gone-${other}` };
    store.put(gone, 'old', creds('OLD', 10 * 60e3));
    store.put(projectA, 'old', creds('OLDA', 10 * 60e3));
    now = new Date(t0.getTime() + 20 * 60e3);
    // The first writes pruned (and stamped) just now: 20 minutes later the other bucket is not read.
    store.put(projectB, 'new', creds('NEW', HOUR, now));
    expect(fs.existsSync(store.bucketFile(gone))).toBe(true);
    now = new Date(t0.getTime() + 61 * 60e3);
    store.put(projectB, 'new', creds('NEW', HOUR, now));
    expect(fs.existsSync(store.bucketFile(gone))).toBe(false);
    expect(store.get(projectA, 'old')).toBeUndefined();
    expect(store.get(projectB, 'new')).toBeDefined();
  });

  test('a corrupt file is moved aside with a warning, and a fresh cache starts; other files untouched', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, '{"half": ', { mode: 0o600 });
    fs.writeFileSync(path.join(store.dir, 'unrelated.txt'), 'mine');
    expect(store.get(projectA, 'biz')).toBeUndefined();
    expect(warnings[0]).toMatch(/was not valid JSON .* moved to .*cache\.json\.corrupt-/);
    const aside = fs.readdirSync(store.dir).find((f) => f.startsWith('cache.json.corrupt-'))!;
    expect(fs.readFileSync(path.join(store.dir, aside), 'utf8')).toBe('{"half": ');
    store.put(projectA, 'biz', creds('A1'));
    expect(store.get(projectA, 'biz')?.accessKeyId).toBe('A1');
    expect(fs.readFileSync(path.join(store.dir, 'unrelated.txt'), 'utf8')).toBe('mine');
  });

  test('a world-readable file or folder is repaired with a warning; a symlinked file is refused', () => {
    store.put(projectA, 'biz', creds('A1'));
    const bucket = store.bucketFile(projectA);
    fs.chmodSync(bucket, 0o644);
    fs.chmodSync(store.dir, 0o777);
    fs.chmodSync(store.projectsDir, 0o755);
    store.put(projectA, 'biz', creds('A3'));
    expect(fs.statSync(bucket).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(store.projectsDir).mode & 0o777).toBe(0o700);
    expect(warnings.join('\n')).toMatch(/had mode 777/);
    expect(warnings.join('\n')).toMatch(/had mode 755/);
    expect(warnings.join('\n')).toMatch(/had mode 644/);
    const elsewhere = sandbox.write('elsewhere.json', '{}');
    fs.rmSync(bucket);
    fs.symlinkSync(elsewhere, bucket);
    expect(() => store.put(projectA, 'biz', creds('A2'))).toThrow(/symbolic link; refusing/);
    expect(() => store.get(projectA, 'biz')).toThrow(/symbolic link; refusing/);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('{}');
  });

  test('a symlinked folder of buckets is refused', () => {
    const real = sandbox.path('real-buckets');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.symlinkSync(real, store.projectsDir);
    expect(() => store.put(projectA, 'biz', creds('A1'))).toThrow(/cache folder .* is a symbolic link/);
    expect(() => store.get(projectA, 'biz')).toThrow(/cache folder .* is a symbolic link/);
    expect(fs.readdirSync(real)).toEqual([]);
  });

  test('a corrupt bucket is moved aside with a warning; the other buckets are not read', () => {
    store.put(projectA, 'biz', creds('A1'));
    fs.writeFileSync(store.bucketFile(projectA), '{"version": 1, "proj', { mode: 0o600 });
    expect(store.get(projectA, 'biz')).toBeUndefined();
    expect(warnings.join('\n')).toMatch(/projects-[0-9a-f]{2}\.json was not valid JSON .* moved to .*projects-[0-9a-f]{2}\.json\.corrupt-/);
    store.put(projectA, 'biz', creds('A2'));
    expect(store.get(projectA, 'biz')?.accessKeyId).toBe('A2');
  });

  test('a symlinked cache folder is refused', () => {
    const real = sandbox.path('real-folder');
    fs.mkdirSync(real, { mode: 0o700 });
    fs.mkdirSync(path.dirname(store.dir), { recursive: true });
    fs.symlinkSync(real, store.dir);
    expect(() => store.put(projectA, 'biz', creds('A1'))).toThrow(/cache folder .* is a symbolic link/);
    expect(fs.readdirSync(real)).toEqual([]);
  });
});

describe('cachedCredentials: freshness margin and --min-ttl', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.cleanup());
  const scope: CacheScope = { kind: 'none' };

  async function resolveAt(store: ProjectCacheStore, minutesLeft: number, minTtlSeconds = 900) {
    let calls = 0;
    const now = () => new Date(t0.getTime() + (60 - minutesLeft) * 60e3);
    const outcome = await cachedCredentials(
      store,
      { scope, profile: 'biz', roleArn: 'arn:aws:iam::1:role/r', minTtlSeconds, now },
      async () => {
        calls++;
        return creds('NEW', HOUR, now());
      },
    );
    return { calls, outcome };
  }

  test.each([
    [16, 900, 0],
    [15, 900, 1],
    [14, 900, 1],
    [40, 2700, 1],
    [50, 2700, 0],
  ])('with %i minutes left and a %i s margin the provider is called %i time(s)', async (minutesLeft, minTtl, expectedCalls) => {
    const store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    store.put(scope, 'biz', creds('OLD'));
    const { calls, outcome } = await resolveAt(store, minutesLeft, minTtl);
    expect(calls).toBe(expectedCalls);
    expect(outcome.fromCache).toBe(expectedCalls === 0);
    expect(outcome.credentials.accessKeyId).toBe(expectedCalls === 0 ? 'OLD' : 'NEW');
  });

  test('an entry for another role (the profile was edited) is not used', async () => {
    const store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    store.put(scope, 'biz', { ...creds('OLD'), roleArn: 'arn:aws:iam::1:role/previous' });
    expect((await resolveAt(store, 59)).calls).toBe(1);
  });

  test('findProjectRoot walks up to amplify/.config/project-config.json; --project must be a project', () => {
    const root = sandbox.write('app/amplify/.config/project-config.json', '{}');
    const deep = sandbox.path('app/src/components');
    fs.mkdirSync(deep, { recursive: true });
    expect(findProjectRoot(deep)).toEqual({ kind: 'project', root: fs.realpathSync(path.dirname(path.dirname(path.dirname(root)))) });
    expect(findProjectRoot(sandbox.home)).toEqual({ kind: 'none' });
    expect(() => findProjectRoot(sandbox.home, 'not-a-project')).toThrow(/is not an Amplify project/);
  });

  test('--project is taken relative to cwd and wins over the walk; the nearest project wins; links are resolved', () => {
    sandbox.write('outer/amplify/.config/project-config.json', '{}');
    sandbox.write('outer/inner/amplify/.config/project-config.json', '{}');
    sandbox.write('other/amplify/.config/project-config.json', '{}');
    const real = (p: string) => fs.realpathSync(sandbox.path(p));
    fs.mkdirSync(sandbox.path('outer/inner/src'), { recursive: true });
    expect(findProjectRoot(sandbox.path('outer/inner/src'))).toEqual({ kind: 'project', root: real('outer/inner') });
    expect(findProjectRoot(sandbox.path('outer/inner/src'), '../../../other')).toEqual({ kind: 'project', root: real('other') });
    fs.symlinkSync(sandbox.path('other'), sandbox.path('link-to-other'));
    expect(findProjectRoot(sandbox.path('link-to-other'))).toEqual({ kind: 'project', root: real('other') });
  });
});

describe('MFA sessions and listings', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  beforeEach(() => {
    sandbox = makeSandbox();
    store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
  });
  afterEach(() => sandbox.cleanup());
  const sessionKey = 'AKIAIOSFODNN7EXAMPLE|arn:aws:iam::111122223333:mfa/me';

  test('MFA sessions have their own get, put and remove, apart from project entries; removeAll removes both', () => {
    store.putMfaSession(sessionKey, creds('ASIASESSION0000001'));
    store.put({ kind: 'none' }, 'biz', creds('ASIAROLE0000000001'));
    expect(store.getMfaSession(sessionKey)?.accessKeyId).toBe('ASIASESSION0000001');
    expect(store.removeProject({ kind: 'none' })).toBe(1);
    expect(store.getMfaSession(sessionKey)).toBeDefined();
    store.put({ kind: 'none' }, 'biz', creds('ASIAROLE0000000001'));
    expect(store.removeAll()).toEqual({ entries: 1, mfaSessions: 1 });
    expect([store.getMfaSession(sessionKey), store.get({ kind: 'none' }, 'biz'), fs.existsSync(store.file)]).toEqual([
      undefined,
      undefined,
      false,
    ]);
    store.putMfaSession(sessionKey, creds('ASIASESSION0000001'));
    expect(store.removeMfaSession('no such key')).toBe(false);
    expect(store.removeMfaSession(sessionKey)).toBe(true);
    expect(store.getMfaSession(sessionKey)).toBeUndefined();
    store.putMfaSession(sessionKey, creds('ASIASESSION0000002'));
    store.putMfaSession('other', creds('ASIASESSION0000003'));
    expect(store.removeMfaSessions()).toBe(2);
  });

  test('listings carry scope, profile, role and expiry but never a secret, a token or a whole key id', () => {
    store.put({ kind: 'project', root: '/work/app-a' }, 'biz', creds('ASIAROLE0000000001'));
    store.put({ kind: 'none' }, 'ops', creds('ASIAROLE0000000002'));
    store.putMfaSession(sessionKey, creds('ASIASESSION0000001'));
    const entries = store.listEntries();
    expect(entries).toEqual([
      {
        scope: '/work/app-a',
        profile: 'biz',
        roleArn: 'arn:aws:iam::1:role/r',
        accessKeyId: 'ASIA…0001',
        expiration: '2026-11-28T13:00:00.000Z',
        obtainedAt: t0.toISOString(),
      },
      {
        scope: '(no project)',
        profile: 'ops',
        roleArn: 'arn:aws:iam::1:role/r',
        accessKeyId: 'ASIA…0002',
        expiration: '2026-11-28T13:00:00.000Z',
        obtainedAt: t0.toISOString(),
      },
    ]);
    const sessions = store.listMfaSessions();
    expect(sessions).toEqual([
      {
        key: 'AKIA…MPLE|arn:aws:iam::111122223333:mfa/me',
        accessKeyId: 'ASIA…0001',
        expiration: '2026-11-28T13:00:00.000Z',
        obtainedAt: t0.toISOString(),
      },
    ]);
    const shown = JSON.stringify([entries, sessions]);
    for (const hidden of ['secret-', 'token-', 'ASIAROLE0000000001', 'AKIAIOSFODNN7EXAMPLE']) expect(shown).not.toContain(hidden);
  });

  test('a put without an expiry is refused even with a session token', () => {
    expect(() => store.put({ kind: 'none' }, 'x', { accessKeyId: 'a', secretAccessKey: 's', sessionToken: 't' })).toThrow(
      /Only temporary credentials/,
    );
  });
});

describe('cachedCredentials as a layer around a provider', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  const now = () => t0;
  beforeEach(() => {
    sandbox = makeSandbox();
    store = new ProjectCacheStore({ home: sandbox.home, now });
  });
  afterEach(() => sandbox.cleanup());

  function counting(id: string, extra: Partial<ReturnType<typeof creds>> = {}) {
    const provider = async () => {
      provider.calls++;
      return { ...creds(`${id}${provider.calls}`), ...extra };
    };
    provider.calls = 0;
    return provider;
  }

  test('the first call asks the provider and stores; the second is a cache hit with the same credentials', async () => {
    const provider = counting('K');
    const request = { scope: { kind: 'none' } as CacheScope, profile: 'biz', minTtlSeconds: 900, now };
    const first = await cachedCredentials(store, request, provider);
    const second = await cachedCredentials(store, request, provider);
    expect([first.fromCache, second.fromCache, provider.calls]).toEqual([false, true, 1]);
    expect(second.credentials).toEqual({
      accessKeyId: 'K1',
      secretAccessKey: 'secret-K1',
      sessionToken: 'token-K1',
      expiration: first.credentials.expiration,
    });
  });

  test('the same role in two projects gives two entries; resetting one leaves the other in use', async () => {
    const a: CacheScope = { kind: 'project', root: '/work/app-a' };
    const b: CacheScope = { kind: 'project', root: '/work/app-b' };
    const provider = counting('K');
    await cachedCredentials(store, { scope: a, profile: 'biz', minTtlSeconds: 900, now }, provider);
    await cachedCredentials(store, { scope: b, profile: 'biz', minTtlSeconds: 900, now }, provider);
    await cachedCredentials(store, { scope: { kind: 'none' }, profile: 'biz', minTtlSeconds: 900, now }, provider);
    expect(provider.calls).toBe(3);
    expect(store.removeProject(a)).toBe(1);
    const again = await cachedCredentials(store, { scope: b, profile: 'biz', minTtlSeconds: 900, now }, provider);
    expect([again.fromCache, again.credentials.accessKeyId, provider.calls]).toEqual([true, 'K2', 3]);
    const afterReset = await cachedCredentials(store, { scope: a, profile: 'biz', minTtlSeconds: 900, now }, provider);
    expect([afterReset.fromCache, provider.calls]).toEqual([false, 4]);
  });

  test('noCache calls the provider even with a fresh entry, and stores what it gets', async () => {
    const provider = counting('K');
    const request = { scope: { kind: 'none' } as CacheScope, profile: 'biz', minTtlSeconds: 900, now };
    await cachedCredentials(store, request, provider);
    const forced = await cachedCredentials(store, { ...request, noCache: true }, provider);
    expect([forced.fromCache, forced.credentials.accessKeyId]).toEqual([false, 'K2']);
    expect(store.get(request.scope, 'biz')?.accessKeyId).toBe('K2');
  });

  test('long-term keys from a provider are returned but never stored', async () => {
    const provider = async () => ({ accessKeyId: 'AKIALONGTERM', secretAccessKey: 's' });
    const outcome = await cachedCredentials(store, { scope: { kind: 'none' }, profile: 'keys', minTtlSeconds: 900, now }, provider);
    expect(outcome).toEqual({ credentials: { accessKeyId: 'AKIALONGTERM', secretAccessKey: 's' }, fromCache: false });
    expect(fs.existsSync(store.file)).toBe(false);
  });

  test('a cache hit takes no lock: it answers while another process holds the resolve lock', async () => {
    const scope: CacheScope = { kind: 'none' };
    store.put(scope, 'biz', creds('K'));
    const lock = store.resolveLockFile(`(no project)\nbiz`);
    fs.writeFileSync(lock, `${process.ppid} ${Date.now()} elsewhere x`);
    const started = Date.now();
    const outcome = await cachedCredentials(
      store,
      { scope, profile: 'biz', minTtlSeconds: 900, now, waitTimeoutMs: 5000 },
      counting('NEW'),
    );
    expect(outcome.fromCache).toBe(true);
    // Far below the 5 s wait it would have taken (a loaded machine may stall a worker for a second).
    expect(Date.now() - started).toBeLessThan(2500);
    expect(fs.readFileSync(lock, 'utf8')).toContain('elsewhere');
  });

  test('a provider error leaves the cache as it was and releases the lock', async () => {
    const scope: CacheScope = { kind: 'none' };
    await expect(
      cachedCredentials(store, { scope, profile: 'biz', minTtlSeconds: 900, now }, async () => Promise.reject(new Error('sts said no'))),
    ).rejects.toThrow('sts said no');
    expect(fs.readdirSync(store.dir).filter((f) => f.endsWith('.lock'))).toEqual([]);
    expect(store.get(scope, 'biz')).toBeUndefined();
  });
});
