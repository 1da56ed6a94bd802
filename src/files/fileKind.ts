import * as fs from 'node:fs';
import { ToolError } from '../errors';

/** What a path is when it is not a regular file, for the sentence that refuses it. */
export function describeKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'it is a folder';
  if (stat.isFIFO()) return 'it is a named pipe, not a regular file';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'it is a device, not a regular file';
  if (stat.isSocket()) return 'it is a socket, not a regular file';
  if (stat.isSymbolicLink()) return 'it is a symbolic link';
  return 'it is not a regular file';
}

export function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

/**
 * Every writer of ours asks this before it changes anything (a lock file, a backup, a folder): the target, followed
 * through links, is a regular file or does not exist yet. An atomic rename over a device node or a named pipe would
 * replace the node itself (with ~/.aws/credentials -> /dev/null, as root, the system's /dev/null) and a write into
 * one would hang or vanish; so such a target is refused in one sentence naming it and what it is.
 */
export function refuseIfNotRegularFile(file: string, what: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new ToolError('TargetUnusable', `Could not inspect ${what} ${file} before writing it (${code}); nothing was changed.`);
  }
  if (stat.isFile()) return;
  throw new ToolError('TargetNotRegularFile', `Refusing to write ${what} ${describePath(file)}: ${describeKind(stat)}; nothing was changed.`, {
    resolution: `Point it at a regular file (or a link to one), or remove ${file} and run the command again.`,
  });
}

/** `file`, or `file (a link to target)` when it is a symbolic link, so the sentence names what was really found. */
export function describePath(file: string): string {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return file;
    return `${file} (a link to ${fs.realpathSync(file)})`;
  } catch {
    return file;
  }
}
