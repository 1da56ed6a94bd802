import { isLongTermKeysBase } from '../plan/types';
import { describeScope, isFresh } from '../cache';
import { entryMatches } from '../cache/cachedCredentials';
import { isToolError } from '../errors';
import { describeExpiry } from '../output/credentialsFormat';
import { cacheIdentity, DEFAULT_MIN_TTL_SECONDS } from '../resolve';
import { plannedChain, settingOf } from './profileFacts';
import type { CheckOutcome, DoctorContext } from './types';
import { maskKeyId } from '../credentials';

/** Whether the project holds credentials for the profile that the next command would use as they are. */
export function hasFreshCachedCredentials(context: DoctorContext): boolean {
  const { facts, scope, services } = context;
  try {
    const plan = plannedChain(context);
    const { planDigest, roleArn } = cacheIdentity(facts.files!.profiles, plan);
    const entry = services.cacheStore(() => undefined).get(scope, facts.profile);
    return entry !== undefined && isFresh(entry, services.now(), DEFAULT_MIN_TTL_SECONDS) && entryMatches(entry, { planDigest, roleArn });
  } catch {
    return false;
  }
}

/**
 * What the next command of this project will find in the cache for the profile. Runs before the checks that call
 * STS: the assume-role check uses these credentials when they are fresh.
 */
export function cacheCheck(context: DoctorContext): CheckOutcome {
  const { facts, scope, services } = context;
  const { profile } = facts;
  let roleArn = settingOf(facts, profile, 'role_arn');
  let planDigest: string | undefined;
  try {
    const plan = plannedChain(context);
    const [base, ...roles] = plan.chain;
    if (roles.length === 0 && isLongTermKeysBase(base))
      return { status: 'skip', message: `Profile "${profile}" uses long-term access keys, which are never cached.` };
    if (roles.length > 0) roleArn = roles[roles.length - 1].assumeRole.roleArn;
    planDigest = cacheIdentity(facts.files!.profiles, plan).planDigest;
  } catch {
    /* the plan check reports it; the cache can still be read */
  }
  const warnings: string[] = [];
  let entry;
  try {
    entry = services.cacheStore((message) => warnings.push(message)).get(scope, profile);
  } catch (error) {
    if (!isToolError(error)) throw error;
    return { status: 'fail', message: error.message, ...(error.resolution ? { fix: error.resolution } : {}) };
  }
  const where = `for profile "${profile}" (${describeScope(scope)})`;
  const now = services.now();
  let message: string;
  if (!entry) {
    message = `No cached credentials ${where}: the next command gets new ones from STS.`;
  } else if (entry.roleArn && roleArn && entry.roleArn !== roleArn) {
    message = `The cached credentials ${where} are for ${entry.roleArn}, not for role_arn ${roleArn}: they are not used, and the next command replaces them.`;
  } else if (planDigest && !entryMatches(entry, { planDigest, roleArn })) {
    message = `The cached credentials ${where} were obtained with another configuration of the profile (it has been edited since): they are not used, and the next command replaces them.`;
  } else if (!isFresh(entry, now, DEFAULT_MIN_TTL_SECONDS)) {
    message = isFresh(entry, now, 0)
      ? `The cached credentials ${where} expire at ${describeExpiry(new Date(entry.expiration), now)}, within the ${DEFAULT_MIN_TTL_SECONDS / 60}-minute renewal margin: the next command replaces them.`
      : `The cached credentials ${where} have expired (${entry.expiration}): the next command replaces them.`;
  } else {
    message = `Cached credentials ${maskKeyId(entry.accessKeyId)} ${where} expire at ${describeExpiry(new Date(entry.expiration), now)}.`;
  }
  if (warnings.length) return { status: 'warn', message: `${message} ${warnings.join(' ')}` };
  return { status: 'pass', message };
}
