export { ProjectCacheStore, type FoundEntry } from './projectCacheStore';
export { type CacheLayout, type ListedEntry, type ListedMfaSession } from './cacheListing';
export { CACHE_ROOT_SENTENCE } from './cacheRoot';
export { OWN_KEY, LAYOUT_VERSION, isFresh, toCredentials, type CachedEntry } from './ownSection';
export { cachedCredentials, type CacheRequest, type CacheOutcome, type CredentialProvider } from './cachedCredentials';
export { singleFlight, type SingleFlightOptions } from './singleFlight';
export { findProjectRoot, scopeKey, describeScope, NO_PROJECT_KEY, type CacheScope } from './projectScope';
