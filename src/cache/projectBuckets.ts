import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { checkCacheFile, ensureSecureFolder, moveAside, removeOrphanTempFiles, writeFileAtomic } from './cacheFile';
import { fnv1a64 } from './fnv1a';
import { type CachedEntry, dict, isEntry, isFresh, LAYOUT_VERSION, LEGACY_LAYOUT_VERSION } from './ownSection';

/** Locks are taken only to write; a cache hit reads without one. */
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock') as typeof import('../files/fileLock');

/**
 * Project entries spread over 256 bucket files, `projects-<xx>.json`, xx from a hash of the project root: a lookup
 * or a reset reads and writes one bucket (about 1/256 of the projects), so its cost stays flat as projects pile up.
 * Each bucket is ours alone: {"version": 2, "projects": {"<root>": {"<profile>": CachedEntry}}}. Each entry carries
 * the generation of cache.json it was stored under (cacheRoot.ts); writes drop entries of any other generation,
 * judged by the generation read inside the bucket's lock, so a process that read it before cache.json was removed
 * never deletes what others stored under the next one.
 *
 * A bucket of version 1 was written by an earlier version: its entries count as stored by an earlier version (no
 * generation, whatever they carry), never used. Entries without a generation are kept until they expire, so that the
 * prompt that replaces one can say why (cachedCredentials.ts); the next write of the bucket makes it version 2, which
 * earlier versions leave alone.
 */
export type ProjectEntries = Record<string, Record<string, CachedEntry>>;

