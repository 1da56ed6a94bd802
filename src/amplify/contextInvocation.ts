import type { Readable, Writable } from 'node:stream';
import type { CommandModule, Invocation } from '../cli/invocation';
import { ToolError } from '../errors';
import type { AmplifyContext } from './amplifyContext';

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
  return { env: process.env, cwd: process.cwd(), stdout: process.stdout, stderr: process.stderr, stdin: process.stdin };
}

function usage(program: string, command: CommandModule, detail: string): ToolError {
  return new ToolError('InvalidArguments', `Invalid arguments for "${program} ${command.name}": ${detail}.`, {
    resolution: `Run "${program} ${command.name} --help" to see the options.`,
    exitCode: 2,
  });
}

/**
 * Turns Amplify's parsed command line into the Invocation our commands take, checked against the command's options
 * as strictly as the command line checks them. Amplify's parser differs from ours in two ways handled here: a flag
 * followed by a word takes that word as its value (`--all dev`), and negated flags arrive as `no-<name>`.
 */
export function invocationFromContext(context: AmplifyContext, command: CommandModule, io: InvocationIo, program = 'amplify aws'): Invocation {
  const given = context.input.options ?? context.parameters?.options ?? {};
  const options: Invocation['options'] = {};
  const positionals = [...(context.input.subCommands ?? context.parameters?.array ?? [])];
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
