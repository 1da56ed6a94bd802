import type { ProfileSet } from '../config/types';
import { ChainPlanError } from './planErrors';
import { planCredentialChain } from './planCredentialChain';
import { profileNamed, setting } from './profileSettings';
import type { CredentialChain } from './types';
import type { VaultLookup } from './planContext';

export type ProfileKind =
  'static' | 'vault' | 'assume-role' | 'process' | 'sso' | 'web-identity' | 'credential-source' | 'login' | 'incomplete';

/** One row of `profiles`. Carries no secret; external_id only as present or not. */
export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  /** For `incomplete`: what is missing or must change, as a short phrase ("aws_secret_access_key in profile "dev""). */
  missing?: string;
  roleArn?: string;
  sourceProfile?: string;
  credentialSource?: string;
  mfaSerial?: string;
  /** login_session: the principal `aws login` signed in as. */
  loginSession?: string;
  externalId: boolean;
  region?: string;
}

const BASE_KINDS: Record<string, ProfileKind> = {
  static: 'static',
  vault: 'vault',
  process: 'process',
  sso: 'sso',
  webIdentity: 'web-identity',
  credentialSource: 'credential-source',
  login: 'login',
};

/** The kind of a chain from its base (`static`, `process`, ...) and its number of roles. */
export function kindFrom(baseKey: string, roles: number): ProfileKind {
  if (roles === 0) return BASE_KINDS[baseKey];
  // A role whose own credential_source is the base; a role behind a source_profile is an assume-role profile.
  return baseKey === 'credentialSource' && roles === 1 ? 'credential-source' : 'assume-role';
}

function kindOfPlan(plan: CredentialChain): ProfileKind {
  const [base, ...roles] = plan.chain;
  return kindFrom(Object.keys(base)[0], roles.length);
}

function kindOf(profiles: ProfileSet, name: string, ssoSessions: ProfileSet, vault?: VaultLookup): { kind: ProfileKind; missing?: string } {
  try {
    return { kind: kindOfPlan(planCredentialChain(profiles, name, { ssoSessions, vault })) };
  } catch (error) {
    if (!(error instanceof ChainPlanError)) throw error;
    const elsewhere = error.profile !== name ? ` in profile "${error.profile}"` : '';
    return { kind: 'incomplete', missing: `${error.missing}${elsewhere}` };
  }
}

/**
 * What kind of credentials a profile gives, decided by planning its chain (so `profiles` and `chain` never
 * disagree): a profile that cannot be planned is `incomplete`, with what it lacks. For every profile at once,
 * classifyProfiles gives the same rows in linear time.
 */
export function classifyProfile(profiles: ProfileSet, name: string, ssoSessions: ProfileSet = {}, vault?: VaultLookup): ProfileSummary {
  return summaryOf(profiles, name, kindOf(profiles, name, ssoSessions, vault));
}

/** A profile's row, given its kind. */
export function summaryOf(profiles: ProfileSet, name: string, kind: { kind: ProfileKind; missing?: string }): ProfileSummary {
  const settings = profileNamed(profiles, name);
  const optional = <F extends keyof ProfileSummary>(field: F, key: string) => {
    const value = setting(settings, key);
    return value === undefined ? {} : { [field]: value };
  };
  return {
    name,
    ...kind,
    ...optional('roleArn', 'role_arn'),
    ...optional('sourceProfile', 'source_profile'),
    ...optional('credentialSource', 'credential_source'),
    ...optional('mfaSerial', 'mfa_serial'),
    ...optional('loginSession', 'login_session'),
    // Not a secret, but only its presence is shown.
    externalId: setting(settings, 'external_id') !== undefined,
    ...optional('region', 'region'),
  };
}
