import { spawnSync, type SpawnSyncReturns } from 'node:child_process';

/** One command the benchmark runs as a whole process, the way a user's shell or the Amplify CLI would. */
export interface BenchCommand {
  label: string;
  file: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  input?: string;
  /** Untimed preparation before each run (e.g. restore a cache file). */
  before?: () => void;
  /** Throws when the run did not do what it is measured for (wrong output, a cache miss). */
  check?: (result: SpawnSyncReturns<string>) => void;
}

export function runOnce(command: BenchCommand): { ms: number; result: SpawnSyncReturns<string> } {
  command.before?.();
  const started = process.hrtime.bigint();
  const result = spawnSync(command.file, command.args, {
    env: command.env,
    cwd: command.cwd,
    input: command.input ?? '',
    encoding: 'utf8',
    // A new session without a controlling terminal: nothing can prompt on /dev/tty.
    detached: true,
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  } as Parameters<typeof spawnSync>[2] & { detached: boolean });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.error) throw new Error(`${command.label}: ${result.error.message}`);
  if (result.status !== 0)
    throw new Error(
      `${command.label} exited with ${result.status ?? result.signal}: ${String(result.stderr).trim().split('\n').slice(-3).join(' | ')}`,
    );
  command.check?.(result as SpawnSyncReturns<string>);
  return { ms, result: result as SpawnSyncReturns<string> };
}

/**
 * Runs the commands in rounds (a, b, c, a, b, c, ...) so that a noisy neighbour slows all of them alike:
 * the ratios between commands of one call are the claim, not the absolute times.
 */
export function measureInterleaved(commands: BenchCommand[], runs: number, warmup = 2): Map<string, number[]> {
  const samples = new Map(commands.map((c) => [c.label, [] as number[]]));
  for (let round = 0; round < warmup + runs; round++) {
    for (const command of commands) {
      const { ms } = runOnce(command);
      if (round >= warmup) samples.get(command.label)!.push(ms);
    }
  }
  return samples;
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

export const median = (values: number[]): number => quantile(values, 0.5);
