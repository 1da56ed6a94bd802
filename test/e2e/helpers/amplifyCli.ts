import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const CLI_VERSION = '14.2.2';

/**
 * The Amplify CLI installed by scripts/install-amplify-cli.sh (AMPLIFY_CLI_DIR, else its default folder).
 * Missing is a failure, not a skip: these tests are how we know the plugin works in the real CLI.
 */
export function amplifyBin(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.AMPLIFY_CLI_DIR || path.join(os.userInfo().homedir, '.cache', 'amplify-aws-roles', `amplify-cli-${CLI_VERSION}`);
  const bin = path.join(dir, 'node_modules', '.bin', 'amplify');
  if (!fs.existsSync(bin)) {
    throw new Error(`The Amplify CLI ${CLI_VERSION} is not installed at ${dir}: run "bash scripts/install-amplify-cli.sh" (or set AMPLIFY_CLI_DIR) before the end-to-end tests.`);
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
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

/** Runs `amplify ...` without a terminal (stdin closed, its own session: no /dev/tty), as in CI. */
export function runAmplify(bin: string, args: string[], options: { env: NodeJS.ProcessEnv; cwd: string; timeoutMs?: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, text: stripAnsi(stdout + stderr) });
    });
    child.stdin.end();
  });
}
