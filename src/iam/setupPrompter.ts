import type { Readable, Writable } from 'node:stream';
import { ToolError } from '../errors';
import { cancellingKeyActions } from '../prompts/cancelled';
import type { SetupPrompter } from './setupInputs';

type EnquirerPrompt = new (options: Record<string, unknown>) => { run(): Promise<unknown> };

function cancelled(): ToolError {
  return new ToolError('PromptCancelled', 'setup-role was cancelled at a prompt; nothing was written or created.');
}

/** setup-role's questions on a terminal (enquirer, loaded on first use). Output goes to stderr, keeping stdout for results. */
export function enquirerSetupPrompter(streams: { stdin: Readable; output: Writable }): SetupPrompter {
  const load = () => require('enquirer') as { Input: EnquirerPrompt; Confirm: EnquirerPrompt };
  return {
    async text(question) {
      const prompt = new (load().Input)({
        message: question.message,
        initial: question.initial,
        validate: question.validate,
        stdin: streams.stdin,
        stdout: streams.output,
        actions: cancellingKeyActions(),
      });
      try {
        return String(await prompt.run());
      } catch {
        throw cancelled();
      }
    },
    async confirm(question) {
      const prompt = new (load().Confirm)({
        message: question.message,
        initial: question.initial,
        stdin: streams.stdin,
        stdout: streams.output,
        actions: cancellingKeyActions(),
      });
      try {
        return Boolean(await prompt.run());
      } catch {
        throw cancelled();
      }
    },
  };
}
