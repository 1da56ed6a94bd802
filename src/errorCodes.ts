/**
 * Every error code the tool reports: ToolError's `code`, printed by `--json` as `{"error": {"code": ...}}` and thrown by
 * the in-process API (src/provider.ts) as CredentialError's `code`. Scripts act on a code, so the list is closed: a
 * raiser names one of these or the build fails. Each value is the code's one-line meaning; docs/errors.md repeats it
 * with what to do (test/unit/errorCodes.test.ts keeps the two equal).
 *
 * Adding a code: put it in the section it belongs to (or a new section at the end), with the same line in that section
 * of docs/errors.md. A code is a category a script can branch on; the sentence says the rest, so reuse a code that
 * means the same before adding one.
 */
export const ERROR_CODES = {
  // Command line and arguments
  InvalidArguments:
    'the command line is wrong: an unknown or malformed option, a missing value, or a combination that cannot work (exit 2)',
  UnknownCommand: 'no such command (exit 2); the sentence suggests the closest one',
  ConsentRequired: 'writing a bridge profile needs consent and there is no terminal to ask (exit 2)',
  ProfileRequired: 'no profile was given and there is no terminal to ask (exit 2)',
  UnexpectedError: 'a failure the tool did not foresee; the sentence carries the underlying message',

  // Shared files: ~/.aws/config and ~/.aws/credentials
  NoHomeDirectory: 'the account has no home directory, so ~/.aws and the cache have no place',
  ConfigFileUnreadable: 'the config or credentials file could not be read (permissions, not a regular file, I/O error)',
  ConfigParseError:
    'the config or credentials file has a line that is not a section, a property or a comment; the sentence names file and line',
  ConfigFolderUnavailable: 'the folder of the config or credentials file could not be created',
  ConfigLinkLoop: 'the config or credentials file is a chain of too many symbolic links (a loop)',
  ConfigBackupFailed: 'the backup copy kept before an edit could not be written; the file was not changed',
  ConfigWriteFailed: 'the config or credentials file could not be written; it was left as it was',
  KeysFileNotOurs: 'as root, the credentials file to write keys into belongs to another user, who could read them',
  ProfileDefinedTwice: 'the file defines the same profile section more than once, so an edit would be ambiguous',
  ProfileExists: 'a different profile of that name, not written by amplify-aws-roles, is already there',
  ProfileNotOurs: 'the section to remove was not written by amplify-aws-roles',
  ProfileWriteCheckFailed: 'the edited file would not read back as written; nothing was changed',
  InvalidProfileName: 'a profile name that cannot be written as a section header',
  InvalidProfileKey: 'a property name that cannot be written',
  InvalidProfileValue: 'a property value that would not read back as written (empty, multi-line, blanks at the ends, ` #` or ` ;`)',

  // Profiles and the plan (no network)
  ProfileNotFound: 'the named profile is in neither shared file; the sentence suggests the closest name',
  SourceProfileNotFound: "a profile's `source_profile` names a profile that does not exist",
  SourceProfileNoCredentials: 'the source profile exists but has no credentials of any kind',
  ConflictingSource: 'a role profile has both `source_profile` and `credential_source`',
  MissingRoleSource: 'a profile has `role_arn` but no `source_profile` or `credential_source`',
  MissingRoleArn: 'a profile has `credential_source` but no `role_arn`',
  MissingWebIdentityRoleArn: 'a profile has `web_identity_token_file` but no `role_arn`',
  InvalidCredentialSource: '`credential_source` is not Environment, Ec2InstanceMetadata or EcsContainer',
  NoCredentials: 'a profile has no credentials of any kind',
  PartialCredentials: 'a profile has one half of a key pair (or a session token without keys)',
  SelfSourceWithoutKeys: 'a profile names itself as `source_profile` but has no keys of its own',
  ProfileCycle: 'the `source_profile` chain loops',
  InvalidDuration: '`duration_seconds` is not a whole number from 900 to 43200',
  InvalidMfaSessionDuration: '`mfa_session_duration` is not 0 or a whole number from 900 to 129600',
  InvalidSourceIdentity: '`source_identity` is not 2 to 64 of letters, digits and `_+=,.@-`',
  InvalidAccountId: '`aws_account_id` is not 12 digits',
  IncompleteSso: 'an SSO profile lacks settings (start URL, region, account, role)',
  SsoSessionNotFound: '`sso_session` names a missing `[sso-session NAME]` section',
  SsoSessionConflict: 'a profile sets an SSO value that differs from its `[sso-session]` section',
  NoProfiles: 'the shared files hold no usable profile',
  ProfileIncomplete: 'the chosen profile cannot be used yet; the sentence says what it lacks',

  // Base credentials (before any role)
  BaseCredentialsFailed: 'the source of the first credentials (SSO, web identity, instance or container metadata, environment) failed',
  BaseCredentialsTimeout: 'that source did not answer in time',
  BaseCredentialsUnreachable: "that source's endpoint could not be reached",
  CredentialProcessFailed: "a profile's `credential_process` could not start or exited with an error",
  CredentialProcessInvalidOutput: 'a `credential_process` printed something that is not the expected JSON',
  LoginSessionMissing: 'a profile signs in with `aws login`, but this machine has no session for it',
  LoginSessionUnusable: 'the `aws login` session file cannot be used (unreadable, damaged)',
  LoginSessionExpired: 'the `aws login` session can no longer be refreshed',
  VaultUnavailable: 'the profile keeps its keys in the vault, which this caller (the in-process API) cannot open',

  // STS
  AccessDenied: 'STS refused to let the source assume the role',
  InvalidSourceCredentials: 'STS or IAM rejected the source keys',
  ExpiredSourceCredentials: 'the source credentials have expired',
  UnknownRole: 'the role in `role_arn` does not exist',
  InvalidMfaCode: 'STS rejected the MFA code',
  MfaCodeAlreadyUsed: 'STS already accepted this MFA code once; a fresh one is needed',
  InvalidStsRequest: "STS refused the request's parameters",
  ChainedSessionTooLong: 'a role assumed with temporary credentials (chaining) asked for more than an hour',
  DurationAboveRoleMaximum: "`duration_seconds` is above the role's maximum session duration",
  StsThrottled: 'STS kept throttling after retries',
  StsRegionDisabled: 'STS is not activated in the region used',
  StsUnreachable: 'the STS endpoint could not be reached',
  StsTimeout: 'STS did not answer in time',
  InvalidStsTimeout: '`AMPLIFY_AWS_ROLES_STS_TIMEOUT` is not a number of seconds from 0 to 3600',
  StsMalformedResponse: 'the STS endpoint answered with something that is not an STS response',
  StsError: "any other STS error; the sentence carries AWS's code and message",

  // MFA
  MfaCodeRequired: 'an MFA code is needed and there is no terminal to ask',
  InvalidMfaCodeFormat: 'the MFA code given is not 6 digits (exit 2)',
  MfaCodeNeededMidOperation: 'credentials ran out during a long operation and renewing them needs a new MFA code where none can be asked',
  PromptCancelled: 'a person cancelled one of our prompts (Ctrl-C, Ctrl-D); the sentence names the prompt; nothing was changed (exit 130)',

  // Credentials cache
  CacheFolderUnavailable: 'the cache folder could not be created, inspected or made private',
  CacheFolderIsSymlink: 'the cache folder is a symbolic link',
  CacheFolderInvalid: "the cache folder's path is not a folder",
  CacheFolderNotOwned: 'the cache folder belongs to another user',
  CacheFileIsSymlink: 'a cache file is a symbolic link',
  CacheFileInvalid: 'a cache file is not a regular file',
  CacheFileNotOwned: 'a cache file belongs to another user',
  CacheFileUnavailable: 'a cache file could not be made private (chmod 600)',
  CacheFileUnusable: 'a damaged cache file could not be moved aside',
  CacheFileBusy: 'the cache file kept changing while we wrote it',
  CacheWriteFailed: 'the cache file could not be written',
  NotTemporaryCredentials: 'only temporary credentials are cached; long-term keys never are',
  NotAnAmplifyProject: 'the folder (or `--project`) is not an Amplify Gen 1 project',

  // Locks and atomic writes (every file we write)
  LockTimeout: "another amplify-aws-roles process held the file's lock too long",
  LockFailed: 'the lock file could not be created',
  LockFileInvalid: "a file at the lock's path is not a lock we made",
  FileOwnerNotKept: 'a file of another user could not keep its owner when rewritten; it was left as it was',
  TargetNotRegularFile: 'refusing to write through something that is not a regular file (FIFO, device, folder)',
  TargetUnusable: 'the file to write could not be inspected first',

  // The vault and the keychain
  VaultFolderUnavailable: 'the vault folder could not be created, inspected or made private',
  VaultFolderIsSymlink: 'the vault folder is a symbolic link',
  VaultFolderInvalid: "the vault folder's path is not a folder",
  VaultFolderNotOwned: 'the vault folder belongs to another user',
  VaultRecordNotFound: 'the vault has no keys for that profile',
  VaultRecordExists: 'the vault already holds keys for that profile',
  VaultRecordChanged: 'another process changed the vault record while this command ran',
  VaultRecordDamaged: 'a vault record cannot be decrypted or parsed',
  VaultRecordInvalid: 'a vault record is not a regular file of ours',
  VaultUnreadable: 'a vault record could not be read',
  VaultWriteFailed: 'a vault record could not be written',
  VaultPassphraseRequired: "the vault file's passphrase is needed and there is no terminal",
  VaultPassphraseWrong: 'the passphrase does not open the record (wrong, or the record was altered)',
  VaultPassphraseMismatch: 'the two passphrases typed differ (exit 2)',
  VaultPassphraseDiffers: "the passphrase does not open the vault's other records",
  InvalidVaultBackend: 'the vault backend is not keychain, file or auto (exit 2)',
  KeychainUnavailable: 'the OS keychain refused or is missing',
  KeychainLocked: 'the OS keychain is locked',
  KeychainEntryExists: 'the keychain already has an entry for the profile that no vault record names',
  KeychainEntryChanged: 'the keychain entry holds another key than the vault record names',
  KeychainEntryAhead:
    'a rotation stored the new key in the keychain but not in the vault record, and the keychain refused the old entry back: both keys are live',
  InvalidAccessKeyId: 'the access key id given is not one (exit 2)',
  InvalidSecretAccessKey: 'the secret access key given is empty or has blanks (exit 2)',

  // Keys: add, move, export, rotate
  KeysInputRequired: 'there is no terminal to ask for the keys',
  KeysAlreadyInFiles: 'the profile already has keys in the shared files (exit 2)',
  ProfileHasSeveralKeys: 'the profile has more than one key in the shared files; nothing was stored (exit 2)',
  KeysChangedMeanwhile:
    'the keys are in the vault now, but the shared files were changed meanwhile and still hold another key for the profile',
  NoKeysInFiles: 'the profile has no keys in the shared files to move (exit 2)',
  NotLongTermKeys: 'the profile holds temporary keys; only long-term keys go to the vault (exit 2)',
  VaultHoldsOtherKeys: 'the vault already holds different keys for the profile (exit 2)',
  VaultReadBackFailed: 'the vault did not give back the keys just stored; they stay in the files',
  ExportNotReadBack: 'keys written to the credentials file did not read back; the vault record was kept',
  RotationNotForThisKey: "the profile's keys are not an IAM user's access key",
  RotationCreateFailed: 'IAM did not create the new key (a user has at most two)',
  RotationFailed: 'rotation failed; the sentence says which key is live and what was cleaned up',
  RotationOldKeyKept: 'the new key is stored and live, but the old key could not be deleted',

  // IAM and setup-role
  IamAccessDenied: 'IAM refused the action',
  IamUnreachable: 'the IAM endpoint could not be reached',
  IamRejectedPolicy: 'IAM rejected a policy document',
  IamLimitExceeded: 'an IAM account quota was reached',
  IamError: "any other IAM error; the sentence carries AWS's code",
  RoleExists: 'the role exists with a different trust policy; it is not changed',
  PolicyExists: 'the policy exists with a different document',
  UnknownUser: "`--dev-user` does not exist in Dev Corp's account",
  UnexpectedRoleArn: 'IAM created the role under another account than `--biz-account`',
  UnexpectedPolicyArn: 'IAM created the policy under another account than `--dev-account`',
  UnknownCategory: '`--categories` names an Amplify category that does not exist',
  OutputUnwritable: 'the setup files could not be written to `--out`',
  OutputFolderShared: 'the `--out` folder of setup-role belongs to another user or others may write in it; nothing was written',

  // The Amplify project and the bridge
  AmplifyFileInvalid:
    'an Amplify project file (amplify/.config, team-provider-info.json, backend-config.json) is empty or not the JSON expected',
  ProjectFileNotRegular: 'an Amplify project file is a pipe, device or folder (or a link to one), e.g. from a cloned repository',
  ProjectFileUnreadable: 'an Amplify project file could not be read, or is larger than 8 MiB',
  AmplifyFileWriteFailed: 'an Amplify project file could not be written; it was left as it was',
  NoAmplifyEnvironment: 'the project has no current environment',
  NoAmplifyApp: 'the environment has no Amplify app id',
  NoAmplifyRegion: 'neither the environment nor the profile names a region',
  ProjectProfileUnknown: 'the profile the project records cannot be found',
  BridgeDeclined: 'the Amplify CLI cannot use the profile without the bridge, which was declined',
  BridgeOfAnotherFolder: "the bridge name is taken by another project folder's bridge",
  BridgeOfAnotherProfile: "the bridge name is taken by another profile's bridge",
  RegionMissing: 'the profile has no region and the project recorded none',
  ProjectPathInexpressible: "the project folder's path cannot be written in a `credential_process` line",
  NodeNotFound: '`node` is not on PATH for the bridge',
  PackageNotFound: 'the amplify-aws-roles package folder could not be found',
  CommandLineNotBuilt: 'the package has no built command line',
  BuiltInProviderMissing: "the Amplify CLI's own provider could not be found",

  // exec and the credential server
  NestedExec: 'exec inside exec would mix two roles',
  ServerNeedsTemporaryCredentials: '`exec --server` needs temporary credentials; the profile gives long-term keys (exit 2)',
  ProgramNotFound: 'the program to run was not found on PATH (exit 127)',
  ProgramNotExecutable: 'the program to run is not executable (exit 126)',
  ProgramFailedToStart: 'the program to run could not be started (exit 126)',
  Forbidden: '(credential server, HTTP 403) the request lacked the token given to the child',
  MethodNotAllowed: '(credential server, HTTP 405) a request other than GET',

  // Console sign-in
  ConsoleNeedsTemporaryCredentials: "console sign-in needs a role's temporary credentials",
  UnknownPartition: 'the role is in an AWS partition whose console amplify-aws-roles does not know (exit 2)',
  InvalidRegion: 'the region is not an AWS region name (exit 2)',
  InvalidAmplifyAppId: 'the Amplify app id is not letters and digits (exit 2)',
  InvalidFederationEndpoint: 'the federation endpoint override is not a usable URL (exit 2)',
  FederationUnreachable: 'the AWS federation endpoint could not be reached',
  FederationTimeout: 'the federation endpoint did not answer in time',
  SigninTokenRefused: 'the federation endpoint gave no sign-in token',
  BrowserNotOpened: 'no browser could be opened',
} as const;

/** One of the codes above: ToolError, ChainPlanError and replaceFileAtomically take nothing else. */
export type ErrorCode = keyof typeof ERROR_CODES;
