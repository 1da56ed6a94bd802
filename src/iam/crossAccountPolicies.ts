import { POLICY_VERSION, type ConditionBlock, type PolicyDocument } from './policyDocument';

export type TrustPrincipal = 'account' | 'user';

/**
 * Biz Corp's trust policy for the role: who may assume it (Dev Corp's account root, meaning any principal there
 * whose own policies allow it; or one named Dev Corp user), on which conditions (the external id; MFA).
 */
export function bizTrustPolicy(options: { partition: string; devAccount: string; principal: TrustPrincipal; devUser?: string; externalId?: string; mfa: boolean }): PolicyDocument {
  const { partition, devAccount } = options;
  const principal = options.principal === 'user' ? `arn:${partition}:iam::${devAccount}:user/${options.devUser}` : `arn:${partition}:iam::${devAccount}:root`;
  const condition: ConditionBlock = {};
  if (options.externalId) condition.StringEquals = { 'sts:ExternalId': options.externalId };
  if (options.mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: 'DevCorpAssumesRole',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: 'sts:AssumeRole',
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ],
  };
}

/** Dev Corp's side: its user may call sts:AssumeRole on exactly that role. */
export function devAssumeRolePolicy(roleArn: string): PolicyDocument {
  return { Version: POLICY_VERSION, Statement: [{ Sid: 'AssumeBizCorpAmplifyRole', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }] };
}
