import * as fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { ToolError } from '../errors';
import { cancellingKeyActions } from './cancelled';
import { inCanonicalMode, openControllingTerminal, readLine } from './ttyPrompt';

/**
 * Asks one question whose answer must not be echoed (a passphrase, a secret access key), with the MFA prompt's
 * rules: enquirer's password prompt when our stdin and stderr are a terminal; else the controlling terminal
 * (/dev/tty) with echo off, for when we run as someone's credential_process; else undefined (nobody to ask).
 * Ctrl-C or Ctrl-D cancels, as at the MFA prompt, even when the parent holds the terminal in raw mode: the answer is
 * then the caller's `cancelled` error, never mistaken for "no terminal".
 */
export type SecretAsker = (question: string, options?: { echo?: boolean; cancelled?: () => ToolError }) => Promise<string | undefined>;

function cancelledError(options: { cancelled?: () => ToolError }): ToolError {
  return options.cancelled?.() ?? new ToolError('PromptCancelled', 'The prompt was cancelled; nothing was changed.');
}

export function terminalSecretAsker(streams: { stdin: Readable; stderr: Writable }): SecretAsker {
  const onTerminal = (streams.stdin as { isTTY?: boolean }).isTTY && (streams.stderr as { isTTY?: boolean }).isTTY;
  if (onTerminal) {
    return async (question, options = {}) => {
      const { Password, Input } = require('enquirer') as Record<string, new (o: Record<string, unknown>) => { run(): Promise<string> }>;
      const Prompt = options.echo ? Input : Password;
      try {
        return await new Prompt({
          name: 'value',
          message: question,
          stdin: streams.stdin,
          stdout: streams.stderr,
          actions: cancellingKeyActions(),
        }).run();
      } catch {
        throw cancelledError(options);
      }
    };
  }
  let fd: number | undefined | null = null;
  return async (question, options = {}) => {
    if (fd === null) fd = openControllingTerminal();
    if (fd === undefined) return undefined;
    const terminal = fd;
    const answer = await inCanonicalMode(
      terminal,
      async (canonical) => {
        fs.writeSync(terminal, `\r\n? ${question}: `);
        const line = await readLine(terminal, canonical);
        fs.writeSync(terminal, line === undefined ? '\r\nCancelled.\r\n' : '\r\n');
        return line;
      },
      { echo: options.echo === true },
    );
    if (answer === undefined) throw cancelledError(options);
    return answer;
  };
}
