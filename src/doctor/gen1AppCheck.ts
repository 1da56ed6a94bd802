import { accountIdOfArn } from '../credentials';
import { isToolError } from '../errors';
import { noTerminalMfaCode } from '../prompts/mfaCode';
import { plannedChain, resolveCheckedProfile } from './profileFacts';
import type { CheckOutcome, CheckResult, DoctorContext } from './types';

/**
 * Before `amplify init` is tried with a role profile: does the role's account have a Gen 1 app with a backend
 * environment? Amplify CLI 14.5 and later refuse init (and env add) without --appId in an account that has none, after
 * the MFA code was typed. Asked with the role's credentials (cached, or the ones the assume-role check just got), as
 * the CLI asks: ListApps, then each app's backend environments. It never asks for a code itself: only after the
 * assume-role check passed, whose credentials are then in the cache.
 */
export async function gen1AppCheck(context: DoctorContext, earlier: readonly CheckResult[] = []): Promise<CheckOutcome> {
  const { facts, request, services } = context;
  const roles = plannedChain(context).chain.slice(1);
  if (roles.length === 0)
    return { status: 'skip', message: `Profile "${facts.profile}" has no role: the Gen 1 app check is for the role's account.` };
  const roleArn = (roles[roles.length - 1] as { assumeRole: { roleArn: string } }).assumeRole.roleArn;
  const account = accountIdOfArn(roleArn) ?? "the role's account";
  const assumed = earlier.find((result) => result.id === 'assume-role');
  if (assumed && assumed.status !== 'pass')
    return {
      status: 'skip',
      message: `Not checked: the role was not assumed (assume-role ${assumed.status === 'fail' ? 'failed' : 'was skipped'}).`,
    };
  let found;
  try {
    const result = await resolveCheckedProfile(context, { mfa: request.mfaCode ? undefined : noTerminalMfaCode() });
    const profileRegion = facts.files?.profiles[facts.profile]?.region;
    found = await services.gen1Apps(result.credentials, {
      region: result.region ?? (typeof profileRegion === 'string' ? profileRegion : 'us-east-1'),
    });
  } catch (error) {
    const reason = isToolError(error) ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      status: 'warn',
      message: `Could not list the Amplify apps of account ${account} with role ${roleArn}: ${reason}`,
      fix: 'The role needs amplify:ListApps and amplify:ListBackendEnvironments for "amplify init" of the CLI 14.5 line (amplify-aws-roles policy prints the policy).',
    };
  }
  if (found.withBackend) {
    return {
      status: 'pass',
      message: `Account ${account} has a Gen 1 app with a backend environment (${found.withBackend.name} ${found.withBackend.appId}, environment "${found.withBackend.environment}"): "amplify init" may create new apps there.`,
    };
  }
  return {
    status: 'warn',
    message: `Account ${account} (role ${roleArn}) has no Gen 1 app with a backend environment${found.apps.length ? ` (${found.apps.length} app${found.apps.length === 1 ? '' : 's'} without one)` : ''}: Amplify CLI 14.5 and later refuse "amplify init" there ("no longer accept new customers").`,
    fix: '"amplify pull --appId APP_ID --envName ENV" of an app that exists there still works; for a new app, Amplify Gen 2 (npx ampx, with "amplify-aws-roles exec --profile PROFILE --").',
  };
}
