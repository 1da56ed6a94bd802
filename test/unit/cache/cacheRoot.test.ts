import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedCredentials, LAYOUT_VERSION, OWN_KEY, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { splitTopLevelObject } from '../../../src/cache/rawJsonObject';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { toolErrorOf } from '../../helpers/toolError';
import { creds, HOUR, T0 as t0 } from '../../helpers/cacheFixtures';

// cache.json is the root of the cache: "The temporary credentials are cached at ~/.amplify/awscloudformation/cache.json.
// You can remove all cached credentials by removing this file." Its generation, in our member, is stamped on every
// project entry in the buckets; an entry of any other generation is never used, and the next write deletes it.

const AMPLIFY_MEMBER =
  '"arn:aws:iam::222:role/amplify-admin": {"amplify" : {"accessKeyId": "ASIAAMPLIFY", "expiration": "2099-01-01T00:00:00.000Z"}}';

/** Projects in as many different buckets as asked. */
function projectsInDistinctBuckets(store: ProjectCacheStore, count: number): CacheScope[] {
  const scopes: CacheScope[] = [];
  const seen = new Set<string>();
  for (let i = 0; scopes.length < count; i++) {
    const scope: CacheScope = { kind: 'project', root: `/work/app-${i}` };
    if (seen.has(store.bucketFile(scope))) continue;
    seen.add(store.bucketFile(scope));
    scopes.push(scope);
  }
  return scopes;
}

