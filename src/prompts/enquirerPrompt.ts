import type { Readable, Writable } from 'node:stream';
import { ToolError } from '../errors';
import { cancellingKeyActions } from './cancelled';
import { describeMfaRequest, isValidMfaCode, mfaCodeProvider, type MfaCodeProvider, type MfaCodeRequest } from './mfaCode';

/**
 * The MFA prompt for a terminal on our own standard streams. enquirer keeps asking while the input is not
 * 6 digits, so a malformed code never reaches STS. Output goes to stderr so stdout stays clean for
 * `credentials` and `eval $(... --format env)`.
 */
export function enquirerMfaPrompt(streams: { stdin: Readable; output: Writable }): MfaCodeProvider {
  return mfaCodeProvider(async (request: MfaCodeRequest) => {
    const { Input } = require('enquirer') as { Input: new (options: Record<string, unknown>) => { run(): Promise<string> } };
    if (request.reason) streams.output.write(`${request.reason}\n`);
    const prompt = new Input({
      name: 'code',
      message: describeMfaRequest(request),
      stdin: streams.stdin,
      stdout: streams.output,
      actions: cancellingKeyActions(),
      // enquirer calls this with the prompt as `this`. A malformed code is cleared before the re-ask, so the next
      // code is typed into an empty field instead of being appended to the rejected one.
      validate(this: { input: string; cursor: number }, value: string) {
        if (isValidMfaCode(value.trim())) return true;
        this.input = '';
        this.cursor = 0;
        return 'The MFA code is 6 digits; type the code your device shows now.';
      },
    });
    try {
      return (await prompt.run()).trim();
    } catch {
      throw new ToolError('PromptCancelled', `The MFA prompt for profile "${request.profile}" was cancelled.`);
    }
  }, true);
}
