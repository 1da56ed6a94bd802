import { isToolError, ToolError } from '../errors';
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

/** A project file that cannot say the environment's profile: named, with how to write it again and the way round it. */
function unknownProfile(error: ToolError, fix: string): ToolError {
  return new ToolError('ProjectProfileUnknown', error.message, { resolution: `${fix}, or pass --profile NAME.`, cause: error });
}

/**
 * Inside an Amplify project, the profile its current environment selects in amplify/.config/local-aws-info.json.
 * A bridge of ours stands for the role profile it resolves: a command resolving the bridge would run itself as
 * its own credential_process. Undefined outside a project, without a current environment, or when the environment
 * uses no named profile (keys kept by the Amplify CLI itself). An empty or malformed local-env-info.json or
 * local-aws-info.json is a ProjectProfileUnknown error naming the file (falling back would quietly pick another
 * profile, maybe another account).
 */
export function environmentProfile(
  cwd: string,
  explicitProject: string | undefined,
  profiles: () => ProfileSet,
): EnvironmentProfile | undefined {
  let project;
  try {
    project = currentEnvironment(cwd, explicitProject);
  } catch (error) {
    // Outside a project, or in one without a current environment: the profile is chosen as it is everywhere else.
    // A --project that is no project stays an error (the resolver would refuse it too).
    if (
      isToolError(error) &&
      (error.code === 'NoAmplifyEnvironment' || (error.code === 'NotAnAmplifyProject' && explicitProject === undefined))
    )
      return undefined;
    if (isToolError(error) && error.code === 'AmplifyFileInvalid')
      throw unknownProfile(error, 'Run "amplify env checkout ENV" to write it again');
    throw error;
  }
  let info;
  try {
    info = readLocalAwsInfo(project.root, { blank: 'invalid' });
  } catch (error) {
    if (isToolError(error) && error.code === 'AmplifyFileInvalid')
      throw unknownProfile(error, 'Fix or delete that file ("amplify configure project" writes it again)');
    throw error;
  }
  const selected = selectedProfileName(info, project.envName);
  if (!selected) return undefined;
  const own = Object.prototype.hasOwnProperty.call(profiles(), selected) ? profiles()[selected] : undefined;
  const behind = typeof own?.credential_process === 'string' ? parseBridgeCommandLine(own.credential_process)?.profile : undefined;
  return { profile: behind ?? selected, envName: project.envName, projectRoot: project.root, ...(behind ? { bridge: selected } : {}) };
}
