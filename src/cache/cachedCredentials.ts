import { acquireFileLock } from './fileLock';
import { type CachedEntry, isFresh, type ProjectCacheStore, toCredentials } from './projectCacheStore';
import { type CacheScope, scopeKey } from './projectScope';
import type { TemporaryCredentials } from './types';

export interface CacheRequest {
  scope: CacheScope;
  profile: string;
  /** The role the plan ends with: an entry for another role (the profile was edited) is not used. */
  roleArn?: string;
  minTtlSeconds: number;
  now: () => Date;
  /** Skip cached credentials (the new ones are still stored). */
  noCache?: boolean;
  /** How long to wait for another process that is resolving the same profile (it may be asking for MFA). */
  waitTimeoutMs?: number;
}

export interface CacheOutcome {
  credentials: TemporaryCredentials;
  fromCache: boolean;
}

type Provider = () => Promise<TemporaryCredentials & { roleArn?: string }>;

function usable(entry: CachedEntry | undefined, request: CacheRequest): entry is CachedEntry {
  return !!entry && isFresh(entry, request.now(), request.minTtlSeconds) && (request.roleArn === undefined || entry.roleArn === request.roleArn);
}

/**
 * The cache as a layer around any credential provider (as aws-vault's cached session provider):
 * fresh entry -> use it; otherwise one process per project+profile calls the provider (and asks for MFA)
 * while the others wait and reuse its result.
 */
export async function cachedCredentials(store: ProjectCacheStore, request: CacheRequest, provider: Provider): Promise<CacheOutcome> {
  const lookup = () => {
    const entry = store.get(request.scope, request.profile);
    return usable(entry, request) ? entry : undefined;
  };
  if (!request.noCache) {
    const hit = lookup();
    if (hit) return { credentials: toCredentials(hit), fromCache: true };
  }
  store.ensureFolder();
  const lock = await acquireFileLock(store.resolveLockFile(`${scopeKey(request.scope)}\n${request.profile}`), {
    timeoutMs: request.waitTimeoutMs ?? 10 * 60 * 1000,
    staleMs: 15 * 60 * 1000,
    ready: request.noCache ? undefined : lookup,
  });
  if ('ready' in lock) return { credentials: toCredentials(lock.ready), fromCache: true };
  try {
    if (!request.noCache) {
      const hit = lookup();
      if (hit) return { credentials: toCredentials(hit), fromCache: true };
    }
    const credentials = await provider();
    if (credentials.sessionToken && credentials.expiration) store.put(request.scope, request.profile, credentials);
    return { credentials, fromCache: false };
  } finally {
    lock.release();
  }
}
