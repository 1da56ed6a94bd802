import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_KEY, ProjectCacheStore } from '../../src/cache';
import { makeSandbox } from '../helpers/sandbox';

// The fixtures are plain JavaScript requiring the compiled dist/src/cache: build first (`npx tsc -p .`).
const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'cache-resolver.js');
const WRITER = path.resolve(__dirname, '..', 'fixtures', 'cache-writer.js');
const DIST_CACHE = path.resolve(__dirname, '..', '..', 'dist', 'src', 'cache');

function runChild(args: string[], script = FIXTURE): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

describe('processes sharing the cache', () => {
  test('8 concurrent processes resolving the same project and profile make one provider call and share its result', async () => {
    const sandbox = makeSandbox({ 'app/amplify/.config/project-config.json': '{}' });
    const counter = sandbox.path('calls.txt');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => runChild([sandbox.home, sandbox.path('app'), 'biz', counter, '800'])),
    );
    for (const r of results) expect(r.stderr).toBe('');
    expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
    const outcomes = results.map((r) => JSON.parse(r.stdout));
    expect(new Set(outcomes.map((o) => o.key)).size).toBe(1);
    expect(outcomes.filter((o) => !o.fromCache)).toHaveLength(1);
    sandbox.cleanup();
  });

  test("a process waiting for another one's prompt says so once on stderr after about a second, naming the profile", async () => {
    const sandbox = makeSandbox({ 'app/amplify/.config/project-config.json': '{}' });
    const counter = sandbox.path('calls.txt');
    const store = new ProjectCacheStore({ home: sandbox.home });
    const holder = runChild([sandbox.home, sandbox.path('app'), 'bizcorprole', counter, '8000', 'notify']);
    const deadline = Date.now() + 10000;
    while (!(fs.existsSync(counter) && fs.readdirSync(store.dir).some((f) => f.startsWith('resolve-')))) {
      if (Date.now() > deadline) throw new Error('the first process never took the lock');
      await new Promise((r) => setTimeout(r, 20));
    }
    const waiter = await runChild([sandbox.home, sandbox.path('app'), 'bizcorprole', counter, '10', 'notify']);
    const first = await holder;
    expect(first.stderr).toBe('');
    expect(JSON.parse(waiter.stdout)).toEqual({ key: JSON.parse(first.stdout).key, fromCache: true });
    expect(waiter.stderr).toBe(
      'Waiting for another amplify-aws-roles process that is getting credentials for profile "bizcorprole" (it may be asking for the MFA code in another terminal or window).\n',
    );
    sandbox.cleanup();
  });

  test('a resolve lock left by a killed process does not block the next one', async () => {
    const sandbox = makeSandbox({ 'app/amplify/.config/project-config.json': '{}' });
    const counter = sandbox.path('calls.txt');
    const child = spawn(process.execPath, [FIXTURE, sandbox.home, sandbox.path('app'), 'biz', counter, '60000'], { stdio: 'ignore' });
    const store = new ProjectCacheStore({ home: sandbox.home });
    const deadline = Date.now() + 10000;
    while (!(fs.existsSync(counter) && fs.readdirSync(store.dir).some((f) => f.startsWith('resolve-')))) {
      if (Date.now() > deadline) throw new Error('the child never took the lock');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const started = Date.now();
    const next = await runChild([sandbox.home, sandbox.path('app'), 'biz', counter, '10']);
    expect(next.code).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(JSON.parse(next.stdout).fromCache).toBe(false);
    sandbox.cleanup();
  });

  test('8 processes writing at once lose no update, and a reader never sees a partial file', async () => {
    const sandbox = makeSandbox();
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.ensureFolder();
    const foreign = '{"arn:aws:iam::1:role/x": {"a" : 1.50, "u": "\\u00e9"}}';
    fs.writeFileSync(store.file, foreign, { mode: 0o600 });
    const bucket = store.bucketFile({ kind: 'project', root: '/work/app' });
    const writers = Promise.all(Array.from({ length: 8 }, (_, n) => runChild([sandbox.home, `w${n}`, '12'], WRITER)));
    let done = false;
    void writers.then(() => (done = true));
    let reads = 0;
    while (!done) {
      if (fs.existsSync(bucket)) {
        const text = fs.readFileSync(bucket, 'utf8');
        expect(() => JSON.parse(text)).not.toThrow();
        reads++;
      }
      const root = fs.readFileSync(store.file, 'utf8');
      expect(() => JSON.parse(root)).not.toThrow();
      await new Promise((r) => setImmediate(r));
    }
    // The first write made the cache's generation in cache.json (one: every entry below carries it), and the other
    // member kept its bytes.
    expect(fs.readFileSync(store.file, 'utf8')).toContain('"arn:aws:iam::1:role/x": {"a" : 1.50, "u": "\\u00e9"}');
    expect(JSON.parse(fs.readFileSync(store.file, 'utf8'))[OWN_KEY].generation).toMatch(/^[0-9a-f]{32}$/);
    for (const r of await writers) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(reads).toBeGreaterThan(0);
    const profiles = store.listEntries().map((e) => e.profile);
    expect(profiles).toHaveLength(96);
    expect(new Set(profiles).size).toBe(96);
    expect(fs.readdirSync(store.dir).sort()).toEqual(['amplify-aws-roles', 'cache.json']);
    expect(fs.readdirSync(store.projectsDir).sort()).toEqual(['last-prune', path.basename(bucket)]);
    expect(fs.statSync(bucket).mode & 0o777).toBe(0o600);
    sandbox.cleanup();
  });

  test('the warm path (a cache hit) loads no AWS SDK and no third-party module', async () => {
    const sandbox = makeSandbox();
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.put({ kind: 'none' }, 'biz', {
      accessKeyId: 'ASIAWARM',
      secretAccessKey: 's',
      sessionToken: 't',
      expiration: new Date(Date.now() + 3600e3),
    });
    const script = `
      const { ProjectCacheStore, cachedCredentials } = require(${JSON.stringify(DIST_CACHE)});
      const store = new ProjectCacheStore({ home: ${JSON.stringify(sandbox.home)} });
      cachedCredentials(store, { scope: { kind: 'none' }, profile: 'biz', minTtlSeconds: 900, now: () => new Date() }, () => { throw new Error('provider called'); })
        .then((o) => process.stdout.write(JSON.stringify({ fromCache: o.fromCache, key: o.credentials.accessKeyId, modules: Object.keys(require.cache).filter((m) => m.includes('node_modules')) })));`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({ fromCache: true, key: 'ASIAWARM', modules: [] });
    sandbox.cleanup();
  });
});
