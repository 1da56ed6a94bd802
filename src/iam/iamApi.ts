import type { IAMClient } from '@aws-sdk/client-iam';
import { ToolError } from '../errors';
import type { TemporaryCredentials } from '../credentials';

/**
 * The few IAM calls setup-role makes, behind a small interface so that the apply steps are tested with a fake
 * and the SDK loads only when --apply-biz or --apply-dev runs. Absent entities are `undefined`, not errors.
 */
export interface IamApi {
  getRole(roleName: string): Promise<{ arn: string; trustPolicy: string; maxSessionDuration: number } | undefined>;
  createRole(input: { roleName: string; trustPolicy: string; description: string; maxSessionDuration?: number }): Promise<{ arn: string }>;
  /** Sets the role's MaxSessionDuration (iam:UpdateRole). */
  updateRoleMaxSessionDuration(roleName: string, seconds: number): Promise<void>;
  getRolePolicy(roleName: string, policyName: string): Promise<string | undefined>;
  putRolePolicy(roleName: string, policyName: string, document: string): Promise<void>;
  getUser(userName: string): Promise<{ arn: string } | undefined>;
  /** The default version's document of a managed policy. */
  getPolicyDocument(policyArn: string): Promise<string | undefined>;
  createPolicy(input: { policyName: string; document: string; description: string }): Promise<{ arn: string }>;
  attachUserPolicy(userName: string, policyArn: string): Promise<void>;
}

export interface IamTarget {
  region: string;
  endpoint?: string;
}

/** IAM is global; its signing region is the partition's home region. AWS_ENDPOINT_URL_IAM, then AWS_ENDPOINT_URL. */
export function iamTarget(env: NodeJS.ProcessEnv, partition: string): IamTarget {
  const region = partition === 'aws-cn' ? 'cn-north-1' : partition === 'aws-us-gov' ? 'us-gov-west-1' : 'us-east-1';
  return { region, endpoint: env.AWS_ENDPOINT_URL_IAM || env.AWS_ENDPOINT_URL || undefined };
}

function loadIam(): typeof import('@aws-sdk/client-iam') {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);

function codeOf(error: unknown): string {
  const e = error as { name?: string; Code?: string; code?: string; cause?: { code?: string } };
  if (e?.code && NETWORK_CODES.has(e.code)) return e.code;
  return e?.cause?.code ?? e?.Code ?? e?.name ?? 'Error';
}

function isAbsent(error: unknown): boolean {
  return ['NoSuchEntity', 'NoSuchEntityException'].includes(codeOf(error));
}

/** IAM's documents come back URL-encoded. */
export function decodePolicyDocument(text: string): string {
  try {
    JSON.parse(text);
    return text;
  } catch {
    return decodeURIComponent(text);
  }
}

/** One sentence for a failed IAM call: what we tried, as whom, and IAM's reason. Never any credential. */
export function iamErrorToToolError(error: unknown, context: { action: string; profile: string; endpoint: string }): ToolError {
  if (error instanceof ToolError) return error;
  const code = codeOf(error);
  const message = ((error as { message?: string })?.message ?? '').split('\n')[0].trim();
  if (NETWORK_CODES.has(code) || code === 'TimeoutError' || /ECONNREFUSED|getaddrinfo|socket hang up/.test(message)) {
    return new ToolError('IamUnreachable', `Could not reach the IAM endpoint ${context.endpoint} to ${context.action} (${code}).`, {
      resolution: 'Check your network, proxy and AWS_ENDPOINT_URL_IAM / AWS_ENDPOINT_URL.',
    });
  }
  switch (code) {
    case 'AccessDenied':
    case 'AccessDeniedException':
      return new ToolError(
        'IamAccessDenied',
        `IAM denied profile "${context.profile}" to ${context.action}: ${message || 'access denied'}.`,
        {
          resolution:
            'Use --profile with an administrator of that account; "setup-role --help" lists the IAM actions each --apply step needs.',
        },
      );
    case 'InvalidClientTokenId':
    case 'SignatureDoesNotMatch':
    case 'UnrecognizedClientException':
      return new ToolError(
        'InvalidSourceCredentials',
        `IAM rejected the credentials of profile "${context.profile}" (${code}) when trying to ${context.action}.`,
        {
          resolution: "Check that profile's aws_access_key_id and aws_secret_access_key.",
        },
      );
    case 'MalformedPolicyDocument':
    case 'MalformedPolicyDocumentException':
      return new ToolError('IamRejectedPolicy', `IAM rejected the policy document when trying to ${context.action}: ${message}.`);
    case 'LimitExceeded':
    case 'LimitExceededException':
      return new ToolError('IamLimitExceeded', `IAM refused to ${context.action} because an account quota was reached: ${message}.`);
    default:
      return new ToolError('IamError', `Could not ${context.action}: ${code}${message ? `: ${message}` : ''}.`);
  }
}

