import type { Writable } from 'node:stream';
import type { ToolError } from '../errors';
import { CANCELLED_EXIT_CODE } from '../prompts/cancelled';

/** What ends a command: the CLI's spinner (stopped first, which shows the cursor again) and the process. */
export interface CancelIo {
  stderr: Writable;
  spinner?: () => { stop(): unknown } | undefined;
  exit: (code: number) => never;
}

/**
 * Ctrl-C at a prompt of ours inside an Amplify command ends that command, as Ctrl-C does anywhere else in the CLI.
 * Handing the cancellation back as an error does not: the CLI prints it as a credentials failure with our doctor hint
 * (push), or catches it and gets credentials again through the environment's bridge, which asks again (env checkout).
 * So: the spinner stops, one sentence, and the process ends; Node gives the terminal its mode back as it exits.
 */
export function endCancelledCommand(error: ToolError, io: CancelIo): never {
  try {
    io.spinner?.()?.stop();
  } catch {
    /* a spinner we cannot stop still ends with the process */
  }
  io.stderr.write(`\namplify-aws-roles: ${error.message}\n`);
  return io.exit(CANCELLED_EXIT_CODE);
}
