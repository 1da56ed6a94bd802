import * as fs from 'node:fs';
import * as path from 'node:path';

/** The provider package a takeover stands in: what `amplify aws doctor` names and how credentials are handed back. */
export interface BuiltInPackage {
  root: string;
  version?: string;
  /** Its providers build AWS SDK v2 clients from a flat config (CLI before 14, provider before 8.11.8). */
  sdkV2: boolean;
}

/** Whether the takeover is in place in this process, on which provider and file, or why not. */
export interface TakeoverStatus {
  installed: boolean;
  /** The built-in's system-config-manager.js (when the built-in was found). */
  file?: string;
  provider?: BuiltInPackage;
  reason?: string;
}

// One record per process, shared by every copy of our modules the CLI may have loaded (the doctor reads it).
const STATUS = Symbol.for('amplify-aws-roles.takeover-status');

export function recordTakeoverStatus(status: TakeoverStatus): void {
  (globalThis as Record<symbol, unknown>)[STATUS] = status;
}

/** Undefined outside the Amplify CLI (nothing of ours was loaded as its plugin in this process). */
export function takeoverStatus(): TakeoverStatus | undefined {
  return (globalThis as Record<symbol, unknown>)[STATUS] as TakeoverStatus | undefined;
}

/** The package around the built-in's main module: its version, and whether it still builds SDK v2 clients. */
export function builtInPackage(builtInMain: string): BuiltInPackage | undefined {
  for (let dir = path.dirname(builtInMain); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!fs.existsSync(file)) continue;
    try {
      const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        name?: string;
        version?: string;
        dependencies?: Record<string, string>;
      };
      if (!manifest.name) continue;
      return { root: dir, version: manifest.version, sdkV2: manifest.dependencies?.['aws-sdk'] !== undefined };
    } catch {
      return undefined;
    }
  }
  return undefined;
}
