import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

/**
 * The cache file's safety rules: a 0700 folder and a 0600 file, never reached through a symlink and never
 * another user's; replaced atomically (temp file in the same folder, fsync, rename) so a reader or a crash
 * never sees half a file.
 */
export function ensureSecureFolder(dir: string, warn: (message: string) => void): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(dir);
  } catch {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    stat = fs.lstatSync(dir);
  }
  if (stat.isSymbolicLink()) {
    throw new ToolError('CacheFolderIsSymlink', `The cache folder ${dir} is a symbolic link; refusing to write credentials through it.`, {
      resolution: `Remove the link and let amplify-aws-roles create ${dir} as a private folder.`,
    });
  }
  if (!stat.isDirectory()) throw new ToolError('CacheFolderInvalid', `The cache folder ${dir} exists but is not a folder.`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new ToolError('CacheFolderNotOwned', `The cache folder ${dir} belongs to another user (uid ${stat.uid}); refusing to keep credentials there.`);
  }
  if ((stat.mode & 0o777) !== 0o700) {
    fs.chmodSync(dir, 0o700);
    warn(`${dir} had mode ${(stat.mode & 0o777).toString(8)}; it now has mode 700 so that only you can read cached credentials.`);
  }
}

/** Refuses a cache file that is a symlink or someone else's; repairs its mode. Returns false when absent. */
export function checkCacheFile(file: string, warn: (message: string) => void): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return false;
  }
  if (stat.isSymbolicLink()) {
    throw new ToolError('CacheFileIsSymlink', `The cache file ${file} is a symbolic link; refusing to read or write credentials through it.`, {
      resolution: 'Remove the link; amplify-aws-roles will create a private file.',
    });
  }
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new ToolError('CacheFileNotOwned', `The cache file ${file} belongs to another user (uid ${stat.uid}); refusing to use it.`);
  }
  if ((stat.mode & 0o777) !== 0o600) {
    fs.chmodSync(file, 0o600);
    warn(`${file} had mode ${(stat.mode & 0o777).toString(8)}; it now has mode 600.`);
  }
  return true;
}

export function writeFileAtomic(file: string, text: string): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(temp, 'wx', 0o600);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
