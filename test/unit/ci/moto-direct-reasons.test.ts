import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';

/**
 * Integration, reliability and end-to-end tests run against the strict STS stand-in (test/helpers/README.md). A test
 * file that starts moto itself (useMoto / startMoto) talks to moto directly, and says why in a comment that contains
 * "moto directly": moto accepts what AWS refuses, so that choice is made on purpose or not at all.
 */
function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'helpers' || entry.name === 'fixtures' ? [] : testFiles(full);
    return /\.(test|reliability|e2e|pack)\.ts$/.test(entry.name) ? [full] : [];
  });
}

test('every test file that starts moto itself says why it talks to moto directly', () => {
  const files = testFiles(path.join(ROOT, 'test'));
  expect(files.length).toBeGreaterThan(20);
  // The comments of a file as one text (a reason may wrap across lines).
  const comments = (text: string) =>
    text
      .split('\n')
      .filter((line) => /^\s*(\/\/|\/?\*)/.test(line))
      .map((line) => line.replace(/^\s*(\/\/|\/?\*+\/?)\s*/, ''))
      .join(' ');
  const unexplained = files
    .filter((file) => /\b(useMoto|startMoto)\(/.test(fs.readFileSync(file, 'utf8')))
    .filter((file) => !/moto directly/i.test(comments(fs.readFileSync(file, 'utf8'))))
    .map((file) => path.relative(ROOT, file));
  expect(unexplained).toEqual([]);
});
