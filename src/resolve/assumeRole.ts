import type { TemporaryCredentials } from '../cache/types';
import { ToolError } from '../errors';
import type { AssumeRoleStep } from '../plan/types';
import { MAX_MFA_ATTEMPTS, type MfaCodeProvider } from '../prompts/mfaCode';
import { generatedSessionName } from './sessionName';
import { createStsClient, describeEndpoint, loadSts, type StsTarget } from './stsClient';
import { stsErrorToToolError } from './stsErrors';

export interface AssumeRoleContext {
  target: StsTarget;
  mfa: MfaCodeProvider;
  now: () => Date;
  /** Profile whose credentials sign this call, for messages. */
  sourceProfile: string;
}

/**
 * One hop: AssumeRole signed with the previous hop's credentials. With an MFA device, the code is asked just
 * before the call, and asked again (up to MAX_MFA_ATTEMPTS) when STS rejects it and a person is there to answer.
 */
export async function assumeRole(step: AssumeRoleStep, source: TemporaryCredentials, context: AssumeRoleContext): Promise<TemporaryCredentials & { roleArn: string }> {
  const { profile, roleArn, sessionName, externalId, mfaSerial, durationSeconds } = step.assumeRole;
  const { AssumeRoleCommand } = loadSts();
  const client = createStsClient(context.target, source);
  const callContext = {
    action: `assume ${roleArn} for profile "${profile}"`,
    profile,
    roleArn,
    sourceProfile: context.sourceProfile,
    endpoint: describeEndpoint(context.target),
    externalId: externalId !== undefined,
    mfa: mfaSerial !== undefined,
  };
  let reason: string | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const tokenCode = mfaSerial ? await context.mfa({ profile, roleArn, mfaSerial, attempt, reason }) : undefined;
      try {
        const response = await client.send(
          new AssumeRoleCommand({
            RoleArn: roleArn,
            RoleSessionName: sessionName ?? generatedSessionName(context.now()),
            ...(externalId !== undefined ? { ExternalId: externalId } : {}),
            ...(mfaSerial ? { SerialNumber: mfaSerial, TokenCode: tokenCode } : {}),
            ...(durationSeconds !== undefined ? { DurationSeconds: durationSeconds } : {}),
          }),
        );
        const c = response.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
          throw new ToolError('StsMalformedResponse', `STS answered the request to assume ${roleArn} without complete credentials.`);
        }
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration), roleArn };
      } catch (error) {
        const mapped = stsErrorToToolError(error, callContext);
        if (mapped.code === 'InvalidMfaCode' && context.mfa.interactive && attempt < MAX_MFA_ATTEMPTS) {
          reason = `STS rejected that MFA code (attempt ${attempt} of ${MAX_MFA_ATTEMPTS}); wait for the next code.`;
          continue;
        }
        throw mapped;
      }
    }
  } finally {
    client.destroy();
  }
}
