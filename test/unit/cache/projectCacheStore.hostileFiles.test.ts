import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectCacheStore, type CacheScope } from '../../../src/cache';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { toolErrorOf } from '../../helpers/toolError';

const t0 = new Date('2026-11-28T12:00:00Z');
const project: CacheScope = { kind: 'project', root: '/work/app' };
const thrown = (fn: () => unknown) => {
  const error = toolErrorOf(fn);
  return { code: error.code, message: error.message };
};
const creds = (id: string) => ({
  accessKeyId: id,
  secretAccessKey: `secret-${id}`,
  sessionToken: `token-${id}`,
  expiration: new Date(t0.getTime() + 3600e3),
});

describe('hostile or damaged cache files', () => {
  let sandbox: Sandbox;
  let store: ProjectCacheStore;
  let warnings: string[];
  let now: Date;
  beforeEach(() => {
    sandbox = makeSandbox();
    warnings = [];
    now = t0;
    store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m), now: () => now });
  });
  afterEach(() => sandbox.cleanup());

  test('a cache.json that is a folder is refused with one sentence naming it', () => {
    fs.mkdirSync(store.file, { recursive: true });
    const error = thrown(() => store.putMfaSession('k', creds('A1')));
    expect(error).toEqual({
      code: 'CacheFileInvalid',
      message: `The cache file ${store.file} is not a regular file; refusing to read or write credentials there.`,
    });
    expect(fs.statSync(store.file).isDirectory()).toBe(true);
  });

  test('a cache file or folder owned by another user is refused', () => {
    store.putMfaSession('k', creds('A1'));
    fs.chownSync(store.file, 54321, 54321);
    expect(thrown(() => store.getMfaSession('k')).message).toBe(
      `The cache file ${store.file} belongs to another user (uid 54321); refusing to use it.`,
    );
    fs.chownSync(store.file, process.getuid!(), process.getgid!());
    store.put(project, 'biz', creds('A1'));
    const bucket = store.bucketFile(project);
    fs.chownSync(bucket, 54321, 54321);
    expect(thrown(() => store.get(project, 'biz')).message).toBe(
      `The cache file ${bucket} belongs to another user (uid 54321); refusing to use it.`,
    );
    fs.chownSync(bucket, process.getuid!(), process.getgid!());
    fs.chownSync(store.projectsDir, 54321, 54321);
    expect(thrown(() => store.get(project, 'biz')).code).toBe('CacheFolderNotOwned');
    fs.chownSync(store.projectsDir, process.getuid!(), process.getgid!());
    fs.chownSync(store.dir, 54321, 54321);
    expect(thrown(() => store.put(project, 'biz', creds('A2'))).code).toBe('CacheFolderNotOwned');
  });

  test('a symlinked cache file is refused for reading as well as writing; its target is untouched', () => {
    const target = sandbox.write('target.json', '{"amplify-aws-roles": {"version": 1, "projects": {}, "mfaSessions": {}}}');
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.symlinkSync(target, store.file);
    expect(thrown(() => store.get(project, 'biz')).code).toBe('CacheFileIsSymlink');
    expect(thrown(() => store.putMfaSession('k', creds('A1'))).message).toMatch(
      /^The cache file .*cache\.json is a symbolic link; refusing/,
    );
    expect(fs.readFileSync(target, 'utf8')).toContain('"projects": {}');
  });

  test('a corrupt file found while writing is moved aside and the write goes ahead', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, '[1, 2]', { mode: 0o600 });
    store.putMfaSession('k', creds('A1'));
    expect(warnings).toEqual([
      `${store.file} did not hold a JSON object; it was moved to ${store.file}.corrupt-2026-11-28T12-00-00-000Z and a new cache was started.`,
    ]);
    expect(fs.readFileSync(`${store.file}.corrupt-2026-11-28T12-00-00-000Z`, 'utf8')).toBe('[1, 2]');
    expect(store.getMfaSession('k')?.accessKeyId).toBe('A1');
  });

  test('moving aside never overwrites an earlier corrupt copy, and the copies stay private', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, 'first {', { mode: 0o644 });
    expect(store.get(project, 'biz')).toBeUndefined();
    fs.writeFileSync(store.file, 'second {', { mode: 0o600 });
    expect(store.getMfaSession('k')).toBeUndefined();
    const asides = fs
      .readdirSync(store.dir)
      .filter((f) => f.includes('.corrupt-'))
      .sort();
    expect(asides).toEqual(['cache.json.corrupt-2026-11-28T12-00-00-000Z', 'cache.json.corrupt-2026-11-28T12-00-00-000Z-2']);
    expect(asides.map((f) => fs.readFileSync(path.join(store.dir, f), 'utf8'))).toEqual(['first {', 'second {']);
    for (const f of asides) expect(fs.statSync(path.join(store.dir, f)).mode & 0o777).toBe(0o600);
    expect(warnings.filter((w) => /moved to/.test(w))).toHaveLength(2);
  });

  test('a stale write lock left by a killed process does not block a write', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.lockFile, `999999999 ${Date.now()}`);
    fs.mkdirSync(store.projectsDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(`${store.bucketFile(project)}.lock`, `999999999 ${Date.now()}`);
    const started = Date.now();
    store.putMfaSession('k', creds('A1'));
    store.put(project, 'biz', creds('A1'));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fs.existsSync(store.lockFile)).toBe(false);
    expect(fs.existsSync(`${store.bucketFile(project)}.lock`)).toBe(false);
  });

  test('a file where the ~/.amplify folder should be gives a ToolError naming the cache folder, not a stack trace', () => {
    sandbox.write('.amplify', 'a file where a folder should be');
    const error = thrown(() => store.put(project, 'biz', creds('A1')));
    expect(error.code).toBe('CacheFolderUnavailable');
    expect(error.message).toContain(store.dir);
  });

  test('removeCorruptCopies (reset-cache --all) deletes the moved-aside copies of cache.json and of buckets, nothing else', () => {
    fs.mkdirSync(store.dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(store.file, '{"live-secret": "ASIA', { mode: 0o600 });
    expect(store.getMfaSession('k')).toBeUndefined();
    store.put(project, 'biz', creds('A1'));
    fs.writeFileSync(store.bucketFile(project), 'not json', { mode: 0o600 });
    expect(store.get(project, 'biz')).toBeUndefined();
    fs.writeFileSync(path.join(store.dir, 'cache.json.notes'), 'mine');
    const corrupt = () => [...fs.readdirSync(store.dir), ...fs.readdirSync(store.projectsDir)].filter((f) => f.includes('.corrupt-'));
    expect(corrupt()).toHaveLength(2);
    expect(store.removeCorruptCopies()).toBe(2);
    expect(corrupt()).toEqual([]);
    expect(fs.readFileSync(path.join(store.dir, 'cache.json.notes'), 'utf8')).toBe('mine');
  });

  test('temp files of killed writers, lockers and lock breakers are removed by the next write of that file', () => {
    store.put(project, 'biz', creds('A1'));
    const base = path.basename(store.bucketFile(project));
    const orphans = [`.${base}.999999999.ab12.tmp`, `${base}.lock.999999999.cd34.tmp`, `${base}.lock.break.999999999.ef56.tmp`];
    for (const name of orphans) fs.writeFileSync(path.join(store.projectsDir, name), 'left behind', { mode: 0o600 });
    store.put(project, 'biz', creds('A2'));
    expect(fs.readdirSync(store.projectsDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
