import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { describeKind, describePath } from './fileKind';

/** AWS_CONFIG_FILE=/dev/null is a common way to say "no config file": it reads as empty, as in the SDKs. */
function isNullDevice(stat: fs.Stats): boolean {
  if (!stat.isCharacterDevice()) return false;
  try {
    return fs.statSync('/dev/null').rdev === stat.rdev;
  } catch {
    return false;
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EISDIR'
    ? 'it is a folder'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : (code ?? (error as Error).message);
}

export interface RegularFileOptions {
  /** The null device reads as empty (a shared config file), instead of being refused (our own files). */
  nullDeviceIsEmpty?: boolean;
  /** Refuse a symbolic link instead of following it (files in our own private folders). */
  noFollow?: boolean;
  /** Larger files are refused before they are read (our own small records). */
  maxBytes?: number;
}

/**
 * The bytes of a regular file, or undefined when it does not exist. A named pipe, a device (AWS_CONFIG_FILE=/dev/zero)
 * or a folder is refused before a single byte is read: opening a pipe blocks until a writer comes, and a device can
 * answer forever (a link to /dev/zero once ran a vault read out of memory). The open is non-blocking for that reason;
 * for a regular file it changes nothing.
 */
export function readRegularFile(
  file: string,
  unreadable: (reason: string) => ToolError,
  options: RegularFileOptions = { nullDeviceIsEmpty: true },
): Buffer | undefined {
  // Looked at before it is opened: opening a device may already do something (a terminal, a tape, a driver that is not
  // there answers ENXIO), so what is not a regular file is refused unopened. The fstat below closes the race.
  let before: fs.Stats | undefined;
  try {
    before = options.noFollow ? fs.lstatSync(file) : fs.statSync(file);
  } catch {
    before = undefined; // absent, or unreadable: the open below says which
  }
  if (before && !before.isFile() && !before.isSymbolicLink()) {
    if (options.nullDeviceIsEmpty && isNullDevice(before)) return Buffer.alloc(0);
    throw unreadable(describeKind(before));
  }
  let fd: number;
  try {
    fd = fs.openSync(
      file,
      fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0) | (options.noFollow ? (fs.constants.O_NOFOLLOW ?? 0) : 0),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    // O_NOFOLLOW on a link: ELOOP on Linux and macOS, EMLINK on FreeBSD.
    if (options.noFollow && (code === 'ELOOP' || code === 'EMLINK')) throw unreadable(describeKind(fs.lstatSync(file)));
    throw unreadable(reasonOf(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (options.nullDeviceIsEmpty && isNullDevice(stat)) return Buffer.alloc(0);
    if (!stat.isFile()) throw unreadable(describeKind(stat));
    if (options.maxBytes !== undefined && stat.size > options.maxBytes)
      throw unreadable(`it is ${stat.size} bytes, more than the ${options.maxBytes} such a file can hold`);
    return fs.readFileSync(fd);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw unreadable(reasonOf(error));
  } finally {
    fs.closeSync(fd);
  }
}

/** Amplify's project files are small JSON; a bigger one is not one of them (a link to a huge file, a crafted clone). */
export const PROJECT_FILE_MAX_BYTES = 8 * 1024 * 1024;

/**
 * A file of an Amplify project (amplify/.config/*.json, team-provider-info.json, backend-config.json), as text, or
 * undefined when absent. These come from git, which stores symbolic links: a cloned repository may link one to a named
 * pipe, /dev/zero or /dev/stdin. So: a regular file only, opened without blocking, of bounded size; anything else is
 * refused in one sentence naming the file as the project has it and where it leads.
 */
export function readProjectFile(file: string): string | undefined {
  const data = readRegularFile(
    file,
    (reason) =>
      reason.startsWith('it is')
        ? new ToolError('ProjectFileNotRegular', `Refusing to read ${describePath(file)}: ${reason}.`, {
            resolution: 'Replace it with the regular file the project expects (check what the repository you cloned put there).',
          })
        : new ToolError('ProjectFileUnreadable', `Could not read ${describePath(file)}: ${reason}.`),
    { nullDeviceIsEmpty: false, maxBytes: PROJECT_FILE_MAX_BYTES },
  );
  return data?.toString('utf8');
}
