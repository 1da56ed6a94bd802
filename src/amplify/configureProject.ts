import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { didYouMeanEnd } from '../suggest';
import { loadAwsFiles } from '../resolve/loadAwsFiles';
import type { AwsConfigFiles } from '../config/types';
import { removeProfileSection, writeProfileSection, type ProfileWriteResult } from '../config/writeProfile';
import { ToolError } from '../errors';
import { describeExpiry } from '../output/credentialsFormat';
import { classifyProfile, type ProfileSummary } from '../plan';
import { readAmplifyProject, type AmplifyProject } from './amplifyProject';
import { bridgeProfileName, earlierBridgeName, parseBridgeCommandLine, planBridge, thisProgram, type BridgePlan, type BridgeProgram } from './bridgeProfile';
import { localAwsInfoFile, profileEntry, readLocalAwsInfo, selectedProfileName, updateLocalAwsInfo } from './localAwsInfo';
import { BRIDGED_KINDS, chooseProfile, describeKind, enquirerPrompter, profileSummaries, type Prompter } from './profileChoice';
import { readSelectionState, writeSelectionState } from './selectionState';
import { write } from '../output/writeLine';

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

/** What selecting a profile for an environment will change; computed before anything is written. */
export interface SelectionPlan {
  project: AmplifyProject;
  profile: ProfileSummary;
  /** The profile name written into local-aws-info.json (the bridge's, when there is one). */
  selectedName: string;
  bridge?: BridgePlan;
}

export function planSelection(
  files: AwsConfigFiles,
  project: AmplifyProject,
  profileName: string,
  options: {
    program: () => BridgeProgram;
    bridgeName?: string;
    /** Bridges this environment selects or selected (local-aws-info.json, the state record): kept when they still bridge the profile. */
    inUse?: Array<string | undefined>;
  },
): SelectionPlan {
  if (!files.profiles[profileName]) {
    throw new ToolError('ProfileNotFound', `There is no profile "${profileName}" in ${files.configFile} or ${files.credentialsFile}${didYouMeanEnd(profileName, Object.keys(files.profiles))}`, {
      resolution: 'Run "amplify-aws-roles profiles" to list the profiles.',
    });
  }
  const profile = classifyProfile(files.profiles, profileName, files.ssoSessions, files.vault);
  if (profile.kind === 'incomplete') {
    throw new ToolError('ProfileIncomplete', `Profile "${profileName}" cannot be used: it lacks ${profile.missing}.`);
  }
  if (!BRIDGED_KINDS.has(profile.kind)) return { project, profile, selectedName: profileName };
  const bridge = planBridge({
    profile: profileName,
    region: profile.region ?? project.region,
    projectRoot: project.root,
    projectName: project.projectName,
    configFile: files.configFile,
    program: options.program(),
    name: options.bridgeName ?? bridgeNameFor(files, project, profileName, options.inUse ?? []),
  });
  refuseOthersBridge(files, bridge.name, project.root, profileName);
  return { project, profile, selectedName: bridge.name, bridge };
}

/** What a section of the shared config file bridges, when it is one of our bridges. */
function bridgedBy(files: AwsConfigFiles, name: string): { profile: string; project?: string } | undefined {
  const section = Object.prototype.hasOwnProperty.call(files.profiles, name) ? files.profiles[name] : undefined;
  return typeof section?.credential_process === 'string' ? parseBridgeCommandLine(section.credential_process) : undefined;
}

/**
 * The bridge of `profile` for this project folder: one of ours that already bridges it keeps its name (the
 * environment's own first, then today's name, then the name earlier versions gave), since scripts and AWS_PROFILE
 * may name it; else today's name.
 */
export function bridgeNameFor(files: AwsConfigFiles, project: AmplifyProject, profile: string, inUse: Array<string | undefined>): string {
  const fresh = bridgeProfileName(project.projectName, profile, project.root);
  const bridges = (name: string | undefined): name is string => {
    const target = name === undefined ? undefined : bridgedBy(files, name);
    return target?.profile === profile && target.project === project.root;
  };
  return [...inUse, fresh, earlierBridgeName(project.projectName, profile, project.root)].find(bridges) ?? fresh;
}

/**
 * A section of that name that bridges another project folder is that folder's: never repointed, never removed from
 * here. One that bridges another profile (given `profile`) serves other environments: repointing it would move them
 * to another role, maybe another account.
 */
