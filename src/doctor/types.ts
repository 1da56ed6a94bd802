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
  mfaCode?: string;
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
  backupsWithSecrets?: string[];
}

/** Everything the offline checks look at, gathered once (the only file reads besides the cache check). */
export interface DoctorFacts {
  env: NodeJS.ProcessEnv;
  profile: string;
  profileChosenBy: '--profile' | 'AWS_PROFILE' | 'default';
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
  run(context: Context): CheckOutcome | Promise<CheckOutcome>;
}

/** The collaborators that reach the network or the cache, injected so tests can swap them. */
export interface DoctorServices {
  callerIdentity: typeof import('../resolve/callerIdentity').callerIdentity;
  resolveProfileCredentials: typeof import('../resolve').resolveProfileCredentials;
  cacheStore(warn: (message: string) => void): Pick<import('../cache').ProjectCacheStore, 'get'>;
  now(): Date;
}

export interface DoctorContext {
  facts: DoctorFacts;
  request: DoctorRequest;
  /** The Amplify project whose cache entry is checked (found before any check runs). */
  scope: import('../cache').CacheScope;
  services: DoctorServices;
  /** When this run began: cache entries obtained since were obtained by it. */
  startedAt: Date;
}
