import { homeDirectory, loadAwsConfig, resolveFileLocations } from '../config';
import { writeProfileSection, type ProfileWriteResult } from '../config/writeProfile';
import { vaultLookup } from '../vault/vaultRecord';
import { ToolError } from '../errors';
import { applyBizSide, applyDevSide, type AppliedStep } from './applyRoleSetup';
import type { IamApi } from './iamApi';
import { planRoleSetup, type RoleSetupPlan } from './roleSetupPlan';
import { writeSetupFiles, type SetupFile } from './setupFiles';
import { gatherSetupInputs, type SetupPrompter } from './setupInputs';
import type { TemporaryCredentials } from '../credentials';

/** Marker of the role profiles setup-role writes: only those are ever replaced. */
export const SETUP_ROLE_MARKER = 'managed by amplify-aws-roles setup-role';

export interface RoleSetupRequest {
  flags: Record<string, string | boolean | string[] | undefined>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  out?: string;
  applyBiz: boolean;
  applyDev: boolean;
  /** Credentials for --apply-biz / --apply-dev. */
  profile?: string;
  writeConfig: boolean;
  /** Store the Dev Corp user's keys (the source profile's) in the vault instead of the credentials file. */
  keysToVault?: boolean;
}

/** The outside world setup-role talks to, injected so tests can replace any of it. */
export interface RoleSetupCollaborators {
  prompter?: SetupPrompter;
  randomBytes?: (size: number) => Buffer;
  /** Credentials of --profile (the lead's resolver: static keys, roles, MFA, cache). */
  credentialsFor(profile: string): Promise<{ credentials: TemporaryCredentials; region?: string }>;
  accountOf(credentials: TemporaryCredentials, profile: string, region?: string): Promise<string>;
  iamFor(partition: string, credentials: TemporaryCredentials, profile: string): IamApi & { destroy?(): void };
  /** --keys-to-vault: asks for (or moves) the source profile's keys and stores them in the vault; says what it did. */
  storeSourceKeys?(profile: string): Promise<string>;
}

export interface RoleSetupOutcome {
  plan: RoleSetupPlan;
  files?: { dir: string; written: SetupFile[] };
  biz?: AppliedStep[];
  dev?: AppliedStep[];
  config?: ProfileWriteResult;
  /** What --keys-to-vault did, in one sentence. */
  vault?: string;
  warnings: string[];
}

function usage(message: string): ToolError {
  return new ToolError('InvalidArguments', message, { exitCode: 2 });
}

/** Flag combinations that cannot work, refused before any question is asked. */
function checkRequest(request: RoleSetupRequest): void {
  if (request.applyBiz && request.applyDev) {
    throw usage(
      "--apply-biz and --apply-dev run with different companies' credentials; run setup-role once with each (and the same inputs).",
    );
  }
  if ((request.applyBiz || request.applyDev) && !request.profile) {
    const side = request.applyBiz
      ? '--apply-biz needs --profile: the profile of a Biz Corp administrator, whose credentials create the role'
      : '--apply-dev needs --profile: the profile of a Dev Corp administrator, whose credentials create the policy';
    throw usage(`${side}.`);
  }
  if (request.profile && !request.applyBiz && !request.applyDev) {
    throw usage('--profile is used only with --apply-biz or --apply-dev (the role profile written to your config is --biz-profile).');
  }
}

