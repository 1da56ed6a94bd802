import type { TemporaryCredentials } from '../credentials';
import { ToolError } from '../errors';

/**
 * The data under our one top-level key of the shared cache.json, the root of our cache. Pure: no I/O.
 * Layout (version 2):
 *   {"version": 2, "generation": "<32 hex>", "mfaSessions": {"<key>": CachedEntry}}
 * Project entries live in bucket files (projectBuckets.ts), each stamped with the generation it was stored under:
 * an entry whose generation is not the one in cache.json is orphaned (cache.json was removed, emptied or stripped
 * of our member since).
 *
 * Version 1 is what earlier versions wrote. An entry of version 2 means something only together with cache.json's
 * generation; an earlier version, which reads version 1 with the old meaning, would serve entries past a removal of
 * cache.json and drop the generation when it rewrote our member. Every earlier version leaves a higher version alone
 * ("newer than this version understands; ... neither used nor changed"). This version reads version 1 as legacy:
 * its MFA sessions mean what they meant and are kept, its generation (the first versions with one still wrote 1) is
 * not trusted, and project entries kept under "projects" (the layout before the buckets) are orphaned, dropped by
 * the next write of this member.
 */
export const OWN_KEY = 'amplify-aws-roles';
export const LAYOUT_VERSION = 2;
/** What earlier versions wrote, in our member and in the buckets: read as legacy (see above and projectBuckets.ts). */
export const LEGACY_LAYOUT_VERSION = 1;
/** 16 random bytes in hex, made when our member is first written (cacheRoot.ts). */
export const GENERATION_PATTERN = /^[0-9a-f]{32}$/;

export interface CachedEntry {
  /** The cache.json generation the entry was stored under (bucket entries only); entries of earlier versions have none. */
  generation?: string;
  roleArn?: string;
  /** The plan the credentials were obtained with (planDigest.ts); entries of earlier versions have none. */
  planDigest?: string;
  /** The account the credentials act in, when it was known; entries of earlier versions have none (see toCredentials). */
  accountId?: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  /** ISO 8601. */
  expiration: string;
  obtainedAt: string;
}

export interface OwnSection {
  version: number;
  /** Absent until our member is first written; every bucket entry of another generation is orphaned. */
  generation?: string;
  mfaSessions: Record<string, CachedEntry>;
}

/** `legacyEntries`: project entries an earlier version left in this member (orphaned, dropped by the next write). */
export type ParsedSection =
  { kind: 'ok'; own: OwnSection; legacyEntries: number } | { kind: 'unrecognised' } | { kind: 'newer'; version: number };

/** A map without a prototype: a profile named "__proto__" is just a name. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

export function emptySection(): OwnSection {
  return { version: LAYOUT_VERSION, mfaSessions: dict() };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

export function isEntry(value: unknown): value is CachedEntry {
  const e = value as CachedEntry;
  return (
    isRecord(value) &&
    typeof e.accessKeyId === 'string' &&
    typeof e.secretAccessKey === 'string' &&
    typeof e.sessionToken === 'string' &&
    e.sessionToken !== '' &&
    typeof e.expiration === 'string' &&
    !Number.isNaN(Date.parse(e.expiration))
  );
}

/** Our section as stored (undefined when absent). Malformed entries are skipped; a newer layout is left alone. */
export function parseOwnSection(value: unknown): ParsedSection {
  if (value === undefined) return { kind: 'ok', own: emptySection(), legacyEntries: 0 };
  if (!isRecord(value) || typeof value.version !== 'number') return { kind: 'unrecognised' };
  if (value.version > LAYOUT_VERSION) return { kind: 'newer', version: value.version };
  if (value.version !== LAYOUT_VERSION && value.version !== LEGACY_LAYOUT_VERSION) return { kind: 'unrecognised' };
  if (value.generation !== undefined && !(typeof value.generation === 'string' && GENERATION_PATTERN.test(value.generation)))
    return { kind: 'unrecognised' };
  const own = emptySection();
  // A generation counts only in our layout: a version-1 member gets a new one on its next write.
  if (value.generation !== undefined && value.version === LAYOUT_VERSION) own.generation = value.generation;
  for (const [key, entry] of Object.entries(isRecord(value.mfaSessions) ? value.mfaSessions : {}))
    if (isEntry(entry)) own.mfaSessions[key] = entry;
  let legacyEntries = 0;
  for (const profiles of Object.values(isRecord(value.projects) ? value.projects : {}))
    legacyEntries += isRecord(profiles) ? Object.values(profiles).filter(isEntry).length : 0;
  return { kind: 'ok', own, legacyEntries };
}

const ACCOUNT_ID = /^\d{12}$/;

/** The account of an entry: as stored, else (entries of earlier versions) the account in its role's ARN. */
function accountOf(entry: CachedEntry): string | undefined {
  if (typeof entry.accountId === 'string' && ACCOUNT_ID.test(entry.accountId)) return entry.accountId;
  return typeof entry.roleArn === 'string' ? /^arn:[^:]+:iam::(\d{12}):role\//.exec(entry.roleArn)?.[1] : undefined;
}

/** The entry to store for temporary credentials obtained now; a ToolError for keys without a session token or an expiry. */
export function cachedEntryOf(credentials: TemporaryCredentials & { roleArn?: string; planDigest?: string }, now: Date): CachedEntry {
  if (!credentials.sessionToken || !(credentials.expiration instanceof Date) || Number.isNaN(credentials.expiration.getTime())) {
    throw new ToolError(
      'NotTemporaryCredentials',
      'Only temporary credentials (with a session token and an expiry) are cached; long-term keys never are.',
    );
  }
  return {
    ...(credentials.roleArn ? { roleArn: credentials.roleArn } : {}),
    ...(credentials.planDigest ? { planDigest: credentials.planDigest } : {}),
    ...(credentials.accountId ? { accountId: credentials.accountId } : {}),
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration.toISOString(),
    obtainedAt: now.toISOString(),
  };
}

export function toCredentials(entry: CachedEntry): TemporaryCredentials {
  const accountId = accountOf(entry);
  return {
    accessKeyId: entry.accessKeyId,
    secretAccessKey: entry.secretAccessKey,
    sessionToken: entry.sessionToken,
    expiration: new Date(entry.expiration),
    ...(accountId ? { accountId } : {}),
  };
}

/** Usable only while more than `minTtlSeconds` is left. */
export function isFresh(entry: CachedEntry, now: Date, minTtlSeconds: number): boolean {
  return Date.parse(entry.expiration) - now.getTime() > minTtlSeconds * 1000;
}

export function dropExpired(own: OwnSection, now: Date): void {
  for (const [key, entry] of Object.entries(own.mfaSessions)) if (!isFresh(entry, now, 0)) delete own.mfaSessions[key];
}
