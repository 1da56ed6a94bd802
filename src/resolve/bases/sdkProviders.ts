import { ToolError } from '../../errors';
import type { CredentialSourceBase, SsoBase, WebIdentityBase } from '../../plan/types';
import { accountIdOfArn } from '../accountId';
import { describeEndpoint, stsTarget } from '../stsClient';
import { describeSeconds, STS_DEADLINE_VARIABLE, stsDeadlineMs, withinDeadline } from '../stsDeadline';
import type { TemporaryCredentials } from '../../credentials';

interface SdkCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

function providers(): typeof import('@aws-sdk/credential-providers') {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return require('@aws-sdk/credential-providers') as typeof import('@aws-sdk/credential-providers');
}

function fromSdk(credentials: SdkCredentials): TemporaryCredentials {
  return {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    ...(credentials.expiration ? { expiration: credentials.expiration } : {}),
    ...(credentials.accountId && /^\d{12}$/.test(credentials.accountId) ? { accountId: credentials.accountId } : {}),
  };
}

/**
 * How long a provider's calls may take in all (the STS deadline: AMPLIFY_AWS_ROLES_STS_TIMEOUT, else 30 s), and where
 * they go, in words: one endpoint, or (SSO) the one a request went to, so a stall names the endpoint that stalled.
 */
export interface Deadline {
  ms: number;
  /** "the SSO portal https://…" for a request (its method and path); without one, the provider's main endpoint. */
  endpointOf: (request?: { method?: string; path?: string }) => string;
}

type HttpHandler = import('@smithy/node-http-handler').NodeHttpHandler;

/** What the handler saw: the endpoint of the request sent last, and the last failure not followed by a success. */
interface Seen {
  last?: string;
  failure?: { endpoint: string; text: string };
}

function errorText(error: unknown): string {
  return `${(error as Error)?.message ?? String(error)} ${(error as NodeJS.ErrnoException)?.code ?? ''}`;
}

/**
 * The HTTP handler of the SDK clients inside the SDK's providers (the web-identity STS client; the SSO and SSO-OIDC
 * clients; the sign-in client). Each attempt gets at most half the deadline to connect and half to read the headers
 * (never more than 5 s and 8 s), and a timed-out read is an error (without throwOnRequestTimeout the SDK only warns).
 * The SDK's timeouts stop at the headers, so every request also carries the deadline's `signal`: once it aborts,
 * whatever is in flight (a body that never comes) ends and every later attempt is refused, and nothing keeps the
 * process alive. It notes where each request went and how it failed, since providers may swallow a failure (the SSO
 * token refresh does) and report something else.
 */
function abortableHandler(deadline: Deadline, signal: AbortSignal, seen: Seen): HttpHandler {
  const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');
  const part = Math.max(250, Math.floor(deadline.ms / 2));
  const inner = new NodeHttpHandler({
    connectionTimeout: Math.min(5000, part),
    requestTimeout: Math.min(8000, part),
    throwOnRequestTimeout: true,
  });
  const handle: HttpHandler['handle'] = (request, options = {}) => {
    const endpoint = deadline.endpointOf({ method: request.method, path: request.path });
    seen.last = endpoint;
    const theirs = options.abortSignal as AbortSignal | undefined;
    return inner
      .handle(request, { ...options, abortSignal: theirs instanceof AbortSignal ? AbortSignal.any([theirs, signal]) : signal })
      .then(
        (answer) => {
          seen.failure = undefined;
          return answer;
        },
        (error: unknown) => {
          seen.failure = { endpoint, text: errorText(error) };
          throw error;
        },
      );
  };
  // What the SDK uses of a handler (NodeHttpHandler.create takes any object with handle), each bound to the inner one.
  return {
    metadata: inner.metadata,
    handle,
    updateHttpClientConfig: (key: never, value: never) => inner.updateHttpClientConfig(key, value),
    httpHandlerConfigs: () => inner.httpHandlerConfigs(),
    destroy: () => inner.destroy(),
  } as unknown as HttpHandler;
}

/** The SDK's own timeout errors (@smithy/node-http-handler), also when a provider wrapped them in its own message. */
const SDK_TIMEOUT = /requestTimeout\b|timed out without establishing a connection|socket timed out after/;
const NETWORK_CODE = /\b(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT)\b/;

const NETWORK_FIX = `Check your network and proxy; ${STS_DEADLINE_VARIABLE} sets the time limit in seconds.`;

export interface SdkRun {
  /** "SSO", "web identity", "aws login": as in "Could not get SSO credentials for profile …". */
  kind: string;
  profile: string;
  get: (handler?: HttpHandler) => Promise<SdkCredentials>;
  /** The resolution of a failure that is not the network's. */
  hint: string;
  deadline?: Deadline;
  /** A provider's own failures told in our words (undefined: the provider's first line, with `hint`). */
  explain?: (error: unknown) => ToolError | undefined;
}

