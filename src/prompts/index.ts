import type { Readable, Writable } from 'node:stream';
import { enquirerMfaPrompt } from './enquirerPrompt';
import { fixedMfaCode, MFA_CODE_ENV, mfaCodeProvider, type MfaCodeProvider, noTerminalMfaCode } from './mfaCode';
import { openControllingTerminal, ttyMfaPrompt } from './ttyPrompt';

export * from './mfaCode';
export { isPromptCancelled } from './cancelled';

/**
 * Picks how to get an MFA code: a code given by flag or environment; else enquirer when our stdin and stderr
 * are a terminal; else the controlling terminal (/dev/tty) when we run as someone's credential_process;
 * else an error that says how to pass one.
 */
export function chooseMfaCodeProvider(options: {
  mfaCode?: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stderr: Writable;
}): MfaCodeProvider {
  if (options.mfaCode !== undefined) return fixedMfaCode(options.mfaCode, '--mfa-code');
  const fromEnv = options.env[MFA_CODE_ENV];
  if (fromEnv) return fixedMfaCode(fromEnv, MFA_CODE_ENV);
  if ((options.stdin as { isTTY?: boolean }).isTTY && (options.stderr as { isTTY?: boolean }).isTTY) {
    return enquirerMfaPrompt({ stdin: options.stdin, output: options.stderr });
  }
  let opened = false;
  let fd: number | undefined;
  return mfaCodeProvider(async (request) => {
    if (!opened) {
      opened = true;
      fd = openControllingTerminal();
    }
    return fd === undefined ? noTerminalMfaCode()(request) : ttyMfaPrompt(fd)(request);
  }, true);
}
