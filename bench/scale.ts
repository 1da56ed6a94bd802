import * as fs from 'node:fs';
import * as path from 'node:path';
import { bucketOf } from '../src/cache/bucketFile';
import { type BenchHome, PROFILE } from './benchHome';
import { BUNDLED_BIN, expectKey, ourCommand, restoreReal } from './context';
import { type BenchCommand, measureInterleaved, median } from './measure';
import { ms, ratio, type Report } from './report';
import {
  AMPLIFY_OWN_MEMBER,
  type CacheSnapshot,
  cacheWithProjects,
  realEntry,
  restoreSnapshot,
  snapshotBytes,
  writePrivate,
} from './scaleCache';

/** Warm credentials and reset-cache of one project with 1, 1,000 and 10,000 projects in the cache. */
export function scaleSection(report: Report, bench: BenchHome, runs: number, realCache: CacheSnapshot): void {
  const realProject = fs.realpathSync(bench.project);
  const key = realEntry(realCache, realProject, PROFILE).accessKeyId;
  const cacheDir = path.dirname(bench.cacheFile);
  const realBucket = path.join('amplify-aws-roles', `projects-${bucketOf(realProject)}.json`);
  const sizes = [1, 1000, 10000];
  const layouts = new Map(sizes.map((projects) => [projects, cacheWithProjects(realCache, realProject, PROFILE, projects)]));
  // All sizes run interleaved in one table, so a busy machine slows each row alike and the ratios hold.
  let current: number | undefined;
  const use = (projects: number) => {
    const layout = layouts.get(projects)!;
    if (current !== projects) {
      restoreSnapshot(cacheDir, layout);
      // Stamp the hourly prune (as any earlier write would have): these runs measure a reset, not the sweep.
      writePrivate(path.join(cacheDir, 'amplify-aws-roles', 'last-prune'), '');
      current = projects;
    }
    // reset-cache changes only the real project's bucket (and, were it there, cache.json): put those back.
    writePrivate(path.join(cacheDir, realBucket), layout[realBucket]);
    writePrivate(bench.cacheFile, layout['cache.json']);
  };
  const commands: BenchCommand[] = [];
  for (const projects of sizes) {
    const layout = layouts.get(projects)!;
    const others = Object.keys((JSON.parse(layout[realBucket]) as { projects: object }).projects).length - 1;
    commands.push(
      ourCommand(bench, `credentials, ${projects}`, BUNDLED_BIN, ['credentials', '--profile', PROFILE], {
        before: () => use(projects),
        check: expectKey('credentials', () => key),
      }),
      ourCommand(bench, `reset-cache, ${projects}`, BUNDLED_BIN, ['reset-cache'], {
        before: () => use(projects),
        check: (r) => {
          if (!/Removed 1 cached credential entry/.test(r.stdout)) throw new Error(`reset-cache printed: ${r.stdout.trim()}`);
          const bucket = path.join(cacheDir, realBucket);
          const left: Record<string, unknown> = fs.existsSync(bucket)
            ? (JSON.parse(fs.readFileSync(bucket, 'utf8')) as { projects: Record<string, unknown> }).projects
            : {};
          if (left[realProject] || Object.keys(left).length !== others)
            throw new Error(`reset-cache left ${Object.keys(left).length} projects in the bucket, expected ${others}`);
          if (fs.readFileSync(bench.cacheFile, 'utf8') !== layout['cache.json'] || !layout['cache.json'].includes(AMPLIFY_OWN_MEMBER))
            throw new Error('reset-cache changed cache.json');
        },
      }),
    );
  }
  const samples = measureInterleaved(commands, runs, 1);
  const results = sizes.map((projects) => ({
    projects,
    credentials: median(samples.get(`credentials, ${projects}`)!),
    reset: median(samples.get(`reset-cache, ${projects}`)!),
  }));
  const rows = results.map(({ projects, credentials, reset }) => {
    const layout = layouts.get(projects)!;
    const bucketKiB = Buffer.byteLength(layout[realBucket]) / 1024;
    return [
      projects.toLocaleString('en-US'),
      `${(snapshotBytes(layout) / 1024).toFixed(0)} KiB`,
      `${bucketKiB.toFixed(0)} KiB`,
      ms(credentials),
      ratio(credentials / results[0].credentials),
      ms(reset),
      ratio(reset / results[0].reset),
    ];
  });
  restoreReal(bench, realCache);
  report.line(`## Scale: projects in the cache (${runs} runs each, all sizes interleaved)`);
  report.line();
  report.table(
    ['projects', 'all cache files', "the project's bucket", 'credentials ms', 'vs 1 project', 'reset-cache ms', 'vs 1 project'],
    rows,
  );
  const last = results[results.length - 1];
  const lastRatio = { credentials: last.credentials / results[0].credentials, reset: last.reset / results[0].reset };
  const met = lastRatio.credentials <= 1.5 && lastRatio.reset <= 1.5;
  report.line(
    `- ${last.projects.toLocaleString('en-US')} projects vs 1: credentials ${ratio(lastRatio.credentials)}, reset-cache ${ratio(lastRatio.reset)} (target ≤ 1.50x: ${met ? 'met' : 'NOT met'}). Project entries live in 256 bucket files (amplify-aws-roles/projects-<xx>.json, by a hash of the project root): both commands read cache.json (the root: its generation) and one bucket, about 1/256 of the projects; reset-cache rewrites that bucket and leaves cache.json alone.`,
  );
  report.line();
}
