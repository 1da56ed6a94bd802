
import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { describeMfaRequest, isValidMfaCode, mfaCodeProvider, type MfaCodeProvider, type MfaCodeRequest } from './mfaCode';

/**
 * The MFA prompt on the controlling terminal, for when our standard streams are pipes: the Amplify CLI or an
 * AWS SDK running us as `credential_process`. The parent may hold the terminal in raw mode and redraw a
 * spinner line, which would swallow a prompt without a newline and keep Enter from completing the read.
 * So: save the terminal settings, switch to canonical mode with echo, print the prompt on its own line,
 * read one line, and restore the settings.
 */
export function openControllingTerminal(): number | undefined {
  try {
    return fs.openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
}

export function stty(fd: number, args: string[]): string {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  return execFileSync('stty', args, { stdio: [fd, 'pipe', 'ignore'] }).toString().trim();
}

export function readLine(fd: number): string {
  const buffer = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let read: number;
    try {
      read = fs.readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      throw error;
    }
    if (read === 0) return line;
    line += buffer.subarray(0, read).toString('utf8');
    const newline = line.search(/[\r\n]/);
    if (newline >= 0) return line.slice(0, newline);
  }
}

export function ttyMfaPrompt(fd: number): MfaCodeProvider {
  return mfaCodeProvider(async (request: MfaCodeRequest) => {
    let saved: string | undefined;
    try {
      saved = stty(fd, ['-g']);
      stty(fd, ['icanon', 'echo', 'icrnl']);
    } catch {
      saved = undefined;
    }
    const say = (text: string) => fs.writeSync(fd, `\r\n${text}\r\n`);
    try {
      if (request.reason) say(request.reason);
      for (;;) {
        say(`? ${describeMfaRequest(request)} (6 digits, then Enter):`);
        const answer = readLine(fd).trim();
        if (isValidMfaCode(answer)) return answer;
        if (answer === '') {
          throw new ToolError('MfaPromptCancelled', `No MFA code was entered for profile "${request.profile}".`);
        }
        say('The MFA code is 6 digits; type the code your device shows now.');
      }
    } finally {
      if (saved) {
        try {
          stty(fd, [saved]);
        } catch {
          /* terminal gone */
        }
      }
    }
  }, true);
}
