import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Named pipes and device nodes for the hardening tests, always made inside the test's own folder: never the system's
 * /dev. The devices are copies of the null device (1,3) and the zero device (1,5); making them needs root, which CI
 * has, and a test that cannot make one fails loudly instead of skipping.
 */
export type SpecialKind = 'fifo' | 'null-device' | 'zero-device';

export function makeSpecial(kind: SpecialKind, file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    if (kind === 'fifo') execFileSync('mkfifo', [file]);
    else execFileSync('mknod', [file, 'c', '1', kind === 'null-device' ? '3' : '5']);
  } catch (error) {
    throw new Error(
      `could not make a ${kind} at ${file} (${(error as Error).message.split('\n')[0]}): these tests need mkfifo, and mknod as root (CI runs as root)`,
      { cause: error },
    );
  }
  return file;
}

/** What is at `file`, without following a link: "fifo", "char 1,3", "file", "link -> target", "absent". */
export function nodeAt(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return 'absent';
  }
  if (stat.isSymbolicLink()) return `link -> ${fs.readlinkSync(file)}`;
  if (stat.isFIFO()) return 'fifo';
  if (stat.isCharacterDevice()) return `char ${(stat.rdev >> 8) & 0xfff},${(stat.rdev & 0xff) | ((stat.rdev >> 12) & 0xfff00)}`;
  if (stat.isFile()) return 'file';
  return stat.isDirectory() ? 'folder' : 'other';
}

/** The names in a folder with what each is: a writer that refused must leave this exactly as it was. */
export function folderState(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((name) => [name, nodeAt(path.join(dir, name))]),
  );
}
