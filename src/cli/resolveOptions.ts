import { ToolError } from '../errors';
import type { ResolveRequest } from '../resolve';
import { profileFor } from './chosenProfile';
import type { Invocation, OptionSpec } from './invocation';

/** What every command's --profile defaults to (src/cli/chosenProfile.ts). */
export const PROFILE_DEFAULT = '(default: the current Amplify environment\'s, else AWS_PROFILE, else "default")';

/** Options shared by the commands that resolve credentials. */
export const resolveOptions: Record<string, OptionSpec> = {
  profile: { type: 'string', value: 'NAME', description: `Profile to resolve ${PROFILE_DEFAULT}` },
  project: {
    type: 'string',
    value: 'DIR',
    description: 'Amplify project whose cache entry to use (default: found from the working directory)',
  },
  'mfa-code': {
    type: 'string',
    value: 'CODE',
    description: 'MFA code for scripts (or set AMPLIFY_AWS_ROLES_MFA_CODE); otherwise you are asked when needed',
  },
  'min-ttl': { type: 'string', value: 'SECONDS', description: 'Renew cached credentials with less than this left (default 900)' },
  'no-cache': { type: 'boolean', description: 'Ignore cached credentials and get new ones (the result is still cached)' },
  'mfa-session': {
    type: 'boolean',
    description: 'Assume MFA roles through a cached MFA session (one code per 12 h); --no-mfa-session never does',
  },
};

export function parseSeconds(value: string | boolean | string[] | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text) || Number(text) > 7 * 24 * 3600) {
    throw new ToolError('InvalidArguments', `${flag} must be a whole number of seconds (0 to 604800), not "${text}".`, { exitCode: 2 });
  }
  return Number(text);
}

export function stringOption(invocation: Invocation, name: string): string | undefined {
  const value = invocation.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function resolveRequestFrom(invocation: Invocation): ResolveRequest {
  return {
    env: invocation.env,
    cwd: invocation.cwd,
    profile: profileFor(invocation),
    project: stringOption(invocation, 'project'),
    mfaCode: stringOption(invocation, 'mfa-code'),
    minTtlSeconds: parseSeconds(invocation.options['min-ttl'], '--min-ttl'),
    // The parser (as node's parseArgs with allowNegative) turns --no-cache into cache: false.
    noCache: invocation.options.cache === false || invocation.options['no-cache'] === true,
    mfaSession: invocation.options['mfa-session'] === undefined ? undefined : invocation.options['mfa-session'] === true,
    // Looked up only when a prompt or a warning needs them (see processIo).
    get stdin() {
      return invocation.stdin;
    },
    get stderr() {
      return invocation.stderr;
    },
  };
}
