import { runCli, type CliResult } from './cli';

/** The deadline the stall tests give every network call (AMPLIFY_AWS_ROLES_STS_TIMEOUT, seconds). */
export const DEADLINE_SECONDS = 2;

/** `credentials --profile PROFILE` in the sandbox's project "app" under that deadline, how long it took, then the sandbox removed. */
export async function credentialsUnderDeadline(
  sandbox: { env: NodeJS.ProcessEnv; project(name: string): string; cleanup(): void },
  profile: string,
): Promise<{ result: CliResult; ms: number }> {
  const started = Date.now();
  try {
    const result = await runCli(['credentials', '--profile', profile], {
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_STS_TIMEOUT: String(DEADLINE_SECONDS) },
      cwd: sandbox.project('app'),
      timeoutMs: 30_000,
    });
    return { result, ms: Date.now() - started };
  } finally {
    sandbox.cleanup();
  }
}

/**
 * The first line of a stall at the deadline: `<start> did not answer within 2 seconds.`, or, when the SDK's own
 * retries ran out first, `... did not answer in time (every attempt timed out).`
 */
export function didNotAnswer(start: string): RegExp {
  const escaped = start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped} did not answer (within ${DEADLINE_SECONDS} seconds|in time \\(every attempt timed out\\))\\.$`);
}
