import type { CommandModule } from '../../src/cli/invocation';

/**
 * The command registry shared by the `amplify-aws-roles` bin and the Amplify plugin.
 * Modules are required on demand so that one command never loads another's dependencies.
 */
const registry: Record<string, () => CommandModule> = {
  profiles: () => (require('./profiles') as typeof import('./profiles')).command,
  config: () => (require('./config') as typeof import('./config')).command,
  chain: () => (require('./chain') as typeof import('./chain')).command,
  credentials: () => (require('./credentials') as typeof import('./credentials')).command,
  whoami: () => (require('./whoami') as typeof import('./whoami')).command,
  cache: () => (require('./cache') as typeof import('./cache')).command,
  'reset-cache': () => (require('./reset-cache') as typeof import('./reset-cache')).command,
  'configure-project': () => (require('./configure-project') as typeof import('./configure-project')).command,
  policy: () => (require('./policy') as typeof import('./policy')).command,
  'setup-role': () => (require('./setup-role') as typeof import('./setup-role')).command,
  doctor: () => (require('./doctor') as typeof import('./doctor')).command,
  keys: () => (require('./keys') as typeof import('./keys')).command,
  exec: () => (require('./exec') as typeof import('./exec')).command,
  console: () => (require('./console') as typeof import('./console')).command,
};

export function commandNames(): string[] {
  return Object.keys(registry);
}

/** Aliases map to the registry name (the Amplify plugin declares the same ones as commandAliases). */
const aliases: Record<string, string> = {
  resetCache: 'reset-cache',
  setupRole: 'setup-role',
  // In the Amplify CLI `console` belongs to the built-in provider (it opens the Amplify console): ours is `role-console`.
  'role-console': 'console',
};

export function commandAliases(): string[] {
  return Object.keys(aliases);
}

export function loadCommand(nameOrAlias: string): CommandModule | undefined {
  const load = registry[aliases[nameOrAlias] ?? nameOrAlias];
  return load ? load() : undefined;
}

/** In the Amplify CLI these names are the built-in provider's commands: ours go by another name there (role-console). */
const builtInProviderNames = new Set(['console']);

/** A command as `amplify aws <name>` reaches it: undefined for names the built-in provider owns. */
export function loadAmplifyCommand(name: string): CommandModule | undefined {
  return builtInProviderNames.has(name) ? undefined : loadCommand(name);
}

export function allCommands(): CommandModule[] {
  return Object.values(registry).map((load) => load());
}
