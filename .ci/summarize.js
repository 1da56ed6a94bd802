#!/usr/bin/env node
// Reads jest --json result files and prints one line "N passed, N failed[, N skipped]" from the real results.
// A suite that failed to run (syntax error, crash in beforeAll) counts as one failure even though jest
// reports no test in it. Exits non-zero when anything failed or a result file is missing.
const fs = require('node:fs');

let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
  if (!fs.existsSync(file)) {
    console.error(`missing jest result file: ${file}`);
    missing++;
    continue;
  }
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + (result.numTodoTests || 0);
  for (const suite of result.testResults) {
    const ran = suite.assertionResults.length;
    if (suite.status === 'failed' && ran === 0) failed++;
  }
}
failed += missing;
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
