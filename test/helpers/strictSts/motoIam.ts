import type { IAMClient } from '@aws-sdk/client-iam';

/**
 * moto's IAM, read and written account by account: moto keeps one IAM per account and takes the account from the
 * x-moto-account-id header (else from the signing key). In its default mode moto checks no signature, so these
 * clients sign with a placeholder key. The stand-in reads roles, keys, devices and policies through it; tests create
 * their users, roles and devices with it (through the stand-in, which then learns each virtual device's seed).
 */
export function iamClient(endpoint: string, account: string): IAMClient {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { IAMClient } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  const client = new IAMClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAIAMADMINISTRATOR', secretAccessKey: 'placeholder' },
    maxAttempts: 1,
  });
  client.middlewareStack.add(
    (next) => (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-moto-account-id'] = account;
      return next(args);
    },
    { step: 'build', name: 'motoAccount' },
  );
  return client;
}

/** IAM answers documents URL-encoded. */
export function policyText(document: string | undefined): string {
  if (!document) return '{}';
  try {
    JSON.parse(document);
    return document;
  } catch {
    return decodeURIComponent(document);
  }
}

function isAbsent(error: unknown): boolean {
  return ['NoSuchEntity', 'NoSuchEntityException'].includes((error as { name?: string }).name ?? '');
}

export interface RoleFacts {
  arn: string;
  trustPolicy: string;
  maxSessionDuration: number;
}

/** The role as IAM knows it, or undefined when IAM has no such role. */
export async function roleFacts(iam: IAMClient, roleName: string): Promise<RoleFacts | undefined> {
  const { GetRoleCommand } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  try {
    const role = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role!;
    return { arn: role.Arn!, trustPolicy: policyText(role.AssumeRolePolicyDocument), maxSessionDuration: role.MaxSessionDuration ?? 3600 };
  } catch (error) {
    if (isAbsent(error)) return undefined;
    throw error;
  }
}

/** Serial numbers of the MFA devices assigned to the user. */
export async function mfaDevicesOf(iam: IAMClient, userName: string): Promise<string[]> {
  const { ListMFADevicesCommand } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  try {
    return ((await iam.send(new ListMFADevicesCommand({ UserName: userName }))).MFADevices ?? []).map((d) => d.SerialNumber!);
  } catch (error) {
    if (isAbsent(error)) return [];
    throw error;
  }
}

async function managedPolicyDocuments(iam: IAMClient, arns: string[]): Promise<string[]> {
  const { GetPolicyCommand, GetPolicyVersionCommand } = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  const documents: string[] = [];
  for (const arn of arns) {
    const policy = (await iam.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy;
    if (!policy?.DefaultVersionId) continue;
    const version = (await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: policy.DefaultVersionId }))).PolicyVersion;
    documents.push(policyText(version?.Document));
  }
  return documents;
}

/** The identity-based policies of a user or a role: inline ones and attached managed ones. */
export async function identityPolicies(iam: IAMClient, of: { user: string } | { role: string }): Promise<string[]> {
  const sdk = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
  if ('user' in of) {
    const names = (await iam.send(new sdk.ListUserPoliciesCommand({ UserName: of.user }))).PolicyNames ?? [];
    const inline = await Promise.all(
      names.map(async (name) =>
        policyText((await iam.send(new sdk.GetUserPolicyCommand({ UserName: of.user, PolicyName: name }))).PolicyDocument),
      ),
    );
    const attached = ((await iam.send(new sdk.ListAttachedUserPoliciesCommand({ UserName: of.user }))).AttachedPolicies ?? []).map(
      (p) => p.PolicyArn!,
    );
    return [...inline, ...(await managedPolicyDocuments(iam, attached))];
  }
  const names = (await iam.send(new sdk.ListRolePoliciesCommand({ RoleName: of.role }))).PolicyNames ?? [];
  const inline = await Promise.all(
    names.map(async (name) =>
      policyText((await iam.send(new sdk.GetRolePolicyCommand({ RoleName: of.role, PolicyName: name }))).PolicyDocument),
    ),
  );
  const attached = ((await iam.send(new sdk.ListAttachedRolePoliciesCommand({ RoleName: of.role }))).AttachedPolicies ?? []).map(
    (p) => p.PolicyArn!,
  );
  return [...inline, ...(await managedPolicyDocuments(iam, attached))];
}
