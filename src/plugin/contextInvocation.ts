import type { Readable, Writable } from 'node:stream';
import type { CommandModule, Invocation } from '../cli/invocation';
import { ToolError } from '../errors';
import type { AmplifyContext } from './amplifyContext';
import { pluginEnv } from './unlockingEnv';

/** Options the Amplify CLI itself understands and passes along to every command. */
const AMPLIFY_GLOBAL_OPTIONS = new Set(['yes', 'y', 'debug', 'headless']);

export interface InvocationIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
}

export function processIo(): InvocationIo {
  return { env: pluginEnv(), cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

function usage(program: string, command: CommandModule, detail: string): ToolError {
  return new ToolError('InvalidArguments', `Invalid arguments for "${program} ${command.name}": ${detail}.`, {
    resolution: command.argumentsHint ?? `Run "${program} ${command.name} --help" to see the options.`,
    exitCode: 2,
  });
}

/**
 * Turns Amplify's parsed command line into the Invocation our commands take, checked against the command's options
 * as strictly as the command line checks them. Amplify's parser differs from ours in two ways handled here: a flag
 * followed by a word takes that word as its value (`--all dev`), and negated flags arrive as `no-<name>`.
 */
export function invocationFromContext(
  context: AmplifyContext,
  command: CommandModule,
  io: InvocationIo,
  program = 'amplify aws',
): Invocation {
  const separated = splitAtSeparator(context.input.argv);
  const given = separated?.options ?? context.input.options ?? context.parameters?.options ?? {};
  const options: Invocation['options'] = {};
  const positionals = [...(separated?.subCommands ?? context.input.subCommands ?? context.parameters?.array ?? [])];
  const shortNames = new Map(Object.entries(command.options).flatMap(([name, spec]) => (spec.short ? [[spec.short, name] as const] : [])));
  for (const [raw, value] of Object.entries(given)) {
    const name = shortNames.get(raw) ?? raw;
    const spec = command.options[name];
    if (!spec) {
      const negated = name.startsWith('no-') ? command.options[name.slice(3)] : undefined;
      if (negated?.type === 'boolean' && value === true) {
        options[name.slice(3)] = false;
        continue;
      }
      if (AMPLIFY_GLOBAL_OPTIONS.has(name)) continue;
      throw usage(program, command, `unknown option --${name}`);
    }
    if (spec.type === 'boolean') {
      // Amplify sets `yes: false` whenever any option is given: that is "not given".
      if (value === false) continue;
      options[name] = true;
      // Amplify read the next word as this flag's value; for us it is a positional argument.
      if (typeof value === 'string') positionals.push(value);
      continue;
    }
    if (value === true || value === '') throw usage(program, command, `option --${name} needs a value`);
    if (value === false) continue;
    options[name] = String(value);
  }
  if (separated) positionals.push(...separated.rest);
  return {
    options,
    positionals,
    env: io.env,
    cwd: io.cwd,
    stdout: io.stdout,
    stderr: io.stderr,
    stdin: io.stdin,
    interactive: Boolean((io.stdin as { isTTY?: boolean }).isTTY),
  };
}

/**
 * Amplify's parser knows no "--": it reads the words after it as options of its own (`--` becomes an option named
 * "", `--profile` of the command being run would replace ours). For `amplify aws exec --profile P -- CMD ARGS` the
 * raw argv (context.input.argv) is split at the first "--": the options are read again, as Amplify reads them, from
 * the words before it, and the words after it are passed on untouched.
 */
export function splitAtSeparator(
  argv: string[] | undefined,
): { options: Record<string, string | boolean>; subCommands: string[]; rest: string[] } | undefined {
  const at = argv ? argv.indexOf('--', 2) : -1;
  if (!argv || at < 0) return undefined;
  const head = argv.slice(2, at);
  const options: Record<string, string | boolean> = {};
  const subCommands: string[] = [];
  // The plugin name and the command (argv[2] and [3], as the CLI leaves them), then subcommands, then options.
  let i = Math.min(2, head.filter((word, index) => index < 2 && !word.startsWith('-')).length);
  while (i < head.length && !head[i].startsWith('-')) subCommands.push(head[i++]);
  while (i < head.length) {
    const word = head[i++];
    if (!word.startsWith('-')) {
      options[word] = true;
      continue;
    }
    const key = word.replace(/^-+/, '');
    if (i < head.length && !head[i].startsWith('-')) options[key] = head[i++];
    else options[key] = true;
  }
  if (options.y === true) {
    options.yes = true;
    delete options.y;
  }
  return { options, subCommands, rest: argv.slice(at + 1) };
}

/**
 * The command typed before "--" when the Amplify CLI took a -h/--help meant for the command after it as its own
 * and turned ours into "help" (`amplify aws exec -- ampx --help`). Undefined when the help was ours to show.
 */
export function commandBeforeSeparator(argv: string[] | undefined): string | undefined {
  const at = argv ? argv.indexOf('--', 2) : -1;
  if (!argv || at < 4) return undefined;
  const head = argv.slice(3, at);
  if (head.some((word) => word === '-h' || word === '--help' || word === 'help')) return undefined;
  return head[0] !== undefined && !head[0].startsWith('-') ? head[0] : undefined;
}
