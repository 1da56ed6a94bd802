#!/usr/bin/env node
// Reads jest --json result files and prints, last, one line from the real results:
//   "N passed, N failed[ (N tests, N suites that failed outside any test)][, N skipped]"
// "failed" counts failed tests plus every suite that failed without a failed test of its own (it did not load, or
// a beforeAll/afterAll threw): jest's own "Tests:" line shows none of those. The failing suites are listed first.
// Exits non-zero when anything failed, nothing passed, or a result file is missing.
const fs = require('node:fs');
const path = require('node:path');

/** Sums jest --json results; `outside` lists suites that failed without a failed test (with the first line of why). */
function summarize(results) {
  const total = { passed: 0, failed: 0, skipped: 0, outside: [] };
  for (const result of results) {
    total.passed += result.numPassedTests;
    total.failed += result.numFailedTests;
    total.skipped += result.numPendingTests + (result.numTodoTests || 0);
    for (const suite of result.testResults) {
      if (suite.status === 'failed' && !suite.assertionResults.some((test) => test.status === 'failed')) {
        total.failed++;
        total.outside.push({ file: suite.name, reason: firstLine(suite.message) });
      }
    }
  }
  return total;
}

/** The last line. `missing` result files (a test command that never finished) count as failures too. */
function summaryLine(total, missing = 0) {
  const suites = total.outside.length;
  const tests = total.failed - suites;
  const failed = total.failed + missing;
  const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;
  const why =
    suites || missing
      ? ` (${[plural(tests, 'test', 'tests'), suites && plural(suites, 'suite that failed outside any test', 'suites that failed outside any test'), missing && plural(missing, 'missing result file', 'missing result files')].filter(Boolean).join(', ')})`
      : '';
  const skipped = total.skipped ? `, ${total.skipped} skipped` : '';
  return `${total.passed} passed, ${failed} failed${why}${skipped}`;
}

function firstLine(message) {
  const lines = String(message || '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('●'));
  return lines[0] || 'no message';
}

function main(files) {
  const results = [];
  let missing = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.error(`missing jest result file: ${file}`);
      missing++;
      continue;
    }
    results.push(JSON.parse(fs.readFileSync(file, 'utf8')));
  }
  const total = summarize(results);
  for (const suite of total.outside)
    console.log(`suite failed outside any test: ${path.relative(process.cwd(), suite.file)}: ${suite.reason}`);
  console.log(summaryLine(total, missing));
  return total.failed + missing > 0 || total.passed === 0 ? 1 : 0;
}

module.exports = { summarize, summaryLine };
if (require.main === module) process.exit(main(process.argv.slice(2)));
