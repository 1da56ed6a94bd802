import * as fs from 'node:fs';
import { type BenchHome, PROFILE } from './benchHome';
import { BUNDLED_BIN, expectKey, ourCommand, restoreReal } from './context';
import { type BenchCommand, measureInterleaved, median } from './measure';
import { ms, ratio, type Report } from './report';
import { cacheWithProjects, writePrivate } from './scaleCache';

/** Warm credentials and reset-cache with 1, 1,000 and 10,000 projects in the cache file. */
export function scaleSection(report: Report, bench: BenchHome, runs: number, realCache: string): void {
  const realProject = fs.realpathSync(bench.project);
  const key = (JSON.parse(realCache)['amplify-aws-roles'].projects[realProject][PROFILE] as { accessKeyId: string }).accessKeyId;
  const rows: string[][] = [];
  const base: number[] = [];
  const results: Array<{ projects: number; credentials: number; reset: number }> = [];
  for (const projects of [1, 1000, 10000]) {
    const text = cacheWithProjects(realCache, realProject, projects);
    const restore = () => writePrivate(bench.cacheFile, text);
    const commands: BenchCommand[] = [
      ourCommand(bench, `credentials, ${projects}`, BUNDLED_BIN, ['credentials', '--profile', PROFILE], { before: restore, check: expectKey('credentials', () => key) }),
      ourCommand(bench, `reset-cache, ${projects}`, BUNDLED_BIN, ['reset-cache'], {
        before: restore,
        check: (r) => {
          if (!/Removed 1 cached credential entry/.test(r.stdout)) throw new Error(`reset-cache printed: ${r.stdout.trim()}`);
          const after = JSON.parse(fs.readFileSync(bench.cacheFile, 'utf8'));
          const left = Object.keys(after['amplify-aws-roles'].projects).length;
          if (left !== projects - 1 || !after['arn:aws:iam::123456789012:role/amplify-cli-own-provider']) throw new Error(`reset-cache left ${left} of ${projects - 1} projects or lost the foreign member`);
        },
      }),
    ];
    const samples = measureInterleaved(commands, runs, 1);
    const credentials = median(samples.get(commands[0].label)!);
    const reset = median(samples.get(commands[1].label)!);
    if (!base.length) base.push(credentials, reset);
    results.push({ projects, credentials, reset });
    rows.push([projects.toLocaleString('en-US'), `${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`, ms(credentials), ratio(credentials / base[0]), ms(reset), ratio(reset / base[1])]);
  }
  restoreReal(bench, realCache);
  report.line(`## Scale: projects in the cache file (${runs} runs each)`);
  report.line();
  report.table(['projects', 'cache file', 'credentials ms', 'vs 1 project', 'reset-cache ms', 'vs 1 project'], rows);
  const last = results[results.length - 1];
  const perThousand = (a: number, b: number) => ms(((b - a) / (last.projects - 1)) * 1000);
  report.line(`- growth from 1 to ${last.projects.toLocaleString('en-US')} projects: credentials +${perThousand(results[0].credentials, last.credentials)} ms per 1,000 projects, reset-cache +${perThousand(results[0].reset, last.reset)} ms per 1,000 projects (both read the whole file; reset-cache also rewrites it).`);
  report.line();
}

