import type { Writable } from 'node:stream';
import type { MainIo } from '../cli/runCommand';

/**
 * Runs a command line entry against this process's streams and sets the exit code.
 *
 * process.stdin/stdout/stderr are getters that build Node streams (and load the stream modules) on first
 * use: a few milliseconds that the warm `credentials` path, run several times per Amplify command, does not
 * need. So stdout is a plain synchronous writer on fd 1, and stdin/stderr/interactive are looked up only
 * when something (a prompt, a warning, an error) uses them.
 */
export function runAsProcess(run: (argv: string[], io: MainIo) => Promise<number>): void {
  run(process.argv.slice(2), processIo()).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

export function processIo(): MainIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    // On Windows a console needs Node's own stream (it writes UTF-16 to the console; raw bytes go through the code page).
    stdout: process.platform === 'win32' ? process.stdout : (fdWriter(1) as MainIo['stdout']),
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    get interactive() {
      return Boolean(process.stdin.isTTY);
    },
  };
}

/**
 * write(text) straight to a file descriptor, synchronously, as Node's own stdout does for files and pipes on
 * Linux. Partial writes are continued; EAGAIN (a non-blocking pipe whose reader is behind) is waited out;
 * EPIPE (the reader went away) drops the rest, as a closed pipe would.
 */
export function fdWriter(fd: number): Pick<Writable, 'write'> {
  const fs = require('node:fs') as typeof import('node:fs');
  return {
    write(chunk: unknown, encodingOrCallback?: unknown, callback?: unknown): boolean {
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      const written = writeAll(chunk);
      // As a stream's write(chunk, cb): the callback runs once the data is handed over (here, already).
      if (typeof done === 'function') process.nextTick(done);
      return written;
    },
  };

  function writeAll(chunk: unknown): boolean {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Uint8Array);
    while (data.length > 0) {
      try {
        data = data.subarray(fs.writeSync(fd, data));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
        else if (code === 'EPIPE') return false;
        else throw error;
      }
    }
    return true;
  }
}
