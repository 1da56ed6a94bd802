import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { childOutput } from '../../helpers/child';

export const CLI_VERSION = '14.2.2';

/**
 * The Amplify CLI installed by scripts/install-amplify-cli.sh (AMPLIFY_CLI_DIR, else its default folder).
 * Missing is a failure, not a skip: these tests are how we know the plugin works in the real CLI.
 */
export function amplifyBin(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.AMPLIFY_CLI_DIR || path.join(os.userInfo().homedir, '.cache', 'amplify-aws-roles', `amplify-cli-${CLI_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'amplify');
  if (!fs.existsSync(bin)) {
    throw new Error(
      `The Amplify CLI ${CLI_VERSION} is not installed at ${dir}: run "bash scripts/install-amplify-cli.sh" (or set AMPLIFY_CLI_DIR) before the end-to-end tests.`,
    );
  }
  return bin;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr, ANSI colours removed. */
  text: string;
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex -- ESC (\x1b) starts every ANSI escape sequence the CLI prints.
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Runs `amplify ...` without a terminal (stdin closed, its own session: no /dev/tty), as in CI. */
export function runAmplify(
  bin: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number },
): Promise<RunResult> {
  const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  const output = childOutput(child, options.timeoutMs ?? 120000);
  child.stdin.end();
  return output.then(({ code, signal, stdout, stderr }) => ({
    code: code ?? (signal ? 128 : 1),
    stdout,
    stderr,
    text: stripAnsi(stdout + stderr),
  }));
}
