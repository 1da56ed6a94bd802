import * as path from 'node:path';
import { readProjectFile } from '../files/readRegularFile';
import type { CredentialChain } from '../plan/types';

/**
 * The RoleSessionName of a role profile without role_session_name: who and which project, `dev-user@myapp`, so Biz
 * Corp's CloudTrail (where the name is part of the assumed-role ARN) tells its developers and projects apart. The tool's
 * name stands in for what is not known; with neither known, the old `amplify-aws-roles-<epoch>`. Known parts never
 * change between calls, so neither does the name (it is not part of the cache key: the plan is).
 */
const TOOL = 'amplify-aws-roles';
const MAX = 64;
/** Room kept for the project when both parts are long (Amplify project names have at most 20 characters). */
const MAX_PROJECT = 32;

/** Only STS's characters ([\w+=,.@-]); anything else becomes "-". Undefined when nothing usable is left. */
function clean(part: string | undefined): string | undefined {
  const cleaned = part?.replace(/[^\w+=,.@-]/g, '-').replace(/^-+|-+$/g, '');
  return cleaned ? cleaned : undefined;
}

export function defaultSessionName(who: { user?: string; project?: string }, now: Date): string {
  const user = clean(who.user);
  const project = clean(who.project)?.slice(0, MAX_PROJECT);
  if (!user && !project) return `${TOOL}-${Math.floor(now.getTime() / 1000)}`;
  const where = project ?? TOOL;
  // The user part gives way: the name stays within 64 characters and keeps the "@project" that groups a team's sessions.
  return `${(user ?? TOOL).slice(0, MAX - 1 - where.length)}@${where}`;
}

/** The last part of an IAM resource ARN's name (`mfa/path/dev-user` -> dev-user), if it is of that type. */
function arnName(arn: string, type: string): string | undefined {
  const match = /^arn:[\w-]+:(?:iam|sts)::\d{12}:([\w+=,.@/-]+)$/.exec(arn);
  const resource = match?.[1].split('/');
  return resource && resource[0] === type && resource.length > 1 ? resource[resource.length - 1] : undefined;
}

/**
 * The person behind a chain, as far as the configuration says without asking STS: the IAM user `aws login` signed in
 * as, else the user named by the first MFA device of the chain (a virtual device is usually named after its user).
 */
export function sourceUserOf(plan: CredentialChain): string | undefined {
  const [base, ...roles] = plan.chain;
  if ('login' in base) {
    const user = arnName(base.login.session, 'user');
    if (user) return user;
  }
  for (const { assumeRole } of roles) {
    const user = assumeRole.mfaSerial ? arnName(assumeRole.mfaSerial, 'mfa') : undefined;
    if (user) return user;
  }
  return undefined;
}

/** The Amplify project's name (amplify/.config/project-config.json), else its folder's name. */
export function projectNameOf(root: string): string {
  try {
    const config = JSON.parse(readProjectFile(path.join(root, 'amplify', '.config', 'project-config.json')) ?? '{}') as {
      projectName?: unknown;
    };
    if (typeof config?.projectName === 'string' && config.projectName.trim()) return config.projectName.trim();
  } catch (error) {
    // A pipe or a device where the file should be (a hostile clone) is said; anything else unreadable: the folder's name still says which project it is.
    if ((error as { code?: string }).code === 'ProjectFileNotRegular') throw error;
  }
  return path.basename(root);
}