function refuseOthersBridge(files: AwsConfigFiles, name: string, projectRoot: string, profile?: string): void {
  const target = bridgedBy(files, name);
  if (target?.project !== undefined && target.project !== projectRoot) {
    throw new ToolError('BridgeOfAnotherFolder', `[profile ${name}] in ${files.configFile} is the bridge of another project folder, ${target.project}; it is left as it is.`, {
      resolution: 'Choose another bridge name with --bridge-name NAME.',
    });
  }
  if (profile !== undefined && target !== undefined && target.profile !== profile) {
    throw new ToolError('BridgeOfAnotherProfile', `[profile ${name}] in ${files.configFile} is the bridge of profile "${target.profile}"; it is left as it is.`, {
      resolution: `Run "amplify-aws-roles configure-project --profile ${profile} --bridge-name NAME" with a NAME of your own.`,
    });
  }
}

export async function verifyWithSts(options: Pick<ConfigureProjectOptions, 'env' | 'cwd' | 'stdin' | 'stderr'>, request: VerifyRequest): Promise<VerifiedIdentity> {
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

async function chosenProfile(options: ConfigureProjectOptions, files: AwsConfigFiles, current: string | undefined, prompter: () => Prompter): Promise<string> {
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

async function consentToBridge(options: ConfigureProjectOptions, bridge: BridgePlan, profile: ProfileSummary, prompter: () => Prompter): Promise<void> {
  if (options.yes) return;
  const question = `Write [profile ${bridge.name}] to ${bridge.file}, so the Amplify CLI gets "${bridge.profile}" credentials from amplify-aws-roles (a backup is kept)?`;
  if (!options.interactive) {
    throw new ToolError('ConsentRequired', `Profile "${bridge.profile}" needs a bridge profile in ${bridge.file}, and there is no terminal to ask before writing it.`, {
      resolution: 'Pass --yes to allow it.',
      exitCode: 2,
    });
  }
  if (!(await prompter().confirm(question, true))) {
    throw new ToolError('BridgeDeclined', `Nothing was changed: the Amplify CLI cannot use profile "${bridge.profile}" (${describeKind(profile)}) by itself, without the bridge profile.`, {
      resolution: 'Run the command again and accept the bridge, or choose a profile with static keys.',
    });
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

  write(options.stdout, `Profile "${plan.profile.name}" (${describeKind(plan.profile)}) for environment "${project.envName}" of ${project.root}.`);
  const verify = options.verify ?? ((request: VerifyRequest) => verifyWithSts(options, request));
  const identity = await verify({ profile: plan.profile.name, projectRoot: project.root, mfaCode: options.mfaCode, files });
  const expires = identity.expiration ? `; the credentials expire ${describeExpiry(identity.expiration, (options.now ?? (() => new Date()))())}` : '';
  write(options.stdout, `It signs in as ${identity.arn} (account ${identity.account})${expires}.`);

  const applied = applySelection(plan, { configFile: files.configFile, now: options.now });
  if (applied.section && plan.bridge) {
    const { section } = applied;
    const backup = section.backup ? ` (backup: ${section.backup})` : '';
    const verb = { created: 'was added to', added: 'was added to', replaced: 'was updated in', unchanged: 'is already in' }[section.outcome];
    write(options.stdout, `[profile ${plan.bridge.name}] ${verb} ${section.file}${backup}: its credential_process runs "amplify-aws-roles credentials --profile ${plan.bridge.profile}".`);
  }
  if (applied.removedBridge) write(options.stdout, `Removed [profile ${applied.removedBridge}], which this environment no longer uses, from ${plan.bridge?.file ?? files.configFile}.`);
  const infoFile = relativeToProject(project, localAwsInfoFile(project.root));
  write(options.stdout, `${infoFile}: environment "${project.envName}" ${applied.changed ? 'now uses' : 'already uses'} profile "${plan.selectedName}".`);
  return 0;
}

/**
 * Writes what a selection plan says: the bridge section (when there is one), the environment's local-aws-info.json
 * entry, and what --remove needs to undo it. A bridge this environment used before and no longer uses is taken out.
 */
export function applySelection(plan: SelectionPlan, options: { configFile?: string; now?: () => Date } = {}): { section?: ProfileWriteResult; changed: boolean; removedBridge?: string } {
  const { project } = plan;
  const section = plan.bridge ? writeProfileSection(plan.bridge.file, plan.bridge.name, plan.bridge.keys, { replace: true, now: options.now }) : undefined;
  const before: { entry: Record<string, unknown> | null } = { entry: null };
  const changed = updateLocalAwsInfo(project.root, project.envName, (entry) => {
    before.entry = entry ?? null;
    return profileEntry(plan.selectedName);
  });
  const earlierBridge = readSelectionState(project.root)[project.envName]?.bridge;
  recordSelection(project, plan, before.entry);
  const configFile = plan.bridge?.file ?? options.configFile;
  let removedBridge: string | undefined;
  if (earlierBridge && earlierBridge !== plan.bridge?.name && configFile && !bridgeStillUsed(project.root, earlierBridge)) {
    if (removeProfileSection(configFile, earlierBridge, { now: options.now }).removed) removedBridge = earlierBridge;
  }
  return { section, changed, removedBridge };
}

/** Whether another environment of the project still selects this bridge. */
export function bridgeStillUsed(projectRoot: string, bridge: string): boolean {
  return environmentsSelecting(projectRoot, bridge).length > 0;
}

/** The environments whose local-aws-info.json entry selects this profile (but `except`). */
function environmentsSelecting(projectRoot: string, profile: string, except?: string): string[] {
  const info = readLocalAwsInfo(projectRoot);
  return Object.keys(info).filter((env) => env !== except && selectedProfileName(info, env) === profile);
}

function recordSelection(project: AmplifyProject, plan: SelectionPlan, previous: Record<string, unknown> | null): void {
  const state = readSelectionState(project.root);
  const existing = state[project.envName];
  if (plan.bridge) {
    // Re-running keeps what was there before the first run, so --remove goes back to it.
    const earlier = existing && previous && (previous as { profileName?: unknown }).profileName === existing.bridge ? existing.previous : previous;
    state[project.envName] = { profile: plan.bridge.profile, bridge: plan.bridge.name, previous: earlier };
  } else {
    delete state[project.envName];
  }
  writeSelectionState(project.root, state);
}

/**
 * `configure-project --remove`: takes the bridge out of the shared config file (unless another environment still
 * selects it) and puts the previous selection back.
 */
export async function removeBridge(options: ConfigureProjectOptions): Promise<number> {
  const project = readAmplifyProject(options.cwd, options.project);
  const files = loadAwsFiles({ env: options.env });
  const state = readSelectionState(project.root);
  const record = state[project.envName];
  const current = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  const currentBridge = current !== undefined && bridgedBy(files, current) ? current : undefined;
  // With --profile: that profile's bridge in this folder, whatever name it was given (the environment's own first).
  const name = options.bridgeName ?? (options.profile ? bridgeNameFor(files, project, options.profile, [current, record?.bridge]) : (record?.bridge ?? currentBridge));
  if (!name) {
    write(options.stdout, `Environment "${project.envName}" of ${project.root} uses no bridge profile; nothing to remove.`);
    return 0;
  }
  refuseOthersBridge(files, name, project.root);
  // Two environments with the same role profile share its bridge: removing it here would break the other one.
  const others = environmentsSelecting(project.root, name, project.envName);
  if (others.length > 0) {
    const who = others.length === 1 ? `environment "${others[0]}" still uses it` : `environments ${others.map((e) => `"${e}"`).join(', ')} still use it`;
    write(options.stdout, `Kept [profile ${name}] in ${files.configFile}: ${who}.`);
  } else {
    const removed = removeProfileSection(files.configFile, name, { now: options.now });
    write(
      options.stdout,
      removed.removed ? `Removed [profile ${name}] from ${removed.file} (backup: ${removed.backup}).` : `${removed.file} has no [profile ${name}]; nothing to remove there.`,
    );
  }
  if (current === name) {
    const restored = record?.previous ?? null;
    updateLocalAwsInfo(project.root, project.envName, () => restored ?? undefined);
    const now = restored ? `uses ${typeof restored.profileName === 'string' ? `profile "${restored.profileName}"` : 'its previous settings'} again` : 'has no profile selected; run "amplify configure project" to choose one';
    write(options.stdout, `${relativeToProject(project, localAwsInfoFile(project.root))}: environment "${project.envName}" ${now}.`);
  }
  if (record) {
    delete state[project.envName];
    writeSelectionState(project.root, state);
  }
  return 0;
}
