import { maskKeyId, maskKeyIds } from '../credentials';
import { type CachedEntry } from './ownSection';
import { type ProjectEntries } from './bucketFile';
import { NO_PROJECT_KEY } from './projectScope';

/**
 * What `cache` shows: the current entries and MFA sessions without a secret or a token (key ids shortened), and
 * where everything lives. Reads nothing itself: the store hands over what it read.
 */

export interface ListedEntry {
  scope: string;
  profile: string;
  roleArn?: string;
  /** Shortened key id; secrets are never listed. */
  accessKeyId: string;
  expiration: string;
  obtainedAt: string;
}

export interface ListedMfaSession {
  /** The session's key with access key ids shortened. */
  key: string;
  accessKeyId: string;
  expiration: string;
  obtainedAt: string;
}

/** Where everything lives, for `cache`. */
export interface CacheLayout {
  /** cache.json: the root (its generation) and the MFA sessions. */
  file: string;
  /** False when cache.json does not exist (removed, or nothing cached yet): the next write makes it, with a new generation. */
  fileExists: boolean;
  generation?: string;
  /** Our member of cache.json was written by a newer version of this tool: this one neither uses nor changes it. */
  newerVersion?: boolean;
  /** The folder of the project buckets. */
  folder: string;
  bucketFiles: number;
  /** Entries stored under another generation (before cache.json was last removed or emptied): never used again; the next write deletes them. */
  orphanedEntries: number;
  /** Entries an earlier version stored (no generation): never used; each stays until it expires, so that the prompt replacing it can say why. */
  earlierVersionEntries: number;
}

/** The entries of `generation` (none without one), by project root, entries outside any project last. */
export function listedEntries(generation: string | undefined, projects: ProjectEntries): ListedEntry[] {
  const list: ListedEntry[] = [];
  // Buckets hold projects in hash order: list them by root, entries outside any project last.
  const scopes = Object.keys(projects).sort(
    (a, b) => Number(a === NO_PROJECT_KEY) - Number(b === NO_PROJECT_KEY) || (a < b ? -1 : a > b ? 1 : 0),
  );
  for (const scope of scopes) {
    for (const [profile, e] of Object.entries(projects[scope])) {
      if (generation === undefined || e.generation !== generation) continue;
      list.push({
        scope,
        profile,
        ...(e.roleArn ? { roleArn: e.roleArn } : {}),
        accessKeyId: maskKeyId(e.accessKeyId),
        expiration: e.expiration,
        obtainedAt: e.obtainedAt,
      });
    }
  }
  return list;
}

export function listedMfaSessions(sessions: Record<string, CachedEntry>): ListedMfaSession[] {
  return Object.entries(sessions).map(([key, e]) => ({
    key: maskKeyIds(key),
    accessKeyId: maskKeyId(e.accessKeyId),
    expiration: e.expiration,
    obtainedAt: e.obtainedAt,
  }));
}

/**
 * How many entries are never used again: those of another generation (`legacyInRoot`, the entries the layout before
 * the buckets kept in cache.json itself, count as orphaned too: they go with the next write of our member) and those
 * an earlier version stored (no generation).
 */
export function unusedEntries(
  generation: string | undefined,
  projects: ProjectEntries,
  legacyInRoot: number,
): Pick<CacheLayout, 'orphanedEntries' | 'earlierVersionEntries'> {
  let orphanedEntries = legacyInRoot;
  let earlierVersionEntries = 0;
  for (const profiles of Object.values(projects)) {
    for (const e of Object.values(profiles)) {
      if (e.generation === undefined) earlierVersionEntries++;
      else if (e.generation !== generation) orphanedEntries++;
    }
  }
  return { orphanedEntries, earlierVersionEntries };
}
