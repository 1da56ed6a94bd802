import { newRecord } from './records';
import type { AwsConfigFiles, ProfileSet } from './types';

/** Values never printed. aws_security_token is the old name of aws_session_token (still read by the AWS CLI). */
export const SECRET_KEYS: ReadonlySet<string> = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);
export const REDACTED = '<redacted>';

const hide = (key: string, value: string) => (SECRET_KEYS.has(key.toLowerCase()) && value !== '' ? REDACTED : value);

/**
 * Sub-properties stay text ("\nkey = value"), exactly as the cross-SDK suite's output.config.profiles has them,
 * so `config --json` equals the suite's expected output for the same files (secrets aside).
 * A secret inside a sub-property block is hidden line by line.
 */
function redactSet(set: ProfileSet): ProfileSet {
  const out = newRecord<Record<string, string>>();
  for (const [name, profile] of Object.entries(set)) {
    const copy = newRecord<string>();
    for (const [key, value] of Object.entries(profile)) {
      copy[key] = value.startsWith('\n')
        ? value.replace(
            /^([ \t]*)([^=\n]+?)([ \t]*=[ \t]*)(.*)$/gm,
            (_m, lead: string, sub: string, eq: string, v: string) => `${lead}${sub}${eq}${hide(sub.trim(), v)}`,
          )
        : hide(key, value);
    }
    out[name] = copy;
  }
  return out;
}

export interface RedactedConfigView {
  configFile: string;
  credentialsFile: string;
  profile: string;
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
}

/** What `config` prints: the merged files as the suite's output shape, with secret values replaced by "<redacted>". */
export function redactedConfigView(files: AwsConfigFiles): RedactedConfigView {
  return {
    configFile: files.configFile,
    credentialsFile: files.credentialsFile,
    profile: files.profile,
    profiles: redactSet(files.profiles),
    ssoSessions: redactSet(files.ssoSessions),
  };
}
