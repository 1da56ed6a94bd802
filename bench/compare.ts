/**
 * `npm run bench -- --compare DIR`: this build beside another one (DIR: a checkout of amplify-aws-roles with
 * `npm ci` and `npm run build` done, e.g. a worktree of main before a change), in interleaved tables: warm
 * `credentials` against a bare `node -e ''`, and `credentials` and `reset-cache` with 1 and with 10,000 projects
 * cached. Each build has a HOME of its own and fills its cache itself, in its own layout (its own
 * dist/bench/scaleCache.js makes its 10,000 projects), so neither reads files the other wrote. The builds swap
 * places in every other table; the medians over the tables are the claim, with the load average beside each table.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MotoServer } from '../scripts/lib/moto';
import { type BenchHome, makeBenchHome, MFA_CODE, PROFILE } from './benchHome';
import { BUNDLED_BIN, expectKey, GUARD, keyOf, NODE } from './context';
import { type BenchCommand, measureInterleaved, median, runOnce } from './measure';
import { ms, ratio, type Report } from './report';
import { type CacheSnapshot, restoreSnapshot, snapshotCache, writePrivate } from './scaleCache';

type ScaleCache = Pick<typeof import('./scaleCache'), 'cacheWithProjects'>;

interface Build {
  name: string;
  bin: string;
  scaleCache: ScaleCache;
}

const SIZES = [1, 10_000];

/** This build, and the one in `otherRoot` (its bundled bin and its bench's cache generator). */
export function buildsToCompare(otherRoot: string): Build[] {
  const root = path.resolve(otherRoot);
  const bin = path.join(root, 'dist', 'amplify-aws-roles.js');
  const generator = path.join(root, 'dist', 'bench', 'scaleCache.js');
  for (const file of [bin, generator])
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm ci" and "npm run build" in ${root} first`);
  return [
    { name: 'this build', bin: BUNDLED_BIN, scaleCache: require('./scaleCache') as ScaleCache },
    { name: `${path.basename(root)}`, bin, scaleCache: require(generator) as ScaleCache },
  ];
}

/** One build's HOME, its real entry (stored by a first resolve) and its cache with 1 and 10,000 projects. */
interface Prepared {
  build: Build;
  bench: BenchHome;
  key: string;
  layouts: Map<number, CacheSnapshot>;
  realBucket: string;
  current?: number;
}

function prepare(build: Build, moto: MotoServer): Prepared {
  const bench = makeBenchHome(moto.url);
  const first = runOnce({
    label: `${build.name}: first resolve`,
    file: NODE,
    args: ['-r', GUARD, build.bin, 'credentials', '--profile', PROFILE, '--mfa-code', MFA_CODE],
    env: bench.env,
    cwd: bench.project,
  });
  const key = keyOf(first.result.stdout);
  const realProject = fs.realpathSync(bench.project);
  const real = snapshotCache(path.dirname(bench.cacheFile));
  const layouts = new Map(SIZES.map((n) => [n, build.scaleCache.cacheWithProjects(real, realProject, PROFILE, n)]));
  const largest = layouts.get(SIZES[SIZES.length - 1])!;
  const realBucket = Object.keys(largest).find(
    (name) =>
      name.includes('projects-') && ((JSON.parse(largest[name]) as { projects?: Record<string, unknown> }).projects ?? {})[realProject],
  );
  if (!realBucket) throw new Error(`${build.name}: its cache has no bucket holding the benchmark project`);
  return { build, bench, key, layouts, realBucket };
}

/** Puts the build's cache in the layout with `projects` projects; what reset-cache changes is put back every run. */
function use(p: Prepared, projects: number): void {
  const layout = p.layouts.get(projects)!;
  const cacheDir = path.dirname(p.bench.cacheFile);
  if (p.current !== projects) {
    restoreSnapshot(cacheDir, layout);
    // Stamp the hourly prune, as any earlier write would have: these runs measure a lookup and a reset, not a sweep.
    writePrivate(path.join(cacheDir, 'amplify-aws-roles', 'last-prune'), '');
    p.current = projects;
  }
  writePrivate(path.join(cacheDir, p.realBucket), layout[p.realBucket]);
  if (layout['cache.json'] !== undefined) writePrivate(p.bench.cacheFile, layout['cache.json']);
  else fs.rmSync(p.bench.cacheFile, { force: true });
}

