import { isToolError, ToolError } from '../errors';
import { CANCELLED_EXIT_CODE, isPromptCancelled } from '../prompts/cancelled';
import { commandHelp } from './help';
import { type CommandModule, type Invocation } from './invocation';
import { ArgumentError, parseOptions, type ParsedOptionSpec } from './parseOptions';
import { write } from '../output/writeLine';

export const PROGRAM = 'amplify-aws-roles';

export interface MainIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream & Invocation['stdout'];
  stderr: Invocation['stderr'];
  stdin: Invocation['stdin'];
  interactive: boolean;
}

const NAMING_OPTIONS: Record<string, string> = { profile: 'a profile name', project: 'a project folder' };

/** Parses argv for one command. Unknown options and missing values are ToolErrors naming the option. */
export function parseCommandArgs(
  command: CommandModule,
  argv: string[],
): { options: Invocation['options']; positionals: string[]; help: boolean } {
  const spec: Record<string, ParsedOptionSpec> = { help: { type: 'boolean', short: 'h' }, ...command.options };
  try {
    const { values, positionals } = parseOptions(argv, spec);
    // No command takes words besides its options: `credentials --profile p extra` is a mistake, not an ignored word.
    if (positionals.length > 0 && !command.positionals && values.help !== true)
      throw new ArgumentError(`unexpected argument "${positionals[0]}" (this command takes only options)`);
    // As in botocore: an empty name is not the default profile (nor an empty --project the working folder).
    for (const [name, what] of Object.entries(NAMING_OPTIONS))
      if (values[name] === '') throw new ArgumentError(`option --${name} needs ${what}, not an empty string`);
    const options: Invocation['options'] = { ...values };
    const help = options.help === true;
    delete options.help;
    return { options, positionals, help };
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    throw new ToolError('InvalidArguments', `Invalid arguments for "${command.name}": ${error.message}.`, {
      resolution: command.argumentsHint ?? `Run "${PROGRAM} ${command.name} --help" to see the options.`,
      exitCode: 2,
    });
  }
}

/**
 * Prints a ToolError once, as one sentence (or JSON when asked), never with a stack trace. A prompt the person
 * cancelled ends the command as Ctrl-C ends any other (exit 130); its sentence says so and needs no fix line.
 */
export function reportError(error: unknown, io: Pick<MainIo, 'stdout' | 'stderr'>, json: boolean): number {
  const toolError = isToolError(error)
    ? error
    : new ToolError('UnexpectedError', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  if (json) {
    write(io.stdout, JSON.stringify({ error: toolError.toJSON() }, null, 2));
  } else {
    write(io.stderr, `Error: ${toolError.message}`);
    if (toolError.resolution) write(io.stderr, toolError.resolution);
  }
  if (!isToolError(error) && process.env.AMPLIFY_AWS_ROLES_DEBUG) write(io.stderr, String((error as Error)?.stack));
  return isPromptCancelled(error) ? CANCELLED_EXIT_CODE : toolError.exitCode;
}

/** Parses one command's arguments, prints its help, runs it, and prints its error once. Resolves to the exit code. */
export async function runCommand(command: CommandModule, rest: string[], io: MainIo): Promise<number> {
  // Only our own arguments: those after "--" belong to the command that `exec` runs.
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  const wantsJson =
    own.includes('--json') || own.some((a, i) => a === '--format' && own[i + 1] === 'json') || own.includes('--format=json');
  try {
    const { options, positionals, help } = parseCommandArgs(command, rest);
    if (help) {
      write(io.stdout, commandHelp(PROGRAM, command));
      return 0;
    }
    // Getters, not copies: the process's stdin/stderr (and whether a person is there) are looked up only if used.
    return await command.run({
      options,
      positionals,
      env: io.env,
      cwd: io.cwd,
      stdout: io.stdout,
      get stderr() {
        return io.stderr;
      },
      get stdin() {
        return io.stdin;
      },
      get interactive() {
        return io.interactive;
      },
    });
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
}
