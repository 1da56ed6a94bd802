export { ProjectCacheStore, OWN_KEY, LAYOUT_VERSION, isFresh, toCredentials, type CachedEntry, type ListedEntry } from './projectCacheStore';
export { cachedCredentials, type CacheRequest, type CacheOutcome } from './cachedCredentials';
export { findProjectRoot, scopeKey, describeScope, NO_PROJECT_KEY, type CacheScope } from './projectScope';
export type { TemporaryCredentials } from './types';
