import { describeSelection } from './projectCategories';
import { describeAllowedActions, policyJson, policySize } from './policyDocument';
import type { AppliedStep } from './applyRoleSetup';
import type { RoleSetupOutcome } from './setupRole';
import { planSummary } from './setupFiles';
import { DEFAULT_BIZ_PROFILE, DEFAULT_DEV_PROFILE } from './setupInputs';

function countActions(outcome: RoleSetupOutcome): number {
  return outcome.plan.permissionsPolicy.Statement.reduce((n, s) => n + (Array.isArray(s.Action) ? s.Action.length : 1), 0);
}

function stepLines(steps: AppliedStep[]): string[] {
  return steps.map((step) => `  ${step.outcome.padEnd(9)} ${step.what}`);
}

/**
 * The flags that reproduce this plan, so that each company's --apply run (and a generated external id, or answers
 * given at prompts) lines up with this one.
 */
export function equivalentFlags(outcome: RoleSetupOutcome): string[] {
  const { inputs } = outcome.plan;
  const flags = ['--dev-account', inputs.devAccount, '--biz-account', inputs.bizAccount, '--role-name', inputs.roleName];
  // One the user chose may start with "-": joined with "=", it is read as the value, not as an option.
  if (inputs.externalId)
    flags.push(...(inputs.externalId.startsWith('-') ? [`--external-id=${inputs.externalId}`] : ['--external-id', inputs.externalId]));
  if (!inputs.mfa) flags.push('--no-mfa');
  else if (inputs.mfaSerial) flags.push('--mfa-serial', inputs.mfaSerial);
  if (inputs.devUser) flags.push('--dev-user', inputs.devUser);
  if (inputs.trustPrincipal !== 'account') flags.push('--trust', inputs.trustPrincipal);
  if (inputs.requireSourceIdentity) flags.push('--require-source-identity');
  flags.push(
    '--categories',
    inputs.categories.categories.length > 0 ? inputs.categories.categories.join(',') : 'core',
    '--region',
    inputs.region,
  );
  if (inputs.bizProfile !== DEFAULT_BIZ_PROFILE) flags.push('--biz-profile', inputs.bizProfile);
  if (inputs.devProfile !== DEFAULT_DEV_PROFILE) flags.push('--dev-profile', inputs.devProfile);
  if (inputs.devPolicyName !== `${inputs.roleName}-assume`) flags.push('--dev-policy-name', inputs.devPolicyName);
  if (inputs.maxSessionDuration !== undefined) flags.push('--max-session-duration', String(inputs.maxSessionDuration));
  if (inputs.durationSeconds !== undefined) flags.push('--duration-seconds', String(inputs.durationSeconds));
  return flags;
}

