import type { ProjectCacheStore } from '../cache';
import { isFresh, singleFlight, toCredentials } from '../cache';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import { stsCredentialsCall } from './stsCall';
import { describeEndpoint, loadSts, type StsTarget } from './stsClient';
import type { TemporaryCredentials } from '../credentials';

/**
 * An MFA session: GetSessionToken with the MFA device, signed by the source user's long-term keys, cached per
 * source key and device. Roles are then assumed from it without another code: its credentials satisfy
 * aws:MultiFactorAuthPresent. Assuming a role with them is role chaining, so each role session lasts at most an
 * hour (executeChain caps duration_seconds); the session renews them without a code. One code per session (default
 * 12 hours) instead of one per role credential.
 */
export const DEFAULT_MFA_SESSION_SECONDS = 43200;
/** A session with less than this left is renewed before it is used. */
export const MFA_SESSION_MIN_TTL_SECONDS = 300;

export interface MfaSessionRequest {
  profile: string;
  sourceProfile: string;
  mfaSerial: string;
  durationSeconds: number;
  roleArn: string;
}

export interface MfaSessionContext {
  store: ProjectCacheStore;
  target: StsTarget;
  mfa: MfaCodeProvider;
  now: () => Date;
  /** Where to say (once) that this process waits for another one's MFA prompt. */
  notify?: (message: string) => void;
}

export function mfaSessionKey(source: TemporaryCredentials, mfaSerial: string): string {
  return `${source.accessKeyId}|${mfaSerial}`;
}

async function getSessionToken(
  source: TemporaryCredentials,
  request: MfaSessionRequest,
  context: MfaSessionContext,
): Promise<TemporaryCredentials> {
  const { GetSessionTokenCommand } = loadSts();
  const callContext = {
    action: `start an MFA session for profile "${request.sourceProfile}" (device ${request.mfaSerial})`,
    profile: request.profile,
    roleArn: request.roleArn,
    sourceProfile: request.sourceProfile,
    endpoint: describeEndpoint(context.target),
    mfa: true,
  };
  return stsCredentialsCall(
    { target: context.target, source, mfa: context.mfa, mfaSerial: request.mfaSerial, context: callContext, what: 'GetSessionToken' },
    (client, tokenCode, abortSignal) =>
      client.send(
        new GetSessionTokenCommand({ SerialNumber: request.mfaSerial, TokenCode: tokenCode, DurationSeconds: request.durationSeconds }),
        { abortSignal },
      ),
  );
}

/** The cached MFA session, or a new one (one code) when missing or nearly expired. Single flight across processes. */
export async function mfaSessionCredentials(
  source: TemporaryCredentials,
  request: MfaSessionRequest,
  context: MfaSessionContext,
): Promise<TemporaryCredentials & { fromCache: boolean }> {
  const key = mfaSessionKey(source, request.mfaSerial);
  const lookup = () => {
    const entry = context.store.getMfaSession(key);
    return entry && isFresh(entry, context.now(), MFA_SESSION_MIN_TTL_SECONDS) ? entry : undefined;
  };
  const notify = context.notify;
  const waiting = notify && {
    notify,
    message: `Waiting for another amplify-aws-roles process that is starting an MFA session for profile "${request.sourceProfile}" (device ${request.mfaSerial}); it may be asking for the MFA code in another terminal or window.`,
  };
  const outcome = await singleFlight(context.store, `mfa-session\n${key}`, { lookup, ...(waiting ? { waiting } : {}) }, async () => {
    const session = await getSessionToken(source, request, context);
    context.store.putMfaSession(key, session);
    return session;
  });
  return 'hit' in outcome ? { ...toCredentials(outcome.hit), fromCache: true } : { ...outcome.produced, fromCache: false };
}
