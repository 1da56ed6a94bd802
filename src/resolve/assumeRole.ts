import type { AssumeRoleStep } from '../plan/types';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import { accountIdOfArn } from './accountId';
import { stsCredentialsCall } from './stsCall';
import { describeEndpoint, loadSts, type StsTarget } from './stsClient';
import type { TemporaryCredentials } from '../credentials';

export interface AssumeRoleContext {
  target: StsTarget;
  mfa: MfaCodeProvider;
  now: () => Date;
  /** Profile whose credentials sign this call, for messages. */
  sourceProfile: string;
  /** This AssumeRole stands in for an MFA session the role refused: the code must be a new one. */
  afterRefusedMfaSession?: boolean;
  /** RoleSessionName when the profile sets no role_session_name (sessionName.ts: who and which project). */
  sessionName: string;
}

/**
 * One hop: AssumeRole signed with the previous hop's credentials. With an MFA device, the code is asked just
 * before the call, and asked again (up to MAX_MFA_ATTEMPTS) when STS rejects it and a person is there to answer.
 */
export async function assumeRole(
  step: AssumeRoleStep,
  source: TemporaryCredentials,
  context: AssumeRoleContext,
): Promise<TemporaryCredentials & { roleArn: string }> {
  // durationSeconds is already within the chained-session limit when the signer is a session (executeChain).
  const { profile, roleArn, sessionName, externalId, mfaSerial, sourceIdentity, durationSeconds } = step.assumeRole;
  const { AssumeRoleCommand } = loadSts();
  const callContext = {
    action: `assume ${roleArn} for profile "${profile}"`,
    profile,
    roleArn,
    sourceProfile: context.sourceProfile,
    endpoint: describeEndpoint(context.target),
    externalId: externalId !== undefined,
    mfa: mfaSerial !== undefined,
    durationSeconds,
    sourceIdentity: sourceIdentity !== undefined,
  };
  const credentials = await stsCredentialsCall(
    {
      target: context.target,
      source,
      mfa: context.mfa,
      mfaSerial,
      context: callContext,
      what: `the request to assume ${roleArn}`,
      afterRefusedMfaSession: context.afterRefusedMfaSession,
    },
    (client, tokenCode, abortSignal) =>
      client.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName ?? context.sessionName,
          ...(externalId !== undefined ? { ExternalId: externalId } : {}),
          ...(mfaSerial ? { SerialNumber: mfaSerial, TokenCode: tokenCode } : {}),
          ...(durationSeconds !== undefined ? { DurationSeconds: durationSeconds } : {}),
          ...(sourceIdentity !== undefined ? { SourceIdentity: sourceIdentity } : {}),
        }),
        { abortSignal },
      ),
  );
  const accountId = accountIdOfArn(roleArn);
  return { ...credentials, roleArn, ...(accountId ? { accountId } : {}) };
}
