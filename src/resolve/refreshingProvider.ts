import { ToolError } from '../errors';
import { mfaCodeProvider } from '../prompts/mfaCode';
import { resolveProfileCredentials, type ResolveRequest } from './index';

/** The shape the AWS SDK for JavaScript v3 takes as `credentials` (AwsCredentialIdentityProvider). */
export interface SdkCredentialIdentity {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

/**
 * For something long-running in this process (an SDK client the plugin hands to the Amplify CLI): every call
 * resolves again, so expiring credentials are renewed from the cache or the MFA session. It never prompts in the
 * middle of an operation: when renewing would need a new MFA code, it fails with a sentence saying so.
 * The SDK calls it again when the returned credentials are about to expire.
 */
export function refreshingCredentialProvider(request: Omit<ResolveRequest, 'mfa' | 'mfaCode'>): () => Promise<SdkCredentialIdentity> {
  // eslint-disable-next-line @typescript-eslint/require-await -- async so that the throw reaches the SDK as a rejection, as from any provider.
  const noPrompt = mfaCodeProvider(async (mfaRequest) => {
    throw new ToolError(
      'MfaCodeNeededMidOperation',
      `The credentials of profile "${mfaRequest.profile}" ran out during a long-running operation, and renewing them needs a new MFA code (device ${mfaRequest.mfaSerial}).`,
      {
        resolution: `Before long deployments run "amplify-aws-roles credentials --profile ${mfaRequest.profile} --min-ttl 2700", or enable an MFA session (mfa_session_duration in the profile).`,
      },
    );
  }, false);
  return async () => {
    const result = await resolveProfileCredentials({ ...request, mfa: noPrompt });
    const c = result.credentials;
    return {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
      ...(c.expiration ? { expiration: c.expiration } : {}),
      ...(c.accountId ? { accountId: c.accountId } : {}),
    };
  };
}