describe('cache.json as the root of the cache', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  let warnings: string[];
  let projects: CacheScope[];
  beforeEach(() => {
    sandbox = makeSandbox();
    warnings = [];
    store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m), now: () => t0 });
    projects = projectsInDistinctBuckets(store, 3);
  });
  afterEach(() => sandbox.cleanup());

  const sessionKey = 'AKIAIOSFODNN7EXAMPLE|arn:aws:iam::111122223333:mfa/me';
  const bucketNames = () =>
    fs.existsSync(store.projectsDir) ? fs.readdirSync(store.projectsDir).filter((f) => /^projects-[0-9a-f]{2}\.json$/.test(f)) : [];
  const fill = () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, `{\n  ${AMPLIFY_MEMBER}\n}\n`, { mode: 0o600 });
    projects.forEach((scope, i) => store.put(scope, 'biz', creds(`ASIAP${i}`)));
    store.put({ kind: 'none' }, 'ops', creds('ASIANONE'));
    store.putMfaSession(sessionKey, creds('ASIASESSION'));
    expect(projects.map((scope) => store.get(scope, 'biz')?.accessKeyId)).toEqual(['ASIAP0', 'ASIAP1', 'ASIAP2']);
    expect(bucketNames().length).toBeGreaterThanOrEqual(3);
  };

  const resets: Array<[string, () => void]> = [
    ['removed', () => fs.rmSync(store.file)],
    ['truncated to {}', () => fs.writeFileSync(store.file, '{}')],
    ['emptied', () => fs.writeFileSync(store.file, '')],
    ["stripped of our member (the Amplify CLI's kept)", () => fs.writeFileSync(store.file, `{\n  ${AMPLIFY_MEMBER}\n}\n`)],
  ];

  test.each(resets)('cache.json %s: every entry of ours is a miss at once, project buckets and MFA sessions alike', (_how, reset) => {
    fill();
    reset();
    for (const scope of [...projects, { kind: 'none' } as CacheScope])
      expect(store.get(scope, scope.kind === 'none' ? 'ops' : 'biz')).toBeUndefined();
    expect(store.getMfaSession(sessionKey)).toBeUndefined();
    expect(store.listEntries()).toEqual([]);
    expect(store.listMfaSessions()).toEqual([]);
    expect(store.layout().orphanedEntries).toBe(4);
    expect(warnings).toEqual([]);
  });

  test.each(resets)(
    'cache.json %s: the next write makes a new generation and deletes every orphaned entry, in every bucket',
    (_how, reset) => {
      fill();
      const before = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation;
      reset();
      store.put(projects[0], 'biz', creds('ASIANEW'));
      const after = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation;
      expect(after).toMatch(/^[0-9a-f]{32}$/);
      expect(after).not.toBe(before);
      expect(store.get(projects[0], 'biz')?.accessKeyId).toBe('ASIANEW');
      expect(bucketNames()).toEqual([path.basename(store.bucketFile(projects[0]))]);
      expect(Object.keys(JSON.parse(fs.readFileSync(store.bucketFile(projects[0]), 'utf8')).projects)).toEqual([
        projects[0].kind === 'project' ? projects[0].root : '',
      ]);
      expect(store.layout().orphanedEntries).toBe(0);
    },
  );

  test('an MFA session written after the reset also makes the new generation and prunes', () => {
    fill();
    fs.rmSync(store.file);
    store.putMfaSession('other', creds('ASIASESSION2'));
    expect(bucketNames()).toEqual([]);
    expect(store.listMfaSessions().map((s) => s.key)).toEqual(['other']);
  });

  test("the Amplify CLI's members of cache.json keep their bytes through the new generation, the prune and reset-cache --all", () => {
    fill();
    const foreign = () =>
      splitTopLevelObject(fs.readFileSync(store.file, 'latin1'))
        .filter((m) => m.key !== OWN_KEY)
        .map((m) => `${m.rawKey}: ${m.rawValue}`);
    expect(foreign()).toEqual([AMPLIFY_MEMBER]);
    fs.writeFileSync(store.file, `{${AMPLIFY_MEMBER}}`);
    store.put(projects[1], 'biz', creds('ASIANEW'));
    expect(foreign()).toEqual([AMPLIFY_MEMBER]);
    expect(store.removeAll()).toEqual({ entries: 1, mfaSessions: 0 });
    expect(fs.readFileSync(store.file, 'utf8')).toBe(`{\n  ${AMPLIFY_MEMBER}\n}\n`);
    expect(bucketNames()).toEqual([]);
  });

  test('reset-cache --all on a cache.json that only held our member removes the file, as the docs say to', () => {
    store.put(projects[0], 'biz', creds('ASIAP0'));
    store.putMfaSession(sessionKey, creds('ASIASESSION'));
    expect(store.removeAll()).toEqual({ entries: 1, mfaSessions: 1 });
    expect(fs.existsSync(store.file)).toBe(false);
    expect(bucketNames()).toEqual([]);
  });

  test('a generation is made once: a second store, and a second write, keep it', () => {
    store.put(projects[0], 'biz', creds('ASIAP0'));
    const generation = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation;
    const other = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    other.put(projects[1], 'biz', creds('ASIAP1'));
    other.putMfaSession(sessionKey, creds('ASIASESSION'));
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation).toBe(generation);
    expect(store.get(projects[0], 'biz')?.accessKeyId).toBe('ASIAP0');
    expect(store.get(projects[1], 'biz')?.accessKeyId).toBe('ASIAP1');
  });

  test('a write that read the generation before cache.json was removed stores an orphan: never served, and pruned by the next generation', () => {
    store.put(projects[0], 'biz', creds('ASIAP0'));
    const generation = JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation;
    fs.rmSync(store.file);
    // As a slow process would, finishing its write after the removal with the generation it had read.
    const bucket = store.bucketFile(projects[1]);
    fs.writeFileSync(
      bucket,
      JSON.stringify({
        version: LAYOUT_VERSION,
        projects: {
          [(projects[1] as { root: string }).root]: {
            biz: { generation, ...creds('ASIALATE'), expiration: creds('x').expiration.toISOString(), obtainedAt: t0.toISOString() },
          },
        },
      }),
      { mode: 0o600 },
    );
    expect(store.get(projects[1], 'biz')).toBeUndefined();
    store.put(projects[2], 'biz', creds('ASIAP2'));
    expect(fs.existsSync(bucket)).toBe(false);
  });

  test('a write of one bucket drops its orphaned entries and keeps the current ones', () => {
    const [a] = projects;
    let b: CacheScope = { kind: 'project', root: '/work/same-bucket-0' };
    for (let i = 1; store.bucketFile(b) !== store.bucketFile(a); i++) b = { kind: 'project', root: `/work/same-bucket-${i}` };
    store.put(a, 'biz', creds('ASIAA'));
    const file = store.bucketFile(a);
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    const orphan = {
      ...data.projects[(a as { root: string }).root].biz,
      generation: 'ffffffffffffffffffffffffffffffff',
      accessKeyId: 'ASIAORPHAN',
    };
    data.projects[(b as { root: string }).root] = { biz: orphan };
    fs.writeFileSync(file, JSON.stringify(data), { mode: 0o600 });
    expect(store.get(b, 'biz')).toBeUndefined();
    store.put(a, 'ops', creds('ASIAA2'));
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')).projects)).toEqual([(a as { root: string }).root]);
    expect(store.get(a, 'biz')?.accessKeyId).toBe('ASIAA');
  });
});