const BUCKET_NAME = /^projects-([0-9a-f]{2})\.json$/;
const CORRUPT_NAME = /^projects-[0-9a-f]{2}\.json\.corrupt-/;
/** Expired and orphaned entries of every bucket (projects deleted long ago included) are dropped at most this often, on a write. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1000;
const PRUNE_MARKER = 'last-prune';
const WRITE_LOCK = { timeoutMs: 10_000, staleMs: 10_000 };

export function bucketOf(scopeKey: string): string {
  return (fnv1a64(scopeKey) & 0xffn).toString(16).padStart(2, '0');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

type LoadedBucket =
  | { kind: 'absent' }
  | { kind: 'ok'; projects: Record<string, unknown>; legacy: boolean }
  | { kind: 'unusable'; reason: string }
  | { kind: 'newer'; version: number };

export class ProjectBuckets {
  private readonly warn: (message: string) => void;
  private readonly now: () => Date;

  constructor(
    readonly dir: string,
    private readonly folders: {
      warn: (message: string) => void;
      now: () => Date;
      ensureParent: () => void;
      parentExists: () => boolean;
      /** cache.json's generation now, read without a lock (and never moving a file): called inside bucket locks. */
      currentGeneration: () => string | undefined;
    },
  ) {
    this.warn = folders.warn;
    this.now = folders.now;
  }

  fileOf(scopeKey: string): string {
    return path.join(this.dir, `projects-${bucketOf(scopeKey)}.json`);
  }

  /** One project's valid entries (fresh or not), reading only its bucket. */
  entriesOf(scopeKey: string): Record<string, CachedEntry> {
    const loaded = this.load(this.fileOf(scopeKey));
    if (loaded.kind === 'unusable') this.setAsideUnderLock(this.fileOf(scopeKey));
    return loaded.kind === 'ok' ? validEntries(loaded.projects[scopeKey], loaded.legacy) : dict();
  }

  /** Every bucket's valid entries, for listing. */
  all(): ProjectEntries {
    const result: ProjectEntries = dict();
    for (const file of this.bucketFiles()) {
      const loaded = this.load(file);
      if (loaded.kind !== 'ok') continue;
      for (const [scope, profiles] of Object.entries(loaded.projects)) {
        const entries = validEntries(profiles, loaded.legacy);
        if (Object.keys(entries).length) result[scope] = entries;
      }
    }
    return result;
  }

  /**
   * A locked read-modify-write of one bucket, dropping its expired entries and its orphaned ones: those of another
   * generation than cache.json's, read again inside the lock (the lock order stays resolve, root, bucket: reading
   * cache.json takes no lock). With `onlyIfExists` no file or folder is created. Returns what `change` returns.
   */
  update<T>(file: string, change: (projects: ProjectEntries) => T, options: { onlyIfExists?: boolean } = {}): T | undefined {
    if (options.onlyIfExists && !fs.existsSync(file)) return undefined;
    this.ensureFolder();
    let result: T | undefined;
    fileLock().withFileLockSync(`${file}.lock`, WRITE_LOCK, () => {
      const projects = this.loadForWrite(file);
      if (!projects) return;
      result = change(projects);
      this.dropStale(projects, this.folders.currentGeneration());
      this.store(file, projects);
      removeOrphanTempFiles(file, fileLock().alive);
    });
    return result;
  }

  /**
   * After a write: drop expired and orphaned entries in every other bucket too (projects deleted since, say), at
   * most hourly, or now (`now`: a new generation has just orphaned every entry of the one before). Each bucket
   * decides under its own lock (update); the generation read here only picks the buckets worth locking.
   */
  prune(options: { except?: string; now?: boolean } = {}): void {
    if (!this.foldersExist()) return;
    const marker = path.join(this.dir, PRUNE_MARKER);
    let last = 0;
    try {
      last = fs.statSync(marker).mtimeMs;
    } catch {
      /* never pruned */
    }
    const now = this.now().getTime();
    if (!options.now && now - last < PRUNE_INTERVAL_MS && last <= now) return;
    try {
      touchMarker(marker, new Date(now));
    } catch {
      return;
    }
    const generation = this.folders.currentGeneration();
    for (const file of this.bucketFiles()) {
      if (file === options.except) continue;
      const loaded = this.load(file);
      if (loaded.kind !== 'ok' || !(loaded.legacy || this.hasStale(loaded.projects, generation))) continue;
      this.update(file, () => undefined, { onlyIfExists: true });
    }
  }

  /** Removes every bucket's entries (and bucket copies moved aside); returns how many entries went. */
  removeAll(): number {
    let removed = 0;
    for (const file of this.bucketFiles()) {
      removed +=
        this.update(
          file,
          (projects) => {
            let count = 0;
            for (const scope of Object.keys(projects)) {
              count += Object.keys(projects[scope]).length;
              delete projects[scope];
            }
            return count;
          },
          { onlyIfExists: true },
        ) ?? 0;
    }
    return removed;
  }

  fileCount(): number {
    return this.bucketFiles().length;
  }

  /** Copies of unusable buckets (they may hold live secrets). */
  removeCorruptCopies(): number {
    let removed = 0;
    for (const name of this.names()) {
      if (!CORRUPT_NAME.test(name)) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  ensureFolder(): void {
    this.folders.ensureParent();
    ensureSecureFolder(this.dir, this.warn);
  }

  /** The folder rules also on reads: false when a folder does not exist. */
  private foldersExist(): boolean {
    return this.folders.parentExists() && ensureSecureFolder(this.dir, this.warn, { create: false });
  }

  private names(): string[] {
    try {
      if (!this.foldersExist()) return [];
      return fs.readdirSync(this.dir).sort();
    } catch (error) {
      if (error instanceof ToolError) throw error;
      return [];
    }
  }

  private bucketFiles(): string[] {
    return this.names()
      .filter((name) => BUCKET_NAME.test(name))
      .map((name) => path.join(this.dir, name));
  }

  private load(file: string): LoadedBucket {
    if (!this.foldersExist()) return { kind: 'absent' };
    if (!checkCacheFile(file, this.warn)) return { kind: 'absent' };
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
      this.warn(
        `${file} has layout version ${data.version}, newer than this version understands; its cached credentials are neither used nor changed.`,
      );
      return { kind: 'newer', version: data.version };
    }
    if (data.version !== LAYOUT_VERSION && data.version !== LEGACY_LAYOUT_VERSION)
      return { kind: 'unusable', reason: `has an unknown layout version (${data.version})` };
    return { kind: 'ok', projects: isRecord(data.projects) ? data.projects : {}, legacy: data.version === LEGACY_LAYOUT_VERSION };
  }

  /** Under the bucket's lock: its valid entries, a fresh start after moving an unusable file aside, or undefined (newer layout: leave it). */
  private loadForWrite(file: string): ProjectEntries | undefined {
    const loaded = this.load(file);
    if (loaded.kind === 'newer') return undefined;
    const projects: ProjectEntries = dict();
    if (loaded.kind === 'unusable') {
      this.setAside(file, loaded.reason);
      return projects;
    }
    if (loaded.kind === 'ok') {
      for (const [scope, profiles] of Object.entries(loaded.projects)) {
        const entries = validEntries(profiles, loaded.legacy);
        if (Object.keys(entries).length) projects[scope] = entries;
      }
    }
    return projects;
  }

  private setAsideUnderLock(file: string): void {
    this.ensureFolder();
    fileLock().withFileLockSync(`${file}.lock`, WRITE_LOCK, () => {
      const again = this.load(file);
      if (again.kind === 'unusable') this.setAside(file, again.reason);
    });
  }

  private setAside(file: string, reason: string): void {
    try {
      const aside = moveAside(file, this.now());
      this.warn(`${file} ${reason}; it was moved to ${aside} and those projects' credentials will be fetched anew.`);
    } catch (error) {
      throw new ToolError(
        'CacheFileUnusable',
        `${file} ${reason} and could not be moved aside (${(error as NodeJS.ErrnoException).code}).`,
        { resolution: 'Move or delete that file.' },
      );
    }
  }

  /**
   * What a write of its bucket drops: expired, or (given the current generation) stored under another one. An entry
   * of an earlier version (no generation) is never used but stays until it expires, so that its project's next
   * prompt can say why (cachedCredentials.ts).
   */
  private isStale(entry: CachedEntry, now: Date, generation: string | undefined): boolean {
    return !isFresh(entry, now, 0) || (generation !== undefined && entry.generation !== undefined && entry.generation !== generation);
  }

  /** Whether a write would change this bucket: a stale entry, or a malformed one. */
  private hasStale(projects: Record<string, unknown>, generation: string | undefined): boolean {
    const now = this.now();
    return Object.values(projects).some(
      (profiles) => !isRecord(profiles) || Object.values(profiles).some((entry) => !isEntry(entry) || this.isStale(entry, now, generation)),
    );
  }

  private dropStale(projects: ProjectEntries, generation: string | undefined): void {
    const now = this.now();
    for (const [scope, profiles] of Object.entries(projects)) {
      for (const [profile, entry] of Object.entries(profiles)) if (this.isStale(entry, now, generation)) delete profiles[profile];
      if (Object.keys(profiles).length === 0) delete projects[scope];
    }
  }

  /** An empty bucket is removed rather than written. */
  private store(file: string, projects: ProjectEntries): void {
    if (Object.keys(projects).length === 0) {
      fs.rmSync(file, { force: true });
      return;
    }
    writeFileAtomic(file, `${JSON.stringify({ version: LAYOUT_VERSION, projects }, null, 2)}\n`);
  }
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

/** A profile's entries that have the fields of one; in a bucket of an earlier version (`legacy`), without the generation they may carry. */
function validEntries(profiles: unknown, legacy: boolean): Record<string, CachedEntry> {
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
