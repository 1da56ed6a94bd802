import type { MotoServer } from '../scripts/lib/moto';
import { type BenchHome, clearOurCache, MFA_CODE, PROFILE } from './benchHome';
import { GUARD, guardedCommand, keyOf, NODE, row, SDK_FROM_INI, stsCalls } from './context';
import { type BenchCommand, measureInterleaved, median } from './measure';
import { ratio, type Report } from './report';

/** Cold: one AssumeRole with MFA, ours vs the SDK's fromIni; returns our median. */
export async function coldSection(report: Report, bench: BenchHome, moto: MotoServer, runs: number): Promise<number> {
  await moto.resetRecording();
  const commands: BenchCommand[] = [
    guardedCommand(bench, 'amplify-aws-roles credentials, empty cache', ['credentials', '--profile', PROFILE, '--mfa-code', MFA_CODE], {
      before: () => clearOurCache(bench),
      check: (r) => void keyOf(r.stdout),
    }),
    {
      label: 'SDK fromIni({profile, mfaCodeProvider})',
      file: NODE,
      args: ['-r', GUARD, SDK_FROM_INI, PROFILE],
      env: bench.env,
      cwd: bench.project,
      check: (r) => void keyOf(r.stdout),
    },
  ];
  const warmup = 1;
  const samples = measureInterleaved(commands, runs, warmup);
  const assumed = await stsCalls(moto, 'AssumeRole');
  const expected = (runs + warmup) * commands.length;
  const [ours, sdk] = commands.map((c) => median(samples.get(c.label)!));
  report.line(`## Cold: no cached credentials, one AssumeRole with MFA at the local STS server (${runs} runs each)`);
  report.line();
  report.table(
    ['command', 'median ms', 'p10–p90 ms', 'vs SDK fromIni'],
    commands.map((c) => row(c.label, samples.get(c.label)!, ratio(median(samples.get(c.label)!) / sdk))),
  );
  report.line(
    `- AssumeRole calls at the server: ${assumed} for ${expected} processes (${assumed === expected ? 'one each, as expected' : 'UNEXPECTED'}).`,
  );
  report.line(
    `- fromIni never caches: every process of a deployment would assume the role again and ask for a new MFA code; ours does this once per project and profile.`,
  );
  report.line();
  return ours;
}
