import type { PlanContext } from './planContext';
import { partialCredentials } from './planErrors';
import { profileNamed, setting } from './profileSettings';
import type { StaticBase } from './types';

/** Access keys written in the profile. The plan keeps only the key id: the secret is read when the plan runs. */
export function staticKeysBase(context: PlanContext, profile: string): StaticBase | undefined {
  const settings = profileNamed(context.profiles, profile);
  const accessKeyId = setting(settings, 'aws_access_key_id');
  const hasSecret = setting(settings, 'aws_secret_access_key') !== undefined;
  if (!accessKeyId && !hasSecret) return undefined;
  if (!accessKeyId) throw partialCredentials(context, profile, 'aws_secret_access_key', 'aws_access_key_id');
  if (!hasSecret) throw partialCredentials(context, profile, 'aws_access_key_id', 'aws_secret_access_key');
  return { static: { profile, accessKeyId } };
}
