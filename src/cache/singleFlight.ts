import type { ProjectCacheStore } from './projectCacheStore';

export interface SingleFlightOptions<T> {
  /** What the cache holds now, if usable. Called before locking, while waiting, and again once the lock is ours. */
  lookup: () => T | undefined;
  /** Skip `lookup` entirely: always produce (still one process at a time). */
  skipLookup?: boolean;
  /** How long to wait for another process producing the same thing (it may be waiting for a person's MFA code). */
  waitTimeoutMs?: number;
  /** A holder older than this is presumed stuck even if its process lives. */
  staleMs?: number;
  /** Said once when the wait lasts longer than `afterMs` (default 1 s): a silent wait for someone's MFA code looks like a hang. */
  waiting?: { message: string; notify: (message: string) => void; afterMs?: number };
}

export const WAITING_NOTICE_AFTER_MS = 1000;

export const DEFAULT_WAIT_TIMEOUT_MS = 10 * 60 * 1000;
export const DEFAULT_RESOLVE_STALE_MS = 15 * 60 * 1000;

/**
 * Across processes, one at a time produces the value for `lockKey`; the others wait for the lock, find the
 * stored value through `lookup` and reuse it. `produce` must store what it produces (it runs under the lock).
 * A holder that dies is detected by its pid.
 */
export async function singleFlight<T, P>(
  store: ProjectCacheStore,
  lockKey: string,
  options: SingleFlightOptions<T>,
  produce: () => Promise<P>,
): Promise<{ hit: T } | { produced: P }> {
  const lookup = options.skipLookup ? () => undefined : options.lookup;
  const early = lookup();
  if (early !== undefined) return { hit: early };
  store.ensureFolder();
  // Only a miss takes the lock, so a hit never loads the lock code.
  const { acquireFileLock } = require('../files/fileLock') as typeof import('../files/fileLock');
  const waiting = options.waiting;
  const notice = waiting ? setTimeout(() => waiting.notify(waiting.message), waiting.afterMs ?? WAITING_NOTICE_AFTER_MS) : undefined;
  let lock: Awaited<ReturnType<typeof acquireFileLock<T>>>;
  try {
    lock = await acquireFileLock(store.resolveLockFile(lockKey), {
      timeoutMs: options.waitTimeoutMs ?? DEFAULT_WAIT_TIMEOUT_MS,
      staleMs: options.staleMs ?? DEFAULT_RESOLVE_STALE_MS,
      ready: lookup,
    });
  } finally {
    clearTimeout(notice);
  }
  if ('ready' in lock) return { hit: lock.ready };
  try {
    const again = lookup();
    if (again !== undefined) return { hit: again };
    return { produced: await produce() };
  } finally {
    lock.release();
  }
}
