import { newRecord } from './records';
import { expandSubProperties, type ExpandedProfile } from './subProperties';
import type { AwsConfigFiles, ProfileSet } from './types';

/** Values never printed. aws_security_token is the old name of aws_session_token (still read by the AWS CLI). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);
export const REDACTED = '<redacted>';

const hide = (key: string, value: string) => (SECRET_KEYS.has(key.toLowerCase()) && value !== '' ? REDACTED : value);

function redactSet(set: ProfileSet): Record<string, ExpandedProfile> {
  const out = newRecord<ExpandedProfile>();
  for (const [name, profile] of Object.entries(set)) {
    const expanded = expandSubProperties(profile);
    for (const [key, value] of Object.entries(expanded)) {
      if (typeof value === 'string') expanded[key] = hide(key, value);
      else for (const sub of Object.keys(value)) value[sub] = hide(sub, value[sub]);
    }
    out[name] = expanded;
  }
  return out;
}

export interface RedactedConfigView {
  configFile: string;
  credentialsFile: string;
  profile: string;
  profiles: Record<string, ExpandedProfile>;
  ssoSessions: Record<string, ExpandedProfile>;
}

/** What `config` prints: the merged files with sub-properties as objects and secret values replaced by "<redacted>". */
export function redactedConfigView(files: AwsConfigFiles): RedactedConfigView {
  return {
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    profile: files.profile,
    profiles: redactSet(files.profiles),
    ssoSessions: redactSet(files.ssoSessions),
  };
}
