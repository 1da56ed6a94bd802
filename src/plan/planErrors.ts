import { closestName, didYouMeanEnd } from '../suggest';
import type { ErrorCode } from '../errorCodes';
import { ToolError } from '../errors';
import { type PlanContext, profileAt } from './planContext';

export const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const;
export const MIN_DURATION_SECONDS = 900;
export const MAX_DURATION_SECONDS = 43200;

/**
 * A profile that cannot be planned. Besides the one-sentence message it says which profile needs the fix
 * and, as a short phrase, what that profile lacks: `profiles` shows it as "incomplete (missing ...)".
 */
export class ChainPlanError extends ToolError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly profile: string,
    readonly missing: string,
    resolution?: string,
  ) {
    super(code, message, resolution ? { resolution } : {});
  }
}

type Where = Pick<PlanContext, 'origins'>;

/** `known`: the profiles that exist, for "did you mean". */
export function profileNotFound(
  name: string,
  files: { configFile: string; credentialsFile: string } | undefined,
  known: Iterable<string> = [],
): ChainPlanError {
  const where = files ? ` in ${files.configFile} or ${files.credentialsFile}` : '';
  return new ChainPlanError(
    'ProfileNotFound',
    `Profile "${name}" was not found${where}${didYouMeanEnd(name, known)}`,
    name,
    `a [profile ${name}] section`,
    'Run "amplify-aws-roles profiles" to list the profiles that were read.',
  );
}

/** With a close existing name, the fix is to correct source_profile: never to create a section under the typo. */
export function sourceProfileNotFound(where: Where & Pick<PlanContext, 'profiles'>, profile: string, source: string): ChainPlanError {
  const meant = closestName(
    source,
    Object.keys(where.profiles).filter((name) => name !== profile),
  );
  if (meant !== undefined) {
    return new ChainPlanError(
      'SourceProfileNotFound',
      `${profileAt(where, profile)} uses source_profile "${source}", which does not exist; did you mean "${meant}"?`,
      profile,
      `source profile "${source}"; did you mean "${meant}"?`,
      `Change source_profile to ${meant} in profile "${profile}".`,
    );
  }
  return new ChainPlanError(
    'SourceProfileNotFound',
    `${profileAt(where, profile)} uses source_profile "${source}", which does not exist.`,
    profile,
    `source profile "${source}"`,
    `Add a [${source}] section with access keys to your credentials file, or correct source_profile.`,
  );
}

export function sourceProfileWithoutCredentials(where: Where, profile: string, source: string): ChainPlanError {
  return new ChainPlanError(
    'SourceProfileNoCredentials',
    `Profile "${profile}" uses source_profile "${source}", but ${profileAt(where, source).replace(/^Profile/, 'profile')} has no credentials (no access keys, role_arn, credential_process, SSO settings or login_session).`,
    source,
    'credentials (access keys, role_arn, credential_process, SSO settings or login_session)',
    `Add aws_access_key_id and aws_secret_access_key for [${source}] to your credentials file.`,
  );
}

export function partialCredentials(where: Where, profile: string, present: string, absent: string): ChainPlanError {
  return new ChainPlanError(
    'PartialCredentials',
    `${profileAt(where, profile)} has ${present} but no ${absent}.`,
    profile,
    absent,
    `Add ${absent} to profile "${profile}", or remove ${present}.`,
  );
}

export function conflictingRoleSource(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'ConflictingSource',
    `${profileAt(where, profile)} has both source_profile and credential_source; a role profile takes only one of them.`,
    profile,
    'a single role source (it has both source_profile and credential_source)',
    'Remove source_profile or credential_source.',
  );
}

export function missingRoleSource(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'MissingRoleSource',
    `${profileAt(where, profile)} has role_arn but neither source_profile nor credential_source, so there are no credentials to assume the role with.`,
    profile,
    'source_profile or credential_source',
    `Add source_profile = <profile with access keys> to profile "${profile}".`,
  );
}

export function invalidCredentialSource(where: Where, profile: string, value: string): ChainPlanError {
  return new ChainPlanError(
    'InvalidCredentialSource',
    `${profileAt(where, profile)} has credential_source = ${value}, which is not one of ${CREDENTIAL_SOURCES.join(', ')}.`,
    profile,
    `a credential_source of ${CREDENTIAL_SOURCES.join(', ')}`,
    'The names are case-sensitive.',
  );
}

/** Paths longer than this are shortened in the `missing` phrase, so a table of a long cycle stays linear in size. */
const SHORT_CYCLE_PATH = 8;

