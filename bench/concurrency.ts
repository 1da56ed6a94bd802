import { spawn } from 'node:child_process';
import type { MotoServer } from '../scripts/lib/moto';
import { type BenchHome, clearOurCache, MFA_CODE, PROFILE } from './benchHome';
import { BUNDLED_BIN, GUARD, keyOf, NODE, stsCalls } from './context';
import { ms, ratio, type Report, verdict } from './report';

interface ProcessOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

function spawnOne(bench: BenchHome, args: string[]): Promise<ProcessOutcome> {
  return new Promise((resolve) => {
    const child = spawn(NODE, args, { env: bench.env, cwd: bench.project, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** 16 processes resolving the same cold project at once: wall time and AssumeRole calls (target 1). */
export async function concurrencySection(report: Report, bench: BenchHome, moto: MotoServer, singleCold: number): Promise<void> {
  const processes = 16;
  const rounds = 3;
  const rows: string[][] = [];
  let allOne = true;
  for (let round = 1; round <= rounds; round++) {
    clearOurCache(bench);
    await moto.resetRecording();
    const started = process.hrtime.bigint();
    const outcomes = await Promise.all(
      Array.from({ length: processes }, () =>
        spawnOne(bench, ['-r', GUARD, BUNDLED_BIN, 'credentials', '--profile', PROFILE, '--mfa-code', MFA_CODE]),
      ),
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e6;
    const assumed = await stsCalls(moto, 'AssumeRole');
    const failures = outcomes.filter((o) => o.code !== 0);
    const keys = new Set(outcomes.filter((o) => o.code === 0).map((o) => keyOf(o.stdout)));
    allOne &&= assumed === 1 && failures.length === 0 && keys.size === 1;
    rows.push([
      String(round),
      ms(wall),
      ratio(wall / singleCold),
      String(assumed),
      String(keys.size),
      failures.length ? `${failures.length}: ${failures[0].stderr.trim().split('\n')[0]}` : '0',
    ]);
  }
  report.line(`## Concurrency: ${processes} processes resolving the same cold project at once`);
  report.line();
  report.table(
    ['round', 'wall ms (all done)', 'vs one cold process', 'AssumeRole calls', 'distinct keys printed', 'failed processes'],
    rows,
  );
  report.line(`- one AssumeRole per round, every process printing the same credentials (target: 1 call): ${verdict(allOne)}`);
  report.line();
}
