import { spawn } from 'node:child_process';
import type { Random } from './prng';
import { capture } from './secretScan';

/**
 * Starts `node script ...args` (a writer that prints one number per acknowledged write), waits for its first
 * acknowledgement (so it is inside its write loop), lets it run a random 0 to `maxDelayMs` more, then kills it with
 * SIGKILL. Returns the numbers it acknowledged; its stderr goes to the secret scan under `label`.
 */
export async function killWriterMidway(
  script: string,
  args: string[],
  random: Random,
  maxDelayMs: number,
  label: string,
): Promise<number[]> {
  const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!out.includes('\n') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 2));
  // A writer that cannot write within 15 s is stuck on a lock.
  if (!out.includes('\n')) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${label} acknowledged no write within 15 s (exit ${child.exitCode}): ${err.trim()}`);
  }
  await new Promise((r) => setTimeout(r, random.int(maxDelayMs)));
  child.kill('SIGKILL');
  await exited;
  capture(label, 'stderr', err);
  return out.split('\n').filter(Boolean).map(Number);
}
