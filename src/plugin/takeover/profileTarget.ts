import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBridgeCommandLine } from '../../amplify/bridgeProfile';
import { BRIDGED_KINDS } from '../../amplify/profileChoice';
import { findProjectRoot, type CacheScope } from '../../cache/projectScope';
import type { AwsConfigFiles } from '../../config/types';
import { classifyProfile } from '../../plan';

/** What the built-in asked for, as we resolve it: the profile whose credentials we get, and the project they are cached for. */
export interface ProfileTarget {
  /** The profile we resolve (for one of our bridges: the role profile behind it). */
  profile: string;
  scope: CacheScope;
  /** The region to report when the resolved profile names none (a bridge's own region). */
  region?: string;
}

/** The parts of the Amplify CLI's context we read: during `amplify init` the project folder is known before amplify/ exists. */
export interface ContextWithProject {
  exeInfo?: { isNewProject?: boolean; localEnvInfo?: { projectPath?: unknown } };
}

function realFolder(dir: string): string | undefined {
  try {
    return fs.statSync(dir).isDirectory() ? fs.realpathSync(dir) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The project the credentials are cached for: the folder being initialised during `amplify init` (so the entry made
 * there is the one every later command finds), else the project around the working folder, else the working folder.
 */
export function projectScopeOf(context: ContextWithProject | undefined, cwd: string): CacheScope {
  const declared = context?.exeInfo?.localEnvInfo?.projectPath;
  const initialising = typeof declared === 'string' && declared !== '' ? realFolder(path.resolve(cwd, declared)) : undefined;
  if (context?.exeInfo?.isNewProject && initialising) return { kind: 'project', root: initialising };
  const found = findProjectRoot(cwd);
  if (found.kind === 'project') return found;
  const root = initialising ?? realFolder(cwd);
  return root ? { kind: 'project', root } : found;
}

/**
 * Which profiles we take over from the built-in provider: the kinds of BRIDGED_KINDS (role, SSO, web identity,
 * credential_source and aws login sessions: its role path never calls STS, and it knows none of the others), and our own bridges (resolved here instead of in a child
 * process, so the prompt is ours). Static keys and other credential_process profiles stay the built-in's.
 */
export function profileTarget(
  files: AwsConfigFiles,
  profileName: string,
  context: ContextWithProject | undefined,
  cwd: string,
): ProfileTarget | undefined {
  const profile = files.profiles[profileName];
  if (!profile) return undefined;
  const command = profile.credential_process;
  if (typeof command === 'string' && command !== '') {
    const bridge = parseBridgeCommandLine(command);
    if (!bridge || !files.profiles[bridge.profile]) return undefined;
    const root = bridge.project ? realFolder(bridge.project) : undefined;
    return {
      profile: bridge.profile,
      scope: root ? { kind: 'project', root } : projectScopeOf(context, cwd),
      region: typeof profile.region === 'string' ? profile.region : undefined,
    };
  }
  const summary = classifyProfile(files.profiles, profileName, files.ssoSessions, files.vault);
  // A role or SSO profile that cannot work (a missing source profile, a cycle) is ours too: our resolver says what is
  // wrong and where, where the built-in would only say that the credential object is not valid.
  const roleLike = ['role_arn', 'sso_start_url', 'sso_session', 'web_identity_token_file', 'credential_source'].some(
    (key) => typeof profile[key] === 'string' && profile[key] !== '',
  );
  return BRIDGED_KINDS.has(summary.kind) || (summary.kind === 'incomplete' && roleLike)
    ? { profile: profileName, scope: projectScopeOf(context, cwd) }
    : undefined;
}
