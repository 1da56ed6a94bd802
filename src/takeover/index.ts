/**
 * The init takeover: inside the Amplify CLI's process, the built-in provider's role path (which never calls STS) is
 * replaced by ours, so `amplify init`, `configure project` and every later command resolve role profiles through our
 * resolver and cache. Installed whenever our plugin module is used in that process, in either registration order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { takeOverProfiledAwsConfig, type GetProfiledAwsConfig, type TakeoverDependencies } from './profiledAwsConfig';

export { takeOverProfiledAwsConfig, type TakeoverDependencies } from './profiledAwsConfig';
export { projectScopeOf, profileTarget, type ProfileTarget } from './profileTarget';
export { quietMfaCodeProvider, quietSecretAsker, withQuietTerminal, type CliSpinner } from './quietTerminal';

const TAKEN_OVER = Symbol.for('amplify-aws-roles.takeover');

/** The built-in's module that reads profiles; its exports object is what its other modules call through. */
export function systemConfigManagerFile(builtInMain: string): string {
  return path.join(path.dirname(builtInMain), 'system-config-manager.js');
}

export type TakeoverOutcome = 'installed' | 'already-installed' | 'not-found';

/**
 * Replaces `getProfiledAwsConfig` on the built-in's system-config-manager exports. The built-in's configuration
 * manager calls it as `systemConfigManager.getProfiledAwsConfig(...)`, through that object, so the replacement is what
 * it gets from then on. Idempotent; a CLI whose built-in has no such export is left alone.
 */
export function installTakeover(builtInMain: string, deps: () => TakeoverDependencies): TakeoverOutcome {
  const file = systemConfigManagerFile(builtInMain);
  if (!fs.existsSync(file)) return 'not-found';
  const manager = require(file) as Record<string, unknown>;
  const current = manager.getProfiledAwsConfig as (GetProfiledAwsConfig & { [TAKEN_OVER]?: true }) | undefined;
  if (typeof current !== 'function') return 'not-found';
  if (current[TAKEN_OVER]) return 'already-installed';
  const replacement = Object.assign(takeOverProfiledAwsConfig(current, deps()), { [TAKEN_OVER]: true as const });
  manager.getProfiledAwsConfig = replacement;
  return 'installed';
}
