import * as fs from 'node:fs';
import { OWN_KEY, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { creds, HOUR, T0 as t0 } from '../../helpers/cacheFixtures';

// An entry means something only together with cache.json's generation, so what this version writes carries layout
// version 2. Every earlier version reads version 1 with the old meaning and leaves a higher one alone: without the
// bump, an older install on the same machine (another project's devDependency, an npx copy) would serve entries past
// a removal of cache.json and strip the generation when it rewrote our member.

const G = '0123456789abcdef0123456789abcdef';

function stored(id: string, extra: Record<string, unknown> = {}) {
  return {
    ...extra,
    roleArn: 'arn:aws:iam::1:role/r',
    accessKeyId: id,
    secretAccessKey: `secret-${id}`,
    sessionToken: `token-${id}`,
    expiration: new Date(t0.getTime() + HOUR).toISOString(),
    obtainedAt: t0.toISOString(),
  };
}

/**
 * The rule every earlier version applies to our member of cache.json and to each bucket (ownSection.parseOwnSection
 * and ProjectBuckets.load before this change; checked against builds of 57cbe2b and d47dd89): a version above 1 is
 * "newer than this version understands; ... neither used nor changed".
 */
function anEarlierVersionReads(value: unknown): 'uses and rewrites it' | 'leaves it alone' {
  const version = (value as { version?: unknown } | undefined)?.version;
  return typeof version === 'number' && version > 1 ? 'leaves it alone' : 'uses and rewrites it';
}

describe('the layout version of our member and of the buckets', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  const project: CacheScope = { kind: 'project', root: '/work/app' };
  beforeEach(() => {
    sandbox = makeSandbox();
    store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
  });
  afterEach(() => sandbox.cleanup());

  const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

  test('what this version writes (our member, every bucket) is version 2, which an earlier version neither uses nor changes', () => {
    store.put(project, 'biz', creds('ASIANEW'));
    store.putMfaSession('AKIAX|arn:aws:iam::2:mfa/me', creds('ASIASESSION'));
    const member = readJson(store.file)[OWN_KEY];
    const bucket = readJson(store.bucketFile(project));
    expect([member.version, bucket.version]).toEqual([2, 2]);
    expect([anEarlierVersionReads(member), anEarlierVersionReads(bucket)]).toEqual(['leaves it alone', 'leaves it alone']);
  });

  test("a bucket of version 1 is an earlier version's, whatever generation its entries carry: never served, kept until it expires", () => {
    store.put({ kind: 'project', root: '/work/other' }, 'biz', creds('ASIAOTHER'));
    const generation = readJson(store.file)[OWN_KEY].generation;
    // As the first versions with a generation wrote it: version 1, stamped with the generation cache.json holds.
    fs.writeFileSync(
      store.bucketFile(project),
      JSON.stringify({ version: 1, projects: { '/work/app': { biz: stored('ASIAV1', { generation }) } } }),
      { mode: 0o600 },
    );
    expect(store.get(project, 'biz')).toBeUndefined();
    expect(store.lookup(project, 'biz')).toEqual({ current: false, entry: stored('ASIAV1') });
    expect(store.layout()).toMatchObject({ orphanedEntries: 0, earlierVersionEntries: 1 });
  });

  test('a member of version 1: its MFA sessions still serve and are kept; its generation is not trusted, the next write makes version 2 with a new one', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(
      store.file,
      JSON.stringify({
        'arn:aws:iam::9:role/amplify': { amplify: {} },
        [OWN_KEY]: { version: 1, generation: G, mfaSessions: { k: stored('ASIASESSION') } },
      }),
      { mode: 0o600 },
    );
    fs.mkdirSync(store.projectsDir, { mode: 0o700 });
    fs.writeFileSync(
      store.bucketFile(project),
      JSON.stringify({ version: 2, projects: { '/work/app': { biz: stored('ASIASTAMPED', { generation: G }) } } }),
      { mode: 0o600 },
    );
    expect(store.getMfaSession('k')?.accessKeyId).toBe('ASIASESSION');
    expect(store.get(project, 'biz')).toBeUndefined();
    store.put({ kind: 'project', root: '/work/other' }, 'biz', creds('ASIAOTHER'));
    const member = readJson(store.file)[OWN_KEY];
    expect(member).toEqual({ version: 2, generation: expect.stringMatching(/^[0-9a-f]{32}$/), mfaSessions: { k: stored('ASIASESSION') } });
    expect(member.generation).not.toBe(G);
    expect(readJson(store.file)['arn:aws:iam::9:role/amplify']).toEqual({ amplify: {} });
  });

  test("the write that makes a generation turns every bucket of version 1 into version 2, keeping the earlier version's entries until they expire", () => {
    const scopes: CacheScope[] = [];
    for (let i = 0; new Set(scopes.map((s) => store.bucketFile(s))).size < 3; i++) scopes.push({ kind: 'project', root: `/work/app-${i}` });
    const files = [...new Set(scopes.map((s) => store.bucketFile(s)))];
    fs.mkdirSync(store.projectsDir, { recursive: true, mode: 0o700 });
    fs.chmodSync(store.dir, 0o700);
    for (const file of files) {
      const projects = Object.fromEntries(
        scopes.filter((s) => store.bucketFile(s) === file).map((s) => [(s as { root: string }).root, { biz: stored('ASIAOLD') }]),
      );
      fs.writeFileSync(file, JSON.stringify({ version: 1, projects }), { mode: 0o600 });
    }
    store.put({ kind: 'none' }, 'ops', creds('ASIANONE'));
    for (const file of files) expect(readJson(file).version).toBe(2);
    for (const scope of scopes) expect(store.lookup(scope, 'biz')).toEqual({ current: false, entry: stored('ASIAOLD') });
    expect(store.layout().earlierVersionEntries).toBe(scopes.length);
    // Expired: the next sweep (hourly) drops them.
    const later = new ProjectCacheStore({ home: sandbox.home, now: () => new Date(t0.getTime() + 2 * HOUR) });
    later.put({ kind: 'none' }, 'ops', { ...creds('ASIANONE2'), expiration: new Date(t0.getTime() + 3 * HOUR) });
    for (const file of files) expect(fs.existsSync(file) && fs.readFileSync(file, 'utf8').includes('ASIAOLD')).toBe(false);
    expect(later.layout().earlierVersionEntries).toBe(0);
  });
});
