import { write } from '../cli/invocation';
import { loadAwsConfig } from '../config';
import { isToolError, ToolError } from '../errors';
import { classifyProfile } from '../plan';
import type { AmplifyContext, AmplifyEventArgs } from './amplifyContext';
import { readAmplifyProject, type AmplifyProject } from './amplifyProject';
import { parseBridgeCommandLine } from './bridgeProfile';
import type { ConfigureProjectOptions, VerifiedIdentity } from './configureProject';
import { processIo, type InvocationIo } from './contextInvocation';
import { readLocalAwsInfo, selectedProfileName } from './localAwsInfo';
import { BRIDGED_KINDS, describeKind, enquirerPrompter, type Prompter } from './profileChoice';

/** The events amplify-plugin.json subscribes to. */
export const HANDLED_EVENTS = ['PostInit', 'PrePush'] as const;

export interface EventDependencies {
  io: () => InvocationIo;
  prompter?: Prompter;
  /** Turns our error into what the CLI prints as a user error (its AmplifyError). */
  cliError: (error: ToolError) => Error;
  /** Gets credentials with at least `minTtlSeconds` left (default: our resolver, which caches them). */
  ensureCredentials?: (request: { profile: string; projectRoot: string; minTtlSeconds: number; io: InvocationIo }) => Promise<VerifiedIdentity>;
  configureProject?: (options: ConfigureProjectOptions) => Promise<number>;
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
export function bridgedProfileOf(project: AmplifyProject, env: NodeJS.ProcessEnv): { selected: string; profile: string; projectRoot: string } | undefined {
  const selected = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  if (!selected) return undefined;
  const command = loadAwsConfig({ env }).profiles[selected]?.credential_process;
  const bridge = command ? parseBridgeCommandLine(command) : undefined;
  return bridge ? { selected, profile: bridge.profile, projectRoot: bridge.project ?? project.root } : undefined;
}

async function ensureWithResolver(request: { profile: string; projectRoot: string; minTtlSeconds: number; io: InvocationIo }): Promise<VerifiedIdentity> {
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
    const result = await (deps.ensureCredentials ?? ensureWithResolver)({ profile: bridged.profile, projectRoot: bridged.projectRoot, minTtlSeconds, io });
    const left = result.expiration ? `, ${Math.floor((result.expiration.getTime() - Date.now()) / 60000)} min left` : '';
    write(io.stderr, `amplify-aws-roles: credentials of profile "${bridged.profile}" for this push ${result.fromCache ? 'from the cache' : 'renewed'}${left}.`);
  } catch (error) {
    if (isToolError(error)) throw deps.cliError(error);
    throw error;
  }
}

/**
 * PostInit (and after the built-in's configure): when the environment uses a role profile the CLI cannot assume by itself, offer the bridge
 * (configure-project) right away; without a terminal, say how.
 */
export async function offerBridge(context: AmplifyContext, deps: EventDependencies): Promise<void> {
  const io = deps.io();
  const project = currentProject(io);
  if (!project) return;
  const selected = selectedProfileName(readLocalAwsInfo(project.root), project.envName);
  const files = loadAwsConfig({ env: io.env });
  if (!selected || !files.profiles[selected]) return;
  const summary = classifyProfile(files.profiles, selected, files.ssoSessions);
  if (!BRIDGED_KINDS.has(summary.kind)) return;
  const hint = `amplify aws configure-project --profile ${selected} --yes`;
  const interactive = Boolean((io.stdin as { isTTY?: boolean }).isTTY) && context.input.options?.yes !== true;
  if (!interactive) {
    write(io.stderr, `amplify-aws-roles: environment "${project.envName}" uses profile "${selected}" (${describeKind(summary)}); run "${hint}" so the Amplify CLI gets its credentials from amplify-aws-roles.`);
    return;
  }
  const prompter = deps.prompter ?? enquirerPrompter({ stdin: io.stdin, stdout: io.stderr });
  if (!(await prompter.confirm(`Profile "${selected}" is a ${describeKind(summary)}. Let amplify-aws-roles get and cache its credentials for this project?`, true))) {
    write(io.stderr, `You can do it later with "${hint}".`);
    return;
  }
  const configure = deps.configureProject ?? (require('./configureProject') as typeof import('./configureProject')).configureProject;
  try {
    await configure({ ...io, profile: selected, yes: true, interactive: true, prompter });
  } catch (error) {
    if (isToolError(error)) throw deps.cliError(error);
    throw error;
  }
}

export async function handleEvent(context: AmplifyContext, args: AmplifyEventArgs, deps: EventDependencies): Promise<void> {
  switch (args?.event) {
    case 'PrePush':
      return prePush(deps);
    case 'PostInit':
      return offerBridge(context, deps);
    default:
      return undefined;
  }
}

export function defaultEventDependencies(cliErrorClass: () => (new (name: string, options: { message: string; resolution?: string }) => Error) | undefined): EventDependencies {
  return {
    io: processIo,
    cliError: (error) => {
      const AmplifyError = cliErrorClass();
      if (!AmplifyError) return error;
      try {
        return new AmplifyError('ProfileConfigurationError', { message: error.message, resolution: error.resolution ?? 'See "amplify-aws-roles doctor".' });
      } catch {
        return error;
      }
    },
  };
}
