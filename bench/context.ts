/** What the benchmark's sections share: where the built files are, and how to run and check our command line. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { MotoServer } from '../scripts/lib/moto';
import type { BenchHome } from './benchHome';
import { type BenchCommand, median, quantile, runOnce } from './measure';
import { ms } from './report';
import { type CacheSnapshot, restoreSnapshot } from './scaleCache';

export const DIST = path.resolve(__dirname, '..');
export const BUNDLED_BIN = path.join(DIST, 'amplify-aws-roles.js');
export const UNBUNDLED_BIN = path.join(DIST, 'src', 'bin', 'bin.js');
export const PLUGIN_ENTRY = path.join(DIST, 'src', 'plugin', 'index.js');
export const GUARD = path.join(__dirname, 'loopbackOnly.js');
export const RECORDER = path.join(__dirname, 'moduleRecorder.js');
export const SDK_FROM_INI = path.join(__dirname, 'sdkFromIni.js');
export const NODE = process.execPath;
export const FORBIDDEN_ON_WARM_PATH =
  /[\\/]node_modules[\\/](@aws-sdk|@smithy|@aws-amplify|amplify-cli-core|amplify-prompts|enquirer)[\\/]/;

export function keyOf(stdout: string): string {
  return (JSON.parse(stdout) as { AccessKeyId: string }).AccessKeyId;
}

export function expectKey(label: string, expected: () => string): (result: { stdout: string }) => void {
  return (result) => {
    const actual = keyOf(result.stdout);
    if (actual !== expected())
      throw new Error(`${label} printed ${actual}, expected the cached ${expected()}: the run was not a cache hit`);
  };
}

export async function stsCalls(moto: MotoServer, action?: string): Promise<number> {
  return (await moto.requests()).filter((r) => !action || r.action === action).length;
}

export function row(label: string, samples: number[], ...extra: string[]): string[] {
  return [label, ms(median(samples)), `${ms(quantile(samples, 0.1))}–${ms(quantile(samples, 0.9))}`, ...extra];
}

export function ourCommand(bench: BenchHome, label: string, bin: string, args: string[], extra: Partial<BenchCommand> = {}): BenchCommand {
  return { label, file: NODE, args: [bin, ...args], env: bench.env, cwd: bench.project, ...extra };
}

/** Our bundled bin with the loopback guard preloaded: for runs that call STS. */
export function guardedCommand(bench: BenchHome, label: string, args: string[], extra: Partial<BenchCommand> = {}): BenchCommand {
  return { label, file: NODE, args: ['-r', GUARD, BUNDLED_BIN, ...args], env: bench.env, cwd: bench.project, ...extra };
}

export interface ModuleList {
  files: string[];
  builtins: string[];
  /** Node's own modules loaded after the preload hook, internal ones included. */
  internals: string[];
}

export function recordModules(bench: BenchHome, args: string[]): ModuleList {
  const log = path.join(bench.home, `modules-${Date.now()}.json`);
  runOnce({
    label: `modules of ${args.join(' ')}`,
    file: NODE,
    args: ['-r', RECORDER, ...args],
    env: { ...bench.env, AAR_MODULE_LOG: log },
    cwd: bench.project,
  });
  const list = JSON.parse(fs.readFileSync(log, 'utf8')) as ModuleList;
  fs.rmSync(log);
  return list;
}

export function shortName(file: string): string {
  const nodeModules = file.lastIndexOf(`${path.sep}node_modules${path.sep}`);
  if (nodeModules >= 0) return file.slice(nodeModules + 1);
  return path.relative(path.dirname(DIST), file);
}

/** Puts back the cache files (cache.json and the project buckets) as they were when `realCache` was taken. */
export function restoreReal(bench: BenchHome, realCache: CacheSnapshot): void {
  restoreSnapshot(path.dirname(bench.cacheFile), realCache);
}
