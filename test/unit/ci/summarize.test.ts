import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// .ci/run's last line comes from .ci/summarize.js. Its input here is real: jest itself runs small suites (one that
// cannot load, one whose afterAll throws after its test passed, one with a failed and a skipped test, one that
// passes) and writes its --json results, which jest's own "Tests:" line would report as 1 failed.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const JEST = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
const SUMMARIZE = path.join(ROOT, '.ci', 'summarize.js');

const suites: Record<string, string> = {
  'load.test.js': "throw new Error('cannot load this suite');\n",
  'teardown.test.js': "afterAll(() => { throw new Error('teardown broke'); });\ntest('passes', () => {});\n",
  'mixed.test.js': "test('passes', () => {});\ntest('fails', () => { expect(1).toBe(2); });\ntest.skip('skipped', () => {});\n",
  'pass.test.js': "test('passes', () => {});\n",
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-summarize-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs jest on the named fixture suites in a folder of their own; returns the path of its --json result file. */
function jestResults(name: string, files: string[]): string {
  const project = path.join(dir, name);
  fs.mkdirSync(project);
  for (const file of files) fs.writeFileSync(path.join(project, file), suites[file]);
  const out = path.join(dir, `${name}.json`);
  spawnSync(process.execPath, [JEST, '--config', '{}', '--rootDir', project, '--ci', '--json', '--outputFile', out], {
    cwd: project,
    encoding: 'utf8',
    timeout: 60000,
  });
  expect(fs.existsSync(out)).toBe(true);
  return out;
}

function summarize(...files: string[]) {
  const run = spawnSync(process.execPath, [SUMMARIZE, ...files], { cwd: dir, encoding: 'utf8' });
  const lines = run.stdout.trim().split('\n');
  return { code: run.status, last: lines[lines.length - 1], lines, stderr: run.stderr };
}

test('suites that fail outside any test count as failures, beside failed tests, and are named', () => {
  const results = jestResults('broken', Object.keys(suites));
  const run = summarize(results);
  expect(run.last).toBe('3 passed, 3 failed (1 test, 2 suites that failed outside any test), 1 skipped');
  expect(run.lines).toContain('suite failed outside any test: broken/load.test.js: cannot load this suite');
  expect(run.lines).toContain('suite failed outside any test: broken/teardown.test.js: teardown broke');
  expect(run.code).toBe(1);
});

test('a run where everything passes ends "N passed, 0 failed" and exits 0; a missing result file is a failure', () => {
  const results = jestResults('green', ['pass.test.js']);
  const green = summarize(results);
  expect(green.lines).toEqual(['1 passed, 0 failed']);
  expect(green.code).toBe(0);

  const missing = summarize(results, path.join(dir, 'never-written.json'));
  expect(missing.last).toBe('1 passed, 1 failed (0 tests, 1 missing result file)');
  expect(missing.stderr).toContain('never-written.json');
  expect(missing.code).toBe(1);
});
