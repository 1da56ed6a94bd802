import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { checkCacheFile, ensureSecureFolder, writeFileAtomic } from './cacheFile';
import { withFileLockSync } from './fileLock';
import { type CacheScope, scopeKey } from './projectScope';
import { joinTopLevelObject, type RawMember, splitTopLevelObject } from './rawJsonObject';
import type { TemporaryCredentials } from './types';

/** Our single top-level key in the shared cache.json; everything else belongs to other tools. */
export const OWN_KEY = 'amplify-aws-roles';
export const LAYOUT_VERSION = 1;

export interface CachedEntry {
  roleArn?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: string;
  obtainedAt: string;
}

interface OwnSection {
  version: number;
  projects: Record<string, Record<string, CachedEntry>>;
  mfaSessions: Record<string, CachedEntry>;
}

export interface ListedEntry {
  scope: string;
  profile: string;
  roleArn?: string;
  /** Shortened key id; secrets are never listed. */
  accessKeyId: string;
  expiration: string;
  obtainedAt: string;
}

interface Snapshot {
  members: RawMember[];
  own: OwnSection;
}

function emptySection(): OwnSection {
  return { version: LAYOUT_VERSION, projects: {}, mfaSessions: {} };
}

function isEntry(value: unknown): value is CachedEntry {
  const e = value as CachedEntry;
  return !!e && typeof e === 'object' && typeof e.accessKeyId === 'string' && typeof e.secretAccessKey === 'string' && typeof e.sessionToken === 'string' && !Number.isNaN(Date.parse(e.expiration));
}

export function toCredentials(entry: CachedEntry): TemporaryCredentials {
  return { accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey, sessionToken: entry.sessionToken, expiration: new Date(entry.expiration) };
}

export function isFresh(entry: CachedEntry, now: Date, minTtlSeconds: number): boolean {
  return Date.parse(entry.expiration) - now.getTime() > minTtlSeconds * 1000;
}

/**
 * Temporary credentials per Amplify project and profile, in ~/.amplify/awscloudformation/cache.json.
 * Reads take no lock (files are replaced atomically); every write is a locked read-modify-write that keeps
 * other tools' members byte for byte and drops expired entries.
 */
export class ProjectCacheStore {
  readonly dir: string;
  readonly file: string;
  private readonly warn: (message: string) => void;
  private readonly now: () => Date;

  constructor(options: { home: string; warn?: (message: string) => void; now?: () => Date }) {
    this.dir = path.join(options.home, '.amplify', 'awscloudformation');
    this.file = path.join(this.dir, 'cache.json');
    this.warn = options.warn ?? (() => undefined);
    this.now = options.now ?? (() => new Date());
  }

  get lockFile(): string {
    return `${this.file}.lock`;
  }

  resolveLockFile(key: string): string {
    return path.join(this.dir, `resolve-${crypto.createHash('sha256').update(key).digest('hex').slice(0, 24)}.lock`);
  }

  /** The entry for a project and profile, if any (fresh or not). */
  get(scope: CacheScope, profile: string): CachedEntry | undefined {
    return this.read().own.projects[scopeKey(scope)]?.[profile];
  }

  put(scope: CacheScope, profile: string, credentials: TemporaryCredentials & { roleArn?: string }): void {
    const entry = this.entryFrom(credentials);
    this.update((own) => {
      (own.projects[scopeKey(scope)] ??= {})[profile] = entry;
    });
  }

  getMfaSession(key: string): CachedEntry | undefined {
    return this.read().own.mfaSessions[key];
  }

  putMfaSession(key: string, credentials: TemporaryCredentials): void {
    const entry = this.entryFrom(credentials);
    this.update((own) => {
      own.mfaSessions[key] = entry;
    });
  }

  /** Removes one project's (or the no-project scope's) entries; returns how many. */
  removeProject(scope: CacheScope): number {
    let removed = 0;
    this.update((own) => {
      const key = scopeKey(scope);
      removed = Object.keys(own.projects[key] ?? {}).length;
      delete own.projects[key];
    }, { onlyIfExists: true });
    return removed;
  }

  removeAll(): number {
    let removed = 0;
    this.update((own) => {
      removed = Object.values(own.projects).reduce((n, p) => n + Object.keys(p).length, 0);
      own.projects = {};
    }, { onlyIfExists: true });
    return removed;
  }

  removeMfaSessions(): number {
    let removed = 0;
    this.update((own) => {
      removed = Object.keys(own.mfaSessions).length;
      own.mfaSessions = {};
    }, { onlyIfExists: true });
    return removed;
  }

