import { ToolError } from '../errors';
import { bizTrustPolicy, devAssumeRolePolicy } from './crossAccountPolicies';
import { accountOfArn, partitionOf } from './identifierRules';
import { amplifyPermissionsPolicy } from './permissionsPolicy';
import { policySize, ROLE_INLINE_POLICIES_MAX_SIZE, type PolicyDocument } from './policyDocument';
import type { RoleSetupInputs } from './setupInputs';
import { validatePolicyDocument, type PolicyKind } from './validatePolicyDocument';

/** Name of the inline permissions policy on Biz Corp's role. */
export const PERMISSIONS_POLICY_NAME = 'amplify-cli';

/**
 * Everything setup-role will write or create, computed before anything happens: plain data, no I/O. The files,
 * the screen summary and both --apply steps all read from it.
 */
export interface RoleSetupPlan {
  inputs: RoleSetupInputs & { bizAccount: string };
  partition: string;
  roleArn: string;
  trustPolicy: PolicyDocument;
  permissionsPolicy: PolicyDocument;
  permissionsPolicyName: string;
  devPolicy: PolicyDocument;
  devPolicyName: string;
  devPolicyArn: string;
  /** The role profile for ~/.aws/config (what --write-config adds). */
  roleProfile: { name: string; keys: Record<string, string> };
  /** False when the MFA device is unknown and the snippet carries a placeholder for it. */
  mfaSerialKnown: boolean;
  configSnippet: string;
  credentialsSnippet: string;
}

const MFA_PLACEHOLDER = "<ARN of the Dev Corp user's MFA device>";

function checked(document: PolicyDocument, kind: PolicyKind, what: string): PolicyDocument {
  const { valid, problems } = validatePolicyDocument(document, { kind });
  // Our own documents failing the grammar check is a bug, not a user mistake; say which and why.
  if (!valid) throw new Error(`Generated ${what} is not a valid IAM policy: ${problems.join(' ')}`);
  return document;
}

/** The developer's name for source_identity: --dev-user, else the user its MFA device is named after. */
function sourceIdentityOf(devUser: string | undefined, mfaSerial: string | undefined): string {
  const fromDevice = mfaSerial ? /:mfa\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/.exec(mfaSerial)?.[1] : undefined;
  const name = devUser ?? fromDevice;
  if (!name || !/^[\w+=,.@-]{2,64}$/.test(name)) {
    throw new ToolError(
      'InvalidArguments',
      "--dev-user is required with --require-source-identity: the role profile sets source_identity to the Dev Corp user's name.",
      { exitCode: 2 },
    );
  }
  return name;
}

export function planRoleSetup(inputs: RoleSetupInputs & { bizAccount: string }): RoleSetupPlan {
  const partition = partitionOf(inputs.region);
  const roleArn = `arn:${partition}:iam::${inputs.bizAccount}:role/${inputs.roleName}`;
  const mfaSerial = inputs.mfa
    ? (inputs.mfaSerial ?? (inputs.devUser ? `arn:${partition}:iam::${inputs.devAccount}:mfa/${inputs.devUser}` : undefined))
    : undefined;
  if (mfaSerial && accountOfArn(mfaSerial) !== inputs.devAccount) {
    throw new ToolError(
      'InvalidArguments',
      `--mfa-serial names account ${accountOfArn(mfaSerial)}, but the MFA device belongs to the Dev Corp user in account ${inputs.devAccount} (--dev-account).`,
      { exitCode: 2 },
    );
  }
  if (mfaSerial && !mfaSerial.startsWith(`arn:${partition}:`)) {
    throw new ToolError(
      'InvalidArguments',
      `--mfa-serial is in another partition than region ${inputs.region} (${partition}); use arn:${partition}:iam::... or another --region.`,
      { exitCode: 2 },
    );
  }
  const sourceIdentity = inputs.requireSourceIdentity ? sourceIdentityOf(inputs.devUser, mfaSerial) : undefined;
  const trustPolicy = checked(
    bizTrustPolicy({
      partition,
      devAccount: inputs.devAccount,
      principal: inputs.trustPrincipal,
      devUser: inputs.devUser,
      externalId: inputs.externalId,
      mfa: inputs.mfa,
      sourceIdentity: sourceIdentity !== undefined,
    }),
    'trust',
    'trust policy',
  );
  const permissionsPolicy = checked(amplifyPermissionsPolicy(inputs.categories.categories), 'identity', 'permissions policy');
  if (policySize(permissionsPolicy) > ROLE_INLINE_POLICIES_MAX_SIZE) {
    throw new Error(
      `The permissions policy has ${policySize(permissionsPolicy)} characters, over IAM's ${ROLE_INLINE_POLICIES_MAX_SIZE} for a role's inline policies.`,
    );
  }
  const devPolicy = checked(devAssumeRolePolicy(roleArn, sourceIdentity !== undefined), 'identity', "Dev Corp's policy");

  const keys: Record<string, string> = { role_arn: roleArn, source_profile: inputs.devProfile };
  if (inputs.mfa) keys.mfa_serial = mfaSerial ?? MFA_PLACEHOLDER;
  if (inputs.externalId) keys.external_id = inputs.externalId;
  if (inputs.durationSeconds !== undefined) keys.duration_seconds = String(inputs.durationSeconds);
  if (sourceIdentity) keys.source_identity = sourceIdentity;
  keys.region = inputs.region;

  const configSnippet = [
    `[profile ${inputs.bizProfile}]`,
    ...Object.entries(keys).map(([key, v]) => `${key} = ${v}`),
    '',
    `[profile ${inputs.devProfile}]`,
    `region = ${inputs.region}`,
    '',
  ].join('\n');
  // Placeholders only: this tool never sees, writes or prints the user's secret key.
  const credentialsSnippet = [
    `[${inputs.devProfile}]`,
    `aws_access_key_id = <access key id of ${inputs.devUser ? `Dev Corp user ${inputs.devUser}` : 'the Dev Corp user'}>`,
    'aws_secret_access_key = <its secret access key>',
    '',
  ].join('\n');

  return {
    inputs,
    partition,
    roleArn,
    trustPolicy,
    permissionsPolicy,
    permissionsPolicyName: PERMISSIONS_POLICY_NAME,
    devPolicy,
    devPolicyName: inputs.devPolicyName,
    devPolicyArn: `arn:${partition}:iam::${inputs.devAccount}:policy/${inputs.devPolicyName}`,
    roleProfile: { name: inputs.bizProfile, keys },
    mfaSerialKnown: !inputs.mfa || mfaSerial !== undefined,
    configSnippet,
    credentialsSnippet,
  };
}
