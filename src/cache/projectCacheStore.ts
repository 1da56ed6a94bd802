/** Loaded only when a file is written or a lock taken: a cache hit does neither. */
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
/** Loaded only by `cache`, which lists. */
const listing = (): typeof import('./cacheListing') => require('./cacheListing') as typeof import('./cacheListing');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { ensureSecureFolder } from './cacheFile';
import { CacheRoot, type RootWrite } from './cacheRoot';
import { type CachedEntry, cachedEntryOf, dict, type OwnSection } from './ownSection';
import { type CacheScope, scopeKey } from './projectScope';
import { ProjectBuckets } from './projectBuckets';
import { type TemporaryCredentials } from '../credentials';
import type { CacheLayout, ListedEntry, ListedMfaSession } from './cacheListing';

/** The folder of our own files beside cache.json: the project buckets. */
export const OWN_FOLDER = 'amplify-aws-roles';

/** What the cache holds for a project and profile: the entry, and whether it belongs to the current generation. */
export interface FoundEntry {
  entry: CachedEntry;
  /** False: orphaned (stored under another generation of cache.json, or by an earlier version: no generation). */
  current: boolean;
}

/**
 * Temporary credentials per Amplify project and profile. cache.json is the root (CacheRoot): it holds the cache's
 * generation and the MFA sessions, and is shared with the Amplify CLI's own provider. Project entries live in our
 * own bucket files, ~/.amplify/awscloudformation/amplify-aws-roles/projects-<xx>.json (ProjectBuckets), so a lookup
 * reads cache.json and one small bucket however many projects there are. An entry is used only while its
 * generation is cache.json's: removing cache.json (or emptying it, or removing our member) orphans every entry at
 * once, and the write that makes the next generation deletes them.
 */
export class ProjectCacheStore {
  readonly dir: string;
  readonly file: string;
  readonly projectsDir: string;
  private readonly root: CacheRoot;
  private readonly buckets: ProjectBuckets;
  private readonly sink: (message: string) => void;
  private readonly now: () => Date;
  private readonly warned = new Set<string>();

  constructor(options: { home: string; warn?: (message: string) => void; now?: () => Date }) {
    this.dir = path.join(options.home, '.amplify', 'awscloudformation');
    this.file = path.join(this.dir, 'cache.json');
    this.projectsDir = path.join(this.dir, OWN_FOLDER);
    this.sink = options.warn ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.root = new CacheRoot(this.file, { warn: this.warn, now: this.now, ensureFolder: () => this.ensureFolder() });
    this.buckets = new ProjectBuckets(this.projectsDir, {
      warn: this.warn,
      now: this.now,
      ensureParent: () => this.ensureFolder(),
      parentExists: () => ensureSecureFolder(this.dir, this.warn, { create: false }),
      currentGeneration: () => this.root.currentGeneration(),
    });
  }

  get lockFile(): string {
    return this.root.lockFile;
  }

  /** The bucket file that holds a project's (or the no-project scope's) entries. */
  bucketFile(scope: CacheScope): string {
    return this.buckets.fileOf(scopeKey(scope));
  }

