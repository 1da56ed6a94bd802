import type { TemporaryCredentials } from '../cache/types';
import type { AssumeRoleStep } from '../plan/types';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import { generatedSessionName } from './sessionName';
import { stsCredentialsCall } from './stsCall';
import { describeEndpoint, loadSts, type StsTarget } from './stsClient';

export interface AssumeRoleContext {
  target: StsTarget;
  mfa: MfaCodeProvider;
  now: () => Date;
  /** Profile whose credentials sign this call, for messages. */
  sourceProfile: string;
  /** This AssumeRole stands in for an MFA session the role refused: the code must be a new one. */
  afterRefusedMfaSession?: boolean;
}

/**
 * One hop: AssumeRole signed with the previous hop's credentials. With an MFA device, the code is asked just
 * before the call, and asked again (up to MAX_MFA_ATTEMPTS) when STS rejects it and a person is there to answer.
 */
export async function assumeRole(step: AssumeRoleStep, source: TemporaryCredentials, context: AssumeRoleContext): Promise<TemporaryCredentials & { roleArn: string }> {
  const { profile, roleArn, sessionName, externalId, mfaSerial, durationSeconds } = step.assumeRole;
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
  };
  const credentials = await stsCredentialsCall(
    { target: context.target, source, mfa: context.mfa, mfaSerial, context: callContext, what: `the request to assume ${roleArn}`, afterRefusedMfaSession: context.afterRefusedMfaSession },
    (client, tokenCode, abortSignal) =>
      client.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionName ?? generatedSessionName(context.now()),
          ...(externalId !== undefined ? { ExternalId: externalId } : {}),
          ...(mfaSerial ? { SerialNumber: mfaSerial, TokenCode: tokenCode } : {}),
          ...(durationSeconds !== undefined ? { DurationSeconds: durationSeconds } : {}),
        }),
        { abortSignal },
      ),
  );
  return { ...credentials, roleArn };
}
