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
  refuseForeignLinks(dir);
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
  // A folder made by another user between the look above and the mkdir (which accepts one that exists) is refused now,
  // before any file is staged in it.
  refuseSharedFolder(dir);
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

function sharedFolderRefusal(dir: string, why: string): ToolError {
  return new ToolError('OutputFolderShared', `Refusing to write the setup files to ${dir}: ${why}; nothing was written.`, {
    resolution: 'Give --out a folder of your own that only you may write in.',
    exitCode: 2,
  });
}

function refuseSharedFolder(dir: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return; // created by us below
  }
  if (isOwnedByAnother(stat)) throw sharedFolderRefusal(dir, `it belongs to another user (uid ${stat.uid})`);
  // All mode bits: /tmp's 1777 is not 777.
  if ((stat.mode & 0o022) !== 0) throw sharedFolderRefusal(dir, `others may write in it (mode ${(stat.mode & 0o7777).toString(8)})`);
}

/**
 * A symbolic link of another user on the way to --out (one planted in /tmp, say) is followed by every step after this,
 * the creation of a missing folder included: the files would go wherever that user points it. Links of root's (the
 * system's own) and of ours are followed as usual.
 */
function refuseForeignLinks(dir: string): void {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.lstatSync(at);
    } catch {
      stat = undefined; // not there (yet), or not ours to look at: the writes below say so
    }
    if (stat?.isSymbolicLink() && stat.uid !== 0 && isOwnedByAnother(stat))
      throw sharedFolderRefusal(dir, `${at} is a symbolic link of another user (uid ${stat.uid})`);
    if (path.dirname(at) === at) return;
  }
}
