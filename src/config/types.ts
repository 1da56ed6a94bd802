/**
 * A property value. Sub-properties (`s3 =` followed by indented `key = value` lines) stay text ("\nkey = value"),
 * exactly as the cross-SDK suite expects.
 */
export type PropertyValue = string;

/** One profile (or sso-session) as merged from the config and credentials files. Keys are as written (case kept). */
export type Profile = Record<string, PropertyValue>;

export type ProfileSet = Record<string, Profile>;

/** Where a profile's keys came from, so errors can name the file and line. */
export interface ProfileOrigin {
  file: string;
  line: number;
}

export interface AwsConfigFiles {
  configFile: string;
  credentialsFile: string;
  /** Profile selected by --profile, else AWS_PROFILE, else "default". */
  profile: string;
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
  /** First section header of each profile, config file first (for error messages). */
  origins: Record<string, ProfileOrigin>;
}
