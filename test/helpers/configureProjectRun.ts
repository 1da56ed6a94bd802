import { PassThrough } from 'node:stream';
import type { ConfigureProjectOptions } from '../../src/amplify/configureProject';
import { textSink } from './textSink';

/** The node and bin a bridge's credential_process names in the unit tests (no real installation behind them). */
export const BRIDGE_PROGRAM = { node: '/usr/bin/node', bin: '/opt/amplify-aws-roles/dist/amplify-aws-roles.js' };

/**
 * Options for configure-project (and --remove) without a terminal: --yes, the test's bridge program, and a verify that
 * answers as the cache would, so no STS is called; stdout is kept for the test to read.
 */
export function configureProjectRun(
  env: NodeJS.ProcessEnv,
  cwd: string,
  overrides: Partial<ConfigureProjectOptions> = {},
): ConfigureProjectOptions & { stdout: ReturnType<typeof textSink> } {
  return {
    env,
    cwd,
    yes: true,
    interactive: false,
    stdin: new PassThrough(),
    stderr: textSink(),
    program: () => BRIDGE_PROGRAM,
    verify: async () => ({ account: '123456789012', arn: 'arn:aws:sts::123456789012:assumed-role/amplify-deployer/s', fromCache: true }),
    ...overrides,
    stdout: textSink(),
  };
}
