import type { TemporaryCredentials } from '../cache/types';
import { ToolError } from '../errors';
import { MAX_MFA_ATTEMPTS, type MfaCodeProvider } from '../prompts/mfaCode';
import { createStsClient, type StsTarget } from './stsClient';
import { type StsCallContext, stsErrorToToolError } from './stsErrors';

type StsClient = ReturnType<typeof createStsClient>;

interface StsCredentialsShape {
  AccessKeyId?: string;
  SecretAccessKey?: string;
  SessionToken?: string;
  Expiration?: Date;
}

/**
 * One STS call that returns credentials, signed with `source`: asks for the MFA code just before the call when a
 * device is involved, asks again (up to MAX_MFA_ATTEMPTS) when STS rejects a code and a person is there to answer,
 * and turns every failure into one sentence.
 */
export async function stsCredentialsCall(
  options: { target: StsTarget; source: TemporaryCredentials; mfa: MfaCodeProvider; mfaSerial?: string; context: StsCallContext; what: string },
  send: (client: StsClient, tokenCode: string | undefined) => Promise<{ Credentials?: StsCredentialsShape }>,
): Promise<TemporaryCredentials> {
  const client = createStsClient(options.target, options.source);
  const { profile, roleArn } = options.context;
  let reason: string | undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const tokenCode = options.mfaSerial ? await options.mfa({ profile, roleArn, mfaSerial: options.mfaSerial, attempt, reason }) : undefined;
      try {
        const c = (await send(client, tokenCode)).Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
          throw new ToolError('StsMalformedResponse', `STS answered ${options.what} without complete credentials.`);
        }
        return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: new Date(c.Expiration) };
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
