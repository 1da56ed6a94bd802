import { loadAwsConfig } from '../config';
import { isToolError, type ToolError } from '../errors';
import { isPromptCancelled } from '../prompts/cancelled';
import type { AmplifyContext, AmplifyEventArgs } from './amplifyContext';
import { readAmplifyProject, type AmplifyProject } from '../amplify/amplifyProject';
import { parseBridgeCommandLine, type BridgeProgram } from '../amplify/bridgeProfile';
import type { VerifiedIdentity } from '../amplify/configureProject';
import { processIo, type InvocationIo } from './contextInvocation';
import { readLocalAwsInfo, selectedProfileName } from '../amplify/localAwsInfo';
import { write } from '../output/writeLine';

/** The events amplify-plugin.json subscribes to. */
export const HANDLED_EVENTS = ['PreInit', 'PostInit', 'PrePush', 'PrePull', 'PostPull', 'PostEnvAdd'] as const;

export interface EventDependencies {
  io: () => InvocationIo;
  /** Turns our error into what the CLI prints as a user error (its AmplifyError). */
  cliError: (error: ToolError) => Error;
  /** Gets credentials with at least `minTtlSeconds` left (default: our resolver, which caches them). */
  ensureCredentials?: (request: {
    profile: string;
    projectRoot: string;
    minTtlSeconds: number;
    io: InvocationIo;
  }) => Promise<VerifiedIdentity>;
  /** The node and script a bridge runs (default: this installation). */
  program?: () => BridgeProgram;
  /** A prompt of ours was cancelled: the command ends (cancelledCommand.ts). */
  cancelled?: (error: ToolError) => never;
}

function currentProject(io: InvocationIo): AmplifyProject | undefined {
  try {
    return readAmplifyProject(io.cwd);
  } catch (error) {
    if (isToolError(error)) return undefined;
    throw error;
  }
}

/** The role profile behind the environment's bridge, when the environment uses one of our bridges. */
export function bridgedProfileOf(
  project: AmplifyProject,
  env: NodeJS.ProcessEnv,
): { selected: string; profile: string; projectRoot: string } | undefined {
  const selected = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  if (!selected) return undefined;
  const command = loadAwsConfig({ env }).profiles[selected]?.credential_process;
  const bridge = command ? parseBridgeCommandLine(command) : undefined;
  return bridge ? { selected, profile: bridge.profile, projectRoot: bridge.project ?? project.root } : undefined;
}

async function ensureWithResolver(request: {
  profile: string;
  projectRoot: string;
  minTtlSeconds: number;
  io: InvocationIo;
}): Promise<VerifiedIdentity> {
  const { resolveProfileCredentials } = require('../resolve') as typeof import('../resolve');
  const result = await resolveProfileCredentials({
    env: request.io.env,
    cwd: request.io.cwd,
    profile: request.profile,
    project: request.projectRoot,
    minTtlSeconds: request.minTtlSeconds,
    stdin: request.io.stdin,
    stderr: request.io.stderr,
  });
  return { account: '', arn: result.roleArn ?? '', expiration: result.credentials.expiration, fromCache: result.fromCache };
}

/**
 * PrePush: a deployment must not run out of credentials half-way, and the MFA prompt belongs before the CLI's
 * spinner starts. So when the environment uses one of our bridges, get credentials with a deployment's worth of time
 * left now; the bridge's calls during the push are then cache hits.
 */
export async function prePush(deps: EventDependencies): Promise<void> {
  const io = deps.io();
  const project = currentProject(io);
  if (!project) return;
  const bridged = bridgedProfileOf(project, io.env);
  if (!bridged) return;
  const { deploymentMinTtl } = require('../resolve/deployment') as typeof import('../resolve/deployment');
  const minTtlSeconds = deploymentMinTtl(io.env);
  try {
    const result = await (deps.ensureCredentials ?? ensureWithResolver)({
      profile: bridged.profile,
      projectRoot: bridged.projectRoot,
      minTtlSeconds,
      io,
    });
    const left = result.expiration ? `, ${Math.floor((result.expiration.getTime() - Date.now()) / 60000)} min left` : '';
    write(
      io.stderr,
      `amplify-aws-roles: credentials of profile "${bridged.profile}" for this push ${result.fromCache ? 'from the cache' : 'renewed'}${left}.`,
    );
  } catch (error) {
    if (isPromptCancelled(error) && deps.cancelled) deps.cancelled(error);
    if (isToolError(error)) throw deps.cliError(error);
    throw error;
  }
}

/**
 * After init, env add, pull and configure, and before push and pull: the environment's selection is made usable by
 * every later command (bridgeEnvironment.ts). A failure here never fails the command the user ran: it is one warning
 * naming what to fix.
 */
export function reconcileForEvent(deps: EventDependencies): void {
  const io = deps.io();
  try {
    const { reconcileEnvironment } = require('../amplify/bridgeEnvironment') as typeof import('../amplify/bridgeEnvironment');
    reconcileEnvironment({ env: io.env, cwd: io.cwd, stderr: io.stderr }, { program: deps.program });
  } catch (error) {
    if (!isToolError(error)) throw error;
    write(io.stderr, `amplify-aws-roles: ${error.message}${error.resolution ? ` ${error.resolution}` : ''}`);
  }
}

/**
 * After init: one line when the plugin platform has (or after its next scan will have) us before the built-in
 * provider, where `amplify env add` cannot reach us (README), with the fix. Told at init, not when env add fails.
 */
export function registrationHint(context: AmplifyContext, deps: EventDependencies): void {
  const io = deps.io();
  try {
    const check = require('../doctor/amplifyPluginCheck') as typeof import('../doctor/amplifyPluginCheck');
    // The CLI's own plugin list in memory when it gave us one; else the file it reads it from.
    const inMemory = context.pluginPlatform;
    const found =
      inMemory && typeof inMemory === 'object'
        ? check.registrationIn(inMemory, "the Amplify CLI's plugin list")
        : check.pluginRegistration(io.env);
    if (found.kind !== 'hand-added' && found.kind !== 'before-built-in') return;
    const outcome = check.registrationOutcome(found);
    write(io.stderr, `amplify-aws-roles: ${outcome.message} To fix it: ${outcome.fix}.`);
  } catch {
    // A hint never fails the command it follows (the project is already made); doctor reports the same.
  }
}

export async function handleEvent(context: AmplifyContext, args: AmplifyEventArgs, deps: EventDependencies): Promise<void> {
  switch (args?.event) {
    case 'PrePush':
      reconcileForEvent(deps);
      return prePush(deps);
    case 'PostInit':
      reconcileForEvent(deps);
      return registrationHint(context, deps);
    case 'PostEnvAdd':
    case 'PostPull':
    case 'PrePull':
      return reconcileForEvent(deps);
    default:
      return undefined;
  }
}

export function defaultEventDependencies(
  cliErrorClass: () => (new (name: string, options: { message: string; resolution?: string }) => Error) | undefined,
): EventDependencies {
  return {
    io: processIo,
    cliError: (error) => {
      const AmplifyError = cliErrorClass();
      if (!AmplifyError) return error;
      try {
        return new AmplifyError('ProfileConfigurationError', {
          message: error.message,
          resolution: error.resolution ?? 'See "amplify-aws-roles doctor".',
        });
      } catch {
        return error;
      }
    },
  };
}