/** The IamApi over the AWS SDK, signed with `credentials` (the --profile's). */
export function sdkIamApi(options: {
  target: IamTarget;
  credentials: TemporaryCredentials;
  profile: string;
}): IamApi & { destroy(): void } {
  const sdk = loadIam();
  const client: IAMClient = new sdk.IAMClient({
    region: options.target.region,
    ...(options.target.endpoint ? { endpoint: options.target.endpoint } : {}),
    credentials: {
      accessKeyId: options.credentials.accessKeyId,
      secretAccessKey: options.credentials.secretAccessKey,
      ...(options.credentials.sessionToken ? { sessionToken: options.credentials.sessionToken } : {}),
    },
    maxAttempts: 4,
    retryMode: 'standard',
  });
  const endpoint = options.target.endpoint ?? 'https://iam.amazonaws.com';
  const call = async <T>(action: string, run: () => Promise<T>, absent?: () => T): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      if (absent && isAbsent(error)) return absent();
      throw iamErrorToToolError(error, { action, profile: options.profile, endpoint });
    }
  };
  return {
    getRole: (roleName) =>
      call(
        `read role ${roleName}`,
        async () => {
          const role = (await client.send(new sdk.GetRoleCommand({ RoleName: roleName }))).Role;
          return role
            ? {
                arn: role.Arn ?? '',
                trustPolicy: decodePolicyDocument(role.AssumeRolePolicyDocument ?? '{}'),
                maxSessionDuration: role.MaxSessionDuration ?? 3600,
              }
            : undefined;
        },
        () => undefined,
      ),
    createRole: (input) =>
      call(`create role ${input.roleName}`, async () => {
        const response = await client.send(
          new sdk.CreateRoleCommand({
            RoleName: input.roleName,
            AssumeRolePolicyDocument: input.trustPolicy,
            Description: input.description,
            ...(input.maxSessionDuration ? { MaxSessionDuration: input.maxSessionDuration } : {}),
          }),
        );
        return { arn: response.Role?.Arn ?? '' };
      }),
    updateRoleMaxSessionDuration: (roleName, seconds) =>
      call(`set the maximum session duration of role ${roleName} to ${seconds} s`, async () => {
        await client.send(new sdk.UpdateRoleCommand({ RoleName: roleName, MaxSessionDuration: seconds }));
      }),
    getRolePolicy: (roleName, policyName) =>
      call(
        `read inline policy ${policyName} of role ${roleName}`,
        async () => {
          const response = await client.send(new sdk.GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
          return response.PolicyDocument ? decodePolicyDocument(response.PolicyDocument) : undefined;
        },
        () => undefined,
      ),
    putRolePolicy: (roleName, policyName, document) =>
      call(`put inline policy ${policyName} on role ${roleName}`, async () => {
        await client.send(new sdk.PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }));
      }),
    getUser: (userName) =>
      call(
        `read user ${userName}`,
        async () => {
          const user = (await client.send(new sdk.GetUserCommand({ UserName: userName }))).User;
          return user ? { arn: user.Arn ?? '' } : undefined;
        },
        () => undefined,
      ),
    getPolicyDocument: (policyArn) =>
      call(
        `read policy ${policyArn}`,
        async () => {
          const policy = (await client.send(new sdk.GetPolicyCommand({ PolicyArn: policyArn }))).Policy;
          if (!policy?.DefaultVersionId) return undefined;
          const version = (await client.send(new sdk.GetPolicyVersionCommand({ PolicyArn: policyArn, VersionId: policy.DefaultVersionId })))
            .PolicyVersion;
          return version?.Document ? decodePolicyDocument(version.Document) : undefined;
        },
        () => undefined,
      ),
    createPolicy: (input) =>
      call(`create policy ${input.policyName}`, async () => {
        const response = await client.send(
          new sdk.CreatePolicyCommand({ PolicyName: input.policyName, PolicyDocument: input.document, Description: input.description }),
        );
        return { arn: response.Policy?.Arn ?? '' };
      }),
    attachUserPolicy: (userName, policyArn) =>
      call(`attach policy ${policyArn} to user ${userName}`, async () => {
        await client.send(new sdk.AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
      }),
    destroy: () => client.destroy(),
  };
}
