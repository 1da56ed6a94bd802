import { UNLOCKING_VARIABLES } from '../resolve/unlockingVariables';

/**
 * Inside the Amplify CLI we share its process: every hook, function build (`npm install` of third-party code) and
 * child the CLI spawns with execa inherits its whole process.env. So the variables that unlock something (the vault
 * passphrase, an MFA code) are taken out of process.env as soon as the plugin loads, and kept here for our own code.
 */
const taken: NodeJS.ProcessEnv = {};

export function takeUnlockingVariables(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of UNLOCKING_VARIABLES) {
    if (env[name] === undefined) continue;
    taken[name] = env[name];
    delete env[name];
  }
}

/** process.env as our own code reads it: with the unlocking variables taken from it. */
export function pluginEnv(): NodeJS.ProcessEnv {
  return Object.keys(taken).length === 0 ? process.env : { ...process.env, ...taken };
}
