import * as path from 'node:path';
import { runAmplify, type RunResult } from './amplifyCli';
import type { World } from './world';

/** Our own command line, as a user runs it beside the CLI (the copy the CLI has registered). */
export function runOurs(world: World, args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return runAmplify(process.execPath, [path.join(world.plugin, 'dist', 'amplify-aws-roles.js'), ...args], {
    env: { ...world.sandbox.env, ...env },
    cwd: world.sandbox.home,
  });
}
