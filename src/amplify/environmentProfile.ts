import { isToolError } from '../errors';
import type { ProfileSet } from '../config/types';
import { currentEnvironment } from './amplifyProject';
import { parseBridgeCommandLine } from './bridgeProfile';
import { readLocalAwsInfo, selectedProfileName } from './localAwsInfo';

/** The profile an Amplify project's current environment works with, as a person names it. */
export interface EnvironmentProfile {
  /** The role profile behind our bridge, or the selected profile itself when it is not a bridge. */
  profile: string;
  envName: string;
  projectRoot: string;
  /** The bridge profile the environment selects, when it selects one of ours. */
  bridge?: string;
}

/**
 * Inside an Amplify project, the profile its current environment selects in amplify/.config/local-aws-info.json.
 * A bridge of ours stands for the role profile it resolves: a command resolving the bridge would run itself as
 * its own credential_process. Undefined outside a project, without a current environment, or when the environment
 * uses no named profile (keys kept by the Amplify CLI itself). A malformed local-aws-info.json is an error naming it.
 */
export function environmentProfile(cwd: string, explicitProject: string | undefined, profiles: () => ProfileSet): EnvironmentProfile | undefined {
  let project;
  try {
    project = currentEnvironment(cwd, explicitProject);
  } catch (error) {
    // Outside a project, or in one without a current environment: the profile is chosen as it is everywhere else.
    // A --project that is no project stays an error (the resolver would refuse it too).
    if (isToolError(error) && (error.code === 'NoAmplifyEnvironment' || (error.code === 'NotAnAmplifyProject' && explicitProject === undefined))) return undefined;
    throw error;
  }
  const selected = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  if (!selected) return undefined;
  const own = Object.prototype.hasOwnProperty.call(profiles(), selected) ? profiles()[selected] : undefined;
  const behind = typeof own?.credential_process === 'string' ? parseBridgeCommandLine(own.credential_process)?.profile : undefined;
  return { profile: behind ?? selected, envName: project.envName, projectRoot: project.root, ...(behind ? { bridge: selected } : {}) };
}
