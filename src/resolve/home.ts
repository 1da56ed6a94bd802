import { homeDirectory } from '../config/fileLocations';

/** The home folder from the environment first, so tests and sandboxes never reach the real one. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return homeDirectory(env);
}
