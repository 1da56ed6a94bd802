import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { ToolError } from '../errors';

/** Signals passed on to the child. SIGINT and SIGQUIT only when they did not come from our terminal (see below). */
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
const TERMINAL_SIGNALS = new Set<NodeJS.Signals>(['SIGINT', 'SIGQUIT']);

/**
 * True when this process is in the foreground process group of its terminal. Ctrl-C and Ctrl-\ then reach every
 * process of that group, the child included, so passing them on would deliver them twice (and many tools treat a
 * second Ctrl-C as "quit now, skip the cleanup"). Linux tells us exactly (/proc); elsewhere a terminal on stdin is
 * taken as the sign.
 */
function inTerminalForeground(): boolean {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // state ppid pgrp session tty_nr tpgid ...
    const [pgrp, ttyNr, tpgid] = [fields[2], fields[4], fields[5]];
    return ttyNr !== '0' && pgrp === tpgid;
  } catch {
    return Boolean(process.stdin.isTTY);
  }
}

export interface ChildRun {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Runs the command on our own terminal (stdin, stdout and stderr inherited, same process group so it can prompt)
 * and resolves to its exit status: its exit code, or 128 + the signal's number when a signal ended it (as a shell
 * reports it). SIGTERM and SIGHUP sent to us are passed on; we do not exit before the child does.
 */
export function runChild(run: ChildRun): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(run.command, run.args, { env: run.env, cwd: run.cwd, stdio: 'inherit', shell: process.platform === 'win32' });
    const forward = (signal: NodeJS.Signals) => {
      if (TERMINAL_SIGNALS.has(signal) && inTerminalForeground()) return;
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of FORWARDED) process.on(signal, forward);
    const stopForwarding = () => {
      for (const signal of FORWARDED) process.removeListener(signal, forward);
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      stopForwarding();
      if (error.code === 'ENOENT') {
        reject(new ToolError('ProgramNotFound', `Cannot run "${run.command}": no such command (not found on PATH).`, { exitCode: 127 }));
      } else if (error.code === 'EACCES') {
        reject(new ToolError('ProgramNotExecutable', `Cannot run "${run.command}": permission denied.`, { exitCode: 126 }));
      } else {
        reject(new ToolError('ProgramFailedToStart', `Cannot run "${run.command}": ${error.message}.`, { exitCode: 126 }));
      }
    });
    child.once('exit', (code, signal) => {
      stopForwarding();
      if (code !== null) resolve(code);
      else resolve(128 + (signal ? (os.constants.signals[signal] ?? 0) : 0));
    });
  });
}