/** One SDK provider call, within the deadline when there is one; every failure one sentence naming the endpoint. */
export async function sdkCredentials(call: SdkRun): Promise<TemporaryCredentials> {
  const { deadline } = call;
  const what = `Could not get ${call.kind} credentials for profile "${call.profile}"`;
  const seen: Seen = {};
  try {
    if (!deadline) return fromSdk(await call.get());
    let handler: HttpHandler | undefined;
    const credentials = await withinDeadline(
      deadline.ms,
      (signal) => call.get((handler = abortableHandler(deadline, signal, seen))),
      () => handler?.destroy(),
      () =>
        new ToolError(
          'BaseCredentialsTimeout',
          `${what}: ${seen.last ?? deadline.endpointOf()} did not answer within ${describeSeconds(deadline.ms)}.`,
          { resolution: NETWORK_FIX },
        ),
    );
    return fromSdk(credentials);
  } catch (error) {
    if (error instanceof ToolError && error.code === 'BaseCredentialsTimeout') throw error;
    if (deadline) {
      // The provider's error, or (when it swallowed the request's failure and said something else) the request's.
      const told = errorText(error);
      const [text, endpoint] =
        SDK_TIMEOUT.test(told) || NETWORK_CODE.test(told)
          ? [told, seen.failure?.endpoint ?? deadline.endpointOf()]
          : [seen.failure?.text ?? '', seen.failure?.endpoint ?? ''];
      // The SDK's bounded attempts timed out before the deadline: the same story, not the library's log line.
      if (SDK_TIMEOUT.test(text))
        throw new ToolError('BaseCredentialsTimeout', `${what}: ${endpoint} did not answer in time (every attempt timed out).`, {
          resolution: NETWORK_FIX,
        });
      const network = NETWORK_CODE.exec(text);
      if (network)
        throw new ToolError('BaseCredentialsUnreachable', `${what}: could not reach ${endpoint} (${network[1]}).`, {
          resolution: NETWORK_FIX,
        });
    }
    const explained = call.explain?.(error);
    if (explained) throw explained;
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    throw new ToolError('BaseCredentialsFailed', `${what}: ${message}`, { resolution: call.hint });
  }
}

/** credential_source = Environment | Ec2InstanceMetadata | EcsContainer, through the SDK's own providers. */
export function credentialSourceCredentials(base: CredentialSourceBase, env: NodeJS.ProcessEnv): Promise<TemporaryCredentials> {
  const { profile, name } = base.credentialSource;
  const sdk = providers();
  if (name === 'Environment') {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      return Promise.reject(
        new ToolError(
          'BaseCredentialsFailed',
          `Profile "${profile}" uses credential_source = Environment but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set.`,
        ),
      );
    }
    return Promise.resolve({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    });
  }
  if (name === 'Ec2InstanceMetadata') {
    return sdkCredentials({
      kind: 'EC2 instance metadata',
      profile,
      get: () => sdk.fromInstanceMetadata({ timeout: 2000, maxRetries: 1 })(),
      hint: 'Run this on an EC2 instance with an instance profile, or use another credential_source.',
    });
  }
  return sdkCredentials({
    kind: 'ECS container',
    profile,
    get: () => sdk.fromContainerMetadata({ timeout: 2000, maxRetries: 1 })(),
    hint: 'Run this in an ECS task with a task role, or use another credential_source.',
  });
}

/**
 * IAM Identity Center role credentials through the SDK's fromSSO. For an sso-session profile whose access token has
 * (nearly) expired, the SDK first refreshes it at the SSO OIDC endpoint (CreateToken with the cached refresh token) and
 * writes the new token back to ~/.aws/sso/cache, as the AWS CLI does; then it asks the portal for the role's
 * credentials. A stall or a refused connection names whichever of the two it was.
 */
export function ssoCredentials(
  base: SsoBase,
  files: { configFile: string; credentialsFile: string },
  env: NodeJS.ProcessEnv,
): Promise<TemporaryCredentials> {
  const { profile, region } = base.sso;
  const portal = `the SSO portal ${env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `https://portal.sso.${region}.amazonaws.com`}`;
  const oidc = `the SSO OIDC endpoint ${env.AWS_ENDPOINT_URL_SSO_OIDC || env.AWS_ENDPOINT_URL || `https://oidc.${region}.amazonaws.com`}`;
  return sdkCredentials({
    kind: 'SSO',
    profile,
    get: (requestHandler) =>
      providers().fromSSO({
        profile,
        filepath: files.credentialsFile,
        configFilepath: files.configFile,
        clientConfig: { maxAttempts: 2, requestHandler },
      })(),
    hint: `Run "aws sso login --profile ${profile}" and try again.`,
    // CreateToken is POST /token; GetRoleCredentials is GET /federation/credentials.
    deadline: { ms: stsDeadlineMs(env), endpointOf: (request) => (request?.path === '/token' ? oidc : portal) },
  });
}

/** AssumeRoleWithWebIdentity through the SDK's fromTokenFile; `defaultSessionName` when the profile sets no role_session_name. */
export async function webIdentityCredentials(
  base: WebIdentityBase,
  env: NodeJS.ProcessEnv,
  region: string | undefined,
  defaultSessionName?: string,
): Promise<TemporaryCredentials> {
  const { profile, roleArn, tokenFile, sessionName } = base.webIdentity;
  const target = stsTarget(env, region);
  const endpoint = `the STS endpoint ${describeEndpoint(target)}`;
  const credentials = await sdkCredentials({
    kind: 'web identity',
    profile,
    get: (requestHandler) =>
      providers().fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn,
        ...((sessionName ?? defaultSessionName) ? { roleSessionName: sessionName ?? defaultSessionName } : {}),
        // The region we name in the sentence, given explicitly (else the SDK warns that it picked us-east-1).
        clientConfig: { region: target.region, maxAttempts: 2, requestHandler },
      })(),
    hint: 'Check web_identity_token_file and role_arn.',
    deadline: { ms: stsDeadlineMs(env), endpointOf: () => endpoint },
  });
  const accountId = credentials.accountId ?? accountIdOfArn(roleArn);
  return { ...credentials, ...(accountId ? { accountId } : {}) };
}
