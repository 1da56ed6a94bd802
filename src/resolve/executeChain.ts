import type { TemporaryCredentials } from '../cache/types';
import type { ProfileSet } from '../config/types';
import type { MfaCodeProvider } from '../prompts/mfaCode';
import type { ChainBase, CredentialChain } from '../plan/types';
import { assumeRole } from './assumeRole';
import { credentialSourceCredentials, ssoCredentials, webIdentityCredentials } from './bases/sdkProviders';
import { processCredentials } from './bases/processCredentials';
import { staticCredentials } from './bases/staticKeys';
import { stsTarget } from './stsClient';

export interface ExecutionContext {
  profiles: ProfileSet;
  files: { configFile: string; credentialsFile: string };
  env: NodeJS.ProcessEnv;
  mfa: MfaCodeProvider;
  now: () => Date;
}

export function baseProfile(base: ChainBase): string {
  return Object.values(base)[0].profile;
}

async function baseCredentials(base: ChainBase, context: ExecutionContext): Promise<TemporaryCredentials> {
  if ('static' in base) return staticCredentials(base, context.profiles);
  if ('process' in base) return processCredentials(base, { env: context.env, now: context.now });
  if ('credentialSource' in base) return credentialSourceCredentials(base, context.env);
  if ('sso' in base) return ssoCredentials(base, context.files);
  return webIdentityCredentials(base);
}

function regionOf(profiles: ProfileSet, ...names: string[]): string | undefined {
  for (const name of names) {
    const region = profiles[name]?.region;
    if (typeof region === 'string' && region) return region;
  }
  return undefined;
}

/** Walks the plan: base credentials, then each AssumeRole signed with the previous hop's credentials. */
export async function executeChain(plan: CredentialChain, context: ExecutionContext): Promise<TemporaryCredentials & { roleArn?: string }> {
  const [base, ...roles] = plan.chain;
  let credentials: TemporaryCredentials & { roleArn?: string } = await baseCredentials(base, context);
  let signer = baseProfile(base);
  for (const step of roles) {
    const target = stsTarget(context.env, regionOf(context.profiles, step.assumeRole.profile, plan.profile));
    credentials = await assumeRole(step, credentials, { target, mfa: context.mfa, now: context.now, sourceProfile: signer });
    signer = step.assumeRole.profile;
  }
  return credentials;
}
