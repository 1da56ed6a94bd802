import * as fs from 'node:fs';
import { writeFileAtomic } from './cacheFile';
import { fnv1a64 } from './fnv1a';
import { type CachedEntry, dict, isEntry, isRecord, LAYOUT_VERSION, LEGACY_LAYOUT_VERSION } from './ownSection';

/**
 * One bucket file, `projects-<xx>.json`, as bytes: {"version": 2, "projects": {"<root>": {"<profile>": CachedEntry}}}.
 * Parsing and writing only; the folder rules, locks and generations are projectBuckets.ts's.
 *
 * A bucket of version 1 was written by an earlier version: its entries count as stored by an earlier version (no
 * generation, whatever they carry), never used. Entries without a generation are kept until they expire, so that the
 * prompt that replaces one can say why (cachedCredentials.ts); the next write of the bucket makes it version 2, which
 * earlier versions leave alone.
 */
export type ProjectEntries = Record<string, Record<string, CachedEntry>>;

export type LoadedBucket =
  | { kind: 'absent' }
  | { kind: 'ok'; projects: Record<string, unknown>; legacy: boolean }
  | { kind: 'unusable'; reason: string }
  | { kind: 'newer'; version: number };

export const BUCKET_NAME = /^projects-([0-9a-f]{2})\.json$/;
export const CORRUPT_BUCKET_NAME = /^projects-[0-9a-f]{2}\.json\.corrupt-/;

/** The bucket of a project root (or the no-project scope): two hex digits of its hash. */
export function bucketOf(scopeKey: string): string {
  return (fnv1a64(scopeKey) & 0xffn).toString(16).padStart(2, '0');
}

/** A bucket file's content, read after the caller checked the file (checkCacheFile); warns about a newer layout. */
export function readBucket(file: string, warn: (message: string) => void): LoadedBucket {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unusable', reason: `could not be read (${code})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { kind: 'unusable', reason: `was not valid JSON (${text.length} bytes)` };
  }
  if (!isRecord(data) || typeof data.version !== 'number') return { kind: 'unusable', reason: 'did not hold a cache bucket' };
  if (data.version > LAYOUT_VERSION) {
    warn(
      `${file} has layout version ${data.version}, newer than this version understands; its cached credentials are neither used nor changed.`,
    );
    return { kind: 'newer', version: data.version };
  }
  if (data.version !== LAYOUT_VERSION && data.version !== LEGACY_LAYOUT_VERSION)
    return { kind: 'unusable', reason: `has an unknown layout version (${data.version})` };
  return { kind: 'ok', projects: isRecord(data.projects) ? data.projects : {}, legacy: data.version === LEGACY_LAYOUT_VERSION };
}

/** A profile's entries that have the fields of one; in a bucket of an earlier version (`legacy`), without the generation they may carry. */
export function validEntries(profiles: unknown, legacy: boolean): Record<string, CachedEntry> {
  const entries: Record<string, CachedEntry> = dict();
  if (!isRecord(profiles)) return entries;
  for (const [profile, entry] of Object.entries(profiles)) {
    if (!isEntry(entry)) continue;
    if (legacy && entry.generation !== undefined) {
      const { generation: _untrusted, ...rest } = entry;
      entries[profile] = rest;
    } else entries[profile] = entry;
  }
  return entries;
}

/** Every project of a bucket that has valid entries, with those entries. */
export function validProjects(loaded: Extract<LoadedBucket, { kind: 'ok' }>): ProjectEntries {
  const projects: ProjectEntries = dict();
  for (const [scope, profiles] of Object.entries(loaded.projects)) {
    const entries = validEntries(profiles, loaded.legacy);
    if (Object.keys(entries).length) projects[scope] = entries;
  }
  return projects;
}

/** Writes a bucket in this version's layout; an empty bucket is removed rather than written. */
export function writeBucket(file: string, projects: ProjectEntries): void {
  if (Object.keys(projects).length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  writeFileAtomic(file, `${JSON.stringify({ version: LAYOUT_VERSION, projects }, null, 2)}\n`);
}
