import type { TemporaryCredentials } from '../../cache/types';
import { ToolError } from '../../errors';
import type { CredentialSourceBase, SsoBase, WebIdentityBase } from '../../plan/types';

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

async function run(kind: string, profile: string, get: () => Promise<SdkCredentials>, hint: string): Promise<TemporaryCredentials> {
  try {
    return fromSdk(await get());
  } catch (error) {
    const message = ((error as Error)?.message ?? String(error)).split('\n')[0];
    throw new ToolError('BaseCredentialsFailed', `Could not get ${kind} credentials for profile "${profile}": ${message}`, { resolution: hint });
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

export function ssoCredentials(base: SsoBase, files: { configFile: string; credentialsFile: string }): Promise<TemporaryCredentials> {
  const { profile } = base.sso;
  return run('SSO', profile, () => providers().fromSSO({ profile, filepath: files.credentialsFile, configFilepath: files.configFile })(), `Run "aws sso login --profile ${profile}" and try again.`);
}

export function webIdentityCredentials(base: WebIdentityBase): Promise<TemporaryCredentials> {
  const { profile, roleArn, tokenFile, sessionName } = base.webIdentity;
  return run(
    'web identity',
    profile,
    () => providers().fromTokenFile({ webIdentityTokenFile: tokenFile, roleArn, ...(sessionName ? { roleSessionName: sessionName } : {}) })(),
    'Check web_identity_token_file and role_arn.',
  );
}
