import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectCacheStore } from '../../src/cache';
import { isToolError } from '../../src/errors';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { makeRandom, seedFromEnv } from './helpers/prng';
import { capture, runNode, scanOutputsForSecrets } from './helpers/secretScan';

// Many processes reading and rewriting the one cache file at once, and processes dying while they hold a lock.
const FIXTURES = path.resolve(__dirname, '..', 'fixtures');
const WORKER = path.join(FIXTURES, 'reliability-cache-worker.js');
const HOLDER = path.join(FIXTURES, 'reliability-lock-holder.js');
const SEED = seedFromEnv(7_2025);
const WORKERS = 16;
const OPERATIONS = 60;
/** The write lock's timeout in src/cache/projectCacheStore.ts: no operation may wait longer. */
const WRITE_LOCK_TIMEOUT_MS = 10_000;
scanOutputsForSecrets();

const FOREIGN =
  '"arn:aws:iam::123456789012:role/amplify-own-provider": {"AccessKeyId":"ASIAAMPLIFYOWN000001","Expiration":"2099-01-01T00:00:00.000Z"}';

function projectsIn(sandbox: Sandbox, names: string[]): string {
  const dir = sandbox.path('projects');
  for (const name of names) {
    fs.mkdirSync(path.join(dir, name, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(path.join(dir, name, 'amplify', '.config', 'project-config.json'), '{}');
  }
  return fs.realpathSync(dir);
}

function start(args: string[]): { child: ChildProcess; output: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const output = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      capture(`node ${path.basename(args[0])}`, 'stdout', stdout);
      capture(`node ${path.basename(args[0])}`, 'stderr', stderr);
      resolve({ code, stdout, stderr });
    }),
  );
  return { child, output };
}

