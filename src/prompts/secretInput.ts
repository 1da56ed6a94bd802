import * as fs from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { cancellingKeyActions, promptCancelled } from './cancelled';
import { openControllingTerminal, readLine, stty } from './ttyPrompt';

/**
 * Asks one question whose answer must not be echoed (a passphrase, a secret access key), with the MFA prompt's
 * rules: enquirer's password prompt when our stdin and stderr are a terminal; else the controlling terminal
 * (/dev/tty) with echo off, for when we run as someone's credential_process; else undefined (nobody to ask).
 * Ctrl-C at enquirer's prompt rejects with PromptCancelled (isPromptCancelled), not an empty answer.
 */
export type SecretAsker = (question: string, options?: { echo?: boolean }) => Promise<string | undefined>;

export function terminalSecretAsker(streams: { stdin: Readable; stderr: Writable }): SecretAsker {
  const onTerminal = (streams.stdin as { isTTY?: boolean }).isTTY && (streams.stderr as { isTTY?: boolean }).isTTY;
  if (onTerminal) {
    return async (question, options = {}) => {
      const { Password, Input } = require('enquirer') as Record<string, new (o: Record<string, unknown>) => { run(): Promise<string> }>;
      const Prompt = options.echo ? Input : Password;
      try {
        return await new Prompt({ name: 'value', message: question, stdin: streams.stdin, stdout: streams.stderr, actions: cancellingKeyActions() }).run();
      } catch {
        throw promptCancelled(`The question "${question}" was cancelled; nothing was changed.`);
      }
    };
  }
  let fd: number | undefined | null = null;
  return async (question, options = {}) => {
    if (fd === null) fd = openControllingTerminal();
    if (fd === undefined) return undefined;
    let saved: string | undefined;
    try {
      saved = stty(fd, ['-g']);
      stty(fd, ['icanon', options.echo ? 'echo' : '-echo', 'icrnl']);
    } catch {
      saved = undefined;
    }
    try {
      fs.writeSync(fd, `\r\n? ${question}: `);
      const answer = await readLine(fd, true);
      fs.writeSync(fd, '\r\n');
      return answer;
    } finally {
      if (saved) {
        try {
          stty(fd, [saved]);
        } catch {
          /* terminal gone */
        }
      }
    }
  };
}
