/** Loaded only to write: a cache hit neither makes a generation nor takes a lock. */
const crypto = (): typeof import('node:crypto') => require('node:crypto');
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { checkCacheFile, ensureSecureFolder, moveAside, removeOrphanTempFiles, writeFileAtomic } from './cacheFile';
import { dropExpired, emptySection, OWN_KEY, type OwnSection, parseOwnSection } from './ownSection';
import { joinTopLevelObject, type RawMember, splitTopLevelObject } from './rawJsonObject';

/** The Amplify docs' promise (docs.amplify.aws/cli/reference/iam-roles-mfa), which this tool keeps: said in their words. */
export const CACHE_ROOT_SENTENCE = 'The temporary credentials are cached at ~/.amplify/awscloudformation/cache.json. You can remove all cached credentials by removing this file.';

type Loaded = { kind: 'absent' } | { kind: 'ok'; body: string; data: Record<string, unknown> } | { kind: 'unusable'; reason: string; text?: string };

/** The write lock guards a read-modify-write of a small file: held for milliseconds. */
const WRITE_LOCK = { timeoutMs: 10_000, staleMs: 10_000 };

/** What a write of our member did: `change`'s result, and the generation (made by this write when `created`). */
export interface RootWrite<T> {
  result: T;
  generation: string;
  created: boolean;
}

/**
 * ~/.amplify/awscloudformation/cache.json, the root of our cache, as the Amplify docs describe it: "The temporary
 * credentials are cached at ~/.amplify/awscloudformation/cache.json. You can remove all cached credentials by
 * removing this file." The file is shared with the Amplify CLI's own provider (role ARN keys at the top level);
 * we own one member, holding the cache's generation and the MFA sessions. Reads take no lock (we replace the file
 * atomically); every write is a locked read-modify-write that keeps every other member byte for byte (invalid
 * UTF-8 included), and makes a generation when our member has none, so two processes never make two.
 */
export class CacheRoot {
  readonly dir: string;

  constructor(
    readonly file: string,
    private readonly context: { warn: (message: string) => void; now: () => Date; ensureFolder: () => void },
  ) {
    this.dir = path.dirname(file);
  }

  get lockFile(): string {
    return `${this.file}.lock`;
  }

  /** The current generation, read without a lock; undefined when cache.json, our member or its generation is missing. */
  generation(): string | undefined {
    return this.section()?.generation;
  }

  /** Our member, read without a lock (undefined when a newer version wrote it). Never throws for bad content: that is a warning and an empty member. */
  section(): OwnSection | undefined {
    return this.parsed().own;
  }

  /** Project entries an earlier version left in our member: orphaned, dropped by the next write. */
  legacyEntries(): number {
    return this.parsed().legacyEntries;
  }

