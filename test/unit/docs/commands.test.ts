import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandNames, loadCommand } from '../../../commands/awscloudformation';
import { ROOT } from '../../helpers/cli';
import { amplifyProblems, commandLineProblems, flagsOf, invocationsIn, invocationsOf, knownFlag } from '../../helpers/docsCode';

// Issue 23, item 6: the README fits on a page, everything else is in docs/, and every command and flag that the README
// and the docs name in code exists in the command line's table and option parser (or, for `amplify aws X`, in the
// plugin's manifest or the Amplify CLI's own provider). A renamed or dropped option fails here before a reader trips.
// How code is found on a page, and checked: test/helpers/docsCode.ts (its own test: test/unit/docs/codeExtractor.test.ts).
const PAGES = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');

const invocations = PAGES.flatMap((page) => invocationsOf(page, read(page)));

describe('the README and docs/ name only commands and flags that exist', () => {
  test('every page is found and names some commands', () => {
    expect(PAGES).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/amplify.md',
        'docs/cache.md',
        'docs/mfa.md',
        'docs/vault.md',
        'docs/exec.md',
        'docs/iam.md',
        'docs/doctor.md',
        'docs/architecture.md',
      ]),
    );
    // Each topic page shows its commands (the architecture page is about the code and the tests).
    for (const page of PAGES.filter((p) => p !== 'docs/architecture.md'))
      expect([page, invocations.filter((i) => i.page === page).length > 0]).toEqual([page, true]);
    expect(invocations.length).toBeGreaterThan(60);
    expect(invocations.flatMap((i) => flagsOf(i.rest)).length).toBeGreaterThan(50);
    // A command of the registry that no page shows in code is a command nobody can find.
    const shown = new Set(invocations.map((i) => loadCommand(i.command)?.name));
    expect(commandNames().filter((name) => !shown.has(name))).toEqual([]);
  });

  test('amplify-aws-roles X: X is a command (or an alias), every --flag is one of its options', () => {
    expect(commandLineProblems(invocations)).toEqual([]);
  });

  test("amplify aws X: X is in the plugin's manifest (with its options) or is the Amplify CLI's own provider command", () => {
    expect(amplifyProblems(invocations)).toEqual([]);
  });

  test('a made-up flag or command on a page would be caught', () => {
    const calls = invocationsIn('probe', 'amplify-aws-roles chain --profile p --bogus-flag && amplify aws whoaim --json');
    expect(calls.map((c) => [c.program, c.command, flagsOf(c.rest)])).toEqual([
      ['amplify-aws-roles', 'chain', ['profile', 'bogus-flag']],
      ['amplify aws', 'whoaim', ['json']],
    ]);
    expect(knownFlag(loadCommand('chain')!, 'bogus-flag')).toBe(false);
    expect(knownFlag(loadCommand('credentials')!, 'no-mfa-session')).toBe(true);
  });
});

describe('the README is one page, and the pages link up', () => {
  test('the README is under 200 lines and opens with the two commands that work on a fresh machine', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThan(200);
    expect(readme.split('\n').slice(0, 6).join('\n')).toMatch(/```sh\nnpm ci && npm run demo .*\nnpm test .*\n```/);
  });

  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
  const anchorsOf = (markdown: string) =>
    new Set(
      markdown
        .replace(/^```[\s\S]*?^```$/gm, '')
        .split('\n')
        .filter((line) => /^#{1,6} /.test(line))
        .map((line) =>
          line
            .replace(/^#+ /, '')
            .trim()
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s_-]/gu, '')
            .replace(/\s/g, '-'),
        ),
    );

  test('every relative link resolves to a file, and every #anchor to a heading of that page', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      const text = read(page).replace(/^```[\s\S]*?^```$/gm, '');
      for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = match[1];
        if (/^[a-z]+:/.test(target)) continue;
        const [file, anchor] = target.split('#');
        const resolved = file === '' ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
        if (!fs.existsSync(path.join(ROOT, resolved))) {
          broken.push(`${page}: ${target} (no ${resolved})`);
          continue;
        }
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor))
          broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the README links every page of docs/', () => {
    const readme = read('README.md');
    expect(PAGES.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page})`))).toEqual([]);
  });
});
