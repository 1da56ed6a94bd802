import * as fs from 'node:fs';
import * as path from 'node:path';
import { cachedCredentials, findProjectRoot, OWN_KEY, ProjectCacheStore, type CacheScope } from '../../src/cache';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';

const HOUR = 3600e3;
const t0 = new Date('2026-11-28T12:00:00Z');

function creds(id: string, expiresInMs = HOUR, base = t0) {
  return { accessKeyId: id, secretAccessKey: `secret-${id}`, sessionToken: `token-${id}`, expiration: new Date(base.getTime() + expiresInMs), roleArn: 'arn:aws:iam::1:role/r' };
}

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

  test('writes a 0600 file in a 0700 folder, under our own versioned key', () => {
    store.put(projectA, 'biz', creds('A1'));
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    const data = JSON.parse(fs.readFileSync(store.file, 'utf8'));
    expect(Object.keys(data)).toEqual([OWN_KEY]);
    expect(data[OWN_KEY].version).toBe(1);
    expect(data[OWN_KEY].projects['/work/app-a'].biz).toMatchObject({ accessKeyId: 'A1', roleArn: 'arn:aws:iam::1:role/r', expiration: '2026-11-28T13:00:00.000Z' });
  });

  test('replaces the file atomically: a new inode each write, no temp files left', () => {
    store.put(projectA, 'biz', creds('A1'));
    const before = fs.statSync(store.file).ino;
    store.put(projectA, 'biz', creds('A2'));
    expect(fs.statSync(store.file).ino).not.toBe(before);
    expect(fs.readdirSync(store.dir).sort()).toEqual(['cache.json']);
  });

  test('foreign top-level members survive every write byte for byte', () => {
    const foreign = '{\n"arn:aws:iam::1:role/x" :{"a" : 1.50, "u": "\\u00e9", "nested": [1, {"b": null}]},\n  "other-tool":"keep me"  }';
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, foreign, { mode: 0o600 });
    store.put(projectA, 'biz', creds('A1'));
    store.removeProject(projectA);
    store.put(projectB, 'biz', creds('B1'));
    const text = fs.readFileSync(store.file, 'utf8');
    expect(text).toContain('"arn:aws:iam::1:role/x": {"a" : 1.50, "u": "\\u00e9", "nested": [1, {"b": null}]}');
    expect(text).toContain('"other-tool": "keep me"');
    expect(store.removeAll()).toBe(1);
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

  test('expired entries are dropped when the file is written', () => {
    store.put(projectA, 'old', creds('OLD', 10 * 60e3));
    now = new Date(t0.getTime() + 20 * 60e3);
    store.put(projectB, 'new', creds('NEW', HOUR, now));
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
    fs.chmodSync(store.file, 0o644);
    fs.chmodSync(store.dir, 0o777);
    store.put(projectB, 'biz', creds('B1'));
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(store.dir).mode & 0o777).toBe(0o700);
    expect(warnings.join('\n')).toMatch(/had mode 777/);
    expect(warnings.join('\n')).toMatch(/had mode 644/);
    const elsewhere = sandbox.write('elsewhere.json', '{}');
    fs.rmSync(store.file);
    fs.symlinkSync(elsewhere, store.file);
    expect(() => store.put(projectA, 'biz', creds('A2'))).toThrow(/symbolic link; refusing/);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('{}');
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
    const outcome = await cachedCredentials(store, { scope, profile: 'biz', roleArn: 'arn:aws:iam::1:role/r', minTtlSeconds, now }, async () => {
      calls++;
      return creds('NEW', HOUR, now());
    });
    return { calls, outcome };
  }

  test.each([
    [16, 900, 0],
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
});
