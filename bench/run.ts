/**
 * `npm run bench`: whole-process timings of amplify-aws-roles against the AWS CLI v2, bare Node and the AWS SDK's
 * fromIni, against a local STS server (moto on 127.0.0.1). Prints markdown tables; `--out FILE` also writes them
 * (bench/RESULTS.md holds one recorded run). Options: --runs N (default 15), --out FILE.
 *
 * `npm run bench -- --compare DIR [--tables N]` runs only the side-by-side comparison of this build with the one in
 * DIR (a checkout with `npm ci` and `npm run build` done), N interleaved tables (default 4): see compare.ts. It
 * needs no AWS CLI.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startMoto, findMotoPython } from '../scripts/lib/moto';
import { ensureAwsCliV2, findAwsCliV1 } from './awsCli';
import { makeBenchHome } from './benchHome';
import { coldSection } from './cold';
import { compareSection } from './compare';
import { concurrencySection } from './concurrency';
import { BUNDLED_BIN, GUARD, RECORDER, restoreReal, SDK_FROM_INI, UNBUNDLED_BIN } from './context';
import { moduleSection } from './modules';
import { Report } from './report';
import { scaleSection } from './scale';
import { snapshotCache } from './scaleCache';
import { type AwsClis, warmSection } from './warm';

function machine(): string {
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  return `${os.cpus().length} logical CPUs (nproc), ${cpu}; Node ${process.version}; ${os.type()} ${os.release()} ${os.arch()}`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '15' },
      out: { type: 'string' },
      compare: { type: 'string' },
      tables: { type: 'string', default: '4' },
    },
  });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 3) throw new Error('--runs must be a whole number of at least 3');
  for (const file of [BUNDLED_BIN, UNBUNDLED_BIN, SDK_FROM_INI, GUARD, RECORDER]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm run bench does)`);
  }
  const started = Date.now();
  const report = new Report();
  if (values.compare !== undefined) {
    const tables = Number(values.tables);
    if (!Number.isInteger(tables) || tables < 1) throw new Error('--tables must be a whole number of at least 1');
    const moto = await startMoto();
    try {
      report.line(`# amplify-aws-roles: two builds compared`);
      report.line();
      report.line(`- date: ${new Date().toISOString()}`);
      report.line(`- machine: ${machine()}`);
      report.line(`- reproduce: \`npm run bench -- --compare ${values.compare} --tables ${tables} --runs ${runs}\``);
      report.line(
        `- method: whole-process wall time, medians of ${runs} runs after 2 warm-up runs, all commands of a table interleaved; STS is moto on ${moto.url} (one AssumeRole per build, to fill its cache).`,
      );
      report.line();
      compareSection(report, moto, runs, tables, values.compare);
      report.line(`Whole comparison: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
    } finally {
      await moto.stop();
    }
    if (values.out) fs.writeFileSync(values.out, report.text());
    return;
  }
  let v2Version: string | undefined;
  try {
    v2Version = ensureAwsCliV2((line) => process.stderr.write(`${line}\n`));
  } catch (error) {
    process.stderr.write(`AWS CLI v2 unavailable, its comparison is skipped: ${(error as Error).message}\n`);
  }
  const python = findMotoPython();
  const moto = await startMoto();
  const bench = makeBenchHome(moto.url);
  try {
    let clis: AwsClis | undefined;
    if (v2Version) {
      try {
        clis = { v1: findAwsCliV1(python, bench.env).command, v2Version };
      } catch (error) {
        process.stderr.write(`${(error as Error).message}; the AWS CLI comparison is skipped\n`);
      }
    }
    report.line(`# amplify-aws-roles benchmark`);
    report.line();
    report.line(`- date: ${new Date().toISOString()}`);
    report.line(`- machine: ${machine()}`);
    report.line('- reproduce: `npm run bench` (`npm run bench -- --out bench/RESULTS.md` records the run)');
    report.line(
      `- method: whole-process wall time (spawn to exit) of each command, medians over ${runs} runs after warm-up runs; commands compared in one table run interleaved, so ratios are the claim, not absolute times. STS is moto on ${moto.url}.`,
    );
    report.line();
    await warmSection(report, bench, moto, runs, clis);
    const realCache = snapshotCache(path.dirname(bench.cacheFile));
    const singleCold = await coldSection(report, bench, moto, Math.max(3, Math.round(runs * 0.6)));
    restoreReal(bench, realCache);
    moduleSection(report, bench, runs);
    restoreReal(bench, realCache);
    scaleSection(report, bench, runs, realCache);
    await concurrencySection(report, bench, moto, singleCold);
    report.line(`Whole benchmark: ${((Date.now() - started) / 1000).toFixed(0)} s.`);
  } finally {
    await moto.stop();
    bench.cleanup();
  }
  if (values.out) {
    fs.writeFileSync(values.out, `${report.text()}`);
    process.stderr.write(`written to ${values.out}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
