import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { type StagedFile, stageFileAtomically } from '../files/atomicWrite';
import { refuseIfNotRegularFile } from '../files/fileKind';
import { isOwnedByAnother } from '../files/privateFolder';
import { describeAllowedActions, policyJson } from './policyDocument';
import type { RoleSetupPlan } from './roleSetupPlan';

export interface SetupFile {
  name: string;
  /** Who uses it, for the summary. */
  purpose: string;
  text: string;
}

/** What `--out DIR` holds: the three policies, the two file snippets, and the plan as JSON. None holds a secret. */
export function setupFiles(plan: RoleSetupPlan): SetupFile[] {
  return [
    { name: 'biz-trust-policy.json', purpose: "Biz Corp: the role's trust policy (who may assume it)", text: policyJson(plan.trustPolicy) },
    {
      name: 'biz-permissions-policy.json',
      purpose: `Biz Corp: the role's permissions (inline policy "${plan.permissionsPolicyName}")`,
      text: policyJson(plan.permissionsPolicy),
    },
    {
      name: 'dev-assume-role-policy.json',
      purpose: `Dev Corp: policy "${plan.devPolicyName}" for the user, allowing ${describeAllowedActions(plan.devPolicy)} on the role`,
      text: policyJson(plan.devPolicy),
    },
    { name: 'config', purpose: 'Dev Corp user: add to ~/.aws/config', text: plan.configSnippet },
    { name: 'credentials', purpose: 'Dev Corp user: add to ~/.aws/credentials with the real keys', text: plan.credentialsSnippet },
    { name: 'setup.json', purpose: 'this plan as JSON, for scripts', text: `${JSON.stringify(planSummary(plan), null, 2)}\n` },
  ];
}

/** The plan without the policy bodies (they are in their own files). */
export function planSummary(plan: RoleSetupPlan): Record<string, unknown> {
  const { inputs } = plan;
  return {
    roleArn: plan.roleArn,
    bizAccount: inputs.bizAccount,
    devAccount: inputs.devAccount,
    trustPrincipal: plan.trustPolicy.Statement[0].Principal,
    externalId: inputs.externalId ?? null,
    externalIdGenerated: inputs.externalIdGenerated,
    mfaRequired: inputs.mfa,
    maxSessionDuration: inputs.maxSessionDuration ?? null,
    categories: inputs.categories.categories,
    categoriesFrom: inputs.categories.source === 'project' ? inputs.categories.file : inputs.categories.source,
    permissionsPolicyName: plan.permissionsPolicyName,
    devPolicyName: plan.devPolicyName,
    devPolicyArn: plan.devPolicyArn,
    devUser: inputs.devUser ?? null,
    roleProfile: plan.roleProfile,
    sourceProfile: inputs.devProfile,
  };
}

/**
 * Writes the setup files all or none: each is staged as a temp file beside its target (written and synced), and only
 * when every one is on disk are they renamed over the old ones, which replaces a link instead of writing through it.
 * A folder of another user, or one others may write in, is refused: as root, --out under /tmp would let anyone there
 * point a name at any file.
 */
export function writeSetupFiles(plan: RoleSetupPlan, dir: string): SetupFile[] {
  const files = setupFiles(plan);
  refuseSharedFolder(dir);
  // Before anything is written: a device or a named pipe in the folder would swallow a file or hang the write.
  for (const file of files) refuseIfNotRegularFile(path.join(dir, file.name), 'the setup file');
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new ToolError(
      'OutputUnwritable',
      `Could not write the setup files to --out ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}).`,
    );
  }
  const staged: StagedFile[] = [];
  try {
    for (const file of files)
      staged.push(
        stageFileAtomically(path.join(dir, file.name), file.text, { mode: 0o644, errorCode: 'OutputUnwritable', what: 'the setup file' }),
      );
  } catch (error) {
    for (const done of staged) done.discard();
    const code = ((error as { cause?: NodeJS.ErrnoException }).cause ?? (error as NodeJS.ErrnoException)).code ?? (error as Error).message;
    throw new ToolError('OutputUnwritable', `Could not write the setup files to --out ${dir} (${code}); none of them was changed.`, {
      cause: error,
    });
  }
  for (const done of staged) done.commit();
  return files;
}

function refuseSharedFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return; // created by us below
  }
  const refuse = (why: string) =>
    new ToolError('OutputFolderShared', `Refusing to write the setup files to ${dir}: ${why}; nothing was written.`, {
      resolution: 'Give --out a folder of your own that only you may write in.',
      exitCode: 2,
    });
  if (isOwnedByAnother(stat)) throw refuse(`it belongs to another user (uid ${stat.uid})`);
  if ((stat.mode & 0o022) !== 0) throw refuse(`others may write in it (mode ${(stat.mode & 0o777).toString(8)})`);
}