async function waitForLine(child: ChildProcess, line: string, timeoutMs: number): Promise<void> {
  let seen = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${line}" from the lock holder within ${timeoutMs} ms`)), timeoutMs);
    child.stdout!.on('data', (d) => {
      seen += d;
      if (seen.includes(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}

test(`${WORKERS} processes x ${OPERATIONS} mixed resolves and resets, one more killed again and again (seed ${SEED}): no lost entry, no torn file, no long wait`, async () => {
  const random = makeRandom(SEED);
  const sandbox = makeSandbox();
  const names = ['shared', 'victim-p0', 'victim-p1', ...Array.from({ length: WORKERS }, (_, w) => [`w${w}-p0`, `w${w}-p1`]).flat()];
  const projectsDir = projectsIn(sandbox, names);
  const dir = sandbox.path('.amplify/awscloudformation');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'cache.json');
  fs.writeFileSync(file, `{\n  ${FOREIGN}\n}\n`, { mode: 0o600 });
  const counter = sandbox.path('shared-provider-calls.txt');
  const bucketsDir = path.join(dir, 'amplify-aws-roles');

  // A reader that parses the file continuously: it must never see a torn or half-written file.
  let reads = 0;
  const torn: string[] = [];
  let reading = true;
  const reader = (async () => {
    while (reading) {
      try {
        JSON.parse(fs.readFileSync(file, 'utf8'));
        for (const name of fs.existsSync(bucketsDir) ? fs.readdirSync(bucketsDir) : []) {
          if (!name.endsWith('.json')) continue;
          try {
            JSON.parse(fs.readFileSync(path.join(bucketsDir, name), 'utf8'));
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
          }
        }
        reads++;
      } catch (error) {
        torn.push((error as Error).message);
      }
      await new Promise((r) => setTimeout(r, 3));
    }
  })();

  // A victim works on its own projects only and is killed at random moments, leaving locks and temp files behind.
  let victims = 0;
  let running = true;
  const victim = (async () => {
    while (running) {
      const { child, output } = start([WORKER, sandbox.home, 'victim', projectsDir, '1000', String(random.int(1e9)), '-']);
      await new Promise((r) => setTimeout(r, 60 + random.int(200)));
      child.kill('SIGKILL');
      await output;
      victims++;
    }
  })();

  const workers = Array.from({ length: WORKERS }, (_, w) =>
    runNode(WORKER, [sandbox.home, String(w), projectsDir, String(OPERATIONS), String(SEED + w), counter], { timeoutMs: 120_000 }),
  );
  const results = await Promise.all(workers);
  running = false;
  await victim;
  reading = false;
  await reader;

  for (const result of results) {
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  }
  const summaries = results.map(
    (r) => JSON.parse(r.stdout) as { expected: Record<string, string | null>; slowest: number; warnings: string[] },
  );
  const store = new ProjectCacheStore({ home: sandbox.home });
  const keyOf = (root: string) => store.get({ kind: 'project', root }, 'bizcorprole')?.accessKeyId ?? null;
  for (const summary of summaries) {
    for (const [root, key] of Object.entries(summary.expected)) expect({ root, key: keyOf(root) }).toEqual({ root, key });
    expect(summary.slowest).toBeLessThan(WRITE_LOCK_TIMEOUT_MS);
    expect(summary.warnings).toEqual([]);
  }
  // Nobody resets the shared project: exactly one process called its provider; everyone else reused the result.
  expect(fs.readFileSync(counter, 'utf8').trim().split('\n')).toHaveLength(1);
  expect(keyOf(path.join(projectsDir, 'shared'))).toMatch(/^ASIASHARED\d+$/);
  expect(fs.readFileSync(file, 'utf8')).toContain(FOREIGN);
  expect(torn).toEqual([]);
  expect(reads).toBeGreaterThan(50);
  expect(victims).toBeGreaterThanOrEqual(3);
  sandbox.cleanup();
}, 180_000);

describe('locks left behind', () => {
  test('the write lock of a process killed while holding it is taken over at once', async () => {
    const sandbox = makeSandbox();
    const { child, output } = start([HOLDER, sandbox.home, 'write']);
    await waitForLine(child, 'locked', 15_000);
    child.kill('SIGKILL');
    await output;
    const store = new ProjectCacheStore({ home: sandbox.home });
    expect(fs.existsSync(store.lockFile)).toBe(true);
    expect(fs.existsSync(`${store.bucketFile({ kind: 'none' })}.lock`)).toBe(true);
    const started = Date.now();
    store.put({ kind: 'none' }, 'bizcorprole', {
      accessKeyId: 'ASIAAFTERKILL0000001',
      secretAccessKey: 'after-kill-secret-0001',
      sessionToken: 'after-kill-token-0001',
      expiration: new Date(Date.now() + 3600_000),
    });
    store.putMfaSession('k', {
      accessKeyId: 'ASIAAFTERKILL0000003',
      secretAccessKey: 'after-kill-secret-0003',
      sessionToken: 'after-kill-token-0003',
      expiration: new Date(Date.now() + 3600_000),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(store.get({ kind: 'none' }, 'bizcorprole')?.accessKeyId).toBe('ASIAAFTERKILL0000001');
    sandbox.cleanup();
  }, 30_000);

  test('the resolve lock of a process killed while it waited for STS (or an MFA code) is taken over at once', async () => {
    const sandbox = makeSandbox();
    const { child, output } = start([HOLDER, sandbox.home, 'resolve']);
    await waitForLine(child, 'locked', 15_000);
    child.kill('SIGKILL');
    await output;
    const { cachedCredentials } = await import('../../src/cache');
    const store = new ProjectCacheStore({ home: sandbox.home });
    const started = Date.now();
    const outcome = await cachedCredentials(
      store,
      {
        scope: { kind: 'project', root: '/reliability/locked-app' },
        profile: 'bizcorprole',
        minTtlSeconds: 900,
        now: () => new Date(),
        waitTimeoutMs: 5000,
      },
      async () => ({
        accessKeyId: 'ASIAAFTERKILL0000002',
        secretAccessKey: 'after-kill-secret-0002',
        sessionToken: 'after-kill-token-0002',
        expiration: new Date(Date.now() + 3600_000),
      }),
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcome).toMatchObject({ fromCache: false, credentials: { accessKeyId: 'ASIAAFTERKILL0000002' } });
    sandbox.cleanup();
  }, 30_000);

  test('a lock file in a format we did not write, last touched a minute ago, is taken over', () => {
    const sandbox = makeSandbox();
    const store = new ProjectCacheStore({ home: sandbox.home });
    store.ensureFolder();
    fs.mkdirSync(store.projectsDir, { mode: 0o700 });
    const lock = `${store.bucketFile({ kind: 'none' })}.lock`;
    fs.writeFileSync(lock, 'garbage that is not "<pid> <time>"');
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, minuteAgo, minuteAgo);
    const started = Date.now();
    store.put({ kind: 'none' }, 'bizcorprole', {
      accessKeyId: 'ASIAAFTERGARBAGE0001',
      secretAccessKey: 'after-garbage-secret',
      sessionToken: 'after-garbage-token',
      expiration: new Date(Date.now() + 3600_000),
    });
    expect(Date.now() - started).toBeLessThan(2000);
    sandbox.cleanup();
  });

  // The write lock's staleMs equals its timeout (10 s): a waiter either gives up with LockTimeout or, a few
  // milliseconds earlier, judges the 10-second-old lock stuck and takes it over. Either way it ends on time.
  // (The holder has cache.json's lock and the bucket's; a put with no generation yet waits for cache.json's first,
  // so the sentence may name either lock.)
  test('a write lock held by a live process: a writer waits no longer than the lock timeout, then ends with one sentence or takes over', async () => {
    const sandbox = makeSandbox();
    const { child, output } = start([HOLDER, sandbox.home, 'write']);
    await waitForLine(child, 'locked', 15_000);
    const store = new ProjectCacheStore({ home: sandbox.home });
    const started = Date.now();
    let error: unknown;
    try {
      store.put({ kind: 'none' }, 'bizcorprole', {
        accessKeyId: 'ASIABLOCKED000000001',
        secretAccessKey: 'blocked-secret-0001',
        sessionToken: 'blocked-token-0001',
        expiration: new Date(Date.now() + 3600_000),
      });
    } catch (caught) {
      error = caught;
    }
    const waited = Date.now() - started;
    child.kill('SIGKILL');
    await output;
    if (error !== undefined) {
      expect(isToolError(error) ? error.code : String(error as Error)).toBe('LockTimeout');
      expect((error as Error).message).toMatch(
        /^Timed out after 10 s waiting for the lock .*(cache\.json|projects-[0-9a-f]{2}\.json)\.lock, held by another amplify-aws-roles process\.$/,
      );
    } else {
      expect(store.get({ kind: 'none' }, 'bizcorprole')?.accessKeyId).toBe('ASIABLOCKED000000001');
    }
    expect(waited).toBeGreaterThanOrEqual(WRITE_LOCK_TIMEOUT_MS - 500);
    expect(waited).toBeLessThan(WRITE_LOCK_TIMEOUT_MS + 3000);
    sandbox.cleanup();
  }, 30_000);
});
