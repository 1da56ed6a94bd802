import type { STSClient } from '@aws-sdk/client-sts';
import { STS_DEADLINE_SECONDS, stsDeadlineMs, withinStsDeadline } from './stsDeadline';
import type { TemporaryCredentials } from '../credentials';

export interface StsTarget {
  region: string;
  /** Explicit endpoint from AWS_ENDPOINT_URL_STS / AWS_ENDPOINT_URL; undefined means the SDK's default. */
  endpoint?: string;
  /** The whole call's deadline (stsDeadline.ts); undefined means the default. */
  deadlineMs?: number;
}

export function stsTarget(env: NodeJS.ProcessEnv, region: string | undefined): StsTarget {
  return {
    region: region || env.AWS_REGION || env.AWS_DEFAULT_REGION || 'us-east-1',
    endpoint: env.AWS_ENDPOINT_URL_STS || env.AWS_ENDPOINT_URL || undefined,
    deadlineMs: stsDeadlineMs(env),
  };
}

export function describeEndpoint(target: StsTarget): string {
  return target.endpoint ?? `https://sts.${target.region}.amazonaws.com`;
}

/** Loads the AWS SDK for JavaScript only here, when an STS call is really needed. */
export function loadSts(): typeof import('@aws-sdk/client-sts') {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return require('@aws-sdk/client-sts') as typeof import('@aws-sdk/client-sts');
}

/**
 * One client per hop, signed with that hop's credentials. The SDK's standard retry mode retries throttling and
 * transient errors with backoff; timeouts keep an unreachable endpoint from hanging a deployment.
 */
export function createStsClient(target: StsTarget, credentials: TemporaryCredentials): STSClient {
  const { STSClient: Client } = loadSts();
  return new Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials: {
      accessKeyId: credentials.accessKeyId,
      secretAccessKey: credentials.secretAccessKey,
      ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
    },
    maxAttempts: 4,
    retryMode: 'standard',
    // throwOnRequestTimeout: without it the SDK only logs a warning and a silent endpoint hangs the command forever.
    requestHandler: { connectionTimeout: 5000, requestTimeout: 8000, throwOnRequestTimeout: true },
  });
}

/** Sends one STS request within the target's deadline; past it the client's sockets are destroyed. */
export function sendWithinDeadline<T>(
  client: STSClient,
  target: StsTarget,
  action: string,
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return withinStsDeadline(target.deadlineMs ?? STS_DEADLINE_SECONDS * 1000, { endpoint: describeEndpoint(target), action }, send, () =>
    client.destroy(),
  );
}
