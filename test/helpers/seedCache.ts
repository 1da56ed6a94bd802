import * as fs from 'node:fs';
import * as path from 'node:path';
import { OWN_FOLDER } from '../../src/cache/projectCacheStore';
import { findProjectRoot, ProjectCacheStore, type CacheScope, type CachedEntry } from '../../src/cache';
import { loadAwsConfig } from '../../src/config/loadAwsConfig';
import { planCredentialChain } from '../../src/plan/planCredentialChain';
import { cacheIdentity } from '../../src/resolve';
import { homeDirectory } from '../../src/config/fileLocations';

/**
 * Writes a cache entry exactly as `credentials` would have stored it: in the project's bucket file
 * (~/.amplify/awscloudformation/amplify-aws-roles/projects-<xx>.json), tied to the profile's current plan (its
 * digest and role ARN, computed from the AWS config that `env` points at). A later `credentials` for that
 * project and profile is a cache hit, until the profile is edited or the entry expires.
 */
export interface SeedCacheOptions {
  /** HOME (and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE if set) decide where the config and the cache are. */
  env: NodeJS.ProcessEnv;
  /** A folder in (or the root of) an Amplify project; omitted: the scope used outside any project. */
  project?: string;
  profile: string;
  /** Defaults: recognisable fake keys. */
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  /** Default one hour from now (a hit with the default 15-minute margin). */
  expiration?: Date;
  /** Seed an entry tied to another plan (or none, as an earlier version stored), to test a miss. */
  planDigest?: string | null;
}

export interface SeededEntry {
  store: ProjectCacheStore;
  scope: CacheScope;
  /** The bucket file that now holds the entry. */
  file: string;
  entry: CachedEntry;
}

export function seedCache(options: SeedCacheOptions): SeededEntry {
  const files = loadAwsConfig({ env: options.env, profile: options.profile });
  const plan = planCredentialChain(files.profiles, files.profile, { origins: files.origins, ssoSessions: files.ssoSessions, files });
  const identity = cacheIdentity(files.profiles, plan);
  const planDigest = options.planDigest === undefined ? identity.planDigest : (options.planDigest ?? undefined);
  const store = new ProjectCacheStore({ home: homeDirectory(options.env) });
  const scope: CacheScope = options.project === undefined ? { kind: 'none' } : findProjectRoot(options.project);
  store.put(scope, files.profile, {
    accessKeyId: options.accessKeyId ?? 'ASIASEEDEDCACHE00001',
    secretAccessKey: options.secretAccessKey ?? 'seeded-secret-access-key-0000000000000',
    sessionToken: options.sessionToken ?? 'seeded-session-token',
    expiration: options.expiration ?? new Date(Date.now() + 3600_000),
    ...(identity.roleArn ? { roleArn: identity.roleArn } : {}),
    ...(planDigest ? { planDigest } : {}),
  });
  return { store, scope, file: store.bucketFile(scope), entry: store.get(scope, files.profile)! };
}

/**
 * The text of every file this tool keeps credentials in under `home` (cache.json, then the project buckets), or
 * undefined when there is none: for asserting that something was, or was not, cached.
 */
export function cachedText(home: string): string | undefined {
  const dir = path.join(home, '.amplify', 'awscloudformation');
  const files = [path.join(dir, 'cache.json')];
  const buckets = path.join(dir, OWN_FOLDER);
  if (fs.existsSync(buckets))
    files.push(
      ...fs
        .readdirSync(buckets)
        .filter((f) => /^projects-[0-9a-f]{2}\.json$/.test(f))
        .sort()
        .map((f) => path.join(buckets, f)),
    );
  const texts = files.filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f, 'utf8'));
  return texts.length ? texts.join('\n') : undefined;
}
