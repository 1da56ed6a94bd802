import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_KEY, ProjectCacheStore, type CacheScope } from '../../../src/cache';
import * as cacheFile from '../../../src/cache/cacheFile';
import { CacheRoot } from '../../../src/cache/cacheRoot';
import { ProjectBuckets } from '../../../src/cache/projectBuckets';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { toolErrorOf } from '../../helpers/toolError';

// Races with another program (the user's `rm cache.json`, the Amplify CLI's in-place rewrite) and with our own
// processes that read the generation a moment too early. Each is made to happen at the worst moment by a hook,
// not by sleeping and hoping.

const t0 = new Date('2026-11-28T12:00:00Z');
const HOUR = 3600e3;
const AMPLIFY_MEMBER =
  '"arn:aws:iam::222:role/amplify-admin": {"amplify": {"accessKeyId": "ASIAAMPLIFY", "expiration": "2099-01-01T00:00:00.000Z"}}';

function creds(id: string, hours = 1) {
  return {
    accessKeyId: id,
    secretAccessKey: `secret-${id}`,
    sessionToken: `token-${id}`,
    expiration: new Date(t0.getTime() + hours * HOUR),
    roleArn: 'arn:aws:iam::1:role/r',
  };
}

const generationIn = (file: string): string | undefined => JSON.parse(fs.readFileSync(file, 'utf8'))[OWN_KEY]?.generation;

describe('a write that read the generation just before cache.json was removed', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => {
    jest.restoreAllMocks();
    sandbox.cleanup();
  });

  /** Projects in the same bucket as `a` (same: true) or in another one. */
  function neighbour(store: ProjectCacheStore, a: CacheScope, same: boolean): CacheScope {
    for (let i = 0; ; i++) {
      const b: CacheScope = { kind: 'project', root: `/work/neighbour-${i}` };
      if ((store.bucketFile(b) === store.bucketFile(a)) === same) return b;
    }
  }

  /**
   * Process P has read the generation (G1) and is about to take a bucket's lock; right then the user removes
   * cache.json and process Q stores project B under the next generation (G2); then P goes on.
   */
  function removedBeforeTheBucketLock(home: string, b: CacheScope, now: () => Date): { g2: () => string | undefined } {
    const q = new ProjectCacheStore({ home, now });
    const real = ProjectBuckets.prototype.update;
    let g2: string | undefined;
    jest.spyOn(ProjectBuckets.prototype, 'update').mockImplementationOnce(function (
      this: ProjectBuckets,
      ...args: Parameters<ProjectBuckets['update']>
    ) {
      fs.rmSync(q.file);
      q.put(b, 'biz', creds('ASIABNEW', 12));
      g2 = generationIn(q.file);
      return real.apply(this, args);
    });
    return { g2: () => g2 };
  }

  const actions: Array<[string, boolean, (p: ProjectCacheStore, a: CacheScope) => void]> = [
    ['storing a project in the same bucket', true, (p, a) => p.put(a, 'ops', creds('ASIALATE', 12))],
    ['storing a project, whose hourly sweep visits the other buckets', false, (p, a) => p.put(a, 'ops', creds('ASIALATE', 12))],
    ['resetting a project in the same bucket', true, (p, a) => p.removeProject(a)],
  ];

  test.each(actions)('%s: the entries stored since under the new generation stay', (_what, same, act) => {
    const a: CacheScope = { kind: 'project', root: '/work/app' };
    // Two hours on: the hourly sweep of the other buckets is due.
    const p = new ProjectCacheStore({ home: sandbox.home, now: () => new Date(t0.getTime() + 2 * HOUR) });
    new ProjectCacheStore({ home: sandbox.home, now: () => t0 }).put(a, 'biz', creds('ASIAA', 12));
    const g1 = generationIn(p.file);
    const b = neighbour(p, a, same);
    const { g2 } = removedBeforeTheBucketLock(sandbox.home, b, () => t0);
    act(p, a);
    expect(g2()).toMatch(/^[0-9a-f]{32}$/);
    expect(g2()).not.toBe(g1);
    expect(generationIn(p.file)).toBe(g2());
    expect(p.get(b, 'biz')?.accessKeyId).toBe('ASIABNEW');
    // The late entry kept the generation it read: an orphan, never served.
    expect(p.get(a, 'ops')).toBeUndefined();
    expect(p.get(a, 'biz')).toBeUndefined();
  });

  test('with cache.json still absent when it writes, its entry keeps the old generation: never served, and swept by the next one', () => {
    const a: CacheScope = { kind: 'project', root: '/work/app' };
    const p = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    p.put(a, 'biz', creds('ASIAA'));
    const g1 = generationIn(p.file);
    const real = CacheRoot.prototype.generation;
    jest.spyOn(CacheRoot.prototype, 'generation').mockImplementationOnce(function (this: CacheRoot) {
      const read = real.call(this);
      fs.rmSync(this.file);
      return read;
    });
    p.put(a, 'ops', creds('ASIALATE'));
    expect(fs.existsSync(p.file)).toBe(false);
    expect(p.lookup(a, 'ops')).toEqual({ current: false, entry: expect.objectContaining({ generation: g1, accessKeyId: 'ASIALATE' }) });
    p.put({ kind: 'none' }, 'x', creds('ASIANONE'));
    expect(p.lookup(a, 'ops')).toBeUndefined();
  });
});

