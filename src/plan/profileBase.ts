import { type ChainPlanError, credentialSourceWithoutRole, incompleteSso, noCredentials } from './planErrors';
import { loginBase } from './loginBase';
import type { PlanContext } from './planContext';
import { hasSsoLogin, profileNamed, setting } from './profileSettings';
import { ssoBase } from './ssoBase';
import { staticKeysBase } from './staticKeysBase';
import type { ChainBase, VaultBase } from './types';
import { webIdentityBase } from './webIdentityBase';

/**
 * The credentials a profile gives by itself, in botocore's order for a profile's own providers:
 * web identity, SSO, access keys, an aws login session, credential_process; then keys in the vault. Undefined when it
 * has none of them.
 */
export function profileBase(context: PlanContext, profile: string): ChainBase | undefined {
  const command = setting(profileNamed(context.profiles, profile), 'credential_process');
  return (
    webIdentityBase(context, profile) ??
    ssoBase(context, profile) ??
    staticKeysBase(context, profile) ??
    loginBase(context, profile) ??
    (command ? { process: { profile, command } } : undefined) ??
    vaultKeysBase(context, profile)
  );
}

/** Keys moved out of the files into the vault: the plan keeps the key id, the secret is read when the plan runs. */
export function vaultKeysBase(context: PlanContext, profile: string): VaultBase | undefined {
  const record = context.vault?.(profile);
  return record ? { vault: { profile, accessKeyId: record.accessKeyId } } : undefined;
}

/** Why a profile that was asked for directly gives no credentials, in the most specific words available. */
export function noBaseError(context: PlanContext, profile: string): ChainPlanError {
  const settings = profileNamed(context.profiles, profile)!;
  if (setting(settings, 'credential_source')) return credentialSourceWithoutRole(context, profile);
  // sso_session or sso_start_url alone configures a login, not credentials: say which settings are missing.
  if (hasSsoLogin(settings)) return incompleteSso(context, profile, ['sso_account_id', 'sso_role_name'], setting(settings, 'sso_session'));
  return noCredentials(context, profile);
}
