/**
 * The init takeover: inside the Amplify CLI's process, the built-in provider's role path (which never calls STS) is
 * replaced by ours, so `amplify init`, `configure project` and every later command resolve role profiles through our
 * resolver and cache. Installed whenever our plugin module is used in that process, in either registration order.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { takeOverProfiledAwsConfig, type GetProfiledAwsConfig, type TakeoverDependencies } from './profiledAwsConfig';
import { builtInPackage, recordTakeoverStatus } from '../../amplify/takeoverStatus';

export { takeOverProfiledAwsConfig, type TakeoverDependencies } from './profiledAwsConfig';
export { projectScopeOf, profileTarget, type ProfileTarget } from './profileTarget';
export { explainGen1Refusal } from './gen1Refusal';
export {
  builtInPackage,
  recordTakeoverStatus,
  takeoverStatus,
  type BuiltInPackage,
  type TakeoverStatus,
} from '../../amplify/takeoverStatus';
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
 * it gets from then on. Idempotent; a CLI whose built-in has no such export is left alone. The credentials go back in
 * the shape the provider builds its clients from (SDK v2: flat keys; SDK v3: `credentials`). What happened is
 * recorded for `amplify aws doctor` (takeoverStatus).
 */
export function installTakeover(builtInMain: string, deps: () => TakeoverDependencies): TakeoverOutcome {
  const file = systemConfigManagerFile(builtInMain);
  const provider = builtInPackage(builtInMain);
  if (!fs.existsSync(file)) {
    recordTakeoverStatus({
      installed: false,
      provider,
      reason: `the provider at ${provider?.root ?? path.dirname(builtInMain)} has no ${file}`,
    });
    return 'not-found';
  }
  const manager = require(file) as Record<string, unknown>;
  const current = manager.getProfiledAwsConfig as (GetProfiledAwsConfig & { [TAKEN_OVER]?: true }) | undefined;
  if (typeof current !== 'function') {
    recordTakeoverStatus({
      installed: false,
      file,
      provider,
      reason: `${file} exports no getProfiledAwsConfig function (a provider this version of amplify-aws-roles does not know)`,
    });
    return 'not-found';
  }
  if (current[TAKEN_OVER]) return 'already-installed';
  const replacement = Object.assign(takeOverProfiledAwsConfig(current, deps(), { flat: provider?.sdkV2 === true }), {
    [TAKEN_OVER]: true as const,
  });
  manager.getProfiledAwsConfig = replacement;
  recordTakeoverStatus({ installed: true, file, provider });
  return 'installed';
}
