import type { TemporaryCredentials } from '../../cache/types';
import { ToolError } from '../../errors';
import type { CredentialSourceBase, SsoBase, WebIdentityBase } from '../../plan/types';
import { accountIdOfArn } from '../accountId';
import { describeEndpoint, stsTarget } from '../stsClient';
import { describeSeconds, STS_DEADLINE_VARIABLE, stsDeadlineMs, withinDeadline } from '../stsDeadline';

interface SdkCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
  accountId?: string;
}

function providers(): typeof import('@aws-sdk/credential-providers') {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return require('@aws-sdk/credential-providers');
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

/** Where a call goes and how long it may take in all (the STS deadline: AMPLIFY_AWS_ROLES_STS_TIMEOUT, else 30 s). */
interface Deadline {
  ms: number;
  endpoint: string;
}

type HttpHandler = import('@smithy/node-http-handler').NodeHttpHandler;

/**
 * The HTTP handler of the SDK clients inside the SSO and web-identity providers (the web-identity STS client; the SSO
 * and SSO-OIDC clients). Each attempt gets at most half the deadline to connect and half to read the headers (never
 * more than 5 s and 8 s), and a timed-out read is an error (without throwOnRequestTimeout the SDK only warns). The SDK's
 * timeouts stop at the headers, so every request also carries the deadline's `signal`: once it aborts, whatever is in
 * flight (a body that never comes) ends and every later attempt is refused, and nothing keeps the process alive.
 */
function abortableHandler(deadlineMs: number, signal: AbortSignal): HttpHandler {
  const { NodeHttpHandler } = require('@smithy/node-http-handler') as typeof import('@smithy/node-http-handler');
  const part = Math.max(250, Math.floor(deadlineMs / 2));
  const inner = new NodeHttpHandler({ connectionTimeout: Math.min(5000, part), requestTimeout: Math.min(8000, part), throwOnRequestTimeout: true });
  const handle: HttpHandler['handle'] = (request, options = {}) => {
    const theirs = options.abortSignal as AbortSignal | undefined;
    return inner.handle(request, { ...options, abortSignal: theirs instanceof AbortSignal ? AbortSignal.any([theirs, signal]) : signal });
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

async function run(kind: string, profile: string, get: (handler?: HttpHandler) => Promise<SdkCredentials>, hint: string, deadline?: Deadline): Promise<TemporaryCredentials> {
  const what = `Could not get ${kind} credentials for profile "${profile}"`;
  try {
    if (!deadline) return fromSdk(await get());
    let handler: HttpHandler | undefined;
    const credentials = await withinDeadline(
      deadline.ms,
      (signal) => get((handler = abortableHandler(deadline.ms, signal))),
      () => handler?.destroy(),
      () => new ToolError('BaseCredentialsTimeout', `${what}: ${deadline.endpoint} did not answer within ${describeSeconds(deadline.ms)}.`, { resolution: NETWORK_FIX }),
    );
    return fromSdk(credentials);
  } catch (error) {
    if (error instanceof ToolError && error.code === 'BaseCredentialsTimeout') throw error;
    const full = `${(error as Error)?.message ?? String(error)} ${(error as NodeJS.ErrnoException)?.code ?? ''}`;
    if (deadline && SDK_TIMEOUT.test(full)) {
      // The SDK's bounded attempts timed out before the deadline: the same story, not the library's log line.
      throw new ToolError('BaseCredentialsTimeout', `${what}: ${deadline.endpoint} did not answer in time (every attempt timed out).`, { resolution: NETWORK_FIX });
    }
    const network = NETWORK_CODE.exec(full);
    if (deadline && network) throw new ToolError('BaseCredentialsUnreachable', `${what}: could not reach ${deadline.endpoint} (${network[1]}).`, { resolution: NETWORK_FIX });
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    throw new ToolError('BaseCredentialsFailed', `${what}: ${message}`, { resolution: hint });
  }
}

/** credential_source = Environment | Ec2InstanceMetadata | EcsContainer, through the SDK's own providers. */
export function credentialSourceCredentials(base: CredentialSourceBase, env: NodeJS.ProcessEnv): Promise<TemporaryCredentials> {
  const { profile, name } = base.credentialSource;
  const sdk = providers();
  if (name === 'Environment') {
    if (!env.AWS_ACCESS_KEY_ID || !env.AWS_SECRET_ACCESS_KEY) {
      return Promise.reject(
        new ToolError('BaseCredentialsFailed', `Profile "${profile}" uses credential_source = Environment but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set.`),
      );
    }
    return Promise.resolve({
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
    });
  }
  if (name === 'Ec2InstanceMetadata') {
    return run('EC2 instance metadata', profile, () => sdk.fromInstanceMetadata({ timeout: 2000, maxRetries: 1 })(), 'Run this on an EC2 instance with an instance profile, or use another credential_source.');
  }
  return run('ECS container', profile, () => sdk.fromContainerMetadata({ timeout: 2000, maxRetries: 1 })(), 'Run this in an ECS task with a task role, or use another credential_source.');
}

export function ssoCredentials(base: SsoBase, files: { configFile: string; credentialsFile: string }, env: NodeJS.ProcessEnv): Promise<TemporaryCredentials> {
  const { profile, region } = base.sso;
  const deadline = { ms: stsDeadlineMs(env), endpoint: `the SSO portal ${env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `https://portal.sso.${region}.amazonaws.com`}` };
  return run(
    'SSO',
    profile,
    (requestHandler) => providers().fromSSO({ profile, filepath: files.credentialsFile, configFilepath: files.configFile, clientConfig: { maxAttempts: 2, requestHandler } })(),
    `Run "aws sso login --profile ${profile}" and try again.`,
    deadline,
  );
}

/** AssumeRoleWithWebIdentity through the SDK's fromTokenFile; `defaultSessionName` when the profile sets no role_session_name. */
export async function webIdentityCredentials(base: WebIdentityBase, env: NodeJS.ProcessEnv, region: string | undefined, defaultSessionName?: string): Promise<TemporaryCredentials> {
  const { profile, roleArn, tokenFile, sessionName } = base.webIdentity;
  const target = stsTarget(env, region);
  const ms = stsDeadlineMs(env);
  const credentials = await run(
    'web identity',
    profile,
    (requestHandler) =>
      providers().fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn,
        ...(sessionName ?? defaultSessionName ? { roleSessionName: sessionName ?? defaultSessionName } : {}),
        // The region we name in the sentence, given explicitly (else the SDK warns that it picked us-east-1).
        clientConfig: { region: target.region, maxAttempts: 2, requestHandler },
      })(),
    'Check web_identity_token_file and role_arn.',
    { ms, endpoint: `the STS endpoint ${describeEndpoint(target)}` },
  );
  const accountId = credentials.accountId ?? accountIdOfArn(roleArn);
  return { ...credentials, ...(accountId ? { accountId } : {}) };
}
