import type { Profile, ProfileSet } from '../config/types';

/**
 * Reading settings the way the SDKs do: key names are matched exactly (the reader has already lower-cased
 * them, so `ROLE_ARN` in a ProfileSet is not `role_arn`), values are trimmed and an empty value counts as unset.
 */
export function profileNamed(profiles: ProfileSet, name: string): Profile | undefined {
  // Own properties only: a profile named "constructor" or "toString" must not find Object.prototype.
  return Object.prototype.hasOwnProperty.call(profiles, name) ? profiles[name] : undefined;
}

export function setting(profile: Profile | undefined, key: string): string | undefined {
  if (!profile || !Object.prototype.hasOwnProperty.call(profile, key)) return undefined;
  const value = profile[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Either key counts, as in botocore: half a key pair is a mistake to report, not a reason to look elsewhere. */
export function hasStaticKey(profile: Profile): boolean {
  return setting(profile, 'aws_access_key_id') !== undefined || setting(profile, 'aws_secret_access_key') !== undefined;
}

/** role_arn makes a profile an assume-role link, unless web_identity_token_file makes it a web identity base. */
export function isRoleLink(profile: Profile): boolean {
  return setting(profile, 'role_arn') !== undefined && setting(profile, 'web_identity_token_file') === undefined;
}

/** SSO credentials are configured by sso_account_id or sso_role_name (sso_session alone only configures a login). */
export function hasSsoRole(profile: Profile): boolean {
  return setting(profile, 'sso_account_id') !== undefined || setting(profile, 'sso_role_name') !== undefined;
}

export function hasSsoLogin(profile: Profile): boolean {
  return setting(profile, 'sso_session') !== undefined || setting(profile, 'sso_start_url') !== undefined;
}