/** "a -> b -> a", or for a long path its first and last three profiles: "p0 -> p1 -> p2 -> … -> p8 -> p9 -> p0 (10 profiles)". */
export function cyclePathPhrase(length: number, first: readonly string[], last: readonly string[]): string {
  if (length <= SHORT_CYCLE_PATH) return first.join(' -> ');
  return `${first.slice(0, 3).join(' -> ')} -> … -> ${last.slice(-3).join(' -> ')} (${length - 1} profiles)`;
}

export function cycleMissing(phrase: string): string {
  return `a source profile outside the cycle ${phrase}`;
}

export function sourceProfileCycle(root: string, path: string[]): ChainPlanError {
  const cycle = path.join(' -> ');
  return new ChainPlanError(
    'ProfileCycle',
    `The source_profile chain of profile "${root}" has a cycle: ${cycle}.`,
    root,
    cycleMissing(cyclePathPhrase(path.length, path, path.slice(-3))),
    'Make one profile in the cycle a source of its own: access keys, credential_source or credential_process.',
  );
}

export function selfSourceWithoutKeys(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'SelfSourceWithoutKeys',
    `${profileAt(where, profile)} names itself as source_profile but has no access keys of its own.`,
    profile,
    'access keys of its own (its source_profile is itself)',
    `Add aws_access_key_id and aws_secret_access_key to profile "${profile}", or name another source_profile.`,
  );
}

export function noCredentials(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'NoCredentials',
    `${profileAt(where, profile)} has no credentials: no access keys, role_arn, credential_process, SSO settings or login_session.`,
    profile,
    'credentials (access keys, role_arn, credential_process, SSO settings or login_session)',
  );
}

export function credentialSourceWithoutRole(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'MissingRoleArn',
    `${profileAt(where, profile)} has credential_source but no role_arn to assume with it.`,
    profile,
    'role_arn (credential_source only sources a role)',
  );
}

export function webIdentityWithoutRole(where: Where, profile: string): ChainPlanError {
  return new ChainPlanError(
    'MissingWebIdentityRoleArn',
    `${profileAt(where, profile)} has web_identity_token_file but no role_arn to assume with the token.`,
    profile,
    'role_arn (for web_identity_token_file)',
  );
}

export function invalidDuration(where: Where, profile: string, value: string): ChainPlanError {
  return new ChainPlanError(
    'InvalidDuration',
    `${profileAt(where, profile)} has duration_seconds = ${value}; it must be a whole number of seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}.`,
    profile,
    `a duration_seconds from ${MIN_DURATION_SECONDS} to ${MAX_DURATION_SECONDS}`,
  );
}

export function invalidSourceIdentity(where: Where, profile: string, value: string): ChainPlanError {
  return new ChainPlanError(
    'InvalidSourceIdentity',
    `${profileAt(where, profile)} has source_identity = ${value}; STS takes 2 to 64 letters, digits and _+=,.@- (and nothing starting with "aws:").`,
    profile,
    'a source_identity of 2 to 64 letters, digits and _+=,.@-',
  );
}

export function ssoSessionNotFound(where: Where & Pick<PlanContext, 'ssoSessions'>, profile: string, session: string): ChainPlanError {
  return new ChainPlanError(
    'SsoSessionNotFound',
    `${profileAt(where, profile)} names sso_session "${session}", but there is no [sso-session ${session}] section${didYouMeanEnd(session, Object.keys(where.ssoSessions))}`,
    profile,
    `an [sso-session ${session}] section`,
    `Add [sso-session ${session}] with sso_start_url and sso_region to your config file, or run "aws configure sso-session".`,
  );
}

export function ssoSessionConflict(where: Where, profile: string, session: string, key: string): ChainPlanError {
  return new ChainPlanError(
    'SsoSessionConflict',
    `${profileAt(where, profile)} sets ${key} to a different value than its [sso-session ${session}] section.`,
    profile,
    `the same ${key} as [sso-session ${session}]`,
    `Remove ${key} from profile "${profile}"; the sso-session section provides it.`,
  );
}

export function incompleteSso(where: Where, profile: string, missing: string[], session?: string): ChainPlanError {
  const from = session ? ` (with [sso-session ${session}])` : '';
  return new ChainPlanError(
    'IncompleteSso',
    `${profileAt(where, profile)} is an SSO profile${from} without ${missing.join(', ')}.`,
    profile,
    missing.join(', '),
    `Run "aws configure sso --profile ${profile}", or add the missing settings.`,
  );
}
