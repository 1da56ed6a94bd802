import { POLICY_VERSION, type ConditionBlock, type PolicyDocument } from './policyDocument';

export type TrustPrincipal = 'account' | 'user';

/** What a principal must be allowed to assume the role: sts:SetSourceIdentity too when a source identity is required. */
function assumeActions(sourceIdentity: boolean | undefined): string | string[] {
  return sourceIdentity ? ['sts:AssumeRole', 'sts:SetSourceIdentity'] : 'sts:AssumeRole';
}

/**
 * Biz Corp's trust policy for the role: who may assume it (Dev Corp's account root, meaning any principal there
 * whose own policies allow it; or one named Dev Corp user), on which conditions (the external id; MFA; a source
 * identity, which then names the developer in CloudTrail for this session and every session chained from it).
 */
export function bizTrustPolicy(options: {
  partition: string;
  devAccount: string;
  principal: TrustPrincipal;
  devUser?: string;
  externalId?: string;
  mfa: boolean;
  sourceIdentity?: boolean;
}): PolicyDocument {
  const { partition, devAccount } = options;
  const principal =
    options.principal === 'user'
      ? `arn:${partition}:iam::${devAccount}:user/${options.devUser}`
      : `arn:${partition}:iam::${devAccount}:root`;
  const condition: ConditionBlock = {};
  if (options.externalId) condition.StringEquals = { 'sts:ExternalId': options.externalId };
  if (options.mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' };
  // StringLike "*" on a key the request may lack: no source identity, no session.
  if (options.sourceIdentity) condition.StringLike = { 'sts:SourceIdentity': '*' };
  return {
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: 'DevCorpAssumesRole',
        Effect: 'Allow',
        Principal: { AWS: principal },
        Action: assumeActions(options.sourceIdentity),
        ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
      },
    ],
  };
}

/** Dev Corp's side: its user may call sts:AssumeRole (and set a source identity, when required) on exactly that role. */
export function devAssumeRolePolicy(roleArn: string, sourceIdentity?: boolean): PolicyDocument {
  return {
    Version: POLICY_VERSION,
    Statement: [{ Sid: 'AssumeBizCorpAmplifyRole', Effect: 'Allow', Action: assumeActions(sourceIdentity), Resource: roleArn }],
  };
}
