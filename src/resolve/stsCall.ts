import type { TemporaryCredentials } from '../cache/types';
import { ToolError } from '../errors';
import { MAX_MFA_ATTEMPTS, type MfaCodeProvider } from '../prompts/mfaCode';
import { createStsClient, describeEndpoint, sendWithinDeadline, type StsTarget } from './stsClient';
import { type StsCallContext, stsErrorToToolError } from './stsErrors';

type StsClient = ReturnType<typeof createStsClient>;

interface StsCredentialsShape {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/**
 * What STS must answer: all four fields, a real expiration. Anything else (an HTML page with status 200, an empty
 * result) is not an STS answer, and nothing of it may be cached.
 */
function completeCredentials(c: StsCredentialsShape | undefined, endpoint: string, what: string): TemporaryCredentials {
  const expiration = c?.Expiration ? new Date(c.Expiration) : undefined;
  if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !expiration || Number.isNaN(expiration.getTime())) {
    throw new ToolError('StsMalformedResponse', `The STS endpoint ${endpoint} answered ${what} without complete credentials.`, {
      resolution: 'Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL and any proxy in between; the answer was not an STS response.',
    });
  }
  return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration };
}

/**
 * One STS call that returns credentials, signed with `source`: asks for the MFA code just before the call when a
 * device is involved, asks again (up to MAX_MFA_ATTEMPTS) when STS rejects a code and a person is there to answer,
 * and turns every failure into one sentence.
 */
export async function stsCredentialsCall(
  options: { target: StsTarget; source: TemporaryCredentials; mfa: MfaCodeProvider; mfaSerial?: string; context: StsCallContext; what: string },
  send: (client: StsClient, tokenCode: string | undefined, signal: AbortSignal) => Promise<{ Credentials?: StsCredentialsShape }>,
): Promise<TemporaryCredentials> {
  const client = createStsClient(options.target, options.source);
  const { profile, roleArn } = options.context;
  let reason: string | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const tokenCode = options.mfaSerial ? await options.mfa({ profile, roleArn, mfaSerial: options.mfaSerial, attempt, reason }) : undefined;
      try {
        const answer = await sendWithinDeadline(client, options.target, options.context.action, (signal) => send(client, tokenCode, signal));
        return completeCredentials(answer?.Credentials, describeEndpoint(options.target), options.what);
      } catch (error) {
        const mapped = stsErrorToToolError(error, options.context);
        if (mapped.code === 'InvalidMfaCode' && options.mfa.interactive && attempt < MAX_MFA_ATTEMPTS) {
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
