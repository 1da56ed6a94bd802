import { isToolError, ToolError } from '../errors';
import { describeSeconds, STS_DEADLINE_SECONDS, STS_DEADLINE_VARIABLE, withinDeadline } from '../resolve/stsDeadline';
import { partitionHosts } from './partition';
import type { TemporaryCredentials } from '../credentials';

/** Tests point the sign-in at a stand-in with this (the partition check still applies: no private partitions). */
export const FEDERATION_ENDPOINT_VARIABLE = 'AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT';
const ISSUER = 'amplify-aws-roles';
export const MIN_SESSION_SECONDS = 900;
export const MAX_SESSION_SECONDS = 43200;

/**
 * The federation endpoint: the partition's, or the one the environment names. Anything but https is refused unless
 * it is on this machine, since the request carries the role's secret key.
 */
export function federationEndpoint(env: NodeJS.ProcessEnv, roleArn: string | undefined): string {
  const configured = env[FEDERATION_ENDPOINT_VARIABLE];
  if (!configured) return partitionHosts(roleArn).federation;
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new ToolError('InvalidFederationEndpoint', `${FEDERATION_ENDPOINT_VARIABLE} must be a URL, not "${configured}".`, {
      exitCode: 2,
    });
  }
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new ToolError(
      'InvalidFederationEndpoint',
      `${FEDERATION_ENDPOINT_VARIABLE} must be an https:// URL (plain http only on this machine), not "${configured}".`,
      { exitCode: 2 },
    );
  }
  return configured;
}

export interface SigninRequest {
  credentials: TemporaryCredentials;
  profile: string;
  endpoint: string;
  destination: string;
  /** SessionDuration for the console session (900 to 43200 seconds); absent: the federation endpoint's default. */
  sessionDurationSeconds?: number;
  /** The whole request, headers and body (default: the STS deadline, AMPLIFY_AWS_ROLES_STS_TIMEOUT). */
  deadlineMs?: number;
  fetch?: typeof fetch;
}

/**
 * The sign-in URL: GetSigninToken on the federation endpoint with the role's temporary credentials, then the login
 * URL that carries the token (valid for 15 minutes) and the destination. The URL is a credential: only the user who
 * asked for it sees it.
 */
export async function signinUrl(request: SigninRequest): Promise<string> {
  const c = request.credentials;
  if (!c.sessionToken) {
    throw new ToolError(
      'ConsoleNeedsTemporaryCredentials',
      `Profile "${request.profile}" has long-term access keys; the console sign-in needs the temporary credentials of a role.`,
      {
        resolution: 'Use a profile with role_arn (or one whose credentials carry a session token).',
      },
    );
  }
  const query = new URLSearchParams({ Action: 'getSigninToken' });
  if (request.sessionDurationSeconds !== undefined) query.set('SessionDuration', String(request.sessionDurationSeconds));
  query.set('Session', JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken }));
  const endpointName = new URL(request.endpoint).origin;
  const deadlineMs = request.deadlineMs ?? STS_DEADLINE_SECONDS * 1000;
  let response: { ok: boolean; status: number; text: string };
  try {
    // One deadline for the headers and the body: an endpoint that stalls after its headers ends in a sentence too.
    response = await withinDeadline(
      deadlineMs,
      async (signal) => {
        const answer = await (request.fetch ?? fetch)(`${request.endpoint}?${query.toString()}`, { signal });
        return { ok: answer.ok, status: answer.status, text: await answer.text() };
      },
      () => undefined,
      () =>
        new ToolError(
          'FederationTimeout',
          `The AWS federation endpoint ${endpointName} did not answer the sign-in request for profile "${request.profile}" within ${describeSeconds(deadlineMs)}.`,
          {
            resolution: `Check your network and proxy; ${STS_DEADLINE_VARIABLE} sets the limit in seconds.`,
          },
        ),
    );
  } catch (error) {
    if (isToolError(error)) throw error;
    throw new ToolError(
      'FederationUnreachable',
      `Could not reach the AWS federation endpoint ${endpointName}: ${((error as Error).message ?? String(error)).replace(/\.$/, '')}.`,
    );
  }
  const { text } = response;
  let token: unknown;
  try {
    token = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken;
  } catch {
    token = undefined;
  }
  if (!response.ok || typeof token !== 'string' || token === '') {
    throw new ToolError(
      'SigninTokenRefused',
      `The AWS federation endpoint ${endpointName} gave no sign-in token for profile "${request.profile}" (HTTP ${response.status}).`,
      {
        resolution:
          "The role's credentials may have expired or the session duration may exceed what the role allows; try again with --no-cache or a shorter --duration.",
      },
    );
  }
  const login = new URLSearchParams({ Action: 'login', Issuer: ISSUER, Destination: request.destination, SigninToken: token });
  return `${request.endpoint}?${login.toString()}`;
}
