import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { childOutput } from './child';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The bundled command line, exactly what package.json's "bin" installs. */
export const BIN = path.join(ROOT, 'dist', 'amplify-aws-roles.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built command line as a separate process, the way a user does. `npm test` builds first. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} is missing: run "npm run build" first (npm test does).`);
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: options.env ?? process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
    // A new session: no controlling terminal, so nothing can wait on /dev/tty, as under CI.
    detached: true,
  });
  const output = childOutput(child, options.timeoutMs ?? 20000);
  // A command that exits before reading its input closes the pipe: that is not a failure of the test.
  child.stdin.on('error', () => undefined);
  child.stdin.end(options.input ?? '');
  return output.then(({ code, signal, stdout, stderr }) => ({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
}
