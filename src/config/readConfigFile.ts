import * as fs from 'node:fs';
import { ToolError } from '../errors';

/** What a path is when it is not a regular file, for the sentence that refuses it. */
function describeKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'it is a folder';
  if (stat.isFIFO()) return 'it is a named pipe, not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  return 'it is not a regular file';
}

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
  return code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code ?? (error as Error).message;
}

/**
 * The bytes of a regular file, or undefined when it does not exist. A named pipe, a device (AWS_CONFIG_FILE=/dev/zero;
 * /dev/null alone reads as empty) or a folder is refused before a single byte is read: opening a pipe blocks until a writer comes, and a device
 * can answer forever. The open is non-blocking for that reason; for a regular file it changes nothing.
 */
export function readRegularFile(file: string, unreadable: (reason: string) => ToolError): Buffer | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw unreadable(reasonOf(error));
  }
  try {
    const stat = fs.fstatSync(fd);
    if (isNullDevice(stat)) return Buffer.alloc(0);
    if (!stat.isFile()) throw unreadable(describeKind(stat));
    return fs.readFileSync(fd);
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw unreadable(reasonOf(error));
  } finally {
    fs.closeSync(fd);
  }
}

/** The file's text, or undefined when it does not exist (a missing file counts as empty). Other failures are errors naming the file. */
export function readConfigFile(file: string): string | undefined {
  return readRegularFile(file, (reason) =>
    new ToolError('ConfigUnreadable', `Could not read ${file}: ${reason}.`, {
      resolution: 'Check that the path (AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/) is a readable file.',
    }),
  )?.toString('utf8');
}
