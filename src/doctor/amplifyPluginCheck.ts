import * as fs from 'node:fs';
import * as path from 'node:path';
import { homeOf } from '../resolve/home';
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
const FIX = `npm install -g ${OURS} && amplify plugin add "$(npm root -g)/${OURS}"`;

interface PluginRecord {
  packageName?: unknown;
  packageVersion?: unknown;
  packageLocation?: unknown;
}

interface PluginPlatformFile {
  plugins?: Record<string, unknown>;
  userAddedLocations?: unknown;
}

function records(value: unknown): PluginRecord[] {
  return Array.isArray(value) ? value.filter((r): r is PluginRecord => typeof r === 'object' && r !== null) : [];
}

function samePath(a: string, b: string): boolean {
  return path.resolve(a) === path.resolve(b);
}

export type PluginRegistration =
  | { kind: 'no-cli'; file: string }
  | { kind: 'unreadable'; file: string; reason: string; parse: boolean }
  | { kind: 'not-registered'; file: string }
  | { kind: 'only-provider' | 'before-built-in' | 'user-added' | 'after-built-in'; file: string; where: string; named: string };

/** Where ~/.amplify/plugins.json has us, relative to the built-in provider, and whether a scan would move us first. */
export function pluginRegistration(env: NodeJS.ProcessEnv): PluginRegistration {
  const file = path.join(homeOf(env), '.amplify', 'plugins.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'no-cli', file };
    return { kind: 'unreadable', file, reason: (error as Error).message, parse: false };
  }
  let platform: PluginPlatformFile;
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('it is not a JSON object');
    platform = parsed as PluginPlatformFile;
  } catch (error) {
    return { kind: 'unreadable', file, reason: (error as Error).message, parse: true };
  }
  const providers = records(platform.plugins?.awscloudformation);
  const ourIndex = providers.findIndex((r) => r.packageName === OURS);
  if (ourIndex < 0) return { kind: 'not-registered', file };
  const ours = providers[ourIndex];
  const where = typeof ours.packageLocation === 'string' ? ours.packageLocation : '(no folder recorded)';
  const named = `${OURS}${typeof ours.packageVersion === 'string' ? ` ${ours.packageVersion}` : ''} (${where})`;
  const builtInIndex = providers.findIndex((r) => r.packageName === BUILT_IN);
  if (builtInIndex < 0) return { kind: 'only-provider', file, where, named };
  if (ourIndex < builtInIndex) return { kind: 'before-built-in', file, where, named };
  const userAdded = Array.isArray(platform.userAddedLocations) ? platform.userAddedLocations.filter((l): l is string => typeof l === 'string') : [];
  if (userAdded.some((l) => samePath(l, where))) return { kind: 'user-added', file, where, named };
  return { kind: 'after-built-in', file, where, named };
}

/** The fix for a registration that a scan puts (or will put) before the built-in. */
export function reinstallFix(where: string): string {
  return `${FIX}, then amplify plugin remove the copy at ${where}`;
}

export function amplifyPluginCheck(facts: Pick<DoctorFacts, 'env'>): CheckOutcome {
  const found = pluginRegistration(facts.env);
  switch (found.kind) {
    case 'no-cli':
      return { status: 'skip', message: `The Amplify CLI has not run with this home: ${found.file} does not exist.` };
    case 'unreadable':
      return found.parse
        ? { status: 'warn', message: `${found.file} is not the Amplify CLI's plugin list (${found.reason}).`, fix: 'amplify plugin scan (it rewrites the file)' }
        : { status: 'warn', message: `${found.file} could not be read (${found.reason}).`, fix: 'amplify plugin scan' };
    case 'not-registered':
      return { status: 'warn', message: `${OURS} is not registered with the Amplify CLI (${found.file}): its commands get no help with role profiles.`, fix: FIX };
    case 'only-provider':
      return { status: 'pass', message: `${found.named} is the only awscloudformation provider registered: every provider call comes to it.` };
    case 'before-built-in':
      return {
        status: 'warn',
        message: `${found.named} comes before the built-in provider, where "amplify plugin scan" puts a folder added by hand: "amplify env add" then cannot use a role profile (the CLI hands it to the built-in, which fails with "Resolved credential object is not valid").`,
        fix: reinstallFix(found.where),
      };
    case 'user-added':
      return {
        status: 'warn',
        message: `${found.named} comes after the built-in provider now, but it was added from a folder outside npm's global one: the next "amplify plugin scan" (the CLI runs one by itself every 24 hours) puts it first, and "amplify env add" then cannot use a role profile.`,
        fix: reinstallFix(found.where),
      };
    case 'after-built-in':
      return { status: 'pass', message: `${found.named} comes after the built-in provider, and every "amplify plugin scan" finds it there (it is not a user-added folder).` };
  }
}
