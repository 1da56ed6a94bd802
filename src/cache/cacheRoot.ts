/** Loaded only to write: a cache hit neither makes a generation nor takes a lock. */
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');
const fileLock = (): typeof import('../files/fileLock') => require('../files/fileLock') as typeof import('../files/fileLock');
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { ensureSecureFolder, moveAside, removeOrphanTempFiles, WRITE_LOCK } from './cacheFile';
import { type LoadedCacheJson as Loaded, loadCacheJson, ownMember, type OwnMemberText, ownMemberText, writeMembers } from './cacheJsonFile';
import { dropExpired, emptySection, LAYOUT_VERSION, OWN_KEY, type OwnSection, parseOwnSection } from './ownSection';

/** The Amplify docs' promise (docs.amplify.aws/cli/reference/iam-roles-mfa), which this tool keeps: said in their words. */
export const CACHE_ROOT_SENTENCE =
  'The temporary credentials are cached at ~/.amplify/awscloudformation/cache.json. You can remove all cached credentials by removing this file.';

/** How a write of cache.json ends: `result`, and our member to write (`remove`: write the file without it; absent: write nothing). */
interface Decision<R> {
  result: R;
  member?: OwnMemberText | 'remove';
}

/** The write lock guards a read-modify-write of a small file: held for milliseconds. */
/** How long to wait before looking again at a file another writer may be midway through (the Amplify CLI writes in place). */
const SETTLE_MS = 50;
/** A write starts again from what is there when cache.json changed under it; after this many tries it gives up. */
const WRITE_ATTEMPTS = 5;

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
 * UTF-8 included), and makes a generation when our member has none, so two processes never make two. Reading and
 * writing the bytes is cacheJsonFile.ts's; here are the lock, the retries and what our member becomes.
 */
export class CacheRoot {
  readonly dir: string;

  constructor(
    readonly file: string,
    private readonly context: {
      warn: (message: string) => void;
      now: () => Date;
      ensureFolder: () => void;
      /** Waits `ms` (synchronously: writes run under a lock); tests make another writer act here. */
      pause?: (ms: number) => void;
    },
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

  /**
   * The generation now, for decisions taken inside a bucket's lock: read without a lock and never moving a file
   * (an unusable cache.json has none), so no lock is ever taken while a bucket's is held.
   */
  currentGeneration(): string | undefined {
    const loaded = this.load();
    return loaded.kind === 'ok' ? this.ownFrom(ownMember(loaded)).own?.generation : undefined;
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
    return fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () =>
      this.rewrite<RootWrite<T> | undefined>((loaded) => {
        // Removed meanwhile: a removal has nothing left to remove.
        if (loaded.kind !== 'ok' && options.onlyIfExists) return { result: undefined };
        const own = this.ownFrom(loaded.kind === 'ok' ? ownMember(loaded) : undefined).own;
        if (!own) return { result: undefined };
        const created = own.generation === undefined;
        const generation = (own.generation ??= crypto().randomBytes(16).toString('hex'));
        const result = change(own);
        dropExpired(own, this.context.now());
        const member: OwnSection = { version: LAYOUT_VERSION, generation, mfaSessions: own.mfaSessions };
        return { result: { result, generation, created }, member: ownMemberText(member) };
      }),
    );
  }

