import { type CachedEntry, isFresh, toCredentials } from './ownSection';
import type { ProjectCacheStore } from './projectCacheStore';
import { type CacheScope, scopeKey } from './projectScope';
import { singleFlight } from './singleFlight';
import type { TemporaryCredentials } from './types';

export interface CacheRequest {
  scope: CacheScope;
  profile: string;
  /** The role the plan ends with: an entry for another role (the profile was edited) is not used. */
  roleArn?: string;
  /** Cached credentials are used only while more than this is left (the AWS CLI's margin is 900 s). */
  minTtlSeconds: number;
  now: () => Date;
  /** Skip cached credentials (the new ones are still stored). */
  noCache?: boolean;
  /** How long to wait for another process that is resolving the same profile (it may be asking for MFA). */
  waitTimeoutMs?: number;
}

export interface CacheOutcome {
  credentials: TemporaryCredentials;
  /** True when no provider call was made in this process (a stored entry, possibly just stored by another process). */
  fromCache: boolean;
}

export type CredentialProvider = () => Promise<TemporaryCredentials & { roleArn?: string }>;

/**
 * The cache as a layer around any credential provider (as aws-vault's cached session provider):
 * fresh entry -> use it; otherwise one process per project+profile calls the provider (and asks for MFA)
 * while the others wait and reuse its result. Only temporary credentials are stored.
 */
export async function cachedCredentials(store: ProjectCacheStore, request: CacheRequest, provider: CredentialProvider): Promise<CacheOutcome> {
  const lookup = (): CachedEntry | undefined => {
    const entry = store.get(request.scope, request.profile);
    if (!entry || !isFresh(entry, request.now(), request.minTtlSeconds)) return undefined;
    return request.roleArn === undefined || entry.roleArn === request.roleArn ? entry : undefined;
  };
  // Stored before the lock is released, so the processes waiting on it find the entry instead of calling again.
  const produceAndStore = async () => {
    const credentials = await provider();
    if (credentials.sessionToken && credentials.expiration) store.put(request.scope, request.profile, credentials);
    return credentials;
  };
  const outcome = await singleFlight(store, `${scopeKey(request.scope)}\n${request.profile}`, { lookup, skipLookup: request.noCache, waitTimeoutMs: request.waitTimeoutMs }, produceAndStore);
  if ('hit' in outcome) return { credentials: toCredentials(outcome.hit), fromCache: true };
  const credentials = outcome.produced;
  return { credentials, fromCache: false };
}
