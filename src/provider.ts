/**
 * The in-process API, published as `amplify-aws-roles/provider` with its own type declarations: credentials for code
 * that runs in the same process, resolved and cached exactly as the `credentials` command does. Its types are declared
 * here, not borrowed from the modules behind it, so the published declarations are this one file.
 */
import type { Readable, Writable } from 'node:stream';
import { isToolError } from './errors';
import { resolveProfileCredentials as resolveRequest } from './resolve';
import { refreshingCredentialProvider as refreshingFromRequest } from './resolve/refreshingProvider';

export interface CredentialOptions {
  /** The profile; default `AWS_PROFILE` of `env`, else "default". */
  profile?: string;
  /** The Amplify project whose cache entry is used; default the project found by walking up from `cwd`. */
  project?: string;
  /** Environment that locates the AWS files, home and STS endpoint; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Default `process.cwd()`. */
  cwd?: string;
  /** Cached credentials are used only while more than this many seconds are left (default 900). */
  minTtlSeconds?: number;
  /** Ignore the cache and get new credentials (they are still cached). */
  noCache?: boolean;
  /** true: assume MFA roles through a cached MFA session; false: never; unset: as `mfa_session_duration` says. */
  mfaSession?: boolean;
  /** Where an MFA prompt reads; default `process.stdin`. */
  stdin?: Readable;
  /** Where prompts and warnings go; default `process.stderr`. */
  stderr?: Writable;
}

/** The shape the AWS SDK for JavaScript v3 takes as `credentials` (AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  /** The account the credentials act in, when known without an STS call (the SDKs use it for account-based endpoints). */
  accountId?: string;
}

export interface ResolvedCredentials {
  /** The profile that was resolved. */
  profile: string;
  credentials: AwsCredentialIdentity;
  /** The role assumed last, for role profiles. */
  roleArn?: string;
  fromCache: boolean;
  /** The Amplify project whose cache entry was used, if any. */
  projectRoot?: string;
  /** The profile's region. */
  region?: string;
}

/** What every failure of this API is: a stable `code`, one sentence, and what to do about it. */
export interface CredentialError extends Error {
  /**
   * One of the codes listed in docs/errors.md (the package's repository), e.g. `MfaCodeRequired`, `AccessDenied`. A
   * string here because this file is published on its own; inside the tool it is ErrorCode (src/errorCodes.ts).
   */
  code: string;
  resolution?: string;
}

/** Resolves the profile once: from the cache while fresh, else from STS (asking for an MFA code when needed). */
export async function resolveProfileCredentials(options: CredentialOptions & { mfaCode?: string } = {}): Promise<ResolvedCredentials> {
  const result = await resolveRequest(request(options));
  return {
    profile: result.profile,
    credentials: result.credentials,
    ...(result.roleArn ? { roleArn: result.roleArn } : {}),
    fromCache: result.fromCache,
    ...(result.scope.kind === 'project' ? { projectRoot: result.scope.root } : {}),
    ...(result.region ? { region: result.region } : {}),
  };
}

/**
 * A provider for an SDK client's `credentials`: every call resolves again, so expiring credentials are renewed from
 * the cache or the MFA session. It never prompts in the middle of an operation: when renewing would need a new MFA
 * code it fails with a CredentialError saying so.
 */
export function refreshingCredentialProvider(options: CredentialOptions = {}): () => Promise<AwsCredentialIdentity> {
  return refreshingFromRequest(request(options));
}

export function isCredentialError(value: unknown): value is CredentialError {
  return isToolError(value);
}

function request(options: CredentialOptions & { mfaCode?: string }) {
  return {
    ...options,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdin: options.stdin ?? process.stdin,
    stderr: options.stderr ?? process.stderr,
  };
}