  /** The lock that makes one process at a time resolve `key` (for example a project and profile). */
  resolveLockFile(key: string): string {
    return path.join(this.dir, `resolve-${crypto().createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  }

  /** The entry for a project and profile, if any (fresh or not), current or orphaned. Reads cache.json and one bucket. */
  lookup(scope: CacheScope, profile: string): FoundEntry | undefined {
    const generation = this.root.generation();
    const entry = this.buckets.entriesOf(scopeKey(scope))[profile];
    return entry && { entry, current: generation !== undefined && entry.generation === generation };
  }

  /** The entry for a project and profile, if any (fresh or not) and of the current generation. */
  get(scope: CacheScope, profile: string): CachedEntry | undefined {
    const found = this.lookup(scope, profile);
    return found?.current ? found.entry : undefined;
  }

  /**
   * Stores temporary credentials (a ToolError for keys without a session token or an expiry) under the current
   * generation, made first when cache.json has none. Stores nothing when a newer version owns our member of cache.json.
   * If cache.json is removed between reading the generation and writing the bucket, the entry keeps the generation it
   * was read under: an orphan, never served (the bucket's write judges the others by the generation of that moment).
   */
  put(scope: CacheScope, profile: string, credentials: TemporaryCredentials & { roleArn?: string; planDigest?: string }): void {
    const entry = cachedEntryOf(credentials, this.now());
    const generation = this.root.generation() ?? this.writeRoot((own) => own.generation);
    if (!generation) return;
    const key = scopeKey(scope);
    const file = this.buckets.fileOf(key);
    this.buckets.update(file, (projects) => {
      (projects[key] ??= dict())[profile] = { generation, ...entry };
    });
    this.buckets.prune({ except: file });
  }

  getMfaSession(key: string): CachedEntry | undefined {
    return this.root.section()?.mfaSessions[key];
  }

  putMfaSession(key: string, credentials: TemporaryCredentials): void {
    const entry = cachedEntryOf(credentials, this.now());
    this.writeRoot((own) => {
      own.mfaSessions[key] = entry;
    });
  }

  removeMfaSession(key: string): boolean {
    return (
      this.removeCounted((own) => {
        const had = key in own.mfaSessions;
        delete own.mfaSessions[key];
        return had ? 1 : 0;
      }) > 0
    );
  }

  removeMfaSessions(): number {
    return this.removeCounted((own) => {
      const count = Object.keys(own.mfaSessions).length;
      own.mfaSessions = dict();
      return count;
    });
  }

  /** Removes one project's (or the no-project scope's) entries; returns how many. Touches one bucket; other projects are untouched. */
  removeProject(scope: CacheScope): number {
    const key = scopeKey(scope);
    return (
      this.buckets.update(
        this.buckets.fileOf(key),
        (projects) => {
          const count = Object.keys(projects[key] ?? {}).length;
          delete projects[key];
          return count;
        },
        { onlyIfExists: true },
      ) ?? 0
    );
  }

  /**
   * Removes all cached credentials of this tool, as removing cache.json would, but leaves the Amplify CLI's members
   * of it: our member (the generation, MFA sessions) first, which orphans every entry at once, then every bucket.
   */
  removeAll(): { entries: number; mfaSessions: number } {
    const own = this.root.removeOwnMember();
    return { entries: (own?.legacyEntries ?? 0) + this.buckets.removeAll(), mfaSessions: own?.mfaSessions ?? 0 };
  }

  /**
   * Removes the copies of unusable cache files moved aside earlier (`cache.json.corrupt-*` and the buckets'):
   * they may hold credentials that are still live. Returns how many files went.
   */
  removeCorruptCopies(): number {
    return this.root.removeCorruptCopies() + this.buckets.removeCorruptCopies();
  }

  /** For display: the current entries; no secret, no token, key ids shortened. */
  listEntries(): ListedEntry[] {
    return listing().listedEntries(this.root.generation(), this.buckets.all());
  }

  listMfaSessions(): ListedMfaSession[] {
    return listing().listedMfaSessions(this.root.section()?.mfaSessions ?? {});
  }

  /** Where everything lives, and how much of it is never used again. */
  layout(): CacheLayout {
    const own = this.root.section();
    const generation = own?.generation;
    const unused = listing().unusedEntries(generation, this.buckets.all(), this.root.legacyEntries());
    const fileExists = fs.existsSync(this.file);
    return {
      file: this.file,
      fileExists,
      ...(generation ? { generation } : {}),
      ...(own === undefined ? { newerVersion: true } : {}),
      folder: this.projectsDir,
      bucketFiles: this.buckets.fileCount(),
      ...unused,
    };
  }

  /** Creates (or repairs) the private cache folder; refuses a symlinked or foreign one. */
  ensureFolder(): void {
    const amplifyHome = path.dirname(this.dir);
    if (!fs.existsSync(amplifyHome)) {
      try {
        fs.mkdirSync(amplifyHome, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new ToolError(
          'CacheFolderUnavailable',
          `Could not create the folder ${amplifyHome} (${(error as NodeJS.ErrnoException).code}).`,
        );
      }
    }
    ensureSecureFolder(this.dir, this.warn);
  }

  /** A write of our member of cache.json; when it made a new generation, the entries that orphaned go now. */
  private writeRoot<T>(change: (own: OwnSection) => T, options: { onlyIfExists?: boolean } = {}): T | undefined {
    const written: RootWrite<T> | undefined = this.root.update(change, options);
    if (written?.created) this.buckets.prune({ now: true });
    return written?.result;
  }

  /** A removal under the write lock (no file is created for it); `remove` changes our member and says how much went. */
  private removeCounted(remove: (own: OwnSection) => number): number {
    return this.writeRoot(remove, { onlyIfExists: true }) ?? 0;
  }

  private readonly warn = (message: string): void => {
    // Waiting processes re-read the cache every 100 ms: say each thing once.
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.sink(message);
  };
}
