import { describeScope, isFresh } from '../cache';
import { entryMatches } from '../cache/cachedCredentials';
import { isToolError } from '../errors';
import { describeExpiry, maskKeyId } from '../output/credentialsFormat';
import { cacheIdentity, DEFAULT_MIN_TTL_SECONDS } from '../resolve';
import { settingOf } from './profileFacts';
import { plannedChain } from './stsChecks';
import type { CheckOutcome, DoctorContext } from './types';

/**
 * What the next command of this project will find in ~/.amplify/awscloudformation/cache.json for the profile.
 * Runs after assume-role, so it reports what that check may just have stored.
 */
export function cacheCheck(context: DoctorContext): CheckOutcome {
  const { facts, scope, services } = context;
  const { profile } = facts;
  let roleArn = settingOf(facts, profile, 'role_arn');
  let planDigest: string | undefined;
  try {
    const plan = plannedChain(context);
    const [base, ...roles] = plan.chain;
    if (roles.length === 0 && 'static' in base) return { status: 'skip', message: `Profile "${profile}" uses long-term access keys, which are never cached.` };
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
    const byThisRun = Date.parse(entry.obtainedAt) >= context.startedAt.getTime() ? ', obtained by the assume-role check above' : '';
    message = `Cached credentials ${maskKeyId(entry.accessKeyId)} ${where} expire at ${describeExpiry(new Date(entry.expiration), now)}${byThisRun}.`;
  }
  if (warnings.length) return { status: 'warn', message: `${message} ${warnings.join(' ')}` };
  return { status: 'pass', message };
}