  listEntries(): ListedEntry[] {
    const { own } = this.read();
    const list: ListedEntry[] = [];
    for (const [scope, profiles] of Object.entries(own.projects)) {
      for (const [profile, e] of Object.entries(profiles)) {
        list.push({
          scope,
          profile,
          ...(e.roleArn ? { roleArn: e.roleArn } : {}),
          accessKeyId: e.accessKeyId.length > 8 ? `${e.accessKeyId.slice(0, 4)}…${e.accessKeyId.slice(-4)}` : '****',
          expiration: e.expiration,
          obtainedAt: e.obtainedAt,
        });
      }
    }
    return list;
  }

  private entryFrom(credentials: TemporaryCredentials & { roleArn?: string }): CachedEntry {
    if (!credentials.sessionToken || !credentials.expiration) {
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

  /** Reads without a lock. A corrupt file is moved aside (with a warning) and treated as empty. */
  private read(): Snapshot {
    if (!checkCacheFile(this.file, this.warn)) return { members: [], own: emptySection() };
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      this.warn(`Could not read ${this.file} (${(error as NodeJS.ErrnoException).code}); continuing without cached credentials.`);
      return { members: [], own: emptySection() };
    }
    let members: RawMember[];
    try {
      const parsed = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      members = splitTopLevelObject(text);
    } catch {
      return this.moveAsideCorrupt(text);
    }
    const ownMember = members.find((m) => m.key === OWN_KEY);
    return { members, own: this.parseOwn(ownMember?.rawValue) };
  }

  private parseOwn(raw: string | undefined): OwnSection {
    if (raw === undefined) return emptySection();
    const data = JSON.parse(raw) as Partial<OwnSection>;
    if (!data || typeof data !== 'object' || data.version !== LAYOUT_VERSION) {
      this.warn(`The "${OWN_KEY}" section of ${this.file} has an unknown layout (version ${JSON.stringify((data as OwnSection)?.version)}); starting it afresh.`);
      return emptySection();
    }
    const own = emptySection();
    for (const [scope, profiles] of Object.entries(data.projects ?? {})) {
      for (const [profile, entry] of Object.entries(profiles ?? {})) if (isEntry(entry)) (own.projects[scope] ??= {})[profile] = entry;
    }
    for (const [key, entry] of Object.entries(data.mfaSessions ?? {})) if (isEntry(entry)) own.mfaSessions[key] = entry;
    return own;
  }

  private moveAsideCorrupt(text: string): Snapshot {
    const aside = `${this.file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    try {
      fs.renameSync(this.file, aside);
      fs.chmodSync(aside, 0o600);
      this.warn(`${this.file} was not valid JSON (${text.length} bytes); it was moved to ${aside} and a new cache was started.`);
    } catch {
      this.warn(`${this.file} is not valid JSON and could not be moved aside; continuing without cached credentials.`);
    }
    return { members: [], own: emptySection() };
  }

  /** Creates (or repairs) the private cache folder. */
  ensureFolder(): void {
    fs.mkdirSync(path.dirname(this.dir), { recursive: true, mode: 0o700 });
    ensureSecureFolder(this.dir, this.warn);
  }

  private update(change: (own: OwnSection) => void, options: { onlyIfExists?: boolean } = {}): void {
    if (options.onlyIfExists && !fs.existsSync(this.file)) return;
    this.ensureFolder();
    withFileLockSync(this.lockFile, { timeoutMs: 10000, staleMs: 10000 }, () => {
      const snapshot = this.read();
      change(snapshot.own);
      this.dropExpired(snapshot.own);
      const rawValue = JSON.stringify(snapshot.own, null, 2).replace(/\n/g, '\n  ');
      const members = snapshot.members.map((m) => (m.key === OWN_KEY ? { ...m, rawValue } : m));
      if (!members.some((m) => m.key === OWN_KEY)) members.push({ key: OWN_KEY, rawKey: JSON.stringify(OWN_KEY), rawValue });
      writeFileAtomic(this.file, joinTopLevelObject(members));
    });
  }

  private dropExpired(own: OwnSection): void {
    const now = this.now();
    for (const [scope, profiles] of Object.entries(own.projects)) {
      for (const [profile, entry] of Object.entries(profiles)) if (!isFresh(entry, now, 0)) delete profiles[profile];
      if (Object.keys(profiles).length === 0) delete own.projects[scope];
    }
    for (const [key, entry] of Object.entries(own.mfaSessions)) if (!isFresh(entry, now, 0)) delete own.mfaSessions[key];
  }
}
