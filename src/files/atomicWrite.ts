import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ErrorCode } from '../errorCodes';
import { ToolError } from '../errors';
import { refuseIfNotRegularFile } from './fileKind';

/**
 * Replaces a file atomically: a temp file in the same folder (created 0600, then given `mode`), fsync, rename, and
 * an fsync of the folder so the rename itself is durable. A reader or a crash never sees half a file; on failure the
 * old file is left as it was and the temp file removed. Temp files are named `.<name>.<pid>.<hex>.tmp`. With `owner`
 * (the replaced file's), the new file gets that owner and group before the rename, so a file of another user edited
 * as root (sudo, a shared box) stays theirs. A target that is not a regular file (a device, a named pipe, a folder) is
 * refused before anything is written: the rename would replace the node itself. With `beforeRename`, asked once the
 * data is on disk: false leaves the file as it is (the temp file removed) and returns false, for a caller that must
 * not replace a file changed since it read it.
 */
export function replaceFileAtomically(
  file: string,
  data: string | Buffer,
  options: { mode?: number; errorCode: ErrorCode; what?: string; owner?: FileOwner; beforeRename?: () => boolean },
): boolean {
  const staged = stageFileAtomically(file, data, options);
  if (options.beforeRename) {
    let go: boolean;
    try {
      go = options.beforeRename();
    } catch (error) {
      staged.discard();
      if (error instanceof ToolError) throw error;
      throw new ToolError(
        options.errorCode,
        `Could not write ${options.what ?? 'the file'} ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); it was left as it was.`,
        { cause: error },
      );
    }
    if (!go) {
      staged.discard();
      return false;
    }
  }
  staged.commit();
  return true;
}

/** A temp file written and synced beside `file`, to be renamed over it (`commit`) or removed (`discard`). */
export interface StagedFile {
  commit(): void;
  discard(): void;
}

/**
 * The first half of replaceFileAtomically, for callers that must write several files all or none (setup-role --out):
 * stage each, then commit them all. `commit` checks the target again right before the rename (a folder on the
 * resolved path swapped for a link to one holding a device, after the first check, is refused, not replaced).
 */
export function stageFileAtomically(
  file: string,
  data: string | Buffer,
  options: { mode?: number; errorCode: ErrorCode; what?: string; owner?: FileOwner },
): StagedFile {
  refuseIfNotRegularFile(file, options.what ?? 'the file');
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const failed = (error: unknown): never => {
    fs.rmSync(temp, { force: true });
    if (error instanceof ToolError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ToolError(options.errorCode, `Could not write ${options.what ?? 'the file'} ${file} (${code}); it was left as it was.`, {
      cause: error,
    });
  };
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      // Owner first: a change of owner may clear set-id bits that the mode then sets again.
      if (options.owner) keepOwner(fd, file, options.owner);
      if (options.mode !== undefined && (options.mode & 0o7777) !== 0o600) fs.fchmodSync(fd, options.mode & 0o7777);
      writeAll(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    failed(error);
  }
  return {
    commit: () => {
      try {
        refuseIfNotRegularFile(file, options.what ?? 'the file');
        fs.renameSync(temp, file);
      } catch (error) {
        failed(error);
      }
      fsyncFolder(path.dirname(file));
    },
    discard: () => fs.rmSync(temp, { force: true }),
  };
}

/** write(2) may write less than asked (a file size limit, a full disk): the rest is written, or its error thrown. */
function writeAll(fd: number, buffer: Buffer): void {
  for (let offset = 0; offset < buffer.length;) offset += fs.writeSync(fd, buffer, offset, buffer.length - offset);
}

export interface FileOwner {
  uid: number;
  gid: number;
}

/** Gives the temp file the old file's owner and group when they differ from ours; only root may give a file away. */
function keepOwner(fd: number, file: string, owner: FileOwner): void {
  if (typeof process.geteuid !== 'function' || typeof process.getegid !== 'function') return;
  if (owner.uid === process.geteuid() && owner.gid === process.getegid()) return;
  try {
    fs.fchownSync(fd, owner.uid, owner.gid);
  } catch (error) {
    // Our own file in a group we are not in: the group is kept where the system lets us, the file is still ours.
    if (owner.uid === process.geteuid()) return;
    throw new ToolError(
      'FileOwnerNotKept',
      `Could not keep the owner of ${file} (user id ${owner.uid}), which is not ours (${(error as NodeJS.ErrnoException).code ?? String(error)}); it was left as it was.`,
      {
        resolution: `Run the command as that user (or as root), or change the file's owner first.`,
      },
    );
  }
}

/** Best effort: not every platform can fsync a folder. */
function fsyncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported here */
  }
}

/**
 * Temp files of writers of `file` killed between creating their temp file and the rename (`.<name>.<pid>.<hex>.tmp`,
 * full of whatever was written: credentials, keys), and of lockers killed at the wrong moment (`<name>.lock.<pid>.<hex>.tmp`,
 * `<name>.lock.break.<pid>.<hex>.tmp`), whose process no longer exists. With `{ folder }`, those of every file in a
 * folder only this tool writes (the vault: one record per profile, and its lock).
 */
export function orphanTempFiles(of: string | { folder: string }, isAlive: (pid: number) => boolean): string[] {
  const dir = typeof of === 'string' ? path.dirname(of) : of.folder;
  const base = typeof of === 'string' ? path.basename(of).replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '.+';
  const pattern = new RegExp(`^(?:\\.${base}|${base}\\.lock(?:\\.break)?)\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => {
      const match = pattern.exec(name);
      return match !== null && Number(match[1]) !== process.pid && !isAlive(Number(match[1]));
    })
    .map((name) => path.join(dir, name));
}

/** Called under the file's (or the folder's) write lock, so no writer of ours is between its temp file and its rename. */
export function removeOrphanTempFiles(of: string | { folder: string }, isAlive: (pid: number) => boolean): number {
  let removed = 0;
  for (const orphan of orphanTempFiles(of, isAlive)) {
    try {
      fs.unlinkSync(orphan);
      removed++;
    } catch {
      /* already gone */
    }
  }
  return removed;
}
