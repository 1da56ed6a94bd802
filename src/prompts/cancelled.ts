import { isToolError, type ToolError } from '../errors';

/**
 * A person ended one of our prompts on purpose (Ctrl-C, or Ctrl-D / an empty line on the controlling terminal). Not
 * a fault: callers that run inside someone else's command (the Amplify CLI) end that command instead of reporting it.
 * Every prompt cancels with the one code PromptCancelled; its sentence names the prompt.
 */
export function isPromptCancelled(error: unknown): error is ToolError {
  return isToolError(error) && error.code === 'PromptCancelled';
}

/** How a command ends when a person cancelled its prompt: as a shell reports a command ended by Ctrl-C (128 + SIGINT). */
export const CANCELLED_EXIT_CODE = 130;

/**
 * enquirer's key actions with Ctrl-D as a second way to cancel (its own default is "delete forward"), as Ctrl-D ends
 * input at a shell or at our /dev/tty prompt.
 */
export function cancellingKeyActions(): { ctrl: Record<string, string> } {
  const combos = require('enquirer/lib/combos') as { ctrl: Record<string, string> };
  return { ctrl: { ...combos.ctrl, d: 'cancel' } };
}
