import * as fs from 'node:fs';
import type { Writable } from 'node:stream';
import { isToolError } from '../errors';

/**
 * When we run as someone's credential_process, our stderr is captured by the caller (the Amplify CLI's SDK shows
 * only "Region is missing"). So a failure is also written to the controlling terminal, where the person sees the
 * real cause. Only the error's sentence and hint: never credentials.
 */
export function echoToTerminal(stderr: Writable, error: unknown): void {
  if ((stderr as { isTTY?: boolean }).isTTY || !isToolError(error)) return;
  let fd: number | undefined;
  try {
    fd = fs.openSync('/dev/tty', 'w');
    fs.writeSync(fd, `\r\namplify-aws-roles: Error: ${error.message}\r\n${error.resolution ? `${error.resolution}\r\n` : ''}`);
  } catch {
    /* no controlling terminal: nothing to do */
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
