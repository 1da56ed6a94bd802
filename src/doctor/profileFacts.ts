import type { Profile } from '../config/types';
import { planCredentialChain, type CredentialChain } from '../plan';
import type { DoctorContext, DoctorFacts } from './types';

/** The plan the resolver will execute for the checked profile (throws the planner's error when there is none). */
export function plannedChain(context: DoctorContext): CredentialChain {
  const files = context.facts.files!;
  return planCredentialChain(files.profiles, context.facts.profile, {
    origins: files.origins,
    ssoSessions: files.ssoSessions,
    files,
    vault: context.facts.vault,
  });
}

/**
 * The checked profile resolved as every command resolves it (the request's files, project, MFA code and terminal),
 * with what the calling check changes (whether the cache may serve, how a code is asked for).
 */
export function resolveCheckedProfile(
  context: DoctorContext,
  extra: Pick<Parameters<DoctorContext['services']['resolveProfileCredentials']>[0], 'noCache' | 'mfa'>,
): ReturnType<DoctorContext['services']['resolveProfileCredentials']> {
  const { facts, request, services } = context;
  return services.resolveProfileCredentials({
    env: request.env,
    cwd: request.cwd,
    profile: facts.profile,
    files: facts.files,
    project: request.project,
    mfaCode: request.mfaCode,
    now: services.now,
    stdin: request.stdin,
    stderr: request.stderr,
    ...extra,
  });
}

/** A profile of the merged files (own properties only: "constructor" is not a profile). */
export function profileOf(facts: DoctorFacts, name: string): Profile | undefined {
  const profiles = facts.files?.profiles;
  return profiles && Object.prototype.hasOwnProperty.call(profiles, name) ? profiles[name] : undefined;
}

/** A setting as the SDKs read it: trimmed, and empty counts as unset. */
export function settingOf(facts: DoctorFacts, name: string, key: string): string | undefined {
  const profile = profileOf(facts, name);
  if (!profile || !Object.prototype.hasOwnProperty.call(profile, key)) return undefined;
  const value = profile[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function originOf(facts: DoctorFacts, name: string) {
  return facts.files && Object.prototype.hasOwnProperty.call(facts.files.origins, name) ? facts.files.origins[name] : undefined;
}

/** The file holding the profile's (first) section; the config file for a profile still to be written. */
export function fileOf(facts: DoctorFacts, name: string): string {
  return originOf(facts, name)?.file ?? facts.configFile.path;
}

/** `[profile bizcorprole]` in the config file, `[bizcorprole]` in the credentials file. */
export function headerOf(facts: DoctorFacts, name: string): string {
  return fileOf(facts, name) === facts.credentialsFile.path || name === 'default' ? `[${name}]` : `[profile ${name}]`;
}

/** `[profile bizcorprole] (/home/me/.aws/config, line 1)`: the section to edit. */
export function sectionOf(facts: DoctorFacts, name: string): string {
  const origin = originOf(facts, name);
  return origin ? `${headerOf(facts, name)} (${origin.file}, line ${origin.line})` : headerOf(facts, name);
}

/** The profile whose access keys the walkthrough's role profile uses. */
export function sourceProfileName(facts: DoctorFacts): string {
  return settingOf(facts, facts.profile, 'source_profile') ?? 'devcorpuser';
}
