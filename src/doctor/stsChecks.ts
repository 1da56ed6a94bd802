import { isToolError } from '../errors';
import { describeExpiry, maskKeyId } from '../output/credentialsFormat';
import { planCredentialChain, type CredentialChain, type LoginBase } from '../plan';
import { staticCredentials } from '../resolve/bases/staticKeys';
import { describeBase } from './profileChecks';
import { settingOf } from './profileFacts';
import type { CheckOutcome, DoctorContext } from './types';

/** The two checks that call STS. They run only after the offline checks they depend on have passed. */

export function plannedChain(context: DoctorContext): CredentialChain {
  const files = context.facts.files!;
  return planCredentialChain(files.profiles, context.facts.profile, { origins: files.origins, ssoSessions: files.ssoSessions, files, vault: context.facts.vault });
}

function failure(error: unknown): CheckOutcome {
  if (!isToolError(error)) throw error;
  return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
}

/** GetCallerIdentity with the base access keys alone: tells a bad key apart from a bad trust policy. */
export async function sourceKeysCheck(context: DoctorContext): Promise<CheckOutcome> {
  const { facts, services } = context;
  const base = plannedChain(context).chain[0];
  if ('login' in base) return loginSessionCheck(base, context);
  if (!('static' in base)) return { status: 'skip', message: `The chain starts from ${describeBase(base)}, not from access keys; the assume-role check uses it.` };
  const keysProfile = base.static.profile;
  const region = settingOf(facts, keysProfile, 'region') ?? settingOf(facts, facts.profile, 'region');
  let identity;
  try {
    const credentials = staticCredentials(base, facts.files!.profiles);
    identity = await services.callerIdentity(credentials, { env: facts.env, profile: keysProfile, region });
  } catch (error) {
    return failure(error);
  }
  const keys = `The access keys of "${keysProfile}" (${maskKeyId(base.static.accessKeyId)})`;
  if (/:root$/.test(identity.arn)) {
    return {
      status: 'warn',
      message: `${keys} work, but they are the root user's keys of account ${identity.account}.`,
      fix: 'Create an IAM user for the Amplify CLI (the walkthrough\'s devcorpuser), give it access keys and use those; then delete the root access keys.',
    };
  }
  return { status: 'pass', message: `${keys} work: they belong to ${identity.arn}.` };
}

/** An aws login session instead of keys: is it on this machine, and until when do its credentials last (no network call). */
async function loginSessionCheck(base: LoginBase, context: DoctorContext): Promise<CheckOutcome> {
  const { loginCacheFile, readCachedLogin } = require('../resolve/bases/loginSession') as typeof import('../resolve/bases/loginSession');
  const file = loginCacheFile(base.login.session, context.facts.env);
  let cached;
  try {
    cached = await readCachedLogin(base, file);
  } catch (error) {
    return failure(error);
  }
  const now = context.services.now();
  const expiry = describeExpiry(new Date(cached.expiresAt), now);
  return {
    status: 'pass',
    message: `The aws login session of "${base.login.profile}" (${base.login.session}) is in ${file}; its credentials expire at ${expiry}, and are refreshed through the sign-in service until the session ends.`,
  };
}

/** The real thing: resolve the profile as every command does, without the cache, asking for MFA when needed. */
export async function assumeRoleCheck(context: DoctorContext): Promise<CheckOutcome> {
  const { facts, request, services } = context;
  const [, ...roles] = plannedChain(context).chain;
  if (roles.length === 0) return { status: 'skip', message: `Profile "${facts.profile}" has no role to assume.` };
  let result;
  try {
    result = await services.resolveProfileCredentials({
      env: request.env,
      cwd: request.cwd,
      profile: facts.profile,
      project: request.project,
      mfaCode: request.mfaCode,
      noCache: true,
      now: services.now,
      stdin: request.stdin,
      stderr: request.stderr,
    });
  } catch (error) {
    return failure(error);
  }
  const roleArn = result.roleArn ?? roles[roles.length - 1].assumeRole.roleArn;
  const hops = roles.length > 1 ? ` (${roles.length} roles in a chain)` : '';
  return {
    status: 'pass',
    message: `Assumed ${roleArn}${hops}; the new credentials (${maskKeyId(result.credentials.accessKeyId)}) expire at ${describeExpiry(result.credentials.expiration, services.now())}.`,
  };
}