describe('hostile cache.json: one sentence, nothing lost', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  let warnings: string[];
  const project: CacheScope = { kind: 'project', root: '/work/app' };
  beforeEach(() => {
    sandbox = makeSandbox();
    warnings = [];
    store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m), now: () => t0 });
    store.put(project, 'biz', creds('ASIAP0'));
  });
  afterEach(() => sandbox.cleanup());

  test('a folder where cache.json should be: a lookup is refused with one sentence, the bucket is left as it was', () => {
    const bucket = fs.readFileSync(store.bucketFile(project), 'utf8');
    fs.rmSync(store.file);
    fs.mkdirSync(store.file);
    const error = toolErrorOf(() => store.get(project, 'biz'));
    expect([error.code, error.message]).toEqual([
      'CacheFileInvalid',
      `The cache file ${store.file} is not a regular file; refusing to read or write credentials there.`,
    ]);
    expect(toolErrorOf(() => store.put(project, 'biz', creds('ASIAP1'))).code).toBe('CacheFileInvalid');
    expect(fs.readFileSync(store.bucketFile(project), 'utf8')).toBe(bucket);
  });

  test.each([
    ['a named pipe (mkfifo)', (file: string) => execFileSync('mkfifo', [file])],
    ['a character device (mknod)', (file: string) => execFileSync('mknod', [file, 'c', '1', '3'])],
  ])(
    '%s where cache.json should be: a cache hit is refused at once with one sentence (no read that blocks), the bucket is left as it was',
    (_what, make) => {
      const bucket = fs.readFileSync(store.bucketFile(project), 'utf8');
      fs.rmSync(store.file);
      make(store.file);
      const error = toolErrorOf(() => store.get(project, 'biz'));
      expect([error.code, error.message]).toEqual([
        'CacheFileInvalid',
        `The cache file ${store.file} is not a regular file; refusing to read or write credentials there.`,
      ]);
      expect(toolErrorOf(() => store.put(project, 'biz', creds('ASIAP1'))).code).toBe('CacheFileInvalid');
      expect(toolErrorOf(() => store.putMfaSession('k', creds('ASIAP1'))).code).toBe('CacheFileInvalid');
      expect(fs.readFileSync(store.bucketFile(project), 'utf8')).toBe(bucket);
      expect(fs.lstatSync(store.file).isFile()).toBe(false);
    },
  );

  test('corrupt JSON: moved aside whole with one warning; its entries are orphaned, the copy keeps every byte', () => {
    const text = fs.readFileSync(store.file, 'utf8').slice(0, -5);
    fs.writeFileSync(store.file, text);
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(warnings).toEqual([
      expect.stringMatching(
        /cache\.json was not valid JSON \(\d+ bytes\); it was moved to .*cache\.json\.corrupt-2026-11-28T12-00-00-000Z and a new cache was started\.$/,
      ),
    ]);
    expect(fs.readFileSync(`${store.file}.corrupt-2026-11-28T12-00-00-000Z`, 'utf8')).toBe(text);
  });

  test.each([
    ['a string', '"not an object"'],
    ['an array', '[1]'],
    ['a generation that is not ours', '{"version": 1, "generation": 42, "mfaSessions": {}}'],
  ])('our member as %s: one warning, a miss, and the next write replaces it; other members kept', (_what, value) => {
    fs.writeFileSync(store.file, `{"keep": true, "${OWN_KEY}": ${value}}`);
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(warnings).toEqual([
      `The "${OWN_KEY}" section of ${store.file} has an unrecognised layout; it is ignored and will be replaced on the next write.`,
    ]);
    store.put(project, 'biz', creds('ASIAP1'));
    expect(store.get(project, 'biz')?.accessKeyId).toBe('ASIAP1');
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8')).keep).toBe(true);
  });
});

