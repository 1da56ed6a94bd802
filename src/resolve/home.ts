import * as os from 'node:os';

/** The home folder from the environment first, so tests and sandboxes never reach the real one. */
export function homeOf(env: NodeJS.ProcessEnv): string {
  return env.HOME || env.USERPROFILE || os.homedir();
}
