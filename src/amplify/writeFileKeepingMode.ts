import * as fs from 'node:fs';
import * as path from 'node:path';
import { replaceFileAtomically } from '../files/atomicWrite';

/** Atomic replace (temp file + rename) that keeps the file's mode; a new file gets `newFileMode`. */
export function writeFileKeepingMode(file: string, text: string, newFileMode: number): void {
  let mode = newFileMode;
  try {
    mode = fs.statSync(file).mode & 0o7777;
  } catch {
    fs.mkdirSync(path.dirname(file), { recursive: true });
  }
  replaceFileAtomically(file, text, { mode, errorCode: 'AmplifyFileWriteFailed' });
}
