import type { ProfileOrigin, ProfileSet } from '../config/types';
import { assumeRoleStep } from './assumeRoleStep';
import { credentialSourceBase } from './credentialSourceBase';
import type { PlanContext, VaultLookup } from './planContext';
import {
  conflictingRoleSource,
  missingRoleSource,
  profileNotFound,
  selfSourceWithoutKeys,
  sourceProfileCycle,
  sourceProfileNotFound,
  sourceProfileWithoutCredentials,
} from './planErrors';
import { noBaseError, profileBase, vaultKeysBase } from './profileBase';
import { hasStaticKey, isRoleLink, profileNamed, setting } from './profileSettings';
import { staticKeysBase } from './staticKeysBase';
import type { AssumeRoleStep, ChainBase, CredentialChain } from './types';

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
  if (!profileNamed(profiles, name)) throw profileNotFound(name, options.files);
  const roles: AssumeRoleStep[] = [];
  const visited: string[] = [];
  const done = (base: ChainBase): CredentialChain => ({ profile: name, chain: [base, ...roles] });

  for (let current = name; ; ) {
    visited.push(current);
    const settings = profileNamed(profiles, current)!;
    const isSource = visited.length > 1;
    if (!isRoleLink(settings) || (isSource && (hasStaticKey(settings) || vaultKeysBase(context, current)))) {
      const base = profileBase(context, current);
      if (base) return done(base);
      throw isSource ? sourceProfileWithoutCredentials(context, visited[visited.length - 2], current) : noBaseError(context, current);
    }

    const source = setting(settings, 'source_profile');
    const namedSource = setting(settings, 'credential_source');
    if (source && namedSource) throw conflictingRoleSource(context, current);
    if (!source && !namedSource) throw missingRoleSource(context, current);
    roles.unshift(assumeRoleStep(context, current));
    if (namedSource) return done(credentialSourceBase(context, current));

    if (source === current) {
      const ownKeys = hasStaticKey(settings) ? staticKeysBase(context, current) : vaultKeysBase(context, current);
      if (!ownKeys) throw selfSourceWithoutKeys(context, current);
      return done(ownKeys);
    }
    if (visited.includes(source!)) throw sourceProfileCycle(name, [...visited, source!]);
    if (!profileNamed(profiles, source!)) throw sourceProfileNotFound(context, current, source!);
    current = source!;
  }
}
