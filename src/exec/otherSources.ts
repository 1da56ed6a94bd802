import { loadAwsConfig } from '../config/loadAwsConfig';

const CREDENTIAL_KEYS = [
  'aws_access_key_id',
  'role_arn',
  'credential_process',
  'credential_source',
  'sso_session',
  'sso_start_url',
  'web_identity_token_file',
];

/**
 * The SDKs and the AWS CLI try the "default" profile's credentials before a container endpoint, so such a profile
 * would win over the credential server. Returns the keys that would, or undefined. Unreadable files say nothing
 * here (resolving the profile has already reported them).
 */
export function defaultProfileCredentialKeys(env: NodeJS.ProcessEnv): string | undefined {
  try {
    const files = loadAwsConfig({ env: { ...env, AWS_PROFILE: 'default' }, profile: 'default' });
    const profile = files.profiles.default;
    if (!profile) return undefined;
    const keys = CREDENTIAL_KEYS.filter((key) => typeof profile[key] === 'string' && profile[key] !== '');
    return keys.length > 0 ? keys.join(', ') : undefined;
  } catch {
    return undefined;
  }
}
