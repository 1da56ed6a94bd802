import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The cross-SDK conformance data (../shared/conformance, never copied into the repository). Looked for in
 * CONFORMANCE_DIR, beside this checkout, and beside the checkout it was cloned from when that is a local folder
 * (a clone made elsewhere for a clean run). Missing data fails the run with one sentence: it is never skipped.
 */
export function conformanceFile(name: string): string {
  const candidates = [process.env.CONFORMANCE_DIR, path.resolve(ROOT, '..', 'shared', 'conformance'), besideOrigin()].filter((d): d is string => Boolean(d));
  for (const dir of candidates) {
    if (fs.existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  throw new Error(`Conformance data missing: ${name} is in none of ${candidates.join(', ')} (put shared/ beside the project or set CONFORMANCE_DIR).`);
}

export function loadConformance<T = { tests: Array<Record<string, any>> }>(name: string): T {
  return JSON.parse(fs.readFileSync(conformanceFile(name), 'utf8')) as T;
}

function besideOrigin(): string | undefined {
  try {
    const origin = execFileSync('git', ['-C', ROOT, 'config', '--get', 'remote.origin.url'], { encoding: 'utf8' }).trim();
    return path.isAbsolute(origin) && fs.existsSync(origin) ? path.resolve(origin, '..', 'shared', 'conformance') : undefined;
  } catch {
    return undefined;
  }
}
