import type { ProfileSet } from '../config/types';
import type { ChainBase, CredentialChain } from './types';

/**
 * AWS limits a role session assumed with temporary credentials (role chaining: from another role's session, from an
 * MFA session made by GetSessionToken, from SSO or web-identity role credentials) to one hour, whatever the role's
 * MaxSessionDuration; STS refuses a longer DurationSeconds (IAM user guide, "Role chaining"). aws-vault caps it too.
 */
export const ROLE_CHAINING_MAX_SECONDS = 3600;
/** What STS gives when AssumeRole names no DurationSeconds. */
export const DEFAULT_ROLE_SESSION_SECONDS = 3600;

/** Why a hop's AssumeRole is signed by temporary credentials. */
export type ChainedBy = 'mfa-session' | 'previous-role' | 'temporary-base' | 'maybe-temporary-base';

export interface HopSession {
  profile: string;
  roleArn: string;
  /** The profile's duration_seconds (undefined: STS's default, 3600 s). */
  requestedSeconds?: number;
  /** What the hop asks STS for. */
  seconds: number;
  /** Set when the hop is (or, for a base known only at run time, may be) role chaining. */
  chainedBy?: ChainedBy;
  /** duration_seconds was above the one-hour limit of a chained session and is asked for as 3600 s. */
  capped: boolean;
}

/** The DurationSeconds an AssumeRole asks for: the profile's, at most an hour when signed by temporary credentials. */
export function chainedDuration(requestedSeconds: number | undefined, signedByTemporary: boolean): { seconds?: number; capped: boolean } {
  if (signedByTemporary && requestedSeconds !== undefined && requestedSeconds > ROLE_CHAINING_MAX_SECONDS)
    return { seconds: ROLE_CHAINING_MAX_SECONDS, capped: true };
  return { seconds: requestedSeconds, capped: false };
}

/** Whether a base gives temporary credentials: always (SSO, web identity, aws login, instance and container roles), never, or only known at run time. */
function baseIsTemporary(base: ChainBase): boolean | 'maybe' {
  if ('static' in base || 'vault' in base) return false;
  if ('sso' in base || 'webIdentity' in base || 'login' in base) return true;
  if ('credentialSource' in base) return base.credentialSource.name === 'Environment' ? 'maybe' : true;
  return 'maybe';
}

/**
 * Each hop's session as the plan will ask for it, for `chain` and `doctor` (the executor decides from the
 * credentials it actually holds). `usesMfaSession(profile)`: the first hop goes through an MFA session.
 */
export function hopSessions(plan: CredentialChain, usesMfaSession: (profile: string) => boolean): HopSession[] {
  const [base, ...roles] = plan.chain;
  return roles.map(({ assumeRole: hop }, index) => {
    let chainedBy: ChainedBy | undefined;
    if (index > 0) chainedBy = 'previous-role';
    else if (baseIsTemporary(base) === true) chainedBy = 'temporary-base';
    else if (baseIsTemporary(base) === 'maybe') chainedBy = 'maybe-temporary-base';
    else if (hop.mfaSerial && usesMfaSession(hop.profile)) chainedBy = 'mfa-session';
    const { seconds, capped } = chainedDuration(hop.durationSeconds, chainedBy !== undefined && chainedBy !== 'maybe-temporary-base');
    return {
      profile: hop.profile,
      roleArn: hop.roleArn,
      ...(hop.durationSeconds !== undefined ? { requestedSeconds: hop.durationSeconds } : {}),
      seconds: seconds ?? DEFAULT_ROLE_SESSION_SECONDS,
      ...(chainedBy ? { chainedBy } : {}),
      capped,
    };
  });
}

/** "through the MFA session", "from the previous role's session", ...: why a hop is role chaining. */
export function describeChainedBy(chainedBy: ChainedBy): string {
  switch (chainedBy) {
    case 'mfa-session':
      return "assumed with the MFA session's temporary credentials";
    case 'previous-role':
      return "assumed with the previous role's session";
    case 'temporary-base':
      return 'assumed with temporary credentials';
    case 'maybe-temporary-base':
      return 'assumed with credentials that may be temporary';
  }
}

/** The profile turns on an MFA session (mfa_session_duration above 0), as `chain` and `doctor` read the files. */
export function mfaSessionConfigured(profiles: ProfileSet, profile: string): boolean {
  return Number(profiles[profile]?.mfa_session_duration) > 0;
}
