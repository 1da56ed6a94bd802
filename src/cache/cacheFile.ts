import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { errnoOf } from '../files/fileKind';
import { ensurePrivateFolder, isOwnedByAnother } from '../files/privateFolder';

/** Every write of ours under the cache folder (cache.json, a bucket) holds its file's lock this long at most. */
export const WRITE_LOCK = { timeoutMs: 10_000, staleMs: 10_000 };

const CACHE_FOLDER = { label: 'cache folder', codePrefix: 'Cache', holds: 'credentials', readable: 'cached credentials' } as const;

/**
 * The cache file's safety rules: a 0700 folder and a 0600 file, never reached through a symlink and never
 * another user's; replaced atomically (temp file in the same folder, fsync, rename) so a reader or a crash
 * never sees half a file.
 */

/**
 * The folder rules, also on reads (a cache hit): a symlinked or foreign folder is refused, a loose mode repaired.
 * Returns false when the folder does not exist and `create` is false.
 */
export function ensureSecureFolder(dir: string, warn: (message: string) => void, options: { create?: boolean } = {}): boolean {
  return ensurePrivateFolder(dir, CACHE_FOLDER, warn, options);
}

/** Refuses a cache file that is a symlink, not a regular file, or someone else's; repairs its mode. Its stat; undefined when absent. */
export function checkCacheFile(file: string, warn: (message: string) => void): fs.Stats | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (stat.isSymbolicLink()) {
    throw new ToolError(
      'CacheFileIsSymlink',
      `The cache file ${file} is a symbolic link; refusing to read or write credentials through it.`,
      {
        resolution: 'Remove the link; amplify-aws-roles will create a private file.',
      },
    );
  }
  if (!stat.isFile()) {
    throw new ToolError('CacheFileInvalid', `The cache file ${file} is not a regular file; refusing to read or write credentials there.`, {
      resolution: 'Remove it; amplify-aws-roles will create a private file.',
    });
  }
  if (isOwnedByAnother(stat)) {
    throw new ToolError('CacheFileNotOwned', `The cache file ${file} belongs to another user (uid ${stat.uid}); refusing to use it.`);
  }
  if ((stat.mode & 0o777) !== 0o600) {
    try {
      fs.chmodSync(file, 0o600);
    } catch (error) {
      throw new ToolError('CacheFileUnavailable', `Could not make the cache file ${file} private (chmod 600 failed: ${errnoOf(error)}).`);
    }
    warn(`${file} had mode ${(stat.mode & 0o777).toString(8)}; it now has mode 600.`);
  }
  return stat;
}

/** The cache file's write: atomic, 0600. With `unchanged`, asked just before the rename: false writes nothing and returns false. */
export function writeFileAtomic(file: string, text: string | Buffer, options: { unchanged?: () => boolean } = {}): boolean {
  return (require('../files/atomicWrite') as typeof import('../files/atomicWrite')).replaceFileAtomically(file, text, {
    mode: 0o600,
    errorCode: 'CacheWriteFailed',
    what: 'the cache file',
    ...(options.unchanged ? { beforeRename: options.unchanged } : {}),
  });
}

/**
 * Moves an unusable cache file to `<file>.corrupt-<time>` (never over an existing file) and returns that path.
 * Call only while holding the cache's write lock.
 */
export function moveAside(file: string, now: Date): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  let aside = `${file}.corrupt-${stamp}`;
  for (let n = 2; fs.existsSync(aside); n++) aside = `${file}.corrupt-${stamp}-${n}`;
  fs.renameSync(file, aside);
  return aside;
}

export { removeOrphanTempFiles } from '../files/atomicWrite';
