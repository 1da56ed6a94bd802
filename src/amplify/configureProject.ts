import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { loadAwsFiles } from '../resolve/loadAwsFiles';
import type { AwsConfigFiles } from '../config/types';
import { removeProfileSection } from '../config/writeProfile';
import { ToolError } from '../errors';
import { describeExpiry } from '../output/credentialsFormat';
import type { ProfileSummary } from '../plan';
import { readAmplifyProject, type AmplifyProject } from './amplifyProject';
import { parseBridgeCommandLine, thisProgram, type BridgePlan, type BridgeProgram } from './bridgeProfile';
import { applySelection, bridgedBy, bridgeNameFor, environmentsSelecting, planSelection, refuseOthersBridge } from './environmentSelection';
import { localAwsInfoFile, readLocalAwsInfo, selectedProfileName, updateLocalAwsInfo } from './localAwsInfo';
import { chooseProfile, describeKind, enquirerPrompter, profileSummaries, type Prompter } from './profileChoice';
import { readSelectionState, writeSelectionState } from './selectionState';
import { write } from '../output/writeLine';

/*
 * configure-project as a person meets it: which profile (asked when not given), consent to the bridge, proof that the
 * profile signs in, then the selection applied (environmentSelection.ts plans and writes it); and --remove.
 */

export interface VerifyRequest {
  profile: string;
  projectRoot: string;
  mfaCode?: string;
  /** The shared files configure-project read (not read again to resolve the profile). */
  files?: AwsConfigFiles;
}

export interface VerifiedIdentity {
  account: string;
  arn: string;
  expiration?: Date;
  fromCache: boolean;
}

export interface ConfigureProjectOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** --project DIR */
  project?: string;
  /** --profile NAME; asked for when absent and someone can answer. */
  profile?: string;
  /** --yes: consent to writing the bridge profile without asking. */
  yes: boolean;
  mfaCode?: string;
  /** --bridge-name NAME: another name for the bridge profile. */
  bridgeName?: string;
  interactive: boolean;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  prompter?: Prompter;
  program?: () => BridgeProgram;
  /** Resolves the profile once and says who it is (default: our resolver and STS GetCallerIdentity). */
  verify?: (request: VerifyRequest) => Promise<VerifiedIdentity>;
  now?: () => Date;
}

export async function verifyWithSts(
  options: Pick<ConfigureProjectOptions, 'env' | 'cwd' | 'stdin' | 'stderr'>,
  request: VerifyRequest,
): Promise<VerifiedIdentity> {
  // The resolver and the SDK load only here: listing and choosing profiles stays fast.
  const { resolveProfileCredentials } = require('../resolve') as typeof import('../resolve');
  const { callerIdentity } = require('../resolve/callerIdentity') as typeof import('../resolve/callerIdentity');
  const result = await resolveProfileCredentials({
    env: options.env,
    cwd: options.cwd,
    profile: request.profile,
    files: request.files,
    project: request.projectRoot,
    mfaCode: request.mfaCode,
    stdin: options.stdin,
    stderr: options.stderr,
  });
  const identity = await callerIdentity(result.credentials, { env: options.env, profile: result.profile, region: result.region });
  return { account: identity.account, arn: identity.arn, expiration: result.credentials.expiration, fromCache: result.fromCache };
}

async function chosenProfile(
  options: ConfigureProjectOptions,
  files: AwsConfigFiles,
  current: string | undefined,
  prompter: () => Prompter,
): Promise<string> {
  if (options.profile) return options.profile;
  if (!options.interactive) {
    throw new ToolError('ProfileRequired', 'Which profile to use was not given and there is no terminal to ask.', {
      resolution: 'Pass --profile NAME (and --yes to allow writing the bridge profile).',
      exitCode: 2,
    });
  }
  // Offer the role behind the current bridge rather than the bridge itself.
  const currentCommand = current ? files.profiles[current]?.credential_process : undefined;
  const behindBridge = currentCommand ? parseBridgeCommandLine(currentCommand)?.profile : undefined;
  return chooseProfile(profileSummaries(files), prompter(), behindBridge ?? current);
}

async function consentToBridge(
  options: ConfigureProjectOptions,
  bridge: BridgePlan,
  profile: ProfileSummary,
  prompter: () => Prompter,
): Promise<void> {
  if (options.yes) return;
  const question = `Write [profile ${bridge.name}] to ${bridge.file}, so the Amplify CLI gets "${bridge.profile}" credentials from amplify-aws-roles (a backup is kept)?`;
  if (!options.interactive) {
    throw new ToolError(
      'ConsentRequired',
      `Profile "${bridge.profile}" needs a bridge profile in ${bridge.file}, and there is no terminal to ask before writing it.`,
      {
        resolution: 'Pass --yes to allow it.',
        exitCode: 2,
      },
    );
  }
  if (!(await prompter().confirm(question, true))) {
    throw new ToolError(
      'BridgeDeclined',
      `Nothing was changed: the Amplify CLI cannot use profile "${bridge.profile}" (${describeKind(profile)}) by itself, without the bridge profile.`,
      {
        resolution: 'Run the command again and accept the bridge, or choose a profile with static keys.',
      },
    );
  }
}

