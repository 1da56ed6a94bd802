import { ToolError } from '../errors';
import type { IamApi } from './iamApi';
import { policyJson, type PolicyDocument } from './policyDocument';
import type { RoleSetupPlan } from './roleSetupPlan';

/** What one IAM step did, for the summary: created, updated, or found already as planned. */
export interface AppliedStep {
  what: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'attached';
}

const DESCRIPTION = 'Created by amplify-aws-roles setup-role for Amplify CLI deployments';

/** Key order and whitespace do not matter; a single value and a one-element list are the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.length === 1 ? canonical(value[0]) : value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export function samePolicy(text: string | undefined, document: PolicyDocument): boolean {
  if (text === undefined) return false;
  try {
    return JSON.stringify(canonical(JSON.parse(text))) === JSON.stringify(canonical(document));
  } catch {
    return false;
  }
}

/**
 * Biz Corp's half, with Biz Corp's credentials: the role with its trust policy, then its inline permissions policy.
 * Running it again with the same inputs changes nothing; a role of that name with another trust policy is never
 * modified, since that would change who may act in Biz Corp's account.
 */
export async function applyBizSide(plan: RoleSetupPlan, iam: IamApi): Promise<AppliedStep[]> {
  const steps: AppliedStep[] = [];
  const { roleName, maxSessionDuration } = plan.inputs;
  const existing = await iam.getRole(roleName);
  if (existing) {
    if (!samePolicy(existing.trustPolicy, plan.trustPolicy)) {
      throw new ToolError(
        'RoleExists',
        `Role ${roleName} already exists in account ${plan.inputs.bizAccount} with a different trust policy; refusing to change who may assume it.`,
        {
          resolution:
            'Choose another --role-name, or compare its trust policy with biz-trust-policy.json (--out) and update it yourself. With --external-id auto every run generates a new id: pass the first one explicitly.',
        },
      );
    }
    steps.push({ what: `role ${existing.arn}`, outcome: 'unchanged' });
    if (maxSessionDuration !== undefined) {
      // Unlike the trust policy, the maximum only says how long a session may last: bringing it in line is safe.
      const same = existing.maxSessionDuration === maxSessionDuration;
      if (!same) await iam.updateRoleMaxSessionDuration(roleName, maxSessionDuration);
      steps.push({ what: `maximum session duration ${maxSessionDuration} s`, outcome: same ? 'unchanged' : 'updated' });
    }
  } else {
    const created = await iam.createRole({
      roleName,
      trustPolicy: policyJson(plan.trustPolicy),
      description: DESCRIPTION,
      ...(maxSessionDuration !== undefined ? { maxSessionDuration } : {}),
    });
    if (created.arn !== plan.roleArn) {
      throw new ToolError(
        'UnexpectedRoleArn',
        `IAM created the role as ${created.arn}, not ${plan.roleArn}; the --profile credentials are probably not Biz Corp's account ${plan.inputs.bizAccount}.`,
      );
    }
    steps.push({ what: `role ${created.arn}`, outcome: 'created' });
    if (maxSessionDuration !== undefined) steps.push({ what: `maximum session duration ${maxSessionDuration} s`, outcome: 'created' });
  }
  const current = await iam.getRolePolicy(roleName, plan.permissionsPolicyName);
  if (samePolicy(current, plan.permissionsPolicy)) {
    steps.push({ what: `inline policy ${plan.permissionsPolicyName}`, outcome: 'unchanged' });
  } else {
    await iam.putRolePolicy(roleName, plan.permissionsPolicyName, policyJson(plan.permissionsPolicy));
    steps.push({ what: `inline policy ${plan.permissionsPolicyName}`, outcome: current === undefined ? 'created' : 'updated' });
  }
  return steps;
}

/**
 * Dev Corp's half, with Dev Corp's credentials: the managed policy allowing sts:AssumeRole on the role, attached to
 * the user. The user must exist already (with keys and MFA device, as the walkthrough has Dev Corp create them).
 */
export async function applyDevSide(plan: RoleSetupPlan, iam: IamApi, devUser: string): Promise<AppliedStep[]> {
  const steps: AppliedStep[] = [];
  const user = await iam.getUser(devUser);
  if (!user) {
    throw new ToolError('UnknownUser', `User ${devUser} (--dev-user) does not exist in Dev Corp's account ${plan.inputs.devAccount}.`, {
      resolution: 'Create the user (with access keys and an MFA device) first, or pass the right --dev-user.',
    });
  }
  const current = await iam.getPolicyDocument(plan.devPolicyArn);
  if (current === undefined) {
    const created = await iam.createPolicy({
      policyName: plan.devPolicyName,
      document: policyJson(plan.devPolicy),
      description: `Lets Dev Corp users assume ${plan.roleArn} (amplify-aws-roles)`,
    });
    if (created.arn !== plan.devPolicyArn) {
      throw new ToolError(
        'UnexpectedPolicyArn',
        `IAM created the policy as ${created.arn}, not ${plan.devPolicyArn}; the --profile credentials are probably not Dev Corp's account ${plan.inputs.devAccount}.`,
      );
    }
    steps.push({ what: `policy ${created.arn}`, outcome: 'created' });
  } else if (samePolicy(current, plan.devPolicy)) {
    steps.push({ what: `policy ${plan.devPolicyArn}`, outcome: 'unchanged' });
  } else {
    throw new ToolError(
      'PolicyExists',
      `Policy ${plan.devPolicyArn} already exists with a different document; refusing to attach it to ${devUser}.`,
      {
        resolution: 'Choose another --dev-policy-name, or compare it with dev-assume-role-policy.json (--out).',
      },
    );
  }
  await iam.attachUserPolicy(devUser, plan.devPolicyArn);
  steps.push({ what: `policy attached to ${user.arn}`, outcome: 'attached' });
  return steps;
}
