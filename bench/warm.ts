import type { MotoServer } from '../scripts/lib/moto';
import { awsCliEnv, AWS_CLI_V2, seedAwsCliCache } from './awsCli';
import { type BenchHome, clearOurCache, MFA_CODE, PROFILE } from './benchHome';
import { BUNDLED_BIN, expectKey, guardedCommand, keyOf, NODE, ourCommand, recordModules, row, stsCalls, UNBUNDLED_BIN } from './context';
import { type BenchCommand, measureInterleaved, median, runOnce } from './measure';
import { ms, ratio, type Report, verdict } from './report';

export interface AwsClis {
  v1: string[];
  v2Version: string;
}

/** Warm cache: our credentials vs bare Node and the AWS CLI v2 reading its own cache. */
export async function warmSection(
  report: Report,
  bench: BenchHome,
  moto: MotoServer,
  runs: number,
  clis: AwsClis | undefined,
): Promise<void> {
  clearOurCache(bench);
  const first = runOnce(guardedCommand(bench, 'first resolve', ['credentials', '--profile', PROFILE, '--mfa-code', MFA_CODE]));
  const ourKey = keyOf(first.result.stdout);
  const awsEnv = awsCliEnv(bench.home, moto.url);
  const awsKey = clis ? seedAwsCliCache(clis.v1, PROFILE, awsEnv, MFA_CODE) : '';
  const seeded = await stsCalls(moto, 'AssumeRole');
  if (seeded !== (clis ? 2 : 1)) throw new Error(`expected ${clis ? 2 : 1} AssumeRole calls to fill the caches, moto saw ${seeded}`);
  await moto.resetRecording();

  // The floor: Node plus the built-in modules our warm path loads, writing to fd 1 as we do.
  const builtins = recordModules(bench, [BUNDLED_BIN, 'credentials', '--profile', PROFILE]).builtins;
  const floor = `for (const m of ${JSON.stringify(builtins)}) require(m); require('node:fs').writeSync(1, '{}\\n');`;
  const credentialsArgs = ['credentials', '--profile', PROFILE];
  const commands: BenchCommand[] = [
    { label: "node -e ''", file: NODE, args: ['-e', ''], env: bench.env, cwd: bench.project },
    { label: 'node + the built-ins of our warm path + a write', file: NODE, args: ['-e', floor], env: bench.env, cwd: bench.project },
    ourCommand(bench, 'amplify-aws-roles credentials (bundled bin)', BUNDLED_BIN, credentialsArgs, {
      check: expectKey('amplify-aws-roles', () => ourKey),
    }),
    ourCommand(bench, 'node dist/src/bin/bin.js credentials (unbundled)', UNBUNDLED_BIN, credentialsArgs, {
      check: expectKey('dist/src/bin/bin.js', () => ourKey),
    }),
  ];
  if (clis) {
    commands.push({
      label: 'aws configure export-credentials (v2)',
      file: AWS_CLI_V2,
      args: ['configure', 'export-credentials', '--profile', PROFILE, '--format', 'process'],
      env: awsEnv,
      cwd: bench.project,
      check: expectKey('AWS CLI v2', () => awsKey),
    });
  }
  const samples = measureInterleaved(commands, runs);
  const during = await stsCalls(moto);
  if (during !== 0) throw new Error(`the warm runs made ${during} requests to STS: not all were cache hits`);

  const medianOf = (label: string) => median(samples.get(label)!);
  const bare = medianOf(commands[0].label);
  const bundled = medianOf(commands[2].label);
  const unbundled = medianOf(commands[3].label);
  const aws = clis ? medianOf(commands[4].label) : NaN;
  report.line(`## Warm cache: credentials from each tool's own cache (${runs} runs each, interleaved)`);
  report.line();
  if (clis) report.line(`AWS CLI: ${clis.v2Version}; its cache was filled by AWS CLI v1 (${clis.v1.join(' ')}) from the local STS server.`);
  else report.line('AWS CLI v2 is not available here (see the message above): the AWS CLI column is not measured.');
  report.line(`Every run printed the cached access key id; the STS server received ${during} requests during these runs.`);
  report.line();
  report.table(
    ['command', 'median ms', 'p10–p90 ms', 'vs bare node', 'vs AWS CLI v2'],
    commands.map((c) => row(c.label, samples.get(c.label)!, ratio(medianOf(c.label) / bare), clis ? ratio(medianOf(c.label) / aws) : '-')),
  );
  const floorCost = medianOf(commands[1].label) - bare;
  report.line(
    `- bundled bin vs bare node: ${ratio(bundled / bare)} (target ≤ 1.30x: ${verdict(bundled / bare <= 1.3)}); our work above Node's own start: ${ms(bundled - bare)} ms, of which loading the built-ins ${builtins.join(', ')} and writing to fd 1 ${floorCost > 0 ? `is ${ms(floorCost)} ms` : 'is not measurable (that row is within noise of bare node)'}`,
  );
  if (clis) report.line(`- bundled bin vs AWS CLI v2: ${ratio(bundled / aws)} (target ≤ 0.15x: ${verdict(bundled / aws <= 0.15)})`);
  report.line(
    `- for contrast, the unbundled dist/src/bin/bin.js (what \`node dist/src/bin/bin.js\` costs without the bundle and its code cache; not what the bin installs): ${ratio(unbundled / bare)} of bare node${clis ? `, ${ratio(unbundled / aws)} of AWS CLI v2` : ''}`,
  );
  report.line();
}
