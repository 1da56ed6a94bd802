/** Loaded only when a file is written or a lock taken: a cache hit does neither. */
const crypto = (): typeof import('node:crypto') => require('node:crypto');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { checkCacheFile, ensureSecureFolder, moveAside, removeOrphanTempFiles, writeFileAtomic } from './cacheFile';
/** Locks are taken only to write; a cache hit reads without one. */
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock');
import { type CachedEntry, dict, dropExpired, emptySection, maskKeyId, maskKeyIds, OWN_KEY, type OwnSection, parseOwnSection } from './ownSection';
import { type CacheScope, NO_PROJECT_KEY, scopeKey } from './projectScope';
import { ProjectBuckets } from './projectBuckets';
import { joinTopLevelObject, type RawMember, splitTopLevelObject } from './rawJsonObject';
import type { TemporaryCredentials } from './types';

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

type Loaded = { kind: 'absent' } | { kind: 'ok'; body: string; data: Record<string, unknown> } | { kind: 'unusable'; reason: string; text?: string };

/** The write lock guards a read-modify-write of a small file: held for milliseconds. */
const WRITE_LOCK = { timeoutMs: 10_000, staleMs: 10_000 };

/** The folder of our own files beside cache.json: the project buckets. */
export const OWN_FOLDER = 'amplify-aws-roles';

/**
 * Temporary credentials per Amplify project and profile. Project entries live in our own bucket files,
 * ~/.amplify/awscloudformation/amplify-aws-roles/projects-<xx>.json (see ProjectBuckets), so a lookup reads one
 * small file however many projects there are. MFA sessions stay in ~/.amplify/awscloudformation/cache.json,
 * which is shared with the Amplify CLI's own provider (role ARN keys at the top level): reads take no lock
 * (we replace the file atomically); every write is a locked read-modify-write that keeps every other top-level
 * member byte for byte (invalid UTF-8 included), stores ours under one versioned key, and drops expired entries.
 * Project entries an earlier version left in cache.json are moved into the buckets on the first miss or reset.
 */
export class ProjectCacheStore {
  readonly dir: string;
  readonly file: string;
  readonly projectsDir: string;
  private readonly buckets: ProjectBuckets;
  private readonly sink: (message: string) => void;
  private readonly now: () => Date;
  private readonly warned = new Set<string>();
  private legacyMigrated = false;

  constructor(options: { home: string; warn?: (message: string) => void; now?: () => Date }) {
    this.dir = path.join(options.home, '.amplify', 'awscloudformation');
    this.file = path.join(this.dir, 'cache.json');
    this.projectsDir = path.join(this.dir, OWN_FOLDER);
    this.sink = options.warn ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
    this.buckets = new ProjectBuckets(this.projectsDir, { warn: this.warn, now: this.now, ensureParent: () => this.ensureFolder(), parentExists: () => ensureSecureFolder(this.dir, this.warn, { create: false }) });
  }

