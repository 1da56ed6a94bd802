import type { Readable, Writable } from 'node:stream';
import { loadAwsFiles } from './loadAwsFiles';
import { planCredentialChain } from '../plan/planCredentialChain';
import type { CredentialChain } from '../plan/types';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import type { SecretAsker } from '../prompts/secretInput';
import type { AwsConfigFiles, ProfileSet } from '../config/types';
import { selectedProfile } from '../config/selectedProfile';
import { ToolError } from '../errors';
import { cachedCredentials } from '../cache/cachedCredentials';
import { type CacheScope, findProjectRoot } from '../cache/projectScope';
import { ProjectCacheStore } from '../cache/projectCacheStore';
import { planDigest } from '../cache/planDigest';
import { withAccountId } from './accountId';
import { homeDirectory } from '../config/fileLocations';
import type { TemporaryCredentials } from '../credentials';

/**
 * Getting new credentials (STS, prompts, MFA sessions, the SDK's providers) loads only on a cache miss: a warm
 * `credentials` run, several per Amplify command, loads just the files, the plan and the cache.
 */
const coldPath = () => ({
  ...(require('./executeChain') as typeof import('./executeChain')),
  ...(require('../prompts') as typeof import('../prompts')),
  ...(require('./mfaSession') as typeof import('./mfaSession')),
  ...(require('./sessionName') as typeof import('./sessionName')),
  ...(require('../vault') as typeof import('../vault')),
});

export const DEFAULT_MIN_TTL_SECONDS = 900;

export interface ResolveRequest {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --profile; else AWS_PROFILE; else "default". */
  profile?: string;
  /**
   * The shared files as the caller already read them in this call (loadAwsFiles, with the vault's lookup), so they are
   * not read and parsed again; `profile` still chooses the profile. Default: read here.
   */
  files?: AwsConfigFiles;
  /** --project DIR; else the Amplify project found from cwd; else a scope of its own. */
  project?: string;
  /** The cache scope itself, unchecked: inside the Amplify CLI during `amplify init`, before amplify/ exists. */
  scope?: CacheScope;
  mfaCode?: string;
  /** Cached credentials are used only while more than this is left (default 900 s, as the AWS CLI). */
  minTtlSeconds?: number;
  noCache?: boolean;
  /** true: use an MFA session for role profiles with mfa_serial; false: never; undefined: as mfa_session_duration says. */
  mfaSession?: boolean;
  now?: () => Date;
  /** Where prompts and warnings go. */
  stdin: Readable;
  stderr: Writable;
  /** Injected for tests; otherwise chosen from the flags and the terminal. */
  mfa?: MfaCodeProvider;
  /** How the vault passphrase is asked (inside the Amplify CLI: with its spinners held back); default the terminal. */
  secrets?: SecretAsker;
}

export interface ResolveResult {
  profile: string;
  credentials: TemporaryCredentials;
  roleArn?: string;
  fromCache: boolean;
  scope: CacheScope;
  plan: CredentialChain;
  /** The profile's region (for later calls such as GetCallerIdentity). */
  region?: string;
}

