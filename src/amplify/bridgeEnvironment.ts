import type { Writable } from 'node:stream';
import { loadAwsFiles } from '../resolve/loadAwsFiles';
import { removeProfileSection } from '../config/writeProfile';
import { isToolError } from '../errors';
import { classifyProfile } from '../plan';
import { readAmplifyProject, type AmplifyProject } from './amplifyProject';
import { thisProgram, type BridgeProgram } from './bridgeProfile';
import { applySelection, bridgeStillUsed, planSelection } from './environmentSelection';
import { readLocalAwsInfo, selectedProfileName } from './localAwsInfo';
import { BRIDGED_KINDS } from './profileChoice';
import { readSelectionState, writeSelectionState } from './selectionState';
import { write } from '../output/writeLine';

/**
 * Keeps an environment's profile selection usable by every Amplify command, including those where our plugin is not
 * loaded (the CLI raises no event for `env checkout`, `status`, `delete`, and after `amplify plugin scan` it runs the
 * built-in's `configure project`). The user picks the role profile they know; when the environment selects one that
 * the built-in provider cannot assume by itself, the selection is pointed at a bridge profile whose credential_process
 * is ours, and we say so in one line. A bridge the environment no longer selects is taken out.
 */
export interface ReconcileIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stderr: Writable;
}

export type ReconcileOutcome = 'bridged' | 'unbridged' | 'unchanged';

function projectAt(cwd: string): AmplifyProject | undefined {
  try {
    return readAmplifyProject(cwd);
  } catch (error) {
    if (isToolError(error)) return undefined;
    throw error;
  }
}

export function reconcileEnvironment(io: ReconcileIo, options: { program?: () => BridgeProgram; now?: () => Date } = {}): ReconcileOutcome {
  const project = projectAt(io.cwd);
  if (!project) return 'unchanged';
  const files = loadAwsFiles({ env: io.env });
  const selected = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  const state = readSelectionState(project.root);
  const record = state[project.envName];

  if (selected && files.profiles[selected]) {
    const summary = classifyProfile(files.profiles, selected, files.ssoSessions, files.vault);
    if (BRIDGED_KINDS.has(summary.kind)) {
      const plan = planSelection(files, project, selected, {
        program: options.program ?? (() => thisProgram(io.env)),
        inUse: [record?.bridge],
      });
      const applied = applySelection(plan, { configFile: files.configFile, now: options.now });
      const section = applied.section?.outcome === 'unchanged' ? 'already in' : 'written to';
      write(
        io.stderr,
        `amplify-aws-roles: environment "${project.envName}" now reads profile "${selected}" through [profile ${plan.selectedName}] (${section} ${files.configFile}), whose credential_process is amplify-aws-roles; "amplify aws configure-project --remove" undoes it.`,
      );
      return 'bridged';
    }
  }

  // The environment selects something else now (the built-in's configure, a hand edit): the bridge it left is stale.
  if (record && record.bridge !== selected) {
    delete state[project.envName];
    writeSelectionState(project.root, state);
    if (
      !bridgeStillUsed(project.root, record.bridge) &&
      removeProfileSection(files.configFile, record.bridge, { now: options.now }).removed
    ) {
      write(
        io.stderr,
        `amplify-aws-roles: removed [profile ${record.bridge}] from ${files.configFile}: environment "${project.envName}" no longer uses it.`,
      );
    }
    return 'unbridged';
  }
  return 'unchanged';
}
