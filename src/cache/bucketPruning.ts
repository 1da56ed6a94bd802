import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ProjectEntries } from './bucketFile';
import { type CachedEntry, isEntry, isFresh, isRecord } from './ownSection';

/**
 * What a write of a bucket drops (expired entries, and those of another generation than cache.json's), and when
 * every bucket is looked over (projectBuckets.ts's prune): at most this often, marked by a file's time.
 */

/** Expired and orphaned entries of every bucket (projects deleted long ago included) are dropped at most this often, on a write. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const PRUNE_MARKER = 'last-prune';

/**
 * Whether it is time to look over every bucket (always, when `force`); if so, marks the time now. A marker that
 * cannot be marked (a link, a pipe, a foreign file) means no: better no prune than one every write.
 */
export function pruneDue(dir: string, now: Date, force: boolean): boolean {
  const marker = path.join(dir, PRUNE_MARKER);
  let last = 0;
  try {
    last = fs.statSync(marker).mtimeMs;
  } catch {
    /* never pruned */
  }
  if (!force && now.getTime() - last < PRUNE_INTERVAL_MS && last <= now.getTime()) return false;
  try {
    touchMarker(marker, now);
  } catch {
    return false;
  }
  return true;
}

/**
 * Marks the prune time. Without following a link and without blocking: a named pipe in the marker's place would
 * otherwise hang the write until a reader came, and a link would touch whatever it points to.
 */
function touchMarker(marker: string, time: Date): void {
  const { O_WRONLY, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  const fd = fs.openSync(marker, O_WRONLY | O_CREAT | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0), 0o600);
  try {
    if (!fs.fstatSync(fd).isFile()) throw new Error('not a regular file');
    fs.futimesSync(fd, time, time);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * What a write of its bucket drops: expired, or (given the current generation) stored under another one. An entry
 * of an earlier version (no generation) is never used but stays until it expires, so that its project's next
 * prompt can say why (cachedCredentials.ts).
 */
function isStale(entry: CachedEntry, now: Date, generation: string | undefined): boolean {
  return !isFresh(entry, now, 0) || (generation !== undefined && entry.generation !== undefined && entry.generation !== generation);
}

/** Whether a write would change this bucket: a stale entry, or a malformed one. */
export function hasStale(projects: Record<string, unknown>, now: Date, generation: string | undefined): boolean {
  return Object.values(projects).some(
    (profiles) => !isRecord(profiles) || Object.values(profiles).some((entry) => !isEntry(entry) || isStale(entry, now, generation)),
  );
}

export function dropStale(projects: ProjectEntries, now: Date, generation: string | undefined): void {
  for (const [scope, profiles] of Object.entries(projects)) {
    for (const [profile, entry] of Object.entries(profiles)) if (isStale(entry, now, generation)) delete profiles[profile];
    if (Object.keys(profiles).length === 0) delete projects[scope];
  }
}
