/**
 * A property value, exactly as the cross-SDK suite expects. Sub-properties (`s3 =` followed by indented
 * `key = value` lines) stay text ("\nkey = value").
 */
export type PropertyValue = string;

/** One profile (or sso-session) as merged from the config and credentials files. Property names are lower-cased; profile names keep their case. */
export type Profile = Record<string, PropertyValue>;

export type ProfileSet = Record<string, Profile>;

/** Which of the two shared files a text came from: it decides which section headers are profiles. */
export type FileKind = 'config' | 'credentials';

/** Where a profile's section header is, so errors can name the file and line. */
export interface ProfileOrigin {
  file: string;
  line: number;
}

/** The names one file defined (for `config` output and "not found" hints). */
export interface FileNames {
  /** False when the file does not exist (it then counts as empty). */
  exists: boolean;
  profiles: string[];
  ssoSessions: string[];
}

/** The key id a profile's vault record names, or undefined when it has none (src/vault/vaultRecord). */
export type VaultLookup = (profile: string) => { accessKeyId: string } | undefined;

export interface AwsConfigFiles {
  configFile: string;
  credentialsFile: string;
  /** Profile selected by --profile, else AWS_PROFILE, else "default". */
  profile: string;
  profiles: ProfileSet;
  ssoSessions: ProfileSet;
  /** First section header of each profile, config file first (for error messages). */
  origins: Record<string, ProfileOrigin>;
  /** What each file contributed, before merging. */
  namesByFile: Record<FileKind, FileNames>;
  /** Profiles whose long-term keys were moved to the vault: asked only about profiles without keys in the files. */
  vault?: VaultLookup;
}
