/** Loaded only when a file is written or a lock taken: a cache hit does neither. */
const crypto = (): typeof import('node:crypto') => require('node:crypto');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { checkCacheFile, ensureSecureFolder, moveAside, removeOrphanTempFiles, writeFileAtomic } from './cacheFile';
/** Locks are taken only to write; a cache hit reads without one. */
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock');
import { type CachedEntry, dict, dropExpired, emptySection, maskKeyId, maskKeyIds, OWN_KEY, type OwnSection, parseOwnSection } from './ownSection';
import { type CacheScope, scopeKey } from './projectScope';
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

/**
 * Temporary credentials per Amplify project and profile, in ~/.amplify/awscloudformation/cache.json.
 * The file is shared with the Amplify CLI's own provider (role ARN keys at the top level): reads take no lock
 * (we replace the file atomically); every write is a locked read-modify-write that keeps every other top-level
 * member byte for byte, stores ours under one versioned key, and drops expired entries.
 */
export class ProjectCacheStore {
  readonly dir: string;
  readonly file: string;
  private readonly sink: (message: string) => void;
  private readonly now: () => Date;
  private readonly warned = new Set<string>();

  constructor(options: { home: string; warn?: (message: string) => void; now?: () => Date }) {
    this.dir = path.join(options.home, '.amplify', 'awscloudformation');
    this.file = path.join(this.dir, 'cache.json');
    this.sink = options.warn ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** The lock that makes one process at a time resolve `key` (for example a project and profile). */
  resolveLockFile(key: string): string {
    return path.join(this.dir, `resolve-${crypto().createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  }

  /** The entry for a project and profile, if any (fresh or not). */
  get(scope: CacheScope, profile: string): CachedEntry | undefined {
    return this.section().projects[scopeKey(scope)]?.[profile];
  }

  /** Stores temporary credentials (a ToolError for keys without a session token or an expiry). */
  put(scope: CacheScope, profile: string, credentials: TemporaryCredentials & { roleArn?: string }): void {
    const entry = this.entryFrom(credentials);
    this.update((own) => {
      (own.projects[scopeKey(scope)] ??= dict())[profile] = entry;
    });
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

  /** Removes one project's (or the no-project scope's) entries; returns how many. Other projects are untouched. */
  removeProject(scope: CacheScope): number {
    return this.removeCounted((own) => {
      const key = scopeKey(scope);
      const count = Object.keys(own.projects[key] ?? {}).length;
      delete own.projects[key];
      return count;
    });
  }

  /** Removes every project's entries (not MFA sessions, not other tools' members); returns how many. */
  removeAll(): number {
    return this.removeCounted((own) => {
      const count = Object.values(own.projects).reduce((n, p) => n + Object.keys(p).length, 0);
      own.projects = dict();
      return count;
    });
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
    for (const [scope, profiles] of Object.entries(this.section().projects)) {
      for (const [profile, e] of Object.entries(profiles)) {
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

  private entryFrom(credentials: TemporaryCredentials & { roleArn?: string }): CachedEntry {
    if (!credentials.sessionToken || !(credentials.expiration instanceof Date) || Number.isNaN(credentials.expiration.getTime())) {
      throw new ToolError('NotTemporaryCredentials', 'Only temporary credentials (with a session token and an expiry) are cached; long-term keys never are.');
    }
    return {
      ...(credentials.roleArn ? { roleArn: credentials.roleArn } : {}),
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      sessionToken: credentials.sessionToken,
      expiration: credentials.expiration.toISOString(),
      obtainedAt: this.now().toISOString(),
    };
  }

  private load(): Loaded {
    if (!ensureSecureFolder(this.dir, this.warn, { create: false })) return { kind: 'absent' };
    if (!checkCacheFile(this.file, this.warn)) return { kind: 'absent' };
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unusable', reason: `could not be read (${code})` };
    }
    // The Amplify CLI's reader strips a byte order mark and treats an empty file as missing; so do we.
    const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
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
    return this.ownFrom(loaded.data[OWN_KEY]) ?? emptySection();
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
      const own = this.ownFrom(loaded.kind === 'ok' ? loaded.data[OWN_KEY] : undefined);
      if (!own) return;
      change(own);
      dropExpired(own, this.now());
      const rawValue = JSON.stringify(own, null, 2).replace(/\n/g, '\n  ');
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
      writeFileAtomic(this.file, joinTopLevelObject(written));
      removeOrphanTempFiles(this.file, fileLock().alive);
    });
  }
}
