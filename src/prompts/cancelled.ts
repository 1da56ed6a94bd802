import { isToolError, ToolError } from '../errors';

/**
 * A person ended one of our prompts on purpose (Ctrl-C, or Ctrl-D / an empty line on the controlling terminal). Not
 * a fault: callers that run inside someone else's command (the Amplify CLI) end that command instead of reporting it.
 */
const CANCELLED_CODES = new Set(['MfaPromptCancelled', 'PromptCancelled']);

export function isPromptCancelled(error: unknown): error is ToolError {
  return isToolError(error) && CANCELLED_CODES.has(error.code);
}

export function promptCancelled(message: string): ToolError {
  return new ToolError('PromptCancelled', message, { exitCode: 130 });
}