function relativeToProject(project: AmplifyProject, file: string): string {
  return path.relative(project.root, file);
}

/** `configure-project`: choose a profile for the current environment, bridge it when the CLI needs that, prove it works. */
export async function configureProject(options: ConfigureProjectOptions): Promise<number> {
  const project = readAmplifyProject(options.cwd, options.project);
  const files = loadAwsFiles({ env: options.env });
  let prompter: Prompter | undefined;
  const ask = () => (prompter ??= options.prompter ?? enquirerPrompter({ stdin: options.stdin, stdout: options.stderr }));
  const current = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  const name = await chosenProfile(options, files, current, ask);
  const plan = planSelection(files, project, name, {
    program: options.program ?? (() => thisProgram(options.env)),
    bridgeName: options.bridgeName,
    inUse: [current, readSelectionState(project.root)[project.envName]?.bridge],
  });
  if (plan.bridge) await consentToBridge(options, plan.bridge, plan.profile, ask);

  write(
    options.stdout,
    `Profile "${plan.profile.name}" (${describeKind(plan.profile)}) for environment "${project.envName}" of ${project.root}.`,
  );
  const verify = options.verify ?? ((request: VerifyRequest) => verifyWithSts(options, request));
  const identity = await verify({ profile: plan.profile.name, projectRoot: project.root, mfaCode: options.mfaCode, files });
  const expires = identity.expiration
    ? `; the credentials expire ${describeExpiry(identity.expiration, (options.now ?? (() => new Date()))())}`
    : '';
  write(options.stdout, `It signs in as ${identity.arn} (account ${identity.account})${expires}.`);

  const applied = applySelection(plan, { configFile: files.configFile, now: options.now });
  if (applied.section && plan.bridge) {
    const { section } = applied;
    const backup = section.backup ? ` (backup: ${section.backup})` : '';
    const verb = { created: 'was added to', added: 'was added to', replaced: 'was updated in', unchanged: 'is already in' }[
      section.outcome
    ];
    write(
      options.stdout,
      `[profile ${plan.bridge.name}] ${verb} ${section.file}${backup}: its credential_process runs "amplify-aws-roles credentials --profile ${plan.bridge.profile}".`,
    );
  }
  if (applied.removedBridge)
    write(
      options.stdout,
      `Removed [profile ${applied.removedBridge}], which this environment no longer uses, from ${plan.bridge?.file ?? files.configFile}.`,
    );
  const infoFile = relativeToProject(project, localAwsInfoFile(project.root));
  write(
    options.stdout,
    `${infoFile}: environment "${project.envName}" ${applied.changed ? 'now uses' : 'already uses'} profile "${plan.selectedName}".`,
  );
  return 0;
}

/**
 * `configure-project --remove`: takes the bridge out of the shared config file (unless another environment still
 * selects it) and puts the previous selection back.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- async like configureProject beside it: a throw is the rejection run() reports once.
export async function removeBridge(options: ConfigureProjectOptions): Promise<number> {
  const project = readAmplifyProject(options.cwd, options.project);
  const files = loadAwsFiles({ env: options.env });
  const state = readSelectionState(project.root);
  const record = state[project.envName];
  const current = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  const currentBridge = current !== undefined && bridgedBy(files, current) ? current : undefined;
  // With --profile: that profile's bridge in this folder, whatever name it was given (the environment's own first).
  const name =
    options.bridgeName ??
    (options.profile ? bridgeNameFor(files, project, options.profile, [current, record?.bridge]) : (record?.bridge ?? currentBridge));
  if (!name) {
    write(options.stdout, `Environment "${project.envName}" of ${project.root} uses no bridge profile; nothing to remove.`);
    return 0;
  }
  refuseOthersBridge(files, name, project.root);
  // Two environments with the same role profile share its bridge: removing it here would break the other one.
  const others = environmentsSelecting(project.root, name, project.envName);
  if (others.length > 0) {
    const who =
      others.length === 1
        ? `environment "${others[0]}" still uses it`
        : `environments ${others.map((e) => `"${e}"`).join(', ')} still use it`;
    write(options.stdout, `Kept [profile ${name}] in ${files.configFile}: ${who}.`);
  } else {
    const removed = removeProfileSection(files.configFile, name, { now: options.now });
    write(
      options.stdout,
      removed.removed
        ? `Removed [profile ${name}] from ${removed.file} (backup: ${removed.backup}).`
        : `${removed.file} has no [profile ${name}]; nothing to remove there.`,
    );
  }
  if (current === name) {
    const restored = record?.previous ?? null;
    updateLocalAwsInfo(project.root, project.envName, () => restored ?? undefined);
    const now = restored
      ? `uses ${typeof restored.profileName === 'string' ? `profile "${restored.profileName}"` : 'its previous settings'} again`
      : 'has no profile selected; run "amplify configure project" to choose one';
    write(options.stdout, `${relativeToProject(project, localAwsInfoFile(project.root))}: environment "${project.envName}" ${now}.`);
  }
  if (record) {
    delete state[project.envName];
    writeSelectionState(project.root, state);
  }
  return 0;
}
