import type { ProfileOrigin, ProfileSet } from '../config/types';
import type { PlanContext, VaultLookup } from './planContext';
import { profileNotFound, sourceProfileCycle } from './planErrors';
import { planStep } from './planStep';
import { profileNamed } from './profileSettings';
import type { AssumeRoleStep, CredentialChain } from './types';

export interface PlanOptions {
  /** Where each profile's section starts, so errors can name the file and line. */
  origins?: Record<string, ProfileOrigin>;
  /** The [sso-session NAME] sections, for profiles with sso_session. */
  ssoSessions?: ProfileSet;
  /** Named in "profile not found" messages. */
  files?: { configFile: string; credentialsFile: string };
  /** Profiles whose keys are in the vault (a source profile with vault keys acts as one with keys in the files). */
  vault?: VaultLookup;
}

/**
 * Turns a profile into a credential chain plan: one base, then the roles to assume, in order. No I/O, no
 * network; a configuration mistake is a ChainPlanError (a ToolError) naming the profile, file and line.
 * The rules are botocore's (AssumeRoleProvider), which the smithy-rs assume-role test data also encodes:
 * - the selected profile with role_arn is a role, and its own access keys are ignored;
 * - a source profile with access keys (or without role_arn) gives its own credentials, ending the chain;
 * - a profile may be its own source_profile only when it has access keys: its role is assumed with them;
 * - source_profile and credential_source exclude each other; any other revisit is a cycle.
 */
export function planCredentialChain(profiles: ProfileSet, name: string, options: PlanOptions = {}): CredentialChain {
  const context: PlanContext = { profiles, ssoSessions: options.ssoSessions ?? {}, origins: options.origins ?? {}, vault: options.vault };
  if (!profileNamed(profiles, name)) throw profileNotFound(name, options.files, Object.keys(profiles));
  // Roles from the profile asked for down to the base; a Set for the cycle check: linear in the chain's length.
  const roles: AssumeRoleStep[] = [];
  const path: string[] = [];
  const visited = new Set<string>();
  for (let current = name, previous: string | undefined; ;) {
    path.push(current);
    visited.add(current);
    const step = planStep(context, current, previous);
    if (step.role) roles.push(step.role);
    if ('base' in step) return { profile: name, chain: [step.base, ...roles.reverse()] };
    if (visited.has(step.source)) throw sourceProfileCycle(name, [...path, step.source]);
    previous = current;
    current = step.source;
  }
}
