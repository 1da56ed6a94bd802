import { loadAmplifyCommand } from '../../commands/awscloudformation';
import { unknownCommand } from '../cli/unknownCommand';
import type { AmplifyContext } from './amplifyContext';
import { amplifyHelp, readManifest, AMPLIFY_PROGRAM } from './amplifyHelp';
import { commandBeforeSeparator, invocationFromContext, processIo, type InvocationIo } from './contextInvocation';
import type { ModuleExports } from './pluginModule';
import { reportError } from '../cli/runCommand';
import { write } from '../output/writeLine';

export interface ExecuteDependencies {
  io: () => InvocationIo;
  /** The built-in provider, for its commands when the CLI hands one to us. */
  builtIn: () => ModuleExports | undefined;
  /** Where the exit code goes (process.exitCode, which the Amplify CLI keeps). */
  setExitCode: (code: number) => void;
}

function wantsJson(context: AmplifyContext): boolean {
  const options = context.input.options ?? {};
  return options.json === true || options.format === 'json';
}

/**
 * `amplify aws <command>`: the same command modules as `amplify-aws-roles <command>`, with an Invocation built from
 * the CLI's context. Errors are printed once, here, as the command line prints them; the exit code is the command's.
 */
export async function runAmplifyCommand(context: AmplifyContext, deps: ExecuteDependencies): Promise<void> {
  const io = deps.io();
  const typed = context.input.command === 'help' ? commandBeforeSeparator(context.input.argv) : undefined;
  const name = (typed && loadAmplifyCommand(typed) ? typed : undefined) ?? context.input.command ?? 'help';
  if (name === 'help') {
    write(io.stdout, amplifyHelp(readManifest(), context.input.subCommands ?? []));
    return;
  }
  const command = loadAmplifyCommand(name);
  if (!command) {
    const provider = deps.builtIn();
    if (typeof provider?.executeAmplifyCommand === 'function') {
      // A command of the built-in provider (when we stand in for it): it runs exactly as it would without us.
      await (provider.executeAmplifyCommand as (c: AmplifyContext) => Promise<void>)(context);
      return;
    }
    const manifest = readManifest();
    const known = [...(manifest.commands ?? []), ...Object.keys(manifest.commandAliases ?? {})];
    deps.setExitCode(reportError(unknownCommand(name, known, `${AMPLIFY_PROGRAM} help`), io, false));
    return;
  }
  try {
    const code = await command.run(invocationFromContext(context, command, io, AMPLIFY_PROGRAM));
    if (code !== 0) deps.setExitCode(code);
  } catch (error) {
    deps.setExitCode(reportError(error, io, wantsJson(context)));
  }
}

export function defaultExecuteDependencies(builtIn: () => ModuleExports | undefined): ExecuteDependencies {
  return {
    io: processIo,
    builtIn,
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
