import * as fs from 'node:fs';
import * as path from 'node:path';
import { amplifyPluginsFile } from '../config/fileLocations';
import { packageRoot } from '../amplify/bridgeProfile';

/**
 * The Amplify CLI's own provider plugin, found in the CLI installation that is running us. We never bundle or
 * depend on it: whatever version the user's CLI has is the one we stand beside.
 */
export const BUILT_IN_PROVIDER_PACKAGE = '@aws-amplify/amplify-provider-awscloudformation';
export const CLI_CORE_PACKAGE = '@aws-amplify/amplify-cli-core';

export interface CliLocator {
  /** The running program's main script (the `amplify` bin), whose node_modules hold the CLI's packages. */
  mainFilename?: string;
  /** ~/.amplify/plugins.json: where the plugin platform recorded the built-in provider. */
  pluginsFile?: string;
  /** Our package folder: a candidate inside it is never the built-in. */
  ownRoot?: string;
}

type PluginRecord = { packageName?: string; packageLocation?: string };

function fromRunningCli(packageName: string, mainFilename: string | undefined): string | undefined {
  if (!mainFilename) return undefined;
  try {
    return require.resolve(packageName, { paths: [path.dirname(fs.realpathSync(mainFilename))] });
  } catch {
    return undefined;
  }
}

function fromPluginsFile(pluginsFile: string | undefined): string | undefined {
  if (!pluginsFile || !fs.existsSync(pluginsFile)) return undefined;
  try {
    const platform = JSON.parse(fs.readFileSync(pluginsFile, 'utf8')) as {
      plugins?: Record<string, PluginRecord[]>;
      excluded?: Record<string, PluginRecord[]>;
    };
    // `amplify plugin remove` moves the built-in to "excluded"; it is still installed and still what we forward to.
    const records = [...(platform.plugins?.awscloudformation ?? []), ...(platform.excluded?.awscloudformation ?? [])];
    const record = records.find(
      (r) => r.packageName === BUILT_IN_PROVIDER_PACKAGE && r.packageLocation && fs.existsSync(r.packageLocation),
    );
    // The platform records the package folder; the takeover needs its main module, beside system-config-manager.js.
    return record?.packageLocation ? require.resolve(record.packageLocation) : undefined;
  } catch {
    return undefined;
  }
}

function isInside(file: string, root: string | undefined): boolean {
  if (!root) return false;
  const relative = path.relative(root, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Where the built-in provider is: the running CLI's own copy, else the one plugins.json names; undefined when neither exists. */
export function locateBuiltInProvider(locator: CliLocator): string | undefined {
  const candidates = [fromRunningCli(BUILT_IN_PROVIDER_PACKAGE, locator.mainFilename), fromPluginsFile(locator.pluginsFile)];
  return candidates.find((candidate): candidate is string => candidate !== undefined && !isInside(candidate, locator.ownRoot));
}

function ownPackageRoot(): string | undefined {
  try {
    return packageRoot();
  } catch {
    return undefined;
  }
}

export function defaultLocator(env: NodeJS.ProcessEnv = process.env): CliLocator {
  let pluginsFile: string | undefined;
  try {
    pluginsFile = amplifyPluginsFile(env);
  } catch {
    // No home at all: the CLI's own installation is the only place left to look.
  }
  return {
    mainFilename: require.main?.filename,
    pluginsFile,
    ownRoot: ownPackageRoot(),
  };
}

/**
 * Loads the built-in provider on first use (it pulls in most of the AWS SDK), then returns the same module.
 * `onLocate` runs once with its main file, before it loads (the takeover patches its modules there).
 */
export function builtInProviderLoader(
  locator: () => CliLocator = defaultLocator,
  onLocate?: (main: string) => void,
): (() => Record<string, unknown> | undefined) & { locate: () => string | undefined } {
  let loaded: Record<string, unknown> | undefined;
  let tried = false;
  let located: { main?: string } | undefined;
  const locate = () => {
    if (!located) {
      located = { main: locateBuiltInProvider(locator()) };
      if (located.main) onLocate?.(located.main);
    }
    return located.main;
  };
  const load = () => {
    if (!tried) {
      tried = true;
      const location = locate();
      loaded = location ? (require(location) as Record<string, unknown>) : undefined;
    }
    return loaded;
  };
  return Object.assign(load, { locate });
}

/**
 * The CLI's ora spinner (amplify-cli-core's `spinner`, on stderr), as the built-in provider sees it: it spins while
 * the built-in asks for credentials during init and push, and must stand still while a person types a code.
 */
export function cliSpinner(
  builtInMain: string | undefined,
  locator: CliLocator = defaultLocator(),
): { isSpinning: boolean; stop(): unknown; start(): unknown } | undefined {
  const candidates = [
    builtInMain ? fromRunningCli(CLI_CORE_PACKAGE, builtInMain) : undefined,
    fromRunningCli(CLI_CORE_PACKAGE, locator.mainFilename),
  ];
  for (const core of candidates) {
    if (!core) continue;
    try {
      const spinner = (require(core) as { spinner?: { isSpinning: boolean; stop(): unknown; start(): unknown } }).spinner;
      if (spinner && typeof spinner.stop === 'function' && typeof spinner.start === 'function') return spinner;
    } catch {
      /* next */
    }
  }
  return undefined;
}

/**
 * The CLI's AmplifyError class, so that an error we raise inside a CLI command (an event handler) is printed by the CLI
 * as a user error with its resolution, not as an unexpected fault. Undefined outside the CLI.
 */
export function cliErrorClass(
  locator: CliLocator = defaultLocator(),
): (new (name: string, options: { message: string; resolution?: string }) => Error) | undefined {
  const core = fromRunningCli(CLI_CORE_PACKAGE, locator.mainFilename);
  if (!core) return undefined;
  try {
    return (require(core) as { AmplifyError?: new (name: string, options: { message: string; resolution?: string }) => Error })
      .AmplifyError;
  } catch {
    return undefined;
  }
}
