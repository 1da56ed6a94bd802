import type { VaultLookup } from '../plan/planContext';
import type { Readable, Writable } from 'node:stream';
import type { AwsConfigFiles } from '../config/types';
import type { ToolError } from '../errors';

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'skip';

/** One line of the report. `fix` says what to change; it is given for failures and warnings. */
export interface CheckResult {
  id: string;
  status: CheckStatus;
  message: string;
  fix?: string;
}

export type CheckOutcome = Omit<CheckResult, 'id'>;

export interface DoctorReport {
  profile: string;
  /** False when any check failed; warnings and skipped checks do not count. */
  ok: boolean;
  checks: CheckResult[];
}

export interface DoctorRequest {
  env: NodeJS.ProcessEnv;
  cwd: string;
  profile?: string;
  project?: string;
  /** Who chose the profile (the command line's chooseProfile); without it, --profile, else AWS_PROFILE, else "default". */
  chosenBy?: DoctorFacts['profileChosenBy'];
  /** The Amplify environment whose profile it is, when the project chose. */
  environment?: string;
  /** The bridge of ours that environment selects, when it selects one. */
  bridge?: string;
  /** Why the project's files could not say its environment's profile (the profile is then AWS_PROFILE's, or "default"). */
  projectError?: ToolError;
  mfaCode?: string;
  /** --fresh: assume the role anew even when fresh credentials are cached. */
  fresh?: boolean;
  /** --verbose: the libraries' own reasons too (why no OS keychain answers). */
  verbose?: boolean;
  /** Where the MFA prompt (and the resolver's warnings) go. */
  stdin: Readable;
  stderr: Writable;
}

/** One shared file as found on disk, before it is parsed. */
export interface FileFacts {
  path: string;
  /** The environment variable that chose the path, when one did. */
  chosenBy?: 'AWS_CONFIG_FILE' | 'AWS_SHARED_CREDENTIALS_FILE';
  exists: boolean;
  isFile: boolean;
  /** Permission bits (0o777 mask); undefined when absent or on Windows, where they mean nothing. */
  mode?: number;
  /** The config file holds an aws_secret_access_key (then its mode matters too). */
  holdsSecrets: boolean;
  /** Our backup copies of the file (`<file>.bak-<time>`) that hold an aws_secret_access_key. */
  /** Our backups, temp files of writes that crashed and editors' copies of the file that hold a secret key. */
  backupsWithSecrets?: string[];
}

/** Everything the offline checks look at, gathered once (the only file reads besides the cache check). */
export interface DoctorFacts {
  env: NodeJS.ProcessEnv;
  profile: string;
  profileChosenBy: '--profile' | 'project' | 'AWS_PROFILE' | 'default';
  /** The Amplify environment whose profile it is, when profileChosenBy is "project". */
  environment?: string;
  configFile: FileFacts;
  credentialsFile: FileFacts;
  /** The merged profiles; undefined when a file could not be read or parsed. */
  files?: AwsConfigFiles;
  /** Why the files could not be loaded, and which of the two is at fault. */
  loadError?: { error: ToolError; file: 'config' | 'credentials' };
  /** Which profiles keep their keys in the vault (read on demand). */
  vault?: VaultLookup;
}

/** A check: what it needs to have passed, and how it decides. Offline checks are pure functions of the facts. */
export interface Check<Context> {
  id: string;
  /** Checks that must not have failed (or been skipped because of a failure) for this one to run. */
  needs: string[];
  /** It calls STS: the runner runs it after every offline check, so those lines are printed before any prompt. */
  online?: boolean;
  /** `earlier`: the results so far (a check that would ask for an MFA code does not when one of them failed). */
  run(context: Context, earlier: readonly CheckResult[]): CheckOutcome | Promise<CheckOutcome>;
}

/** Told each line as soon as it is known: `doctor` prints as it goes. */
export interface DoctorProgress {
  start(profile: string, facts: DoctorFacts): void;
  result(result: CheckResult): void;
}

/** The collaborators that reach the network or the cache, injected so tests can swap them. */
export interface DoctorServices {
  callerIdentity: typeof import('../resolve/callerIdentity').callerIdentity;
  resolveProfileCredentials: typeof import('../resolve').resolveProfileCredentials;
  cacheStore(warn: (message: string) => void): Pick<import('../cache').ProjectCacheStore, 'get'>;
  /** The Amplify apps of the credentials' account, and the first with a backend environment (gen1AppCheck). */
  gen1Apps: typeof import('../amplify/gen1Customer').listGen1Apps;
  now: () => Date;
}

export interface DoctorContext {
  facts: DoctorFacts;
  request: DoctorRequest;
  /** The Amplify project whose cache entry is checked (found before any check runs). */
  scope: import('../cache').CacheScope;
  services: DoctorServices;
  /** When this run began. */
  startedAt: Date;
}
