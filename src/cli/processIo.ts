import type { MainIo } from './runCommand';

/** Runs a command line entry against this process's streams and sets the exit code. */
export function runAsProcess(run: (argv: string[], io: MainIo) => Promise<number>): void {
  run(process.argv.slice(2), {
    env: process.env,
    cwd: process.cwd(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    interactive: Boolean(process.stdin.isTTY),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
