import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The cross-SDK conformance data, kept in the repository (test/conformance/, origin and licence in its README) so a
 * clone tests itself with nothing beside it. Read from there only; a missing file fails the run, never skips it.
 */
export const CONFORMANCE_DIR = path.resolve(__dirname, '..', 'conformance');

export function conformanceFile(name: string): string {
  const file = path.join(CONFORMANCE_DIR, name);
  if (!fs.existsSync(file))
    throw new Error(`Conformance data missing: ${file} is not there (it is part of the repository; restore it with git checkout).`);
  return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each conformance file has its own row shape; the test reading it knows which.
export function loadConformance<T = { tests: Array<Record<string, any>> }>(name: string): T {
  return JSON.parse(fs.readFileSync(conformanceFile(name), 'utf8')) as T;
}