describe('a locked write of cache.json while another program changes it', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  const a: CacheScope = { kind: 'project', root: '/work/app' };
  beforeEach(() => {
    sandbox = makeSandbox();
    store = new ProjectCacheStore({ home: sandbox.home, now: () => t0 });
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, `{\n  ${AMPLIFY_MEMBER}\n}\n`, { mode: 0o600 });
    store.put(a, 'biz', creds('ASIAOLD'));
    store.putMfaSession('old-session', creds('ASIAOLDSESSION'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    sandbox.cleanup();
  });

  /** Runs `meanwhile` once, between our read of cache.json and the rename that replaces it. */
  function beforeTheRename(meanwhile: (file: string) => void): void {
    const real = cacheFile.writeFileAtomic;
    jest.spyOn(cacheFile, 'writeFileAtomic').mockImplementationOnce((file, text, options) => {
      meanwhile(file);
      return real(file, text, options);
    });
  }

  test('`rm cache.json` then: the removal stands; the write starts again from nothing, with a new generation', () => {
    const g1 = generationIn(store.file);
    beforeTheRename((file) => fs.rmSync(file));
    store.putMfaSession('new-session', creds('ASIANEWSESSION'));
    expect(generationIn(store.file)).toMatch(/^[0-9a-f]{32}$/);
    expect(generationIn(store.file)).not.toBe(g1);
    expect(store.get(a, 'biz')).toBeUndefined();
    expect(store.getMfaSession('old-session')).toBeUndefined();
    expect(store.getMfaSession('new-session')?.accessKeyId).toBe('ASIANEWSESSION');
    // The Amplify CLI's member went with the file the user removed.
    expect(fs.readFileSync(store.file, 'utf8')).not.toContain('ASIAAMPLIFY');
    // The new generation swept the orphans.
    expect(store.layout()).toMatchObject({ orphanedEntries: 0, bucketFiles: 0 });
  });

  test('`rm cache.json` during reset-cache --mfa-session: nothing is brought back', () => {
    beforeTheRename((file) => fs.rmSync(file));
    expect(store.removeMfaSessions()).toBe(0);
    expect(fs.existsSync(store.file)).toBe(false);
    expect(store.get(a, 'biz')).toBeUndefined();
  });

  test('the Amplify CLI rewrites it in place then (same size or not): its new member is kept, and so is our generation', () => {
    const g1 = generationIn(store.file);
    beforeTheRename((file) => {
      const all = JSON.parse(fs.readFileSync(file, 'utf8'));
      all['arn:aws:iam::333:role/second'] = { amplify: { accessKeyId: 'ASIASECOND' } };
      fs.writeFileSync(file, JSON.stringify(all, null, 2));
    });
    store.putMfaSession('new-session', creds('ASIANEWSESSION'));
    const after = JSON.parse(fs.readFileSync(store.file, 'utf8'));
    expect(after['arn:aws:iam::333:role/second']).toEqual({ amplify: { accessKeyId: 'ASIASECOND' } });
    expect(after[OWN_KEY].generation).toBe(g1);
    expect(Object.keys(after[OWN_KEY].mfaSessions).sort()).toEqual(['new-session', 'old-session']);
    expect(store.get(a, 'biz')?.accessKeyId).toBe('ASIAOLD');
  });

  test('a file that keeps changing under every try: one sentence, and it is left as the other program wrote it', () => {
    let n = 0;
    const real = cacheFile.writeFileAtomic;
    jest.spyOn(cacheFile, 'writeFileAtomic').mockImplementation((file, text, options) => {
      fs.writeFileSync(file, `{${AMPLIFY_MEMBER}, "n": ${++n}}`);
      return real(file, text, options);
    });
    const error = toolErrorOf(() => store.putMfaSession('new-session', creds('ASIANEWSESSION')));
    expect([error.code, error.message]).toEqual([
      'CacheFileBusy',
      `${store.file} kept changing while amplify-aws-roles was writing it (5 tries); it was left as it was.`,
    ]);
    expect(fs.readFileSync(store.file, 'utf8')).toBe(`{${AMPLIFY_MEMBER}, "n": 5}`);
  });

  test('a rewrite that keeps the size and the time is still seen (the bytes are compared)', () => {
    beforeTheRename((file) => {
      const before = fs.statSync(file);
      const text = fs.readFileSync(file, 'utf8').replace('ASIAAMPLIFY', 'ASIAAMPLIFZ');
      fs.writeFileSync(file, text);
      fs.utimesSync(file, before.atime, before.mtime);
    });
    store.putMfaSession('new-session', creds('ASIANEWSESSION'));
    expect(fs.readFileSync(store.file, 'utf8')).toContain('ASIAAMPLIFZ');
  });
});

