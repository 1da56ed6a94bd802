import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkCacheFile, ensureSecureFolder, writeFileAtomic } from './cacheFile';
import { OWN_KEY } from './ownSection';
import { joinTopLevelObject, type RawMember, splitTopLevelObject } from './rawJsonObject';

/**
 * The bytes of the shared cache.json: read as latin1 (one character per byte) so that another tool's member that is
 * not valid UTF-8 goes back byte for byte, and written back with only our member changed, unless the file changed
 * since it was read. No lock and no decision here: cacheRoot.ts takes the lock and decides what our member becomes.
 */

/** What a read saw: the file's identity (`seen`) and bytes (latin1 `text`), so a write can tell whether it is still that file. */
interface Seen {
  ino: number;
  size: number;
  mtimeMs: number;
}

export type LoadedCacheJson =
  | { kind: 'absent' }
  | { kind: 'ok'; body: string; data: Record<string, unknown>; text: string; seen: Seen; empty: boolean }
  | { kind: 'unusable'; reason: string; text?: string };

/** Our member as written: its key and value as they go into the file (latin1 text of the UTF-8 bytes). */
export type OwnMemberText = Pick<RawMember, 'rawKey' | 'rawValue'>;

const UTF8_BOM = '\xef\xbb\xbf';

/** cache.json as bytes; absent also when its folder does not exist. Throws (ToolError) for a symlinked or foreign file or folder. */
export function loadCacheJson(file: string, warn: (message: string) => void): LoadedCacheJson {
  if (!ensureSecureFolder(path.dirname(file), warn, { create: false })) return { kind: 'absent' };
  // Stat before reading: a change after the stat shows in a later one (see stillAsRead).
  const stat = checkCacheFile(file, warn);
  if (!stat) return { kind: 'absent' };
  const seen: Seen = { ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
  let text: string;
  try {
    text = fs.readFileSync(file).toString('latin1');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { kind: 'absent' } : { kind: 'unusable', reason: `could not be read (${code})` };
  }
  // The Amplify CLI's reader strips a byte order mark and treats an empty file as missing; so do we.
  const body = text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
  if (body.trim() === '') return { kind: 'ok', body: '{}', data: {}, text, seen, empty: true };
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { kind: 'unusable', reason: `was not valid JSON (${text.length} bytes)`, text };
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'unusable', reason: 'did not hold a JSON object', text };
  return { kind: 'ok', body, data: data as Record<string, unknown>, text, seen, empty: false };
}

/** Our member of cache.json, decoded as UTF-8 (the file was read as latin1). */
export function ownMember(loaded: Extract<LoadedCacheJson, { kind: 'ok' }>): unknown {
  const value = loaded.data[OWN_KEY];
  if (value === undefined || !/[\x80-\xff]/.test(loaded.body)) return value;
  const raw = splitTopLevelObject(loaded.body)
    .filter((m) => m.key === OWN_KEY)
    .pop();
  return raw ? JSON.parse(Buffer.from(raw.rawValue, 'latin1').toString('utf8')) : value;
}

/** Our member as it goes into the file: JSON indented to sit in cache.json, as the latin1 text of its UTF-8 bytes. */
export function ownMemberText(member: unknown): OwnMemberText {
  const rawValue = Buffer.from(JSON.stringify(member, null, 2).replace(/\n/g, '\n  '), 'utf8').toString('latin1');
  return { rawKey: JSON.stringify(OWN_KEY), rawValue };
}

/**
 * Writes the other members back as they were, with ours (undefined: without ours) where it was, unless cache.json
 * changed since `loaded` was read (checked just before the rename): then nothing is written and the answer is false.
 * cache.json goes when no member is left.
 */
export function writeMembers(file: string, loaded: LoadedCacheJson, ours: OwnMemberText | undefined): boolean {
  const members = loaded.kind === 'ok' ? splitTopLevelObject(loaded.body) : [];
  // Keep our member where it was, so a diff of the file shows only what changed.
  const written: OwnMemberText[] = [];
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
  const unchanged = () => stillAsRead(file, loaded);
  if (written.length === 0) {
    if (!unchanged()) return false;
    fs.rmSync(file, { force: true });
    return true;
  }
  return writeFileAtomic(file, Buffer.from(joinTopLevelObject(written), 'latin1'), { unchanged });
}

/** Whether cache.json is still the file `loaded` read (absent: still absent): same inode, size, time and bytes. */
function stillAsRead(file: string, loaded: LoadedCacheJson): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return loaded.kind === 'absent';
  }
  if (loaded.kind !== 'ok' || !stat.isFile()) return false;
  if (stat.ino !== loaded.seen.ino || stat.size !== loaded.seen.size || stat.mtimeMs !== loaded.seen.mtimeMs) return false;
  // Timestamps are coarse: a quick rewrite in place can keep the size and the time, never the bytes.
  try {
    return fs.readFileSync(file).toString('latin1') === loaded.text;
  } catch {
    return false;
  }
}
