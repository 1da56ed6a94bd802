import type { TemporaryCredentials } from '../../cache/types';
import { ToolError } from '../../errors';
import type { CredentialSourceBase, SsoBase, WebIdentityBase } from '../../plan/types';
import { describeEndpoint, stsTarget } from '../stsClient';
import { STS_DEADLINE_VARIABLE, stsDeadlineMs } from '../stsDeadline';

interface SdkCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
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
  };
}

/** Where a call goes and how long it may take in all (the STS deadline: AMPLIFY_AWS_ROLES_STS_TIMEOUT, else 30 s). */
interface Deadline {
  ms: number;
  endpoint: string;
}

/**
 * The SDK clients inside the SSO and web-identity providers: two attempts, each given at most half the deadline to
 * connect and half to read (and never more than 5 s and 8 s), and a timed-out read is an error (without throwOnRequestTimeout the SDK only warns, and a silent
 * endpoint would keep the process alive). So when the deadline's sentence is given, the SDK gives up too.
 */
function clientLimits(deadlineMs: number) {
  const part = Math.max(250, Math.floor(deadlineMs / 2));
  return { maxAttempts: 2, requestHandler: { connectionTimeout: Math.min(5000, part), requestTimeout: Math.min(8000, part), throwOnRequestTimeout: true } };
}

function seconds(ms: number): string {
  return `${ms / 1000} second${ms === 1000 ? '' : 's'}`;
}

async function run(kind: string, profile: string, get: () => Promise<SdkCredentials>, hint: string, deadline?: Deadline): Promise<TemporaryCredentials> {
  let timer: NodeJS.Timeout | undefined;
  const answer = get();
  const waits: Array<Promise<SdkCredentials>> = [answer];
  if (deadline) {
    // Past the deadline the answer is one sentence; the SDK's request ends on its own within clientLimits().
    answer.catch(() => undefined);
    waits.push(
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(
            new ToolError('BaseCredentialsTimeout', `Could not get ${kind} credentials for profile "${profile}": ${deadline.endpoint} did not answer within ${seconds(deadline.ms)}.`, {
              resolution: `Check your network and proxy; ${STS_DEADLINE_VARIABLE} sets the limit in seconds.`,
            }),
          );
        }, deadline.ms);
      }),
    );
  }
  try {
    return fromSdk(await Promise.race(waits));
  } catch (error) {
    if (error instanceof ToolError && error.code === 'BaseCredentialsTimeout') throw error;
    if (deadline && (error as Error)?.name === 'TimeoutError') {
      // The SDK's attempts timed out one by one before the deadline: the same story, not the library's log line.
      throw new ToolError('BaseCredentialsTimeout', `Could not get ${kind} credentials for profile "${profile}": ${deadline.endpoint} did not answer in time (every attempt timed out).`, {
        resolution: `Check your network and proxy; ${STS_DEADLINE_VARIABLE} sets the limit in seconds.`,
      });
    }
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    throw new ToolError('BaseCredentialsFailed', `Could not get ${kind} credentials for profile "${profile}": ${message}`, { resolution: hint });
  } finally {
    clearTimeout(timer);
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

export function ssoCredentials(base: SsoBase, files: { configFile: string; credentialsFile: string }, env: NodeJS.ProcessEnv = process.env): Promise<TemporaryCredentials> {
  const { profile, region } = base.sso;
  const deadline = { ms: stsDeadlineMs(env), endpoint: `the SSO portal ${env.AWS_ENDPOINT_URL_SSO || env.AWS_ENDPOINT_URL || `https://portal.sso.${region}.amazonaws.com`}` };
  return run(
    'SSO',
    profile,
    () => providers().fromSSO({ profile, filepath: files.credentialsFile, configFilepath: files.configFile, clientConfig: clientLimits(deadline.ms) })(),
    `Run "aws sso login --profile ${profile}" and try again.`,
    deadline,
  );
}

export function webIdentityCredentials(base: WebIdentityBase, env: NodeJS.ProcessEnv = process.env, region?: string): Promise<TemporaryCredentials> {
  const { profile, roleArn, tokenFile, sessionName } = base.webIdentity;
  const target = stsTarget(env, region);
  const ms = target.deadlineMs ?? stsDeadlineMs(env);
  return run(
    'web identity',
    profile,
    () =>
      providers().fromTokenFile({
        webIdentityTokenFile: tokenFile,
        roleArn,
        ...(sessionName ? { roleSessionName: sessionName } : {}),
        // The region we name in the sentence, given explicitly (else the SDK warns that it picked us-east-1).
        clientConfig: { region: target.region, ...clientLimits(ms) },
      })(),
    'Check web_identity_token_file and role_arn.',
    { ms, endpoint: `the STS endpoint ${describeEndpoint(target)}` },
  );
}
