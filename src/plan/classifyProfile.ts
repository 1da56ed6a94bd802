import type { ProfileSet } from '../config/types';

export type ProfileKind = 'static' | 'assume-role' | 'process' | 'sso' | 'web-identity' | 'credential-source' | 'incomplete';

export interface ProfileSummary {
  name: string;
  kind: ProfileKind;
  /** For `incomplete`: what is missing or wrong. */
  missing?: string;
  roleArn?: string;
  sourceProfile?: string;
  mfaSerial?: string;
  externalId: boolean;
  region?: string;
}

function has(profile: Record<string, unknown>, key: string): boolean {
  return typeof profile[key] === 'string' && (profile[key] as string).trim() !== '';
}

function kindOf(profiles: ProfileSet, name: string, ssoSessions: ProfileSet): { kind: ProfileKind; missing?: string } {
  const p = profiles[name];
  const incomplete = (missing: string) => ({ kind: 'incomplete' as const, missing });
  if (has(p, 'role_arn')) {
    if (has(p, 'source_profile') && has(p, 'credential_source')) return incomplete('both source_profile and credential_source');
    if (has(p, 'credential_source')) return { kind: 'credential-source' };
    if (has(p, 'source_profile')) {
      const source = String(p.source_profile).trim();
      if (!profiles[source]) return incomplete(`source_profile "${source}" does not exist`);
      return { kind: 'assume-role' };
    }
    if (has(p, 'web_identity_token_file')) return { kind: 'web-identity' };
    return incomplete('source_profile or credential_source');
  }
  if (has(p, 'sso_session') || has(p, 'sso_start_url') || has(p, 'sso_account_id') || has(p, 'sso_role_name')) {
    const session = has(p, 'sso_session') ? ssoSessions[String(p.sso_session).trim()] : undefined;
    if (has(p, 'sso_session') && !session) return incomplete(`[sso-session ${String(p.sso_session).trim()}] section`);
    const missing = ['sso_account_id', 'sso_role_name', ...(session ? [] : ['sso_start_url', 'sso_region'])].filter((k) => !has(p, k));
    return missing.length ? incomplete(missing.join(', ')) : { kind: 'sso' };
  }
  if (has(p, 'credential_process')) return { kind: 'process' };
  const id = has(p, 'aws_access_key_id');
  const secret = has(p, 'aws_secret_access_key');
  if (id && secret) return { kind: 'static' };
  if (id) return incomplete('aws_secret_access_key');
  if (secret) return incomplete('aws_access_key_id');
  if (has(p, 'credential_source')) return incomplete('role_arn');
  return incomplete('credentials (keys, role_arn, credential_process or SSO settings)');
}

/** What kind of profile this is, for `profiles` and profile pickers. Never reads secrets. */
export function classifyProfile(profiles: ProfileSet, name: string, ssoSessions: ProfileSet = {}): ProfileSummary {
  const p = profiles[name] ?? {};
  const text = (key: string) => (has(p, key) ? String(p[key]).trim() : undefined);
  const { kind, missing } = kindOf(profiles, name, ssoSessions);
  const summary: ProfileSummary = { name, kind, externalId: has(p, 'external_id') };
  if (missing) summary.missing = missing;
  for (const [field, key] of [['roleArn', 'role_arn'], ['sourceProfile', 'source_profile'], ['mfaSerial', 'mfa_serial'], ['region', 'region']] as const) {
    const value = text(key);
    if (value) summary[field] = value;
  }
  return summary;
}
