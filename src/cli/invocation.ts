import type { Readable, Writable } from 'node:stream';

/** Option declaration (parsed by parseOptions: string or boolean, long name, optional one-letter short name). */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  description: string;
  /** Placeholder shown in help, e.g. "NAME". */
  value?: string;
}

/**
 * Everything a command needs from the outside world. The command line builds it from process.*,
 * the Amplify layer from Amplify's `context`; tests build it directly.
 */
export interface Invocation {
  options: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  /** True when a person can be asked questions (a terminal on stdin, or /dev/tty reachable). */
  interactive: boolean;
}

export interface CommandModule {
  name: string;
  aliases?: string[];
  summary: string;
  /** Extra help text after the option list. */
  details?: string;
  /** Said instead of "see --help" when the arguments are wrong (exec: where the command goes). */
  argumentsHint?: string;
  /** Words besides the options that the command takes (exec: the command to run); without it they are refused. */
  positionals?: string;
  options: Record<string, OptionSpec>;
  /** Resolves to the process exit code. Throws ToolError for user mistakes. */
  run(invocation: Invocation): Promise<number>;
}
