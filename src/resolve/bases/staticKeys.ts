import type { ProfileSet } from '../../config/types';
import { ToolError } from '../../errors';
import type { StaticBase } from '../../plan/types';
import type { TemporaryCredentials } from '../../credentials';

function stringKey(profiles: ProfileSet, profile: string, key: string): string | undefined {
  const value = profiles[profile]?.[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Long-term (or session) keys written in the profile. The plan carries only the key id; the secret is read here. */
export function staticCredentials(base: StaticBase, profiles: ProfileSet): TemporaryCredentials {
  const { profile } = base.static;
  const accessKeyId = stringKey(profiles, profile, 'aws_access_key_id');
  const secretAccessKey = stringKey(profiles, profile, 'aws_secret_access_key');
  if (!accessKeyId || !secretAccessKey) {
    throw new ToolError('PartialCredentials', `Profile "${profile}" lacks aws_access_key_id or aws_secret_access_key.`);
  }
  const sessionToken = stringKey(profiles, profile, 'aws_session_token');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