  /**
   * Removes our member (generation, MFA sessions and what earlier versions left there), every other member kept
   * byte for byte; cache.json itself goes when nothing else is left in it. Says what went; undefined when our
   * member was a newer version's (left alone).
   */
  removeOwnMember(): { mfaSessions: number; legacyEntries: number } | undefined {
    if (!fs.existsSync(this.file)) return { mfaSessions: 0, legacyEntries: 0 };
    this.context.ensureFolder();
    return fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () =>
      this.rewrite<{ mfaSessions: number; legacyEntries: number } | undefined>((loaded) => {
        if (loaded.kind !== 'ok') return { result: { mfaSessions: 0, legacyEntries: 0 } };
        const parsed = this.ownFrom(ownMember(loaded));
        if (!parsed.own) return { result: undefined };
        const result = { mfaSessions: Object.keys(parsed.own.mfaSessions).length, legacyEntries: parsed.legacyEntries };
        return loaded.data[OWN_KEY] !== undefined ? { result, member: 'remove' } : { result };
      }),
    );
  }

  /** Removes the copies of an unusable cache.json moved aside earlier (`cache.json.corrupt-*`); returns how many went. */
  removeCorruptCopies(): number {
    // Never delete through a symlinked or foreign folder.
    if (!ensureSecureFolder(this.dir, this.context.warn, { create: false })) return 0;
    let names: string[] = [];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      /* unreadable: nothing we can remove */
    }
    const prefix = `${path.basename(this.file)}.corrupt-`;
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(prefix)) continue;
      fs.rmSync(path.join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Under the lock: read, decide, and write only while cache.json is still the file that was read. If it changed
   * (only another program can change it while we hold the lock: the Amplify CLI, or a user's `rm cache.json`), decide
   * again from what is there now, so a removal is never undone (a new generation follows instead) and another
   * program's member is never lost.
   */
  private rewrite<R>(decide: (loaded: Loaded) => Decision<R>): R {
    for (let attempt = 1; ; attempt++) {
      const loaded = this.loadForWrite();
      const decision = decide(loaded);
      if (decision.member === undefined) return decision.result;
      if (writeMembers(this.file, loaded, decision.member === 'remove' ? undefined : decision.member)) {
        removeOrphanTempFiles(this.file, fileLock().alive);
        return decision.result;
      }
      if (attempt === WRITE_ATTEMPTS) {
        throw new ToolError(
          'CacheFileBusy',
          `${this.file} kept changing while amplify-aws-roles was writing it (${WRITE_ATTEMPTS} tries); it was left as it was.`,
          {
            resolution: 'Try again once the program rewriting it has finished.',
          },
        );
      }
    }
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

  /** cache.json as bytes (cacheJsonFile.ts). */
  private load(): Loaded {
    return loadCacheJson(this.file, this.context.warn);
  }

  /**
   * Under the lock. The Amplify CLI rewrites cache.json in place (truncate, then write): an empty or unusable body
   * may be its write midway, so look again after a moment, as the read path does, before treating it as {} or
   * moving it aside; otherwise our write would replace the file and its member would be lost. An unusable file is
   * moved aside and the write starts a new cache.
   */
  private loadForWrite(): Loaded {
    let loaded = this.load();
    for (let look = 0; look < 3 && (loaded.kind === 'unusable' || (loaded.kind === 'ok' && loaded.empty)); look++) {
      this.pause(SETTLE_MS);
      const again = this.load();
      const settled = again.kind === loaded.kind && (again as { text?: string }).text === (loaded as { text?: string }).text;
      loaded = again;
      if (settled) break;
    }
    if (loaded.kind !== 'unusable') return loaded;
    this.setAside(loaded.reason);
    return { kind: 'absent' };
  }

  /** `own` undefined when our member was written by a newer version: then it is neither used nor changed. */
  private ownFrom(value: unknown): { own?: OwnSection; legacyEntries: number } {
    const parsed = parseOwnSection(value);
    if (parsed.kind === 'ok') return parsed;
    if (parsed.kind === 'newer') {
      this.context.warn(
        `The "${OWN_KEY}" section of ${this.file} has layout version ${parsed.version}, newer than this version understands; cached credentials are neither used nor changed.`,
      );
      return { legacyEntries: 0 };
    }
    this.context.warn(
      `The "${OWN_KEY}" section of ${this.file} has an unrecognised layout; it is ignored and will be replaced on the next write.`,
    );
    return { own: emptySection(), legacyEntries: 0 };
  }

  /** Another writer (the Amplify CLI writes in place) may be midway: look again, under our lock, before moving it. */
  private setAsideIfStillUnusable(first: Extract<Loaded, { kind: 'unusable' }>): void {
    this.context.ensureFolder();
    fileLock().withFileLockSync(this.lockFile, WRITE_LOCK, () => {
      this.pause(SETTLE_MS);
      const again = this.load();
      if (again.kind === 'unusable' && again.text === first.text) this.setAside(again.reason);
    });
  }

  private pause(ms: number): void {
    if (this.context.pause) this.context.pause(ms);
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  }

  private setAside(reason: string): void {
    try {
      const aside = moveAside(this.file, this.context.now());
      this.context.warn(`${this.file} ${reason}; it was moved to ${aside} and a new cache was started.`);
    } catch (error) {
      throw new ToolError(
        'CacheFileUnusable',
        `${this.file} ${reason} and could not be moved aside (${(error as NodeJS.ErrnoException).code}).`,
        {
          resolution: 'Move or delete that file.',
        },
      );
    }
  }
}
