import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { type FileOwner, removeOrphanTempFiles, replaceFileAtomically } from '../files/atomicWrite';
import { errnoOf, refuseIfNotRegularFile } from '../files/fileKind';
import { alive, withFileLockSync } from '../files/fileLock';
import type { FileKind } from './types';
import { readRegularFile } from '../files/readRegularFile';

/**
 * The file side of editing a shared config or credentials file (iniSections.ts does the text): which file is really
 * written, reading it as bytes, a backup copy, and the atomic replace. What the user set up around the file stays:
 * a symlink (live or dangling) is written through, the mode is kept, and so are owner and group when we run as root.
 */

export interface ExistingFile {
  /** latin1: one character per byte, so bytes that are not UTF-8 survive. */
  text: string;
  mode: number;
  owner: FileOwner;
}

const MAX_LINKS = 40;

/**
 * The file that is really written. A symlinked ~/.aws/config (dotfile managers) stays a symlink and its target is
 * updated; a dangling one (the target not created yet) is followed too, so the target is created instead of the
 * link being replaced by a regular file.
 */
export function realTarget(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    // Dangling (or not there at all): follow the links by hand, as far as they go.
  }
  let current = path.resolve(file);
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    let link: string;
    try {
      if (!fs.lstatSync(current).isSymbolicLink()) return current;
      link = fs.readlinkSync(current);
    } catch {
      return current;
    }
    current = path.resolve(path.dirname(current), link);
  }
  throw new ToolError('ConfigLinkLoop', `${file} is a chain of more than ${MAX_LINKS} symbolic links (a loop?); refusing to write it.`);
}

/** How the sentences name a shared file. */
export function describeFile(kind: FileKind): string {
  return kind === 'credentials' ? 'the credentials file' : 'the config file';
}

/**
 * The target of an edit, checked before anything is touched (its lock file, a backup, its folder): followed through
 * links, and refused in one sentence when it is a device, a named pipe or a folder.
 */
export function writableTarget(file: string, kind: FileKind): string {
  const target = realTarget(file);
  refuseIfNotRegularFile(target, describeFile(kind), { asGiven: path.resolve(file) });
  return target;
}

const EDIT_LOCK = { timeoutMs: 10000, staleMs: 30000 };

/** Every read-modify-write of a shared file (a section, the key lines) holds `<target>.lock`, so no two interleave. */
export function withEditLock<T>(target: string, edit: () => T): T {
  return withFileLockSync(`${target}.lock`, EDIT_LOCK, () => {
    // What a writer killed between its temp file and the rename left (it may hold a secret), gone before the next edit.
    removeOrphanTempFiles(target, alive);
    return edit();
  });
}

export function readExisting(file: string): ExistingFile | undefined {
  const data = readRegularFile(file, (reason) => new ToolError('ConfigFileUnreadable', `Could not read ${file}: ${reason}.`));
  if (!data) return undefined;
  const stat = fs.statSync(file);
  return { text: data.toString('latin1'), mode: stat.mode & 0o7777, owner: { uid: stat.uid, gid: stat.gid } };
}

export function ensureFolder(dir: string): void {
  if (fs.existsSync(dir)) return;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new ToolError('ConfigFolderUnavailable', `Could not create the folder ${dir} (${errnoOf(error)}).`);
  }
}

function timestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

const BACKUP_SUFFIX = /^\.bak-\d{8}T\d{6}Z(?:-\d+)?$/;

/** Our backup copies of `file` (`<file>.bak-<UTC time>[-n]`, regular files only), oldest first. */
export function backupsOf(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(base) && BACKUP_SUFFIX.test(name.slice(base.length)))
    .sort()
    .map((name) => path.join(dir, name))
    .filter((copy) => {
      try {
        return fs.lstatSync(copy).isFile();
      } catch {
        return false;
      }
    });
}

/** `<file>.bak-<UTC time>`, never over an existing file; same mode, owner and group as the original. */
export function backup(file: string, existing: ExistingFile, now: Date): string {
  const stamp = timestamp(now);
  let copy = `${file}.bak-${stamp}`;
  for (let n = 2; fs.existsSync(copy); n++) copy = `${file}.bak-${stamp}-${n}`;
  try {
    fs.copyFileSync(file, copy, fs.constants.COPYFILE_EXCL);
    fs.chmodSync(copy, existing.mode & 0o777);
    if (typeof process.geteuid === 'function' && existing.owner.uid !== process.geteuid())
      fs.chownSync(copy, existing.owner.uid, existing.owner.gid);
  } catch (error) {
    fs.rmSync(copy, { force: true });
    throw new ToolError(
      'ConfigBackupFailed',
      `Could not keep a backup copy of ${file} at ${copy} (${errnoOf(error)}); the file was not changed.`,
    );
  }
  return copy;
}

/** A new file is 0600 and ours; a replaced one keeps its mode, owner and group. */
export function writeAtomic(file: string, data: Buffer, existing: ExistingFile | undefined, kind: FileKind): void {
  replaceFileAtomically(file, data, {
    mode: existing?.mode ?? 0o600,
    owner: existing?.owner,
    errorCode: 'ConfigWriteFailed',
    what: describeFile(kind),
  });
}
