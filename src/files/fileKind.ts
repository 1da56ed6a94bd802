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
export function refuseIfNotRegularFile(file: string, what: string, options: { asGiven?: string } = {}): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return;
    throw new ToolError('TargetUnusable', `Could not inspect ${what} ${file} before writing it (${code}); nothing was changed.`);
  }
  if (stat.isFile()) return;
  // The sentence names the path the user has (a link, a variable's value), never only the node it resolves to: the
  // advice is about that path, and never to remove a device (with a link to /dev/null, as root, the system's own).
  const given = options.asGiven ?? file;
  const named = given === file ? describePath(file) : `${given} (a link to ${file})`;
  const isLink = given !== file || isSymbolicLink(given);
  throw new ToolError('TargetNotRegularFile', `Refusing to write ${what} ${named}: ${describeKind(stat)}; nothing was changed.`, {
    resolution: isLink
      ? `Point the link ${given} at a regular file, or remove the link ${given} (not what it points to), and run the command again.`
      : `Use a path that is a regular file or does not exist yet (for the shared files, set AWS_CONFIG_FILE or AWS_SHARED_CREDENTIALS_FILE to one, or unset them); ${given} itself is left as it is.`,
  });
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
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
