import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import {
  BUCKET_NAME,
  bucketOf,
  CORRUPT_BUCKET_NAME,
  type LoadedBucket,
  type ProjectEntries,
  readBucket,
  validEntries,
  validProjects,
  writeBucket,
} from './bucketFile';
import { checkCacheFile, ensureSecureFolder, moveAside, removeOrphanTempFiles, WRITE_LOCK } from './cacheFile';
import { type CachedEntry, dict } from './ownSection';

/** Locks are taken only to write; a cache hit reads without one. */
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock') as typeof import('../files/fileLock');
/** Dropping stale entries happens only on a write. */
const pruning = (): typeof import('./bucketPruning') => require('./bucketPruning') as typeof import('./bucketPruning');

/**
 * Project entries spread over 256 bucket files, `projects-<xx>.json`, xx from a hash of the project root: a lookup
 * or a reset reads and writes one bucket (about 1/256 of the projects), so its cost stays flat as projects pile up.
 * Each bucket is ours alone: {"version": 2, "projects": {"<root>": {"<profile>": CachedEntry}}}. Each entry carries
 * the generation of cache.json it was stored under (cacheRoot.ts); writes drop entries of any other generation,
 * judged by the generation read inside the bucket's lock, so a process that read it before cache.json was removed
 * never deletes what others stored under the next one. The file's layout, and how a bucket of an earlier version is
 * read, are bucketFile.ts's; what a write drops, and when every bucket is pruned, bucketPruning.ts's.
 */

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
      if (loaded.kind === 'ok') Object.assign(result, validProjects(loaded));
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
      pruning().dropStale(projects, this.now(), this.folders.currentGeneration());
      writeBucket(file, projects);
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
    if (!pruning().pruneDue(this.dir, this.now(), options.now ?? false)) return;
    const generation = this.folders.currentGeneration();
    for (const file of this.bucketFiles()) {
      if (file === options.except) continue;
      const loaded = this.load(file);
      if (loaded.kind !== 'ok' || !(loaded.legacy || pruning().hasStale(loaded.projects, this.now(), generation))) continue;
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
      if (!CORRUPT_BUCKET_NAME.test(name)) continue;
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
    return readBucket(file, this.warn);
  }

  /** Under the bucket's lock: its valid entries, a fresh start after moving an unusable file aside, or undefined (newer layout: leave it). */
  private loadForWrite(file: string): ProjectEntries | undefined {
    const loaded = this.load(file);
    if (loaded.kind === 'newer') return undefined;
    if (loaded.kind === 'unusable') this.setAside(file, loaded.reason);
    return loaded.kind === 'ok' ? validProjects(loaded) : dict();
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
}
