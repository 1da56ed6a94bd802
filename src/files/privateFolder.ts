import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { errnoOf } from './fileKind';

/** How the sentences name a private folder and what it keeps: the cache's credentials, the vault's records. */
export interface PrivateFolderNames {
  /** "cache folder", "vault folder" */
  label: string;
  /** Error codes are `<prefix>FolderIsSymlink` and the like (each in src/errorCodes.ts). */
  codePrefix: 'Cache' | 'Vault';
  /** "credentials", "keys": what must not be kept in or read from someone else's folder. */
  holds: string;
  /** "cached credentials": what only the user may read once the mode is repaired. */
  readable: string;
}

/** A file or folder of another user (never on Windows, where there are no uids). */
export function isOwnedByAnother(stat: fs.Stats): boolean {
  return typeof process.getuid === 'function' && stat.uid !== process.getuid();
}

/**
 * A folder of ours that holds secrets, also checked on reads: a symbolic link (written through, it would put the
 * secrets wherever it points) or a folder of another user (a world-writable /tmp, say: anyone could plant or swap a
 * file in it) is refused in one sentence; a loose mode on our own folder is repaired, with a warning. Returns false
 * when the folder does not exist and `create` is false.
 */
export function ensurePrivateFolder(
  dir: string,
  names: PrivateFolderNames,
  warn: (message: string) => void,
  options: { create?: boolean } = {},
): boolean {
  const { label, codePrefix } = names;
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (error) {
    if (errnoOf(error) !== 'ENOENT')
      throw new ToolError(`${codePrefix}FolderUnavailable`, `Could not inspect the ${label} ${dir} (${errnoOf(error)}).`);
    if (options.create === false) return false;
    try {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      stat = fs.lstatSync(dir);
    } catch (mkdirError) {
      throw new ToolError(`${codePrefix}FolderUnavailable`, `Could not create the ${label} ${dir} (${errnoOf(mkdirError)}).`);
    }
  }
  if (stat.isSymbolicLink()) {
    throw new ToolError(
      `${codePrefix}FolderIsSymlink`,
      `The ${label} ${dir} is a symbolic link; refusing to read or write ${names.holds} through it.`,
      {
        resolution: `Remove the link and let amplify-aws-roles create ${dir} as a private folder.`,
      },
    );
  }
  if (!stat.isDirectory()) throw new ToolError(`${codePrefix}FolderInvalid`, `The ${label} ${dir} exists but is not a folder.`);
  if (isOwnedByAnother(stat)) {
    throw new ToolError(
      `${codePrefix}FolderNotOwned`,
      `The ${label} ${dir} belongs to another user (uid ${stat.uid}); refusing to keep ${names.holds} there.`,
    );
  }
  if ((stat.mode & 0o777) !== 0o700) {
    try {
      fs.chmodSync(dir, 0o700);
    } catch (error) {
      throw new ToolError(
        `${codePrefix}FolderUnavailable`,
        `Could not make the ${label} ${dir} private (chmod 700 failed: ${errnoOf(error)}).`,
      );
    }
    warn(`${dir} had mode ${(stat.mode & 0o777).toString(8)}; it now has mode 700 so that only you can read ${names.readable}.`);
  }
  return true;
}
