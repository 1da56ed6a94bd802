import type { ProfileSet } from '../config/types';
import { ToolError } from '../errors';
import type { TemporaryCredentials } from '../credentials';

export { accountIdOfArn } from '../credentials';

/**
 * The account the credentials act in, as handed out: theirs when known (the assumed role's ARN, the SSO or login
 * session, a credential_process's AccountId), else the profile's aws_account_id, else none. Never asks STS: the
 * SDKs only use it to pick account-based endpoints, not worth a call on every warm run.
 */
export function withAccountId<C extends TemporaryCredentials>(credentials: C, profiles: ProfileSet, profile: string): C {
  if (credentials.accountId) return credentials;
  const configured = Object.prototype.hasOwnProperty.call(profiles, profile) ? profiles[profile].aws_account_id?.trim() : undefined;
  if (!configured) return credentials;
  if (!/^\d{12}$/.test(configured)) {
    throw new ToolError(
      'InvalidAccountId',
      `Profile "${profile}" has aws_account_id = ${configured}; it must be the 12 digits of an AWS account id.`,
      {
        resolution: `Correct aws_account_id in profile "${profile}", or remove it.`,
      },
    );
  }
  return { ...credentials, accountId: configured };
}
