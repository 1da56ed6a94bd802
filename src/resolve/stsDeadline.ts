import { ToolError } from '../errors';

/**
 * One deadline for a whole STS call: connecting, the SDK's retries, the response headers and the body. The SDK's
 * own timeouts stop at the headers, so an endpoint that sends a status line and then nothing (or a byte a second)
 * would otherwise hang a credential_process, and with it the Amplify CLI, forever.
 */
export const STS_DEADLINE_SECONDS = 30;
export const STS_DEADLINE_VARIABLE = 'AMPLIFY_AWS_ROLES_STS_TIMEOUT';

/** The deadline in milliseconds: AMPLIFY_AWS_ROLES_STS_TIMEOUT seconds (for tests and slow links), else 30 s. */
export function stsDeadlineMs(env: NodeJS.ProcessEnv): number {
  const raw = env[STS_DEADLINE_VARIABLE];
  if (raw === undefined || raw === '') return STS_DEADLINE_SECONDS * 1000;
  const seconds = Number(raw);
  if (!/^\d+(\.\d+)?$/.test(raw.trim()) || !(seconds > 0) || seconds > 3600) {
    throw new ToolError('InvalidStsTimeout', `${STS_DEADLINE_VARIABLE} must be a number of seconds between 0 and 3600, not "${raw}".`, {
      resolution: `Unset ${STS_DEADLINE_VARIABLE} to use the default of ${STS_DEADLINE_SECONDS} seconds.`,
    });
  }
  return Math.round(seconds * 1000);
}

export function describeSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${seconds} second${seconds === 1 ? '' : 's'}`;
}

/**
 * Runs `call` with an AbortSignal; past the deadline the promise rejects with `timeoutError()`, the signal aborts and
 * `onTimeout` tears the connection down (the client's sockets), whatever the SDK is still waiting for.
 */
export async function withinDeadline<T>(
  deadlineMs: number,
  call: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => void,
  timeoutError: () => ToolError,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timeoutError());
      controller.abort();
      try {
        onTimeout();
      } catch {
        // Tearing down is best effort: the sentence is the answer either way.
      }
    }, deadlineMs);
  });
  const answer = call(controller.signal);
  // The SDK's own rejection after an abort is not the story: the deadline's sentence is.
  answer.catch(() => undefined);
  try {
    return await Promise.race([answer, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** An STS call within the deadline: past it, one sentence naming the endpoint and the request. */
export function withinStsDeadline<T>(
  deadlineMs: number,
  describe: { endpoint: string; action: string },
  call: (signal: AbortSignal) => Promise<T>,
  onTimeout: () => void,
): Promise<T> {
  return withinDeadline(
    deadlineMs,
    call,
    onTimeout,
    () =>
      new ToolError(
        'StsTimeout',
        `The STS endpoint ${describe.endpoint} did not answer the request to ${describe.action} within ${describeSeconds(deadlineMs)}.`,
        {
          resolution: `Check your network, proxy and AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL; ${STS_DEADLINE_VARIABLE} sets the limit in seconds.`,
        },
      ),
  );
}