  /**
   * A locked read-modify-write of our member (the generation made first, if missing). Undefined when our member
   * is a newer version's (left alone) or, with `onlyIfExists`, when cache.json does not exist.
   */
  update<T>(change: (own: OwnSection) => T, options: { onlyIfExists?: boolean } = {}): RootWrite<T> | undefined {
    if (options.onlyIfExists && !fs.existsSync(this.file)) return undefined;
    this.context.ensureFolder();
    return fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      const loaded = this.loadForWrite();
      const own = this.ownFrom(loaded.kind === 'ok' ? ownMember(loaded) : undefined).own;
      if (!own) return undefined;
      const created = own.generation === undefined;
      const generation = (own.generation ??= crypto().randomBytes(16).toString('hex'));
      const result = change(own);
      dropExpired(own, this.context.now());
      const member: OwnSection = { version: own.version, generation, mfaSessions: own.mfaSessions };
      const rawValue = latin1Of(JSON.stringify(member, null, 2).replace(/\n/g, '\n  '));
      this.write(loaded, { rawKey: JSON.stringify(OWN_KEY), rawValue });
      return { result, generation, created };
    });
  }

  /**
   * Removes our member (generation, MFA sessions and what earlier versions left there), every other member kept
   * byte for byte; cache.json itself goes when nothing else is left in it. Says what went; undefined when our
   * member was a newer version's (left alone).
   */
  removeOwnMember(): { mfaSessions: number; legacyEntries: number } | undefined {
    if (!fs.existsSync(this.file)) return { mfaSessions: 0, legacyEntries: 0 };
    this.context.ensureFolder();
    return fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      const loaded = this.loadForWrite();
      if (loaded.kind !== 'ok') return { mfaSessions: 0, legacyEntries: 0 };
      const parsed = this.ownFrom(ownMember(loaded));
      if (!parsed.own) return undefined;
      if (loaded.data[OWN_KEY] !== undefined) this.write(loaded, undefined);
      return { mfaSessions: Object.keys(parsed.own.mfaSessions).length, legacyEntries: parsed.legacyEntries };
    });
  }

  private parsed(): { own?: OwnSection; legacyEntries: number } {
    const loaded = this.load();
    if (loaded.kind === 'absent') return { own: emptySection(), legacyEntries: 0 };
    if (loaded.kind === 'unusable') {
      this.setAsideIfStillUnusable(loaded);
      return { own: emptySection(), legacyEntries: 0 };
    }
    return this.ownFrom(ownMember(loaded));
  }

  /**
   * cache.json as bytes: decoded as latin1 (one character per byte), so another tool's member that is not valid
   * UTF-8 goes back byte for byte; only our own member is decoded as UTF-8 (see ownMember).
   */
  private load(): Loaded {
    if (!ensureSecureFolder(this.dir, this.context.warn, { create: false })) return { kind: 'absent' };
    if (!checkCacheFile(this.file, this.context.warn)) return { kind: 'absent' };
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

  /** Under the lock: an unusable file is moved aside and the write starts a new cache. */
  private loadForWrite(): Loaded {
    const loaded = this.load();
    if (loaded.kind !== 'unusable') return loaded;
    this.setAside(loaded.reason);
    return { kind: 'absent' };
  }

  /** Writes the other members back as they were, with ours (undefined: without ours) where it was. */
  private write(loaded: Loaded, ours: Pick<RawMember, 'rawKey' | 'rawValue'> | undefined): void {
    const members = loaded.kind === 'ok' ? splitTopLevelObject(loaded.body) : [];
    // Keep our member where it was, so a diff of the file shows only what changed.
    const written: Array<Pick<RawMember, 'rawKey' | 'rawValue'>> = [];
    let placed = false;
    for (const member of members) {
      if (member.key !== OWN_KEY) {
        written.push(member);
      } else if (!placed && ours) {
        written.push(ours);
        placed = true;
      }
    }
    if (!placed && ours) written.push(ours);
    if (written.length === 0) fs.rmSync(this.file, { force: true });
    else writeFileAtomic(this.file, Buffer.from(joinTopLevelObject(written), 'latin1'));
    removeOrphanTempFiles(this.file, fileLock().alive);
  }

  /** `own` undefined when our member was written by a newer version: then it is neither used nor changed. */
  private ownFrom(value: unknown): { own?: OwnSection; legacyEntries: number } {
    const parsed = parseOwnSection(value);
    if (parsed.kind === 'ok') return parsed;
    if (parsed.kind === 'newer') {
      this.context.warn(`The "${OWN_KEY}" section of ${this.file} has layout version ${parsed.version}, newer than this version understands; cached credentials are neither used nor changed.`);
      return { legacyEntries: 0 };
    }
    this.context.warn(`The "${OWN_KEY}" section of ${this.file} has an unrecognised layout; it is ignored and will be replaced on the next write.`);
    return { own: emptySection(), legacyEntries: 0 };
  }

  /** Another writer (the Amplify CLI writes in place) may be midway: look again, under our lock, before moving it. */
  private setAsideIfStillUnusable(first: Extract<Loaded, { kind: 'unusable' }>): void {
    this.context.ensureFolder();
    fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
      const again = this.load();
      if (again.kind === 'unusable' && again.text === first.text) this.setAside(again.reason);
    });
  }

  private setAside(reason: string): void {
    try {
      const aside = moveAside(this.file, this.context.now());
      this.context.warn(`${this.file} ${reason}; it was moved to ${aside} and a new cache was started.`);
    } catch (error) {
      throw new ToolError('CacheFileUnusable', `${this.file} ${reason} and could not be moved aside (${(error as NodeJS.ErrnoException).code}).`, {
        resolution: 'Move or delete that file.',
      });
    }
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