describe('a write that meets the Amplify CLI midway through rewriting cache.json in place (truncate, then write)', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.cleanup());

  test.each([
    ['empty', ''],
    ['half written', `{\n  ${AMPLIFY_MEMBER.slice(0, 40)}`],
  ])(
    "cache.json %s at our read: we look again a moment later, and the Amplify CLI's member and our generation are kept",
    (_state, partial) => {
      const dir = path.join(sandbox.home, '.amplify', 'awscloudformation');
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = path.join(dir, 'cache.json');
      const generation = '0123456789abcdef0123456789abcdef';
      const whole = `{\n  ${AMPLIFY_MEMBER},\n  "${OWN_KEY}": {"version": 2, "generation": "${generation}", "mfaSessions": {}}\n}\n`;
      fs.writeFileSync(file, whole, { mode: 0o600 });
      // The Amplify CLI's fs.writeFileSync: the file is truncated (same inode) and written a moment later.
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, partial);
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        fs.writeSync(fd, whole.slice(partial.length));
        fs.closeSync(fd);
      };
      const warnings: string[] = [];
      const pauses: number[] = [];
      const root = new CacheRoot(file, {
        warn: (m) => warnings.push(m),
        now: () => t0,
        ensureFolder: () => undefined,
        pause: (ms: number) => {
          pauses.push(ms);
          finish();
        },
      });
      root.update((own) => {
        own.mfaSessions.k = {
          accessKeyId: 'ASIASESSION',
          secretAccessKey: 's',
          sessionToken: 't',
          expiration: creds('x').expiration.toISOString(),
          obtainedAt: t0.toISOString(),
        };
      });
      // Had we not waited, the Amplify CLI finishes now, into the file we replaced.
      finish();
      const after = fs.readFileSync(file, 'utf8');
      expect(after).toContain(AMPLIFY_MEMBER);
      expect(JSON.parse(after)[OWN_KEY]).toMatchObject({ version: 2, generation, mfaSessions: { k: { accessKeyId: 'ASIASESSION' } } });
      expect(pauses).toEqual([50]);
      expect(warnings).toEqual([]);
      expect(fs.readdirSync(dir).filter((f) => f.includes('corrupt'))).toEqual([]);
    },
  );
});
