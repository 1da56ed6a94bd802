import { assumeRoleStep } from './assumeRoleStep';
import { credentialSourceBase } from './credentialSourceBase';
import type { PlanContext } from './planContext';
import {
  conflictingRoleSource,
  missingRoleSource,
  selfSourceWithoutKeys,
  sourceProfileNotFound,
  sourceProfileWithoutCredentials,
} from './planErrors';
import { noBaseError, profileBase, vaultKeysBase } from './profileBase';
import { hasStaticKey, isRoleLink, profileNamed, setting } from './profileSettings';
import { staticKeysBase } from './staticKeysBase';
import type { AssumeRoleStep, ChainBase } from './types';

/** One profile's part of a chain: it ends the chain with a base (after its own role, if any), or it is a role whose credentials come from `source`. */
export type PlanStep = { base: ChainBase; role?: AssumeRoleStep } | { role: AssumeRoleStep; source: string };

/**
 * What one profile contributes, with botocore's rules (see planCredentialChain). `previous` is the profile that
 * named this one as its source_profile (undefined for the profile asked for): a source profile with access keys
 * ends the chain even when it has role_arn. Depends on nothing but the profile itself, so `profiles` can classify
 * every profile with each step taken once. Throws a ChainPlanError naming the profile to fix.
 */
export function planStep(context: PlanContext, current: string, previous?: string): PlanStep {
  const settings = profileNamed(context.profiles, current)!;
  if (!isRoleLink(settings) || (previous !== undefined && (hasStaticKey(settings) || vaultKeysBase(context, current)))) {
    const base = profileBase(context, current);
    if (base) return { base };
    throw previous !== undefined ? sourceProfileWithoutCredentials(context, previous, current) : noBaseError(context, current);
  }
  const source = setting(settings, 'source_profile');
  const namedSource = setting(settings, 'credential_source');
  if (source && namedSource) throw conflictingRoleSource(context, current);
  if (!source && !namedSource) throw missingRoleSource(context, current);
  const role = assumeRoleStep(context, current);
  if (namedSource) return { base: credentialSourceBase(context, current), role };
  if (source === current) {
    const ownKeys = hasStaticKey(settings) ? staticKeysBase(context, current) : vaultKeysBase(context, current);
    if (!ownKeys) throw selfSourceWithoutKeys(context, current);
    return { base: ownKeys, role };
  }
  // A profile already in the chain exists, so the planner's cycle check can come after this one.
  if (!profileNamed(context.profiles, source!)) throw sourceProfileNotFound(context, current, source!);
  return { role, source: source! };
}