/** inputs -> (identity of --profile) -> plan -> files -> IAM -> ~/.aws/config. Nothing is written or created until the plan stands. */
export async function runRoleSetup(request: RoleSetupRequest, collaborators: RoleSetupCollaborators): Promise<RoleSetupOutcome> {
  checkRequest(request);
  const inputs = await gatherSetupInputs(request.flags, {
    env: request.env,
    cwd: request.cwd,
    prompter: collaborators.prompter,
    bizAccountOptional: request.applyBiz,
    randomBytes: collaborators.randomBytes,
  });
  if (request.applyDev && !inputs.devUser) throw usage('--apply-dev needs --dev-user: the Dev Corp user the policy is attached to.');

  let admin: { credentials: TemporaryCredentials; account: string } | undefined;
  if (request.profile) {
    const resolved = await collaborators.credentialsFor(request.profile);
    admin = {
      credentials: resolved.credentials,
      account: await collaborators.accountOf(resolved.credentials, request.profile, resolved.region),
    };
    const expected = request.applyBiz ? inputs.bizAccount : inputs.devAccount;
    const flag = request.applyBiz ? '--biz-account' : '--dev-account';
    if (expected && expected !== admin.account) {
      throw usage(`The credentials of profile "${request.profile}" belong to account ${admin.account}, not ${flag} ${expected}.`);
    }
  }
  const bizAccount = inputs.bizAccount ?? (request.applyBiz ? admin?.account : undefined);
  if (!bizAccount)
    throw usage(
      "--biz-account is required: the 12-digit id of Biz Corp's account, where the role lives (or use --apply-biz to learn it from Biz Corp's credentials).",
    );
  const plan = planRoleSetup({ ...inputs, bizAccount });
  if (request.writeConfig && !plan.mfaSerialKnown) {
    throw usage(
      '--write-config needs the MFA device of the Dev Corp user: give --mfa-serial (or --dev-user when the device is named after the user), or --no-mfa.',
    );
  }

  const outcome: RoleSetupOutcome = { plan, warnings: [] };
  if (request.out) outcome.files = { dir: request.out, written: writeSetupFiles(plan, request.out) };
  if (admin && request.profile) {
    const iam = collaborators.iamFor(plan.partition, admin.credentials, request.profile);
    try {
      if (request.applyBiz) outcome.biz = await applyBizSide(plan, iam);
      if (request.applyDev) outcome.dev = await applyDevSide(plan, iam, inputs.devUser!);
    } finally {
      iam.destroy?.();
    }
  }
  if (request.writeConfig) {
    const { configFile } = resolveFileLocations(request.env);
    outcome.config = writeProfileSection(configFile, plan.roleProfile.name, plan.roleProfile.keys, {
      replace: true,
      marker: SETUP_ROLE_MARKER,
    });
  }
  if (request.keysToVault) {
    if (!collaborators.storeSourceKeys) throw usage('--keys-to-vault is not available here.');
    outcome.vault = await collaborators.storeSourceKeys(inputs.devProfile);
  }
  if (request.writeConfig) outcome.warnings.push(...sourceProfileWarnings(request.env, inputs.devProfile));
  const tooLong = durationWarning(plan);
  if (tooLong) outcome.warnings.push(tooLong);
  return outcome;
}

/** IAM gives a new role this MaxSessionDuration unless told otherwise. */
const IAM_DEFAULT_MAX_SESSION_SECONDS = 3600;

/** The role profile asks for a longer session (--duration-seconds) than the role allows: STS would refuse it. */
function durationWarning(plan: RoleSetupPlan): string | undefined {
  const { durationSeconds, maxSessionDuration, roleName, bizProfile } = plan.inputs;
  if (durationSeconds === undefined) return undefined;
  const allowed = maxSessionDuration ?? IAM_DEFAULT_MAX_SESSION_SECONDS;
  if (durationSeconds <= allowed) return undefined;
  const limit =
    maxSessionDuration !== undefined
      ? `the ${allowed} s that --max-session-duration gives role ${roleName}`
      : `IAM's default maximum of ${allowed} s, which role ${roleName} has unless its maximum was raised`;
  return `Profile "${bizProfile}" asks for duration_seconds = ${durationSeconds}, more than ${limit}, so STS will refuse it: give --max-session-duration ${durationSeconds} with --apply-biz, or a lower --duration-seconds.`;
}

/** After --write-config: does the source profile have keys yet? */
function sourceProfileWarnings(env: NodeJS.ProcessEnv, devProfile: string): string[] {
  try {
    const files = loadAwsConfig({ env, vault: vaultLookup(homeDirectory(env), env) });
    const profile = files.profiles[devProfile];
    if ((profile?.aws_access_key_id && profile?.aws_secret_access_key) || (profile && files.vault?.(devProfile))) return [];
    return [
      `Profile "${devProfile}" has no access keys yet: add the Dev Corp user's keys to ${files.credentialsFile} as [${devProfile}] (see the credentials snippet).`,
    ];
  } catch {
    return [];
  }
}
