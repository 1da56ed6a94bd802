import * as fs from 'node:fs';
import * as path from 'node:path';
import { amplifyPluginsFile } from '../config/fileLocations';
import type { CheckOutcome, DoctorFacts } from './types';

/**
 * Where the Amplify CLI (Gen 1) has us in its plugin platform, and whether its next scan keeps us there.
 *
 * The CLI gives `init` and `env add` to the LAST plugin named awscloudformation in ~/.amplify/plugins.json, and
 * `env add` loads nothing else of ours before the built-in provider asks for credentials. `amplify plugin scan` (which
 * the CLI also runs by itself every 24 hours) lists user-added folders first and the folders it scans (its own, then
 * npm's global one) after: a copy installed with `npm i -g` stays after the built-in, a copy added from anywhere else
 * ends up before it.
 */

const OURS = 'amplify-aws-roles';
const BUILT_IN = '@aws-amplify/amplify-provider-awscloudformation';
const INSTALL = `npm install -g ${OURS} && amplify plugin add "$(npm root -g)/${OURS}"`;

interface PluginRecord {
  packageName?: unknown;
  packageVersion?: unknown;
  packageLocation?: unknown;
}

/** The parts of the CLI's plugin platform (plugins.json, or the CLI's copy in memory) that decide the order. */
export interface PluginPlatformView {
  plugins?: Record<string, unknown>;
  userAddedLocations?: unknown;
}

function records(value: unknown): PluginRecord[] {
  return Array.isArray(value) ? value.filter((r): r is PluginRecord => typeof r === 'object' && r !== null) : [];
}

/** A folder that holds this package (its package.json names it; a folder that is gone does not): such a folder, added by hand, is scanned first. */
function holdsOurPackage(folder: string): boolean {
  try {
    return (JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8')) as { name?: unknown }).name === OURS;
  } catch {
    return false;
  }
}

export type PluginRegistration =
  | { kind: 'no-cli'; file: string }
  | { kind: 'unreadable'; file: string; reason: string; parse: boolean }
  | { kind: 'not-registered'; file: string }
  | { kind: 'only-provider' | 'after-built-in' | 'before-built-in'; file: string; named: string }
  /** A copy of ours in userAddedLocations: every scan lists it before the built-in. `first`: it is before it now. */
  | { kind: 'hand-added'; file: string; named: string; handAdded: string; first: boolean; registered: boolean };

/** Where the plugin platform has us, relative to the built-in provider, and whether a scan would move us first. */
export function registrationIn(platform: PluginPlatformView, file: string): PluginRegistration {
  const providers = records(platform.plugins?.awscloudformation);
  const ourIndex = providers.findIndex((r) => r.packageName === OURS);
  if (ourIndex < 0) return { kind: 'not-registered', file };
  const ours = providers[ourIndex];
  const where = typeof ours.packageLocation === 'string' ? ours.packageLocation : '(no folder recorded)';
  const named = `${OURS}${typeof ours.packageVersion === 'string' ? ` ${ours.packageVersion}` : ''} (${where})`;
  const builtInIndex = providers.findIndex((r) => r.packageName === BUILT_IN);
  if (builtInIndex < 0) return { kind: 'only-provider', file, named };
  // Any copy of ours added by hand counts, registered or not: with the same version the CLI keeps one entry in
  // "plugins" but still scans the hand-added folder first.
  const userAdded = Array.isArray(platform.userAddedLocations)
    ? platform.userAddedLocations.filter((l): l is string => typeof l === 'string')
    : [];
  const handAdded = userAdded.find(holdsOurPackage);
  if (handAdded !== undefined)
    return {
      kind: 'hand-added',
      file,
      named,
      handAdded,
      first: ourIndex < builtInIndex,
      registered: path.resolve(handAdded) === path.resolve(where),
    };
  return { kind: ourIndex < builtInIndex ? 'before-built-in' : 'after-built-in', file, named };
}

/** The same, read from ~/.amplify/plugins.json (what the doctor sees). */
export function pluginRegistration(env: NodeJS.ProcessEnv): PluginRegistration {
  const file = amplifyPluginsFile(env);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'no-cli', file };
    return { kind: 'unreadable', file, reason: (error as Error).message, parse: false };
  }
  let platform: PluginPlatformView;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it is not a JSON object');
    platform = parsed;
  } catch (error) {
    return { kind: 'unreadable', file, reason: (error as Error).message, parse: true };
  }
  return registrationIn(platform, file);
}

/** The check's outcome for a registration. */
export function registrationOutcome(found: PluginRegistration): CheckOutcome {
  switch (found.kind) {
    case 'no-cli':
      return { status: 'skip', message: `The Amplify CLI has not run with this home: ${found.file} does not exist.` };
    case 'unreadable':
      return found.parse
        ? {
            status: 'warn',
            message: `${found.file} is not the Amplify CLI's plugin list (${found.reason}).`,
            fix: 'amplify plugin scan (it rewrites the file)',
          }
        : { status: 'warn', message: `${found.file} could not be read (${found.reason}).`, fix: 'amplify plugin scan' };
    case 'not-registered':
      return {
        status: 'warn',
        message: `${OURS} is not registered with the Amplify CLI (${found.file}): its commands get no help with role profiles.`,
        fix: INSTALL,
      };
    case 'only-provider':
      return {
        status: 'pass',
        message: `${found.named} is the only awscloudformation provider registered: every provider call comes to it.`,
      };
    case 'hand-added': {
      // Removing the hand-added copy first takes it out of userAddedLocations too; adding the global copy first would
      // not. `plugin remove` lists only registered copies: when another copy of the same version stands in its place,
      // a scan lists the hand-added one again first.
      const fix = `${found.registered ? '' : 'amplify plugin scan, then '}amplify plugin remove the copy at ${found.handAdded} (under "awscloudformation >"), then ${INSTALL}`;
      return found.first
        ? {
            status: 'warn',
            message: `${found.named} comes before the built-in provider, where "amplify plugin scan" puts a folder added by hand (${found.handAdded}): "amplify env add" then cannot use a role profile (the CLI hands it to the built-in provider alone, which cannot use role profiles).`,
            fix,
          }
        : {
            status: 'warn',
            message: `${found.named} comes after the built-in provider now, but ${found.handAdded} was added by hand from outside npm's global folder: the next "amplify plugin scan" (the CLI runs one by itself every 24 hours) puts it first, and "amplify env add" then cannot use a role profile.`,
            fix,
          };
    }
    case 'before-built-in':
      return {
        status: 'warn',
        message: `${found.named} comes before the built-in provider (the built-in was added after it): "amplify env add" cannot use a role profile until "amplify plugin scan" puts the built-in first again.`,
        fix: 'amplify plugin scan',
      };
    case 'after-built-in':
      return {
        status: 'pass',
        message: `${found.named} comes after the built-in provider, and every "amplify plugin scan" finds it there (no copy of it was added by hand).`,
      };
  }
}

export function amplifyPluginCheck(facts: Pick<DoctorFacts, 'env'>): CheckOutcome {
  return registrationOutcome(pluginRegistration(facts.env));
}
