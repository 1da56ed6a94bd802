import type { PlanContext } from './planContext';
import { profileNamed, setting } from './profileSettings';
import type { LoginBase } from './types';

/**
 * login_session, as `aws login` writes it: the credentials live in the AWS CLI's login cache and are read (and
 * refreshed) when the plan runs. botocore tries it after access keys and before credential_process.
 */
export function loginBase(context: PlanContext, profile: string): LoginBase | undefined {
  const session = setting(profileNamed(context.profiles, profile), 'login_session');
  return session ? { login: { profile, session } } : undefined;
}
