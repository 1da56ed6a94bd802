import type { TemporaryCredentials } from '../cache/types';
import { createStsClient, describeEndpoint, loadSts, stsTarget } from './stsClient';
import { stsErrorToToolError } from './stsErrors';

export interface CallerIdentity {
  account: string;
  arn: string;
  userId: string;
}

export async function callerIdentity(credentials: TemporaryCredentials, options: { env: NodeJS.ProcessEnv; profile: string; region?: string }): Promise<CallerIdentity> {
  const target = stsTarget(options.env, options.region);
  const { GetCallerIdentityCommand } = loadSts();
  const client = createStsClient(target, credentials);
  try {
    const response = await client.send(new GetCallerIdentityCommand({}));
    return { account: response.Account ?? '', arn: response.Arn ?? '', userId: response.UserId ?? '' };
  } catch (error) {
    throw stsErrorToToolError(error, { action: `check the identity of profile "${options.profile}"`, profile: options.profile, endpoint: describeEndpoint(target) });
  } finally {
    client.destroy();
  }
}
