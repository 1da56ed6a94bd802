import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { describeMfaRequest, isValidMfaCode, mfaCodeProvider, type MfaCodeProvider, type MfaCodeRequest } from './mfaCode';

/**
 * The MFA prompt on the controlling terminal, for when our standard streams are pipes: the Amplify CLI or an
 * AWS SDK running us as `credential_process`. The parent may hold the terminal in raw mode and redraw a
 * spinner line, which would swallow a prompt without a newline and keep Enter from completing the read.
 * So: save the terminal settings, switch to canonical mode with echo, print the prompt on its own line,
 * read one line, and restore the settings exactly, however the prompt ends (a signal included). Ctrl-C and Ctrl-D
 * cancel, whether or not the parent's mode lets ^C raise a signal.
 */
export function openControllingTerminal(): number | undefined {
  try {
    return fs.openSync('/dev/tty', 'r+');
  } catch {
    return undefined;
  }
}

/**
 * stty, the system's own (by its absolute path, so a PATH that puts another stty first runs nothing), with fixed
 * arguments and an environment holding nothing of ours: it needs no variable, and the MFA code or the vault
 * passphrase may be in ours (src/resolve/unlockingVariables.ts lists the children that must not see them).
 */
export const STTY = '/bin/stty';

export function stty(fd: number, args: string[], program: string = STTY): string {
  const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['LANG', 'LC_ALL', 'LC_CTYPE']) if (process.env[name] !== undefined) env[name] = process.env[name];
  return execFileSync(program, args, { stdio: [fd, 'pipe', 'ignore'], env })
    .toString()
    .trim();
}

// eslint-disable-next-line no-control-regex -- Ctrl-C and Ctrl-D are control characters: the bytes a raw terminal sends to cancel.
const CANCEL_BYTES = /[\x03\x04]/;

/**
 * One line from the terminal, or undefined when the person cancelled: Ctrl-C (with the parent's raw mode, ISIG is
 * off and ^C arrives as a byte), Ctrl-D (end of input), or the terminal going away. The read is asynchronous so
 * that a signal arriving while we wait (SIGTERM from the parent) runs its handler and the terminal is restored.
 */
export async function readLine(fd: number, canonical: boolean): Promise<string | undefined> {
  const buffer = Buffer.alloc(256);
  let line = '';
  for (;;) {
    let read: number;
    try {
      read = await new Promise<number>((resolve, reject) =>
        fs.read(fd, buffer, 0, buffer.length, null, (error, bytes) => (error ? reject(error) : resolve(bytes))),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (code === 'EIO' || code === 'ENXIO') return undefined;
      throw error;
    }
    if (read === 0) return undefined;
    const chunk = buffer.subarray(0, read).toString('utf8');
    if (CANCEL_BYTES.test(chunk)) return undefined;
    line += chunk;
    const newline = line.search(/[\r\n]/);
    if (newline >= 0) return line.slice(0, newline);
    // In canonical mode a read ends without the line's end only when Ctrl-D pushed the half line out.
    if (canonical && read < buffer.length) return undefined;
  }
}

const RESTORING_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * Puts the terminal in canonical mode with echo (unless `echo` is false: a secret) for `body`, and gives back exactly the mode it found on every way
 * out: an answer, an error, a signal (SIGTERM / SIGINT / SIGHUP: restored, then the process dies of that signal as it
 * would have), or process.exit. Without this a parent in raw mode (the Amplify CLI's spinner) gets its terminal back
 * in our mode.
 */
export async function inCanonicalMode<T>(
  fd: number,
  body: (canonical: boolean) => Promise<T>,
  options: { echo?: boolean } = {},
): Promise<T> {
  let saved: string | undefined;
  try {
    saved = stty(fd, ['-g']);
    // ^C as an extra end of line: with the parent's ISIG off it would otherwise wait in the line for Enter.
    stty(fd, ['icanon', options.echo === false ? '-echo' : 'echo', 'icrnl', 'eol', '^C']);
  } catch {
    saved = undefined;
  }
  let restored = saved === undefined;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      stty(fd, [saved!]);
    } catch {
      /* terminal gone */
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    removeHandlers();
    process.kill(process.pid, signal);
  };
  const removeHandlers = () => {
    for (const signal of RESTORING_SIGNALS) process.removeListener(signal, onSignal);
    process.removeListener('exit', restore);
  };
  if (saved !== undefined) {
    for (const signal of RESTORING_SIGNALS) process.on(signal, onSignal);
    process.on('exit', restore);
  }
  try {
    return await body(saved !== undefined);
  } finally {
    restore();
    removeHandlers();
  }
}

export function ttyMfaPrompt(fd: number): MfaCodeProvider {
  return mfaCodeProvider(
    (request: MfaCodeRequest) =>
      inCanonicalMode(fd, async (canonical) => {
        const say = (text: string) => fs.writeSync(fd, `\r\n${text}\r\n`);
        const cancelled = () =>
          new ToolError('PromptCancelled', `No MFA code was entered for profile "${request.profile}"; the prompt was cancelled.`);
        if (request.reason) say(request.reason);
        for (;;) {
          say(`? ${describeMfaRequest(request)} (6 digits, then Enter):`);
          const line = await readLine(fd, canonical);
          if (line === undefined) {
            say('Cancelled.');
            throw cancelled();
          }
          const answer = line.trim();
          if (isValidMfaCode(answer)) return answer;
          if (answer === '') throw cancelled();
          say('The MFA code is 6 digits; type the code your device shows now.');
        }
      }),
    true,
  );
}
