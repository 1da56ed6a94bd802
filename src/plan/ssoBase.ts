import type { PlanContext } from './planContext';
import { incompleteSso, ssoSessionConflict, ssoSessionNotFound } from './planErrors';
import { hasSsoRole, profileNamed, setting } from './profileSettings';
import type { SsoBase } from './types';

const REQUIRED = ['sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'] as const;

/**
 * IAM Identity Center role credentials, as botocore reads them: sso_account_id or sso_role_name asks for them;
 * sso_start_url and sso_region come from the profile (legacy) or from its [sso-session] section, and a value
 * set in both places must agree.
 */
export function ssoBase(context: PlanContext, profile: string): SsoBase | undefined {
  const settings = profileNamed(context.profiles, profile)!;
  if (!hasSsoRole(settings)) return undefined;
  const sessionName = setting(settings, 'sso_session');
  const values: Record<string, string | undefined> = {};
  for (const key of REQUIRED) values[key] = setting(settings, key);
  if (sessionName) {
    const session = profileNamed(context.ssoSessions, sessionName);
    if (!session) throw ssoSessionNotFound(context, profile, sessionName);
    for (const key of Object.keys(session)) {
      const fromSession = setting(session, key);
      const fromProfile = setting(settings, key);
      if (fromSession !== undefined && fromProfile !== undefined && fromSession !== fromProfile)
        throw ssoSessionConflict(context, profile, sessionName, key);
      if ((REQUIRED as readonly string[]).includes(key) && fromSession !== undefined) values[key] = fromSession;
    }
  }
  const missing = REQUIRED.filter((key) => values[key] === undefined);
  if (missing.length > 0) throw incompleteSso(context, profile, missing, sessionName);
  return {
    sso: {
      profile,
      ...(sessionName ? { session: sessionName } : {}),
      startUrl: values.sso_start_url!,
      region: values.sso_region!,
      accountId: values.sso_account_id!,
      roleName: values.sso_role_name!,
    },
  };
}
