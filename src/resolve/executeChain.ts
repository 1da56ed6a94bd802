import type { ProjectCacheStore } from '../cache';
import type { ProfileSet } from '../config/types';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import { chainedDuration } from '../plan/sessionDurations';
import { type AssumeRoleStep, type ChainBase, type CredentialChain, isLongTermKeysBase } from '../plan/types';
import { assumeRole } from './assumeRole';
import { loginCredentials } from './bases/loginSession';
import { credentialSourceCredentials, ssoCredentials, webIdentityCredentials } from './bases/sdkProviders';
import { processCredentials } from './bases/processCredentials';
import { staticCredentials } from './bases/staticKeys';
import { vaultCredentials, type VaultKeyReader } from './bases/vaultKeys';
import { mfaSessionCredentials } from './mfaSession';
import { defaultSessionName, sourceUserOf } from './sessionName';
import { stsTarget } from './stsClient';
import type { TemporaryCredentials } from '../credentials';
import type { ErrorCode } from '../errorCodes';

export interface ExecutionContext {
  profiles: ProfileSet;
  files: { configFile: string; credentialsFile: string };
  env: NodeJS.ProcessEnv;
  mfa: MfaCodeProvider;
  now: () => Date;
  /** MFA sessions: how long a session should last for a role profile (undefined: not used for it). */
  mfaSession?: {
    store: ProjectCacheStore;
    durationFor(profile: string): number | undefined;
    warn(message: string): void;
    notify?: (message: string) => void;
  };
  /** Opens the vault for profiles whose keys are kept there. */
  vaultKeys?: VaultKeyReader;
  /** Where a warning goes (stderr); the chained-session cap is said once per profile in a process. */
  warn?(message: string): void;
  /** A lock file for a key, for work two of our processes must not do at once (refreshing an aws login session). */
  lockFileFor?: (key: string) => string;
  /** The Amplify project's name, for the default RoleSessionName (user@project). */
  project?: string;
}

export function baseProfile(base: ChainBase): string {
  return (Object.values(base) as { profile: string }[])[0].profile;
}

async function baseCredentials(
  base: ChainBase,
  context: ExecutionContext,
  planProfile: string,
  sessionName: string,
): Promise<TemporaryCredentials> {
  if ('static' in base) return staticCredentials(base, context.profiles);
  if ('vault' in base) return vaultCredentials(base, context.vaultKeys);
  if ('process' in base) return processCredentials(base, { env: context.env, now: context.now });
  if ('credentialSource' in base) return credentialSourceCredentials(base, context.env);
  if ('sso' in base) return ssoCredentials(base, context.files, context.env);
  if ('login' in base) {
    return loginCredentials(base, {
      files: context.files,
      env: context.env,
      now: context.now,
      region: regionOf(context.profiles, base.login.profile, planProfile),
      lockFileFor: context.lockFileFor,
    });
  }
  return webIdentityCredentials(base, context.env, regionOf(context.profiles, base.webIdentity.profile, planProfile), sessionName);
}

function regionOf(profiles: ProfileSet, ...names: string[]): string | undefined {
  for (const name of names) {
    const region = profiles[name]?.region;
    if (typeof region === 'string' && region) return region;
  }
  return undefined;
}

/** Profiles whose capped duration this process has already told about: said once, not at every renewal. */
const toldCapped = new Set<string>();

/**
 * The hop as it may be asked of STS when `signer` holds temporary credentials (an MFA session, a previous role, an
 * SSO, web-identity or aws login base): role chaining, so at most an hour. The cap is said once in a process; through an MFA
 * session only when the session was just started with a code (renewals from a cached session stay quiet all day).
 */
