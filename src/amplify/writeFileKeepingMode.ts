import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

/** Atomic replace (temp file + rename) that keeps the file's mode; a new file gets `newFileMode`. */
export function writeFileKeepingMode(file: string, text: string, newFileMode: number): void {
  let mode = newFileMode;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    const fd = fs.openSync(temp, 'wx', 0o600);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw new ToolError('FileWriteFailed', `Could not write ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); it was left as it was.`);
  }
}
