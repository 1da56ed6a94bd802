/**
 * The part of the Amplify CLI's `context` this layer reads (taken from the CLI 14.2.2: context-manager,
 * input-manager and context-extensions). `input.options` is present only when options were given; values are
 * strings, or `true` for a flag without a value; `--yes`/`-y` become `yes: true` and, once any option is given,
 * `yes` is always there (false by default).
 */
export interface AmplifyContext {
  /** The CLI's plugin platform (plugins.json as loaded): which plugins, in which order, from which folders. */
  pluginPlatform?: import('../doctor/amplifyPluginCheck').PluginPlatformView;
  input: {
    argv?: string[];
    /** The plugin name or alias as typed ("aws"). */
    plugin?: string;
    /** The canonical command name (the CLI has already turned a commandAlias into it). */
    command?: string;
    subCommands?: string[];
    options?: Record<string, string | boolean>;
  };
  parameters?: { options?: Record<string, string | boolean>; array?: string[] };
  amplify?: { getEnvInfo?: () => { envName?: string } };
  exeInfo?: { inputParams?: { yes?: boolean } & Record<string, unknown> } & Record<string, unknown>;
  print?: { info(message: string): void; warning?(message: string): void; error?(message: string): void };
  [key: string]: unknown;
}

export interface AmplifyEventArgs {
  event: string;
  data?: unknown;
}
