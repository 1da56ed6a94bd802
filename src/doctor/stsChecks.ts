import { isToolError } from '../errors';
import { describeExpiry } from '../output/credentialsFormat';
import type { CredentialChain, LoginBase } from '../plan';
import { MFA_CODE_ENV } from '../prompts/mfaCode';
import { staticCredentials } from '../resolve/bases/staticKeys';
import { PASSPHRASE_ENV } from '../vault/passphrase';
import { describeBase } from './profileChecks';
import { plannedChain, resolveCheckedProfile, settingOf } from './profileFacts';
import { hasFreshCachedCredentials } from './cacheCheck';
import type { CheckOutcome, CheckResult, DoctorContext } from './types';
import { maskKeyId } from '../credentials';

/** The two checks that call STS. They run only after the offline checks they depend on have passed. */

function failure(error: unknown): CheckOutcome {
  if (!isToolError(error)) throw error;
  return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
}

/** GetCallerIdentity with the base access keys alone: tells a bad key apart from a bad trust policy. */
export async function sourceKeysCheck(context: DoctorContext): Promise<CheckOutcome> {
  const { facts, services } = context;
  const base = plannedChain(context).chain[0];
  if ('login' in base) return loginSessionCheck(base, context);
  if (!('static' in base))
    return { status: 'skip', message: `The chain starts from ${describeBase(base)}, not from access keys; the assume-role check uses it.` };
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
      fix: "Create an IAM user for the Amplify CLI (the walkthrough's devcorpuser), give it access keys and use those; then delete the root access keys.",
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

/** What assuming the role anew would ask a person for, or undefined when nothing (a code given, no MFA, keys in the files). */
function wouldAsk(plan: CredentialChain, request: DoctorContext['request']): string | undefined {
  const [base, ...roles] = plan.chain;
  if (roles.some((step) => step.assumeRole.mfaSerial) && request.mfaCode === undefined && !request.env[MFA_CODE_ENV]) return 'an MFA code';
  if ('vault' in base && !request.env[PASSPHRASE_ENV]) return 'the vault passphrase';
  return undefined;
}

/**
 * The real thing: resolve the profile as every command does. Fresh cached credentials are used (no code, no
 * passphrase) and proven with GetCallerIdentity; without them the role is assumed anew, asking for MFA when needed,
 * but only when no earlier check failed (a code spent on a setup already known to be broken is a code wasted).
 * --fresh always assumes anew.
 */
export async function assumeRoleCheck(context: DoctorContext, earlier: readonly CheckResult[] = []): Promise<CheckOutcome> {
  const { facts, request, services } = context;
  const plan = plannedChain(context);
  const [, ...roles] = plan.chain;
  if (roles.length === 0) return { status: 'skip', message: `Profile "${facts.profile}" has no role to assume.` };
  const roleArn = roles[roles.length - 1].assumeRole.roleArn;
  const cached = request.fresh !== true && hasFreshCachedCredentials(context);
  const asks = cached || request.fresh === true ? undefined : wouldAsk(plan, request);
  const failed = earlier.filter((result) => result.status === 'fail').map((result) => result.id);
  if (asks && failed.length > 0) {
    return {
      status: 'skip',
      message: `Not assumed: that would ask for ${asks}, and ${failed.join(', ')} failed above. Fix ${failed.length === 1 ? 'it' : 'them'} and run doctor again (--fresh assumes the role anyway).`,
    };
  }
  let result;
  try {
    result = await resolveCheckedProfile(context, { noCache: !cached });
  } catch (error) {
    return failure(error);
  }
  const expires = describeExpiry(result.credentials.expiration, services.now());
  const key = maskKeyId(result.credentials.accessKeyId);
  if (!result.fromCache) {
    const hops = roles.length > 1 ? ` (${roles.length} roles in a chain)` : '';
    return { status: 'pass', message: `Assumed ${result.roleArn ?? roleArn}${hops}; the new credentials (${key}) expire at ${expires}.` };
  }
  try {
    const identity = await services.callerIdentity(result.credentials, { env: request.env, profile: facts.profile, region: result.region });
    return {
      status: 'pass',
      message: `The cached credentials of ${result.roleArn ?? roleArn} (${key}) work: they are ${identity.arn}, until ${expires}. No code was needed; --fresh assumes the role anew.`,
    };
  } catch (error) {
    const outcome = failure(error);
    return {
      ...outcome,
      message: `The cached credentials of ${result.roleArn ?? roleArn} (${key}) do not work: ${outcome.message}`,
      fix: 'Run doctor --fresh to assume the role anew (or "amplify-aws-roles reset-cache" to forget them).',
    };
  }
}
