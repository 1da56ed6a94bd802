import type { PlanContext } from './planContext';
import { webIdentityWithoutRole } from './planErrors';
import { profileNamed, setting } from './profileSettings';
import type { WebIdentityBase } from './types';

/**
 * web_identity_token_file with role_arn: AssumeRoleWithWebIdentity needs no credentials, so it is a base even
 * when the profile also names a source_profile (botocore and smithy-rs both ignore it then).
 */
export function webIdentityBase(context: PlanContext, profile: string): WebIdentityBase | undefined {
  const settings = profileNamed(context.profiles, profile);
  const tokenFile = setting(settings, 'web_identity_token_file');
  if (!tokenFile) return undefined;
  const roleArn = setting(settings, 'role_arn');
  if (!roleArn) throw webIdentityWithoutRole(context, profile);
  const sessionName = setting(settings, 'role_session_name');
  return { webIdentity: { profile, roleArn, tokenFile, ...(sessionName ? { sessionName } : {}) } };
}
