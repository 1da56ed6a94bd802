/** Loaded only when a file is written or a lock taken: a cache hit does neither. */
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
import * as fs from 'node:fs';
import * as os from 'node:os';
import { ToolError } from '../errors';
import { describeKind } from './fileKind';
import { readRegularFile } from './readRegularFile';

/**
 * Lock files holding "<pid> <epoch ms> <host> <nonce>". The text is written to a temp file first and hard-linked
 * into place, so a lock is never seen half-written. A lock whose holder is gone (same host, pid no longer
 * exists) or that is older than `staleMs` is taken over, so a process killed while holding it blocks others
 * only briefly. Taking over is itself serialised through `<lock>.break`, so two waiters that both judged a lock
 * stale cannot remove the one a third process has just taken.
 */
export interface LockOptions {
  timeoutMs: number;
  staleMs: number;
  pollMs?: number;
}

interface Holder {
  pid: number;
  since: number;
  host?: string;
  text: string;
}

let host: string | undefined;
const HOST = (): string => (host ??= os.hostname());
/** A `.break` lock is held for microseconds; one this old was left by a process that died holding it. */
const BREAKER_STALE_MS = 2000;
/** "<pid> <epoch ms> <host> <nonce>" is well under this; a bigger lock file is not ours. */
const MAX_LOCK_BYTES = 4096;

/**
 * A lock file that is not a small regular file (a named pipe would hang the read, a link to a device could answer
 * forever) was not made by us: refused in one sentence rather than read or judged stale and removed.
 */
function notOurLock(file: string, reason: string): ToolError {
  return new ToolError(
    'LockFileInvalid',
    `The lock file ${file} is not one amplify-aws-roles made (${reason}); refusing to use it, nothing was changed.`,
    {
      resolution: `If no amplify-aws-roles process is running, remove ${file} and try again.`,
    },
  );
}

function readHolder(file: string): Holder | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) return linkHolder(file);
  if (!stat.isFile()) throw notOurLock(file, describeKind(stat));
  if (stat.size > MAX_LOCK_BYTES) throw notOurLock(file, `it holds ${stat.size} bytes`);
  let text: string;
  try {
    // Non-blocking and without following links: it may have been swapped since the lstat.
    const data = readRegularFile(file, (reason) => notOurLock(file, reason), { noFollow: true, maxBytes: MAX_LOCK_BYTES });
    if (data === undefined) return undefined;
    text = data.toString('utf8');
  } catch {
    return undefined;
  }
  const mtime = stat.mtimeMs;
  const [pid, since, host] = text.split(' ');
  if (/^\d+$/.test(pid ?? '') && /^\d+$/.test(since ?? '')) return { pid: Number(pid), since: Number(since), host, text };
  // Written by something else (or an older version, non-atomically): judge it by age alone.
  return { pid: 0, since: mtime, text };
}

/**
 * A lock that is a symbolic link was not made by us. A link to a regular file is judged by that file's age alone, never
 * read through (and taking it over removes the link, not its target); a link to anything else, or to nothing, is refused.
 */
function linkHolder(file: string): Holder {
  let target: fs.Stats;
  try {
    target = fs.statSync(file);
  } catch {
    throw notOurLock(file, 'it is a symbolic link to nothing');
  }
  if (!target.isFile()) throw notOurLock(file, `it is a symbolic link, and ${describeKind(target).replace(/^it is/, 'its target is')}`);
  return { pid: 0, since: target.mtimeMs, text: `link to ${fs.readlinkSync(file)}` };
}

export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isStale(holder: Holder, staleMs: number): boolean {
  if (Date.now() - holder.since > staleMs) return true;
  const sameHost = holder.host === undefined || holder.host === HOST();
  return holder.pid > 0 && sameHost && holder.pid !== process.pid && !alive(holder.pid);
}

function createExclusive(file: string, text: string): boolean {
  const temp = `${file}.${process.pid}.${crypto().randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temp, text, { mode: 0o600, flag: 'wx' });
  try {
    fs.linkSync(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS')
      return createExclusiveWithoutLinks(file, text);
    throw error;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Filesystems without hard links: O_EXCL create, then write (readers judge an empty lock by its age). */
function createExclusiveWithoutLinks(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    fs.writeSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

function removeIfUnchanged(file: string, text: string): void {
  if (readHolder(file)?.text !== text) return;
  try {
    fs.unlinkSync(file);
  } catch {
    /* someone else removed it */
  }
}

function breakStaleLock(file: string, judged: Holder): void {
  const breaker = `${file}.break`;
  const token = `${process.pid} ${Date.now()} ${HOST()} ${crypto().randomBytes(6).toString('hex')}`;
  if (!createExclusive(breaker, token)) {
    const other = readHolder(breaker);
    if (other && isStale(other, BREAKER_STALE_MS)) removeIfUnchanged(breaker, other.text);
    return;
  }
  try {
    removeIfUnchanged(file, judged.text);
  } finally {
    removeIfUnchanged(breaker, token);
  }
}

/** One attempt: the lock's token when taken, else undefined (a stale lock is cleared for the next attempt). */
function tryAcquire(file: string, staleMs: number): string | undefined {
  const token = `${process.pid} ${Date.now()} ${HOST()} ${crypto().randomBytes(6).toString('hex')}`;
  if (createExclusive(file, token)) return token;
  const holder = readHolder(file);
  if (holder && isStale(holder, staleMs)) breakStaleLock(file, holder);
  return undefined;
}

function timeoutError(file: string, timeoutMs: number): ToolError {
  return new ToolError(
    'LockTimeout',
    `Timed out after ${Math.round(timeoutMs / 1000)} s waiting for the lock ${file}, held by another amplify-aws-roles process.`,
    {
      resolution: 'If no other amplify-aws-roles process is running, delete that lock file.',
    },
  );
}

function lockError(file: string, error: unknown): ToolError {
  const code = (error as NodeJS.ErrnoException).code ?? String(error);
  return new ToolError('LockFailed', `Could not create the lock file ${file} (${code}).`, { cause: error });
}

function attempt(file: string, staleMs: number): string | undefined {
  try {
    return tryAcquire(file, staleMs);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw lockError(file, error);
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** For short critical sections (a read-modify-write of the cache file): waits synchronously. */
export function withFileLockSync<T>(file: string, options: LockOptions, fn: () => T): T {
  const deadline = Date.now() + options.timeoutMs;
  let token: string | undefined;
  while (!(token = attempt(file, options.staleMs))) {
    if (Date.now() > deadline) throw timeoutError(file, options.timeoutMs);
    Atomics.wait(sleeper, 0, 0, options.pollMs ?? 2 + Math.random() * 8);
  }
  try {
    return fn();
  } finally {
    removeIfUnchanged(file, token);
  }
}

/**
 * For long waits (another process may be asking a person for an MFA code): polls asynchronously and lets the
 * caller stop waiting early when `ready()` finds what the holder was producing.
 */
export async function acquireFileLock<T>(
  file: string,
  options: LockOptions & { ready?: () => T | undefined },
): Promise<{ release: () => void } | { ready: T }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const token = attempt(file, options.staleMs);
    if (token) return { release: () => removeIfUnchanged(file, token) };
    const ready = options.ready?.();
    if (ready !== undefined) return { ready };
    if (Date.now() > deadline) throw timeoutError(file, options.timeoutMs);
    await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
}