  get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** The bucket file that holds a project's (or the no-project scope's) entries. */
  bucketFile(scope: CacheScope): string {
    return this.buckets.fileOf(scopeKey(scope));
  }

  /** The lock that makes one process at a time resolve `key` (for example a project and profile). */
  resolveLockFile(key: string): string {
    return path.join(this.dir, `resolve-${crypto().createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  }

  /** The entry for a project and profile, if any (fresh or not). Reads one bucket; cache.json only on a miss, once. */
  get(scope: CacheScope, profile: string): CachedEntry | undefined {
    const key = scopeKey(scope);
    const entry = this.buckets.entriesOf(key)[profile];
    if (entry || !this.migrateLegacy()) return entry;
    return this.buckets.entriesOf(key)[profile];
  }

  /** Stores temporary credentials (a ToolError for keys without a session token or an expiry). */
  put(scope: CacheScope, profile: string, credentials: TemporaryCredentials & { roleArn?: string; planDigest?: string }): void {
    const entry = this.entryFrom(credentials);
    const key = scopeKey(scope);
    const file = this.buckets.fileOf(key);
    this.buckets.update(file, (projects) => {
      (projects[key] ??= dict())[profile] = entry;
    });
    this.buckets.pruneIfDue(file);
  }

  getMfaSession(key: string): CachedEntry | undefined {
    return this.section().mfaSessions[key];
  }

  putMfaSession(key: string, credentials: TemporaryCredentials): void {
    const entry = this.entryFrom(credentials);
    this.update((own) => {
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
    this.migrateLegacy();
    const key = scopeKey(scope);
    return (
      this.buckets.update(this.buckets.fileOf(key), (projects) => {
        const count = Object.keys(projects[key] ?? {}).length;
        delete projects[key];
        return count;
      }, { onlyIfExists: true }) ?? 0
    );
  }

  /** Removes every project's entries (not MFA sessions, not other tools' members); returns how many. */
  removeAll(): number {
    const legacy = this.removeCounted((own) => {
      const count = Object.values(own.projects).reduce((n, p) => n + Object.keys(p).length, 0);
      own.projects = dict();
      return count;
    });
    return legacy + this.buckets.removeAll();
  }

  /**
   * Removes the copies of unusable cache files moved aside earlier (`cache.json.corrupt-*` and the buckets'):
   * they may hold credentials that are still live. Returns how many files went.
   */
  removeCorruptCopies(): number {
    let removed = 0;
    // Never delete through a symlinked or foreign folder.
    if (!ensureSecureFolder(this.dir, this.warn, { create: false })) return 0;
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      /* unreadable: nothing we can remove */
    }
    const prefix = `${path.basename(this.file)}.corrupt-`;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed + this.buckets.removeCorruptCopies();
  }

  /**
   * Moves project entries an earlier version kept in cache.json into the buckets (then drops them from cache.json,
   * other members byte for byte). Looks once per store. Returns true when something was moved.
   */
  private migrateLegacy(): boolean {
    if (this.legacyMigrated) return false;
    this.legacyMigrated = true;
    const first = this.load();
    if (first.kind === 'unusable') this.setAsideIfStillUnusable(first);
    if (first.kind !== 'ok' || !/"projects"\s*:\s*\{\s*"/.test(first.body)) return false;
    const legacy = this.ownFrom(ownMember(first));
    if (!legacy || Object.keys(legacy.projects).length === 0) return false;
    let moved = false;
    this.update((own) => {
      const byBucket = new Map<string, Array<[string, Record<string, CachedEntry>]>>();
      for (const [scope, profiles] of Object.entries(own.projects)) {
        const file = this.buckets.fileOf(scope);
        byBucket.set(file, [...(byBucket.get(file) ?? []), [scope, profiles]]);
      }
      for (const [file, scopes] of byBucket) {
        this.buckets.update(file, (projects) => {
          for (const [scope, profiles] of scopes) {
            // An entry this version stored since wins over the older one.
            for (const [profile, entry] of Object.entries(profiles)) if (!projects[scope]?.[profile]) (projects[scope] ??= dict())[profile] = entry;
          }
        });
      }
      moved = byBucket.size > 0;
      own.projects = dict();
    });
    return moved;
  }

  /** A removal under the write lock (no file is created for it); `remove` changes our section and says how much went. */
  private removeCounted(remove: (own: OwnSection) => number): number {
    let removed = 0;
    this.update((own) => {
      removed = remove(own);
    }, { onlyIfExists: true });
    return removed;
  }

  /** For display: no secret, no token, key ids shortened. */
  listEntries(): ListedEntry[] {
    const list: ListedEntry[] = [];
    const legacy = this.section().projects;
    const projects = this.buckets.all();
    for (const [scope, profiles] of Object.entries(legacy)) for (const [profile, e] of Object.entries(profiles)) if (!projects[scope]?.[profile]) (projects[scope] ??= dict())[profile] = e;
    // Buckets hold projects in hash order: list them by root, entries outside any project last.
    const scopes = Object.keys(projects).sort((a, b) => Number(a === NO_PROJECT_KEY) - Number(b === NO_PROJECT_KEY) || (a < b ? -1 : a > b ? 1 : 0));
    for (const scope of scopes) {
      for (const [profile, e] of Object.entries(projects[scope])) {
        list.push({ scope, profile, ...(e.roleArn ? { roleArn: e.roleArn } : {}), accessKeyId: maskKeyId(e.accessKeyId), expiration: e.expiration, obtainedAt: e.obtainedAt });
      }
    }
    return list;
  }

  listMfaSessions(): ListedMfaSession[] {
    return Object.entries(this.section().mfaSessions).map(([key, e]) => ({ key: maskKeyIds(key), accessKeyId: maskKeyId(e.accessKeyId), expiration: e.expiration, obtainedAt: e.obtainedAt }));
  }

  /** Creates (or repairs) the private cache folder; refuses a symlinked or foreign one. */
  ensureFolder(): void {
    const amplifyHome = path.dirname(this.dir);
    if (!fs.existsSync(amplifyHome)) {
      try {
        fs.mkdirSync(amplifyHome, { recursive: true, mode: 0o700 });
      } catch (error) {
        throw new ToolError('CacheFolderUnavailable', `Could not create the folder ${amplifyHome} (${(error as NodeJS.ErrnoException).code}).`);
      }
    }
    ensureSecureFolder(this.dir, this.warn);
  }

  private readonly warn = (message: string): void => {
    // Waiting processes re-read the cache every 100 ms: say each thing once.
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.sink(message);
  };

  private entryFrom(credentials: TemporaryCredentials & { roleArn?: string; planDigest?: string }): CachedEntry {
    if (!credentials.sessionToken || !(credentials.expiration instanceof Date) || Number.isNaN(credentials.expiration.getTime())) {
      throw new ToolError('NotTemporaryCredentials', 'Only temporary credentials (with a session token and an expiry) are cached; long-term keys never are.');
    }
    return {
      ...(credentials.roleArn ? { roleArn: credentials.roleArn } : {}),
      ...(credentials.planDigest ? { planDigest: credentials.planDigest } : {}),
      ...(credentials.accountId ? { accountId: credentials.accountId } : {}),
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
      obtainedAt: this.now().toISOString(),
    };
  }

  /**
   * cache.json as bytes: decoded as latin1 (one character per byte), so another tool's member that is not valid
   * UTF-8 goes back byte for byte; only our own member is decoded as UTF-8 (see ownMember).
   */
  private load(): Loaded {
    if (!ensureSecureFolder(this.dir, this.warn, { create: false })) return { kind: 'absent' };
    if (!checkCacheFile(this.file, this.warn)) return { kind: 'absent' };
    let text: string;
    try {
      text = fs.readFileSync(this.file).toString('latin1');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unusable', reason: `could not be read (${code})` };
    }
    // The Amplify CLI's reader strips a byte order mark and treats an empty file as missing; so do we.
    const body = text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
    if (body.trim() === '') return { kind: 'ok', body: '{}', data: {} };
    let data: unknown;
    try {
      data = JSON.parse(body);
    } catch {
      return { kind: 'unusable', reason: `was not valid JSON (${text.length} bytes)`, text };
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'unusable', reason: 'did not hold a JSON object', text };
    return { kind: 'ok', body, data: data as Record<string, unknown> };
  }

  /** Our section, read without a lock. Never throws for bad content: that is a warning and an empty cache. */
  private section(): OwnSection {
    const loaded = this.load();
    if (loaded.kind === 'absent') return emptySection();
    if (loaded.kind === 'unusable') {
      this.setAsideIfStillUnusable(loaded);
      return emptySection();
    }
    return this.ownFrom(ownMember(loaded)) ?? emptySection();
  }

  /** Undefined when our section was written by a newer version: then it is neither used nor changed. */
  private ownFrom(value: unknown): OwnSection | undefined {
    const parsed = parseOwnSection(value);
    if (parsed.kind === 'ok') return parsed.own;
    if (parsed.kind === 'newer') {
      this.warn(`The "${OWN_KEY}" section of ${this.file} has layout version ${parsed.version}, newer than this version understands; cached credentials are neither used nor changed.`);
      return undefined;
    }
    this.warn(`The "${OWN_KEY}" section of ${this.file} has an unrecognised layout; it is ignored and will be replaced on the next write.`);
    return emptySection();
  }

  /** Another writer (the Amplify CLI writes in place) may be midway: look again, under our lock, before moving it. */
  private setAsideIfStillUnusable(first: Extract<Loaded, { kind: 'unusable' }>): void {
    this.ensureFolder();
    fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      const again = this.load();
      if (again.kind === 'unusable' && again.text === first.text) this.setAside(again.reason);
    });
  }

  private setAside(reason: string): void {
    try {
      const aside = moveAside(this.file, this.now());
      this.warn(`${this.file} ${reason}; it was moved to ${aside} and a new cache was started.`);
    } catch (error) {
      throw new ToolError('CacheFileUnusable', `${this.file} ${reason} and could not be moved aside (${(error as NodeJS.ErrnoException).code}).`, {
        resolution: 'Move or delete that file.',
      });
    }
  }

  private update(change: (own: OwnSection) => void, options: { onlyIfExists?: boolean } = {}): void {
    if (options.onlyIfExists && !fs.existsSync(this.file)) return;
    this.ensureFolder();
    fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      let loaded = this.load();
      if (loaded.kind === 'unusable') {
        this.setAside(loaded.reason);
        loaded = { kind: 'absent' };
      }
      const members = loaded.kind === 'ok' ? splitTopLevelObject(loaded.body) : [];
      const own = this.ownFrom(loaded.kind === 'ok' ? ownMember(loaded) : undefined);
      if (!own) return;
      change(own);
      dropExpired(own, this.now());
      const rawValue = latin1Of(JSON.stringify(own, null, 2).replace(/\n/g, '\n  '));
      // Keep our member where it was, so a diff of the file shows only what changed.
      const ours = { rawKey: JSON.stringify(OWN_KEY), rawValue };
      const written: Array<Pick<RawMember, 'rawKey' | 'rawValue'>> = [];
      let placed = false;
      for (const member of members) {
        if (member.key !== OWN_KEY) {
          written.push(member);
        } else if (!placed) {
          written.push(ours);
          placed = true;
        }
      }
      if (!placed) written.push(ours);
      writeFileAtomic(this.file, Buffer.from(joinTopLevelObject(written), 'latin1'));
      removeOrphanTempFiles(this.file, fileLock().alive);
    });
  }
}

const UTF8_BOM = '\xef\xbb\xbf';

/** Our member of cache.json, decoded as UTF-8 (the file was read as latin1). */
function ownMember(loaded: Extract<Loaded, { kind: 'ok' }>): unknown {
  const value = loaded.data[OWN_KEY];
  if (value === undefined || !/[\x80-\xff]/.test(loaded.body)) return value;
  const raw = splitTopLevelObject(loaded.body).filter((m) => m.key === OWN_KEY).pop();
  return raw ? JSON.parse(Buffer.from(raw.rawValue, 'latin1').toString('utf8')) : value;
}

/** Text whose characters are the UTF-8 bytes of `text`, to sit beside members read as latin1. */
function latin1Of(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1');
}