/** setup-role's report on the terminal: what the plan is, what was written and created, what is left to do. */
/** `keysInVault`: --keys-to-vault stored the user's keys, so neither the credentials snippet nor that step is shown. */
export function formatSetupSummary(outcome: RoleSetupOutcome, options: { profile?: string; keysInVault?: boolean }): string {
  const { plan } = outcome;
  const { inputs } = plan;
  const principal = (plan.trustPolicy.Statement[0].Principal as { AWS: string }).AWS;
  const lines = [
    `Role ${plan.roleArn}`,
    `  Trusts:       ${inputs.trustPrincipal === 'user' ? `Dev Corp user ${inputs.devUser}` : `Dev Corp account ${inputs.devAccount}`} (${principal})`,
    `  External id:  ${inputs.externalId ? `${inputs.externalId}${inputs.externalIdGenerated ? ' (generated; Dev Corp needs it: it is in the config snippet)' : ''}` : 'none (anyone Dev Corp lets assume roles can assume it)'}`,
    `  MFA:          ${inputs.mfa ? `required (aws:MultiFactorAuthPresent)${plan.roleProfile.keys.mfa_serial ? `, device ${plan.roleProfile.keys.mfa_serial}` : ''}` : 'not required'}`,
    ...(plan.roleProfile.keys.source_identity
      ? [`  Source id:    required (sts:SourceIdentity); the profile sets source_identity = ${plan.roleProfile.keys.source_identity}`]
      : []),
    `  Permissions:  ${describeSelection(inputs.categories)}; ${countActions(outcome)} actions, ${policySize(plan.permissionsPolicy)} characters`,
    `  Sessions:     ${inputs.maxSessionDuration !== undefined ? `at most ${inputs.maxSessionDuration} s (--max-session-duration)` : "IAM's default maximum (3600 s) for a new role; an existing role's is left as it is"}${inputs.durationSeconds !== undefined ? `; the profile asks for ${inputs.durationSeconds} s` : ''}`,
    `  Dev Corp:     policy ${plan.devPolicyName} allows ${describeAllowedActions(plan.devPolicy)} on the role${inputs.devUser ? `, for user ${inputs.devUser}` : ''}`,
  ];
  if (outcome.files) {
    const width = Math.max(...outcome.files.written.map((f) => f.name.length)) + 2;
    lines.push('', `Files in ${outcome.files.dir}:`, ...outcome.files.written.map((f) => `  ${f.name.padEnd(width)}${f.purpose}`));
  } else {
    lines.push(
      '',
      "Biz Corp's trust policy:",
      policyJson(plan.trustPolicy).trimEnd(),
      '',
      "Dev Corp's policy for the user:",
      policyJson(plan.devPolicy).trimEnd(),
      '',
      '~/.aws/config:',
      plan.configSnippet.trimEnd(),
      '',
      ...(options.keysInVault ? [] : ['~/.aws/credentials:', plan.credentialsSnippet.trimEnd(), '']),
      `The permissions policy: amplify-aws-roles policy --categories ${['core', ...inputs.categories.categories].join(',')} (or use --out DIR to get every file).`,
    );
  }
  if (outcome.biz) lines.push('', `Biz Corp, account ${inputs.bizAccount} (profile ${options.profile}):`, ...stepLines(outcome.biz));
  if (outcome.dev) lines.push('', `Dev Corp, account ${inputs.devAccount} (profile ${options.profile}):`, ...stepLines(outcome.dev));
  if (outcome.config) {
    const backup = outcome.config.backup ? ` (previous version kept as ${outcome.config.backup})` : '';
    lines.push('', `${outcome.config.file}: ${outcome.config.outcome} [profile ${plan.roleProfile.name}]${backup}`);
  }
  const next: string[] = [];
  if (!outcome.biz)
    next.push(
      'Biz Corp: create the role with the trust and permissions policies (or rerun with --apply-biz --profile <Biz Corp administrator>).',
    );
  if (!outcome.dev)
    next.push(
      `Dev Corp: create the policy and attach it to the user (or rerun with --apply-dev --profile <Dev Corp administrator> --dev-user ${inputs.devUser ?? '<user>'}).`,
    );
  if (!outcome.config) next.push('Dev Corp user: add the config snippet to ~/.aws/config (or rerun with --write-config).');
  next.push(
    options.keysInVault
      ? `Dev Corp user: check the whole setup with: amplify-aws-roles doctor --profile ${inputs.bizProfile}`
      : `Dev Corp user: put the access keys in ~/.aws/credentials as [${inputs.devProfile}], then check with: amplify-aws-roles whoami --profile ${inputs.bizProfile}`,
  );
  lines.push(
    '',
    'The same inputs as flags (use them for each --apply step):',
    `  amplify-aws-roles setup-role ${equivalentFlags(outcome).join(' ')}`,
  );
  lines.push('', 'Next:', ...next.map((n) => `  - ${n}`));
  for (const warning of outcome.warnings) lines.push('', `Warning: ${warning}`);
  return lines.join('\n');
}

/** --json: the same facts for scripts. */
export function setupOutcomeJson(outcome: RoleSetupOutcome): Record<string, unknown> {
  return {
    plan: planSummary(outcome.plan),
    trustPolicy: outcome.plan.trustPolicy,
    devPolicy: outcome.plan.devPolicy,
    permissionsPolicy: outcome.plan.permissionsPolicy,
    flags: equivalentFlags(outcome),
    files: outcome.files ? { dir: outcome.files.dir, names: outcome.files.written.map((f) => f.name) } : null,
    biz: outcome.biz ?? null,
    dev: outcome.dev ?? null,
    config: outcome.config ?? null,
    warnings: outcome.warnings,
  };
}
