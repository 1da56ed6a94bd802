import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

/**
 * Replaces a file atomically: a temp file in the same folder (created 0600, then given `mode`), fsync, rename, and
 * an fsync of the folder so the rename itself is durable. A reader or a crash never sees half a file; on failure the
 * old file is left as it was and the temp file removed. Temp files are named `.<name>.<pid>.<hex>.tmp`.
 */
export function replaceFileAtomically(file: string, data: string | Buffer, options: { mode?: number; errorCode: string; what?: string }): void {
  const { randomBytes } = require('node:crypto') as typeof import('node:crypto');
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      if (options.mode !== undefined && (options.mode & 0o7777) !== 0o600) fs.fchmodSync(fd, options.mode & 0o7777);
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ToolError(options.errorCode, `Could not write ${options.what ? `${options.what} ` : ''}${file} (${code}); it was left as it was.`, { cause: error });
  }
  fsyncFolder(path.dirname(file));
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
