import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { acquireFileLock, withFileLockSync } from '../../../src/files/fileLock';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

/** A pid that certainly belonged to a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('file locks', () => {
  let sandbox: Sandbox;
  let lock: string;
  beforeEach(() => {
    sandbox = makeSandbox();
    lock = sandbox.path('x.lock');
  });
  afterEach(() => sandbox.cleanup());

  test('the lock file names the holder while held and is gone afterwards, with no temp files left', () => {
    const seen = withFileLockSync(lock, { timeoutMs: 1000, staleMs: 10000 }, () => fs.readFileSync(lock, 'utf8'));
    expect(seen).toMatch(new RegExp(`^${process.pid} \\d+ ${os.hostname()} [0-9a-f]+$`));
    expect(fs.readdirSync(sandbox.home)).toEqual([]);
  });

  test('a lock held by a live process times out with a sentence naming the lock file', () => {
    fs.writeFileSync(lock, `${process.ppid} ${Date.now()} ${os.hostname()} abc`);
    const started = Date.now();
    expect(() => withFileLockSync(lock, { timeoutMs: 300, staleMs: 60000 }, () => 1)).toThrow(`waiting for the lock ${lock}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(fs.readFileSync(lock, 'utf8')).toContain('abc');
  });

  test('a lock whose holder has died is taken over at once', () => {
    fs.writeFileSync(lock, `${deadPid()} ${Date.now()} ${os.hostname()} abc`);
    const started = Date.now();
    expect(withFileLockSync(lock, { timeoutMs: 5000, staleMs: 60000 }, () => 'mine')).toBe('mine');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('a dead pid on another host proves nothing: only age counts there', () => {
    fs.writeFileSync(lock, `${deadPid()} ${Date.now()} some-other-host abc`);
    expect(() => withFileLockSync(lock, { timeoutMs: 200, staleMs: 60000 }, () => 1)).toThrow(/Timed out/);
    fs.writeFileSync(lock, `${deadPid()} ${Date.now() - 61000} some-other-host abc`);
    expect(withFileLockSync(lock, { timeoutMs: 1000, staleMs: 60000 }, () => 'mine')).toBe('mine');
  });

  test('a lock older than the age limit is taken over even if its holder lives', () => {
    fs.writeFileSync(lock, `${process.ppid} ${Date.now() - 20000} ${os.hostname()} abc`);
    expect(withFileLockSync(lock, { timeoutMs: 1000, staleMs: 10000 }, () => 'mine')).toBe('mine');
  });

  test('a lock file in an unknown format is judged by its age', () => {
    fs.writeFileSync(lock, '');
    expect(() => withFileLockSync(lock, { timeoutMs: 200, staleMs: 60000 }, () => 1)).toThrow(/Timed out/);
    const old = new Date(Date.now() - 120000);
    fs.utimesSync(lock, old, old);
    expect(withFileLockSync(lock, { timeoutMs: 1000, staleMs: 60000 }, () => 'mine')).toBe('mine');
  });

  test('releasing never removes a lock someone else holds now', () => {
    withFileLockSync(lock, { timeoutMs: 1000, staleMs: 10000 }, () => {
      fs.writeFileSync(lock, `${process.ppid} ${Date.now()} ${os.hostname()} theirs`);
    });
    expect(fs.readFileSync(lock, 'utf8')).toContain('theirs');
  });

  test('the asynchronous lock stops waiting as soon as ready() finds the result', async () => {
    fs.writeFileSync(lock, `${process.ppid} ${Date.now()} ${os.hostname()} abc`);
    let polls = 0;
    const outcome = await acquireFileLock(lock, {
      timeoutMs: 5000,
      staleMs: 60000,
      pollMs: 10,
      ready: () => (++polls >= 3 ? 'done' : undefined),
    });
    expect(outcome).toEqual({ ready: 'done' });
    expect(polls).toBe(3);
  });

  test('the asynchronous lock is taken, held, then released', async () => {
    const outcome = await acquireFileLock(lock, { timeoutMs: 1000, staleMs: 60000 });
    expect('release' in outcome).toBe(true);
    expect(() => withFileLockSync(lock, { timeoutMs: 100, staleMs: 60000 }, () => 1)).toThrow(/Timed out/);
    if ('release' in outcome) outcome.release();
    expect(fs.existsSync(lock)).toBe(false);
  });
});
