import type { AwsConfigFiles } from '../config/types';
import { removeProfileSection, writeProfileSection, type ProfileWriteResult } from '../config/writeProfile';
import { ToolError } from '../errors';
import { classifyProfile, type ProfileSummary } from '../plan';
import { didYouMeanEnd } from '../suggest';
import type { AmplifyProject } from './amplifyProject';
import {
  bridgeProfileName,
  earlierBridgeName,
  parseBridgeCommandLine,
  planBridge,
  type BridgePlan,
  type BridgeProgram,
} from './bridgeProfile';
import { profileEntry, readLocalAwsInfo, selectedProfileName, updateLocalAwsInfo } from './localAwsInfo';
import { BRIDGED_KINDS } from './profileChoice';
import { readSelectionState, writeSelectionState } from './selectionState';

/*
 * An environment's profile selection, planned and then applied: which profile, whether it needs a bridge (and which
 * name that bridge keeps), what local-aws-info.json and the selection record say afterwards. No prompt and no STS:
 * configure-project asks and verifies around it, and the reconcile (bridgeEnvironment.ts) reuses it as it is.
 */

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
    throw new ToolError(
      'ProfileNotFound',
      `There is no profile "${profileName}" in ${files.configFile} or ${files.credentialsFile}${didYouMeanEnd(profileName, Object.keys(files.profiles))}`,
      {
        resolution: 'Run "amplify-aws-roles profiles" to list the profiles.',
      },
    );
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
export function bridgedBy(files: AwsConfigFiles, name: string): { profile: string; project?: string } | undefined {
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
export function refuseOthersBridge(files: AwsConfigFiles, name: string, projectRoot: string, profile?: string): void {
  const target = bridgedBy(files, name);
  if (target?.project !== undefined && target.project !== projectRoot) {
    throw new ToolError(
      'BridgeOfAnotherFolder',
      `[profile ${name}] in ${files.configFile} is the bridge of another project folder, ${target.project}; it is left as it is.`,
      {
        resolution: 'Choose another bridge name with --bridge-name NAME.',
      },
    );
  }
  if (profile !== undefined && target !== undefined && target.profile !== profile) {
    throw new ToolError(
      'BridgeOfAnotherProfile',
      `[profile ${name}] in ${files.configFile} is the bridge of profile "${target.profile}"; it is left as it is.`,
      {
        resolution: `Run "amplify-aws-roles configure-project --profile ${profile} --bridge-name NAME" with a NAME of your own.`,
      },
    );
  }
}

/**
 * Writes what a selection plan says: the bridge section (when there is one), the environment's local-aws-info.json
 * entry, and what --remove needs to undo it. A bridge this environment used before and no longer uses is taken out.
 */
export function applySelection(
  plan: SelectionPlan,
  options: { configFile?: string; now?: () => Date } = {},
): { section?: ProfileWriteResult; changed: boolean; removedBridge?: string } {
  const { project } = plan;
  const section = plan.bridge
    ? writeProfileSection(plan.bridge.file, plan.bridge.name, plan.bridge.keys, { replace: true, now: options.now })
    : undefined;
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
export function environmentsSelecting(projectRoot: string, profile: string, except?: string): string[] {
  const info = readLocalAwsInfo(projectRoot);
  return Object.keys(info).filter((env) => env !== except && selectedProfileName(info, env) === profile);
}

function recordSelection(project: AmplifyProject, plan: SelectionPlan, previous: Record<string, unknown> | null): void {
  const state = readSelectionState(project.root);
  const existing = state[project.envName];
  if (plan.bridge) {
    // Re-running keeps what was there before the first run, so --remove goes back to it.
    const earlier =
      existing && previous && (previous as { profileName?: unknown }).profileName === existing.bridge ? existing.previous : previous;
    state[project.envName] = { profile: plan.bridge.profile, bridge: plan.bridge.name, previous: earlier };
  } else {
    delete state[project.envName];
  }
  writeSelectionState(project.root, state);
}