/** files -> profiles -> plan -> (cache | execute) -> credentials. */
export async function resolveProfileCredentials(request: ResolveRequest): Promise<ResolveResult> {
  const now = request.now ?? (() => new Date());
  const files = request.files ?? loadAwsFiles({ env: request.env, profile: request.profile });
  // Files handed down were read for the caller's selection, not necessarily this one.
  const profile = selectedProfile(request.env, request.profile);
  const home = homeDirectory(request.env);
  const plan = planCredentialChain(files.profiles, profile, {
    origins: files.origins,
    ssoSessions: files.ssoSessions,
    files,
    vault: files.vault,
  });
  const { roleArn, region, planDigest } = cacheIdentity(files.profiles, plan);
  const scope = request.scope ?? findProjectRoot(request.cwd, request.project);
  const warn = (message: string) => request.stderr.write(`Warning: ${message}\n`);
  const notify = (message: string) => request.stderr.write(`${message}\n`);
  const store = new ProjectCacheStore({ home, warn, now });
  // `why`: the cache's reason for a prompt the person would not expect, said with the first one.
  const execute = ({ why }: { why?: string } = {}) => {
    const { executeChain, chooseMfaCodeProvider, sayingFirst, vaultKeyReader, projectNameOf } = coldPath();
    const mfa =
      request.mfa ?? chooseMfaCodeProvider({ mfaCode: request.mfaCode, env: request.env, stdin: request.stdin, stderr: request.stderr });
    return executeChain(plan, {
      profiles: files.profiles,
      files,
      env: request.env,
      now,
      mfa: why ? sayingFirst(mfa, why, notify) : mfa,
      mfaSession: { store, warn, notify, durationFor: (profile) => mfaSessionDuration(files.profiles, profile, request.mfaSession) },
      warn,
      vaultKeys: vaultKeyReader({ home, env: request.env, stdin: request.stdin, stderr: request.stderr, asker: request.secrets }),
      project: scope.kind === 'project' ? projectNameOf(scope.root) : undefined,
      lockFileFor: (key) => {
        store.ensureFolder();
        return store.resolveLockFile(key);
      },
    });
  };
  // (Tested inline: plan/types' isLongTermKeysBase would be one more module on the warm path.)
  if (('static' in plan.chain[0] || 'vault' in plan.chain[0]) && plan.chain.length === 1) {
    // Long-term keys (in the files or the vault): nothing to cache, nothing to refresh, and never a plain-text copy.
    return { profile, credentials: withAccountId(await execute(), files.profiles, profile), fromCache: false, scope, plan, region };
  }
  const result = await cachedCredentials(
    store,
    {
      scope,
      profile,
      roleArn,
      planDigest,
      minTtlSeconds: request.minTtlSeconds ?? DEFAULT_MIN_TTL_SECONDS,
      now,
      noCache: request.noCache,
      notify,
    },
    execute,
  );
  return {
    profile,
    credentials: withAccountId(result.credentials, files.profiles, profile),
    roleArn,
    fromCache: result.fromCache,
    scope,
    plan,
    region,
  };
}

/**
 * What a cache entry of this plan is tied to: the role it ends with (for display), the profile's region, and the
 * digest of the whole plan plus region (an entry obtained with another plan is not used).
 */
export function cacheIdentity(profiles: ProfileSet, plan: CredentialChain): { roleArn?: string; region?: string; planDigest: string } {
  const last = plan.chain[plan.chain.length - 1];
  const roleArn = plan.chain.length > 1 ? (last as { assumeRole: { roleArn: string } }).assumeRole.roleArn : undefined;
  const region = typeof profiles[plan.profile]?.region === 'string' ? profiles[plan.profile].region : undefined;
  return { roleArn, region, planDigest: planDigest({ plan, region }) };
}

/** mfa_session_duration in the profile (0 turns it off), else the --mfa-session flag's default, else off. */
export function mfaSessionDuration(profiles: ProfileSet, profile: string, flag: boolean | undefined): number | undefined {
  if (flag === false) return undefined;
  const configured = profiles[profile]?.mfa_session_duration;
  if (configured !== undefined && configured !== '') {
    if (!/^\d+$/.test(configured) || (Number(configured) !== 0 && (Number(configured) < 900 || Number(configured) > 129600))) {
      throw new ToolError(
        'InvalidMfaSessionDuration',
        `Profile "${profile}" has mfa_session_duration = ${configured}; it must be 0 (off) or a whole number of seconds from 900 to 129600 (36 hours).`,
      );
    }
    return Number(configured) === 0 ? undefined : Number(configured);
  }
  return flag ? coldPath().DEFAULT_MFA_SESSION_SECONDS : undefined;
}