function withinChainingLimit(
  step: AssumeRoleStep,
  signer: TemporaryCredentials,
  signerProfile: string,
  context: ExecutionContext,
  mfaSession?: { started: boolean },
): AssumeRoleStep {
  const throughMfaSession = mfaSession !== undefined;
  const { seconds, capped } = chainedDuration(step.assumeRole.durationSeconds, Boolean(signer.sessionToken));
  if (!capped) return step;
  const { profile, durationSeconds } = step.assumeRole;
  if (!toldCapped.has(profile) && (!mfaSession || mfaSession.started)) {
    toldCapped.add(profile);
    const why = throughMfaSession
      ? `profile "${profile}" is assumed with its MFA session, so its role credentials last ${seconds} s, not duration_seconds = ${durationSeconds}; the MFA session renews them without a new code.`
      : `profile "${profile}" is assumed with the temporary credentials of profile "${signerProfile}", so its role credentials last ${seconds} s, not duration_seconds = ${durationSeconds}.`;
    context.warn?.(`AWS limits role sessions assumed with temporary credentials (role chaining) to one hour: ${why}`);
  }
  return { assumeRole: { ...step.assumeRole, durationSeconds: seconds } };
}

/** Walks the plan: base credentials, then each AssumeRole signed with the previous hop's credentials. */
export async function executeChain(plan: CredentialChain, context: ExecutionContext): Promise<TemporaryCredentials & { roleArn?: string }> {
  const [base, ...roles] = plan.chain;
  // Computed once: every role session of the chain (and of every call for this project) gets the same name.
  const sessionName = defaultSessionName({ user: sourceUserOf(plan), project: context.project }, context.now());
  let credentials: TemporaryCredentials & { roleArn?: string } = await baseCredentials(base, context, plan.profile, sessionName);
  let signer = baseProfile(base);
  for (const [index, step] of roles.entries()) {
    const target = stsTarget(context.env, regionOf(context.profiles, step.assumeRole.profile, plan.profile));
    const hopContext = { target, mfa: context.mfa, now: context.now, sourceProfile: signer, sessionName };
    const sessionSeconds = step.assumeRole.mfaSerial ? context.mfaSession?.durationFor(step.assumeRole.profile) : undefined;
    // GetSessionToken needs an IAM user's long-term keys: only the first hop from static keys qualifies.
    if (index === 0 && sessionSeconds && isLongTermKeysBase(base) && !credentials.sessionToken) {
      credentials = await assumeRoleThroughMfaSession(step, credentials, sessionSeconds, hopContext, context);
    } else {
      credentials = await assumeRole(withinChainingLimit(step, credentials, signer, context), credentials, hopContext);
    }
    signer = step.assumeRole.profile;
  }
  return credentials;
}

async function assumeRoleThroughMfaSession(
  step: AssumeRoleStep,
  source: TemporaryCredentials,
  durationSeconds: number,
  hop: Parameters<typeof assumeRole>[2],
  context: ExecutionContext,
): Promise<TemporaryCredentials & { roleArn: string }> {
  const { profile, roleArn, mfaSerial } = step.assumeRole;
  const session = await mfaSessionCredentials(
    source,
    { profile, sourceProfile: hop.sourceProfile, mfaSerial: mfaSerial!, durationSeconds, roleArn },
    { store: context.mfaSession!.store, target: hop.target, mfa: context.mfa, now: context.now, notify: context.mfaSession!.notify },
  );
  const withoutCode: AssumeRoleStep = { assumeRole: { ...step.assumeRole, mfaSerial: undefined } };
  delete withoutCode.assumeRole.mfaSerial;
  try {
    return await assumeRole(
      withinChainingLimit(withoutCode, session, hop.sourceProfile, context, { started: !session.fromCache }),
      session,
      hop,
    );
  } catch (error) {
    if ((error as { code?: ErrorCode }).code !== 'AccessDenied') throw error;
    context.mfaSession!.warn(
      `Assuming ${roleArn} from the MFA session was denied (the trust policy may demand a more recent MFA, aws:MultiFactorAuthAge); assuming it directly with a new MFA code instead.`,
    );
    return assumeRole(step, source, { ...hop, afterRefusedMfaSession: true });
  }
}
