import { type CachedEntry, isFresh, toCredentials } from './ownSection';
import type { ProjectCacheStore } from './projectCacheStore';
import { type CacheScope, scopeKey } from './projectScope';
import { singleFlight } from './singleFlight';
import type { TemporaryCredentials } from '../credentials';

export interface CacheRequest {
  scope: CacheScope;
  profile: string;
  /** The role the plan ends with (kept in the entry for display; alone it decides only for entries of earlier versions). */
  roleArn?: string;
  /** planDigest() of the plan: an entry obtained with another plan (the profile was edited) is not used. */
  planDigest?: string;
  /** Cached credentials are used only while more than this is left (the AWS CLI's margin is 900 s). */
  minTtlSeconds: number;
  now: () => Date;
  /** Skip cached credentials (the new ones are still stored). */
  noCache?: boolean;
  /** How long to wait for another process that is resolving the same profile (it may be asking for MFA). */
  waitTimeoutMs?: number;
  /** Where to say (once) that this process waits for another one's prompt. */
  notify?: (message: string) => void;
}

/**
 * An entry serves a request only if it was obtained with the same plan. Entries written before plans were
 * digested carry only the role ARN: they serve a role plan ending in that role, until they expire, and nothing else.
 */
export function entryMatches(entry: CachedEntry, request: Pick<CacheRequest, 'planDigest' | 'roleArn'>): boolean {
  if (request.planDigest === undefined) return request.roleArn === undefined || entry.roleArn === request.roleArn;
  if (entry.planDigest !== undefined) return entry.planDigest === request.planDigest;
  return request.roleArn !== undefined && entry.roleArn === request.roleArn;
}

export interface CacheOutcome {
  credentials: TemporaryCredentials;
  /** True when no provider call was made in this process (a stored entry, possibly just stored by another process). */
  fromCache: boolean;
}

/**
 * `why`: why the cache could not serve though it held an entry (stored by an earlier version), for the provider to
 * say with its first prompt for a code; a provider that asks for nothing says nothing.
 */
export type CredentialProvider = (context: { why?: string }) => Promise<TemporaryCredentials & { roleArn?: string }>;

/**
 * The cache as a layer around any credential provider (as aws-vault's cached session provider):
 * fresh entry -> use it; otherwise one process per project+profile calls the provider (and asks for MFA)
 * while the others wait and reuse its result. Only temporary credentials are stored.
 */
export async function cachedCredentials(
  store: ProjectCacheStore,
  request: CacheRequest,
  provider: CredentialProvider,
): Promise<CacheOutcome> {
  // An entry an earlier version stored (no generation) that would otherwise have served: the prompt that replaces it
  // says why. Such entries stay until they expire (projectBuckets.ts), so each project's first prompt can say so.
  let earlierVersion = false;
  const lookup = (): CachedEntry | undefined => {
    const found = store.lookup(request.scope, request.profile);
    if (!found || !isFresh(found.entry, request.now(), request.minTtlSeconds) || !entryMatches(found.entry, request)) return undefined;
    if (found.current) return found.entry;
    earlierVersion ||= found.entry.generation === undefined;
    return undefined;
  };
  // Stored before the lock is released, so the processes waiting on it find the entry instead of calling again.
  const produceAndStore = async () => {
    const why = earlierVersion ? earlierVersionSentence(request.profile, store.file) : undefined;
    const credentials = await provider(why ? { why } : {});
    if (credentials.sessionToken && credentials.expiration)
      store.put(request.scope, request.profile, { ...credentials, ...(request.planDigest ? { planDigest: request.planDigest } : {}) });
    return credentials;
  };
  const outcome = await singleFlight(
    store,
    `${scopeKey(request.scope)}\n${request.profile}`,
    {
      lookup,
      skipLookup: request.noCache,
      waitTimeoutMs: request.waitTimeoutMs,
      ...(request.notify
        ? {
            waiting: {
              notify: request.notify,
              message: `Waiting for another amplify-aws-roles process that is getting credentials for profile "${request.profile}" (it may be asking for the MFA code in another terminal or window).`,
            },
          }
        : {}),
    },
    produceAndStore,
  );
  if ('hit' in outcome) return { credentials: toCredentials(outcome.hit), fromCache: true };
  const credentials = outcome.produced;
  return { credentials, fromCache: false };
}

/** Said with the first prompt for a code that replaces an entry of an earlier version. */
export function earlierVersionSentence(profile: string, file: string): string {
  return `The cached credentials for profile "${profile}" were stored by an earlier version of amplify-aws-roles, before ${file} became the root of its cache (removing that file now removes them all); getting new ones this once.`;
}
