import { ToolError } from '../errors';
import { createStsClient, describeEndpoint, loadSts, sendWithinDeadline, stsTarget } from './stsClient';
import { stsErrorToToolError } from './stsErrors';
import type { TemporaryCredentials } from '../credentials';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

/**
 * A GetCallerIdentity answer must name a 12-digit account, an ARN and a user id: a 200 that is an HTML page or an
 * empty result is not an answer, and `whoami` / `doctor` must never print an empty identity as a success.
 */
function completeIdentity(
  response: { Account?: string; Arn?: string; UserId?: string } | undefined,
  endpoint: string,
  profile: string,
): CallerIdentity {
  const account = response?.Account?.trim() ?? '';
  const arn = response?.Arn?.trim() ?? '';
  const userId = response?.UserId?.trim() ?? '';
  if (!/^\d{12}$/.test(account) || !/^arn:[\w-]+:(sts|iam)::\d{12}:\S+$/.test(arn) || !userId) {
    throw new ToolError(
      'StsMalformedResponse',
      `The STS endpoint ${endpoint} answered the identity check of profile "${profile}" without an account, ARN and user id.`,
      {
        resolution: 'Check AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL and any proxy in between; the answer was not an STS response.',
      },
    );
  }
  return { account, arn, userId };
}

export async function callerIdentity(
  credentials: TemporaryCredentials,
  options: { env: NodeJS.ProcessEnv; profile: string; region?: string },
): Promise<CallerIdentity> {
  const target = stsTarget(options.env, options.region);
  const endpoint = describeEndpoint(target);
  const action = `check the identity of profile "${options.profile}"`;
  const { GetCallerIdentityCommand } = loadSts();
  const client = createStsClient(target, credentials);
  try {
    const response = await sendWithinDeadline(client, target, action, (abortSignal) =>
      client.send(new GetCallerIdentityCommand({}), { abortSignal }),
    );
    return completeIdentity(response, endpoint, options.profile);
  } catch (error) {
    throw stsErrorToToolError(error, { action, profile: options.profile, endpoint });
  } finally {
    client.destroy();
  }
}
