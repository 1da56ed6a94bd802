import type { ParsedIni } from './parseAwsIni';
import { newRecord } from './records';
import type { AwsConfigFiles, ProfileSet } from './types';

/** A profile defined in both files gets the keys of both; for a key defined in both, the credentials file wins. */
export function mergeProfiles(config: ProfileSet, credentials: ProfileSet): ProfileSet {
  const merged: ProfileSet = newRecord();
  for (const name of Object.keys(config)) merged[name] = Object.assign(newRecord<string>(), config[name]);
  for (const name of Object.keys(credentials)) merged[name] = Object.assign(merged[name] ?? newRecord<string>(), credentials[name]);
  return merged;
}

/** Merges a parsed config file with a parsed credentials file (sso-session sections exist only in the config file). */
export function mergeParsed(config: ParsedIni, credentials: ParsedIni): Pick<AwsConfigFiles, 'profiles' | 'ssoSessions' | 'origins'> {
  return {
    profiles: mergeProfiles(config.profiles, credentials.profiles),
    ssoSessions: config.ssoSessions,
    // The config file's header is named first: that is where a profile's role settings usually live.
    origins: Object.assign(newRecord(), credentials.origins, config.origins),
  };
}
