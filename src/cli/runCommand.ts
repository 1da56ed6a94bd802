import { parseArgs } from 'node:util';
import { isToolError, ToolError } from '../errors';
import { commandHelp } from './help';
import { type CommandModule, type Invocation, write } from './invocation';

export const PROGRAM = 'amplify-aws-roles';

export interface MainIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: NodeJS.WritableStream & Invocation['stdout'];
  stderr: Invocation['stderr'];
  stdin: Invocation['stdin'];
  interactive: boolean;
}


/** Parses argv for one command. Unknown options and missing values are ToolErrors naming the option. */
export function parseCommandArgs(command: CommandModule, argv: string[]): { options: Invocation['options']; positionals: string[]; help: boolean } {
  const spec: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, option] of Object.entries(command.options)) {
    spec[name] = { type: option.type, ...(option.short ? { short: option.short } : {}), ...(option.multiple ? { multiple: true } : {}) };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true, allowNegative: true } as Parameters<typeof parseArgs>[0]);
    const options = { ...(values as Invocation['options']) };
    const help = options.help === true;
    delete options.help;
    return { options, positionals, help };
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new ToolError('InvalidArguments', `Invalid arguments for "${command.name}": ${detail}`, {
      resolution: `Run "${PROGRAM} ${command.name} --help" to see the options.`,
      exitCode: 2,
    });
  }
}

/** Prints a ToolError once, as one sentence (or JSON when asked), never with a stack trace. */
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
  return toolError.exitCode;
}

/** Parses one command's arguments, prints its help, runs it, and prints its error once. Resolves to the exit code. */
export async function runCommand(command: CommandModule, rest: string[], io: MainIo): Promise<number> {
  const wantsJson = rest.includes('--json') || rest.some((a, i) => a === '--format' && rest[i + 1] === 'json') || rest.includes('--format=json');
  try {
    const { options, positionals, help } = parseCommandArgs(command, rest);
    if (help) {
      write(io.stdout, commandHelp(PROGRAM, command));
      return 0;
    }
    return await command.run({ options, positionals, env: io.env, cwd: io.cwd, stdout: io.stdout, stderr: io.stderr, stdin: io.stdin, interactive: io.interactive });
  } catch (error) {
    return reportError(error, io, wantsJson);
  }
}
