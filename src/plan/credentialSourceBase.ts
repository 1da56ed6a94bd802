import type { PlanContext } from './planContext';
import { CREDENTIAL_SOURCES, invalidCredentialSource } from './planErrors';
import { profileNamed, setting } from './profileSettings';
import type { CredentialSourceBase } from './types';

type SourceName = CredentialSourceBase['credentialSource']['name'];

/** credential_source names where the role's first credentials come from; the names are case-sensitive, as in botocore. */
export function credentialSourceBase(context: PlanContext, profile: string): CredentialSourceBase {
  const name = setting(profileNamed(context.profiles, profile), 'credential_source') ?? '';
  if (!(CREDENTIAL_SOURCES as readonly string[]).includes(name)) throw invalidCredentialSource(context, profile, name);
  return { credentialSource: { profile, name: name as SourceName } };
}