describe('entries of the earlier layout (no generation)', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.cleanup());
  const scope: CacheScope = { kind: 'project', root: '/work/app' };

  test('are never served; the provider is told why (to say with its first prompt), and the next lookup is a hit, silently', async () => {
    const store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    earlierLayout(store, [scope]);
    const whys: Array<string | undefined> = [];
    let calls = 0;
    const request = { scope, profile: 'biz', roleArn: 'arn:aws:iam::1:role/r', minTtlSeconds: 900, now: () => t0 };
    const provider = async ({ why }: { why?: string }) => {
      whys.push(why);
      calls++;
      return creds(`ASIANEW${calls}`);
    };
    const first = await cachedCredentials(store, request, provider);
    const second = await cachedCredentials(store, request, provider);
    expect([first.fromCache, second.fromCache, calls, second.credentials.accessKeyId]).toEqual([false, true, 1, 'ASIANEW1']);
    expect(whys).toEqual([
      `The cached credentials for profile "biz" were stored by an earlier version of amplify-aws-roles, before ${store.file} became the root of its cache (removing that file now removes them all); getting new ones this once.`,
    ]);
  });

  test('an orphan of a removed cache.json (it has a generation) is replaced without a word', async () => {
    const store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    store.put(scope, 'biz', creds('ASIAOLD'));
    fs.rmSync(store.file);
    const whys: Array<string | undefined> = [];
    const outcome = await cachedCredentials(
      store,
      { scope, profile: 'biz', minTtlSeconds: 900, now: () => t0 },
      async ({ why }) => (whys.push(why), creds('ASIANEW')),
    );
    expect([outcome.fromCache, outcome.credentials.accessKeyId, whys]).toEqual([false, 'ASIANEW', [undefined]]);
  });
});

/** The buckets as the previous version wrote them: version 1, entries without a generation, and no cache.json. */
function earlierLayout(store: ProjectCacheStore, scopes: CacheScope[], expiration = new Date(t0.getTime() + HOUR)): void {
  const buckets = new Map<string, Record<string, unknown>>();
  for (const scope of scopes) {
    const projects = buckets.get(store.bucketFile(scope)) ?? {};
    projects[(scope as { root: string }).root] = {
      biz: {
        roleArn: 'arn:aws:iam::1:role/r',
        accessKeyId: 'ASIAOLD',
        secretAccessKey: 'secret-old',
        sessionToken: 'token-old',
        expiration: expiration.toISOString(),
        obtainedAt: t0.toISOString(),
      },
    };
    buckets.set(store.bucketFile(scope), projects);
  }
  fs.mkdirSync(store.projectsDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(store.dir, 0o700);
  for (const [file, projects] of buckets) fs.writeFileSync(file, JSON.stringify({ version: 1, projects }, null, 2), { mode: 0o600 });
}
