import { ToolError } from '../errors';
import { MAX_MFA_ATTEMPTS, type MfaCodeProvider } from '../prompts/mfaCode';
import { markCodeAccepted, wasCodeAccepted } from './acceptedCodes';
import { createStsClient, describeEndpoint, sendWithinDeadline, type StsTarget } from './stsClient';
import { type StsCallContext, stsErrorToToolError } from './stsErrors';
import type { TemporaryCredentials } from '../credentials';

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
 * A code STS accepted before cannot be sent again: one sentence saying a fresh one is needed, and why. After the MFA
 * session was refused, the code that started the session is the one spent.
 */
function freshCodeNeeded(options: {
  mfa: MfaCodeProvider;
  mfaSerial?: string;
  context: StsCallContext;
  afterRefusedMfaSession?: boolean;
}): ToolError {
  const given = options.mfa.source ? `the code given by ${options.mfa.source}` : 'that code';
  const why = options.afterRefusedMfaSession
    ? `${given} started the MFA session, which the role refused, and STS accepts each code only once`
    : `STS already accepted ${given}, and it accepts each code only once`;
  return new ToolError('MfaCodeAlreadyUsed', `A fresh MFA code is needed to ${options.context.action}: ${why}.`, {
    resolution: `Run the command again with the next code from device ${options.mfaSerial} (or in a terminal, where it is asked).`,
  });
}

/**
 * One STS call that returns credentials, signed with `source`: asks for the MFA code just before the call when a
 * device is involved, asks again (up to MAX_MFA_ATTEMPTS) when STS rejects a code and a person is there to answer,
 * never sends a code STS already accepted (it accepts each once), and turns every failure into one sentence.
 * `afterRefusedMfaSession`: this call stands in for an MFA session the role refused, so the code must be a new one.
 */
export async function stsCredentialsCall(
  options: {
    target: StsTarget;
    source: TemporaryCredentials;
    mfa: MfaCodeProvider;
    mfaSerial?: string;
    context: StsCallContext;
    what: string;
    afterRefusedMfaSession?: boolean;
  },
  send: (client: StsClient, tokenCode: string | undefined, signal: AbortSignal) => Promise<{ Credentials?: StsCredentialsShape }>,
): Promise<TemporaryCredentials> {
  const client = createStsClient(options.target, options.source);
  const { profile, roleArn } = options.context;
  let reason: string | undefined = options.afterRefusedMfaSession
    ? 'The role refused the MFA session: type a new code, not the one that started the session (STS accepts each code once).'
    : undefined;
  try {
    for (let attempt = 1; ; attempt++) {
      const tokenCode = options.mfaSerial
        ? await options.mfa({ profile, roleArn, mfaSerial: options.mfaSerial, attempt, reason })
        : undefined;
      if (tokenCode !== undefined && wasCodeAccepted(options.mfaSerial!, tokenCode)) {
        if (!options.mfa.interactive || attempt >= MAX_MFA_ATTEMPTS) throw freshCodeNeeded(options);
        reason = `STS already accepted that code and accepts each code once (attempt ${attempt} of ${MAX_MFA_ATTEMPTS}); wait for the next code.`;
        continue;
      }
      try {
        const answer = await sendWithinDeadline(client, options.target, options.context.action, (signal) =>
          send(client, tokenCode, signal),
        );
        const credentials = completeCredentials(answer?.Credentials, describeEndpoint(options.target), options.what);
        if (tokenCode !== undefined) markCodeAccepted(options.mfaSerial!, tokenCode);
        return credentials;
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
