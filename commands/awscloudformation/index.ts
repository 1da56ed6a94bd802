import type { CommandModule } from '../../src/cli/invocation';

/**
 * The command registry shared by the `amplify-aws-roles` bin and the Amplify plugin.
 * Modules are required on demand so that one command never loads another's dependencies.
 */
const registry: Record<string, () => CommandModule> = {
  profiles: () => require('./profiles').command,
  config: () => require('./config').command,
  chain: () => require('./chain').command,
  credentials: () => require('./credentials').command,
  whoami: () => require('./whoami').command,
  cache: () => require('./cache').command,
  'reset-cache': () => require('./reset-cache').command,
  'configure-project': () => require('./configure-project').command,
  policy: () => require('./policy').command,
  'setup-role': () => require('./setup-role').command,
  doctor: () => require('./doctor').command,
  keys: () => require('./keys').command,
};

export function commandNames(): string[] {
  return Object.keys(registry);
}

/** Aliases map to the registry name (the Amplify plugin declares the same ones as commandAliases). */
const aliases: Record<string, string> = { resetCache: 'reset-cache', setupRole: 'setup-role' };

export function loadCommand(nameOrAlias: string): CommandModule | undefined {
  const load = registry[aliases[nameOrAlias] ?? nameOrAlias];
  return load ? load() : undefined;
}

export function allCommands(): CommandModule[] {
  return Object.values(registry).map((load) => load());
}