function commandsOf(p: Prepared): BenchCommand[] {
  const commands: BenchCommand[] = [];
  for (const projects of SIZES) {
    const base = { file: NODE, env: p.bench.env, cwd: p.bench.project, before: () => use(p, projects) };
    commands.push(
      {
        ...base,
        label: `${p.build.name}: credentials, ${projects}`,
        args: [p.build.bin, 'credentials', '--profile', PROFILE],
        check: expectKey(p.build.name, () => p.key),
      },
      {
        ...base,
        label: `${p.build.name}: reset-cache, ${projects}`,
        args: [p.build.bin, 'reset-cache'],
        check: (r) => {
          if (!/Removed 1 cached credential entry/.test(r.stdout))
            throw new Error(`${p.build.name}: reset-cache printed ${r.stdout.trim()}`);
        },
      },
    );
  }
  return commands;
}

interface TableResult {
  load: [number, number];
  bare: number;
  /** Per build: warm credentials (1 project) / bare node, and 10,000 projects / 1 for credentials and reset-cache. */
  builds: Array<{ warm: number; credentials: number; credentialsRatio: number; resetRatio: number }>;
}

export function compareSection(report: Report, moto: MotoServer, runs: number, tables: number, otherRoot: string): void {
  const prepared = buildsToCompare(otherRoot).map((build) => prepare(build, moto));
  const bare: BenchCommand = {
    label: "node -e ''",
    file: NODE,
    args: ['-e', ''],
    env: prepared[0].bench.env,
    cwd: prepared[0].bench.project,
  };
  const results: TableResult[] = [];
  try {
    for (let t = 0; t < tables; t++) {
      const order = t % 2 === 0 ? prepared : [...prepared].reverse();
      const before = os.loadavg()[0];
      const samples = measureInterleaved([bare, ...order.flatMap(commandsOf)], runs);
      const medianOf = (label: string) => median(samples.get(label)!);
      const bareMs = medianOf(bare.label);
      results.push({
        load: [before, os.loadavg()[0]],
        bare: bareMs,
        builds: prepared.map(({ build }) => {
          const at = (what: string, n: number) => medianOf(`${build.name}: ${what}, ${n}`);
          const [one, many] = [SIZES[0], SIZES[SIZES.length - 1]];
          return {
            warm: at('credentials', one) / bareMs,
            credentials: at('credentials', one),
            credentialsRatio: at('credentials', many) / at('credentials', one),
            resetRatio: at('reset-cache', many) / at('reset-cache', one),
          };
        }),
      });
    }
  } finally {
    for (const p of prepared) p.bench.cleanup();
  }
  const names = prepared.map((p) => p.build.name);
  report.line(
    `## Two builds side by side: ${names.join(' vs ')} (${tables} tables of ${runs} runs each, interleaved; the builds swap places in every other table)`,
  );
  report.line();
  report.table(
    [
      'table',
      'load average (1 min) before–after',
      'bare node ms',
      ...names.flatMap((n) => [`${n}: warm vs bare`, `${n}: credentials 10,000 vs 1`, `${n}: reset-cache 10,000 vs 1`]),
      `${names[0]} warm / ${names[1]} warm`,
    ],
    results.map((r, i) => [
      String(i + 1),
      `${r.load[0].toFixed(1)}–${r.load[1].toFixed(1)}`,
      ms(r.bare),
      ...r.builds.flatMap((b) => [ratio(b.warm), ratio(b.credentialsRatio), ratio(b.resetRatio)]),
      ratio(r.builds[0].credentials / r.builds[1].credentials),
    ]),
  );
  const med = (pick: (r: TableResult) => number) => median(results.map(pick));
  for (const [i, name] of names.entries()) {
    report.line(
      `- ${name}: warm credentials ${ratio(med((r) => r.builds[i].warm))} of bare node; 10,000 projects vs 1: credentials ${ratio(med((r) => r.builds[i].credentialsRatio))}, reset-cache ${ratio(med((r) => r.builds[i].resetRatio))} (medians over the tables)`,
    );
  }
  report.line(
    `- ${names[0]}'s warm credentials took ${ratio(med((r) => r.builds[0].credentials / r.builds[1].credentials))} of ${names[1]}'s (median over the tables)`,
  );
  report.line();
}
