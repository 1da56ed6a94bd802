import * as fs from 'node:fs';
import * as path from 'node:path';
import { type BenchHome, clearOurCache, MFA_CODE, PROFILE } from './benchHome';
import { BUNDLED_BIN, DIST, FORBIDDEN_ON_WARM_PATH, GUARD, NODE, PLUGIN_ENTRY, recordModules, shortName, UNBUNDLED_BIN } from './context';
import { median, quantile, runOnce } from './measure';
import { ms, type Report, verdict } from './report';

/** What the warm path loads (no SDK, no Amplify), and what requiring the plugin entry costs. */
export function moduleSection(report: Report, bench: BenchHome, runs: number): void {
  report.line('## Module load');
  report.line();
  const rows: string[][] = [];
  let forbiddenSeen = false;
  for (const [label, bin] of [
    ['bundled bin', BUNDLED_BIN],
    ['unbundled dist/src/bin/bin.js', UNBUNDLED_BIN],
  ] as const) {
    const list = recordModules(bench, [bin, 'credentials', '--profile', PROFILE]);
    const forbidden = list.files.filter((f) => FORBIDDEN_ON_WARM_PATH.test(f));
    forbiddenSeen ||= forbidden.length > 0;
    rows.push([`${label}, warm credentials`, String(list.files.length), forbidden.length ? forbidden.map(shortName).join(', ') : 'none']);
    report.line(
      `- ${label}, warm \`credentials\`: files ${list.files.map(shortName).join(', ')}; built-ins ${list.builtins.join(', ')}; Node modules loaded beyond Node's start and the hook's own (module, vm): ${list.internals.length ? list.internals.join(', ') : 'none'}`,
    );
  }
  clearOurCache(bench);
  const cold = recordModules(bench, ['-r', GUARD, BUNDLED_BIN, 'credentials', '--profile', PROFILE, '--mfa-code', MFA_CODE]);
  const sdkFiles = cold.files.filter((f) => FORBIDDEN_ON_WARM_PATH.test(f));
  rows.push(['bundled bin, cold credentials (for contrast)', String(cold.files.length), `${sdkFiles.length} SDK files (expected here)`]);
  report.line();

  if (fs.existsSync(PLUGIN_ENTRY)) {
    const list = recordModules(bench, ['-e', `require(${JSON.stringify(PLUGIN_ENTRY)})`]);
    const forbidden = list.files.filter((f) => FORBIDDEN_ON_WARM_PATH.test(f));
    forbiddenSeen ||= forbidden.length > 0;
    rows.push(['require(plugin entry)', String(list.files.length), forbidden.length ? forbidden.map(shortName).join(', ') : 'none']);
    const timer = `const t=process.hrtime.bigint();require(${JSON.stringify(PLUGIN_ENTRY)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
    const times: number[] = [];
    for (let i = 0; i < runs; i++)
      times.push(
        Number(
          runOnce({ label: 'require(plugin entry)', file: NODE, args: ['-e', timer], env: bench.env, cwd: bench.project }).result.stdout,
        ),
      );
    report.line(
      `- require(${path.relative(path.dirname(DIST), PLUGIN_ENTRY)}) in a fresh process: median ${ms(median(times))} ms (p10–p90 ${ms(quantile(times, 0.1))}–${ms(quantile(times, 0.9))}) over ${runs} processes`,
    );
  } else {
    rows.push(['require(plugin entry)', '-', `${path.relative(path.dirname(DIST), PLUGIN_ENTRY)} is not built yet`]);
    report.line(`- plugin entry ${path.relative(path.dirname(DIST), PLUGIN_ENTRY)}: not built yet (no src/plugin/index.ts), not measured`);
  }
  report.line();
  report.table(['process', 'files loaded', '@aws-sdk / @smithy / Amplify / enquirer files'], rows);
  report.line(`- no SDK, Amplify or prompt module on the warm path: ${verdict(!forbiddenSeen)}`);
  report.line();
}
