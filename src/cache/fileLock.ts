import * as fs from 'node:fs';
import { ToolError } from '../errors';

/**
 * Lock files created with O_EXCL, holding "<pid> <epoch ms>". A lock whose holder is gone (its pid no longer
 * exists) or that is older than `staleMs` is taken over, so a process killed while holding it blocks others
 * only briefly.
 */
export interface LockOptions {
  timeoutMs: number;
  staleMs: number;
  pollMs?: number;
}

interface Holder {
  pid: number;
  since: number;
  text: string;
}

function readHolder(file: string): Holder | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const [pid, since] = text.split(' ').map(Number);
    return { pid, since, text };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryAcquire(file: string, staleMs: number): boolean {
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, `${process.pid} ${Date.now()}`);
    fs.closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const holder = readHolder(file);
  if (!holder) return false; // released (or being written) in between: try again
  const stale = (holder.pid !== process.pid && !alive(holder.pid)) || Date.now() - holder.since > staleMs || Number.isNaN(holder.since);
  if (stale) {
    // Remove only the lock we judged stale, not one another process has just taken.
    if (readHolder(file)?.text === holder.text) {
      try {
        fs.unlinkSync(file);
      } catch {
        /* someone else removed it */
      }
    }
  }
  return false;
}

function release(file: string): void {
  if (readHolder(file)?.pid === process.pid) {
    try {
      fs.unlinkSync(file);
    } catch {
      /* already gone */
    }
  }
}

function timeoutError(file: string, timeoutMs: number): ToolError {
  return new ToolError('CacheLockTimeout', `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${file}, held by another amplify-aws-roles process.`, {
    resolution: 'If no other amplify-aws-roles process is running, delete that lock file.',
  });
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** For short critical sections (a read-modify-write of the cache file): waits synchronously. */
export function withFileLockSync<T>(file: string, options: LockOptions, fn: () => T): T {
  const deadline = Date.now() + options.timeoutMs;
  while (!tryAcquire(file, options.staleMs)) {
    if (Date.now() > deadline) throw timeoutError(file, options.timeoutMs);
    Atomics.wait(sleeper, 0, 0, options.pollMs ?? 5 + Math.random() * 10);
  }
  try {
    return fn();
  } finally {
    release(file);
  }
}

/**
 * For long waits (another process may be asking a person for an MFA code): polls asynchronously and lets the
 * caller stop waiting early when `ready()` finds what the holder was producing.
 */
export async function acquireFileLock<T>(file: string, options: LockOptions & { ready?: () => T | undefined }): Promise<{ release: () => void } | { ready: T }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (tryAcquire(file, options.staleMs)) return { release: () => release(file) };
    const ready = options.ready?.();
    if (ready !== undefined) return { ready };
    if (Date.now() > deadline) throw timeoutError(file, options.timeoutMs);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}
