import * as fs from 'node:fs';
import * as path from 'node:path';
import { commandNames, loadAmplifyCommand, loadCommand } from '../../commands/awscloudformation';
import { SUBCOMMANDS } from '../../commands/awscloudformation/keys';
import { readManifest } from '../../src/amplify/amplifyHelp';
import type { CommandModule } from '../../src/cli/invocation';
import { ROOT } from '../helpers/cli';

// Issue 23, item 6: the README fits on a page, everything else is in docs/, and every command and flag that the README
// and the docs name in code exists in the command line's table and option parser (or, for `amplify aws X`, in the
// plugin's manifest or the Amplify CLI's own provider). A renamed or dropped option fails here before a reader trips.
const PAGES = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const read = (page: string) => fs.readFileSync(path.join(ROOT, page), 'utf8');

/** The Amplify CLI 14.2.2 built-in provider's own commands (its amplify-plugin.json), reachable as `amplify aws X` too. */
const BUILT_IN_COMMANDS = ['configure', 'console', 'reset-cache', 'setupNewUser', 'setup-new-user', 'newUser', 'new-user', 'help', 'override', 'resetCache'];

/** Code as a reader copies it: fenced blocks and inline spans, with backslash-continued lines joined. */
function codeOf(markdown: string): string[] {
  const snippets: string[] = [];
  const prose = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_m, block: string) => {
    snippets.push(...block.replace(/\\\n\s*/g, ' ').split('\n'));
    return '';
  });
  for (const match of prose.matchAll(/`([^`\n]+)`/g)) snippets.push(match[1]);
  return snippets;
}

interface Invocation {
  page: string;
  text: string;
  program: 'amplify-aws-roles' | 'amplify aws';
  command: string;
  rest: string[];
}

/** Each `amplify-aws-roles X ...` and `amplify aws X ...` in a snippet, cut at a comment, a pipe, `;`, `&&` or a quote. */
function invocationsIn(page: string, snippet: string): Invocation[] {
  const found: Invocation[] = [];
  // The rest of the line is looked at, not consumed: a second call on the same line (after && or ;) is found too.
  const pattern = /(?:^|[\s($"'=])(amplify-aws-roles|amplify (?:aws|awscloudformation))[ \t]+(--help|--version|[A-Za-z][\w-]*)(?=([^\n]*))/g;
  for (const match of snippet.matchAll(pattern)) {
    const rest = (match[3] ?? '').split(/\s#|(?<!\\)\||;|&&|[)"'`]/)[0];
    found.push({ page, text: `${match[0].trim()}${rest}`.trim(), program: match[1] === 'amplify-aws-roles' ? 'amplify-aws-roles' : 'amplify aws', command: match[2], rest: rest.split(/\s+/).filter(Boolean) });
  }
  return found;
}

const invocations = PAGES.flatMap((page) => codeOf(read(page)).flatMap((snippet) => invocationsIn(page, snippet)));

/** Long options named before a lone `--` (after it, the words belong to the command `exec` runs). */
function flagsOf(rest: string[]): string[] {
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  return own.flatMap((word) => [...word.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
}

function knownFlag(command: CommandModule, flag: string): boolean {
  const options = { ...command.options, help: { type: 'boolean' } };
  if (flag in options) return true;
  return flag.startsWith('no-') && options[flag.slice(3) as keyof typeof options]?.type === 'boolean';
}

describe('the README and docs/ name only commands and flags that exist', () => {
  test('every page is found and names some commands', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['README.md', 'docs/amplify.md', 'docs/cache.md', 'docs/mfa.md', 'docs/vault.md', 'docs/exec.md', 'docs/iam.md', 'docs/doctor.md', 'docs/architecture.md']));
    // Each topic page shows its commands (the architecture page is about the code and the tests).
    for (const page of PAGES.filter((p) => p !== 'docs/architecture.md')) expect([page, invocations.filter((i) => i.page === page).length > 0]).toEqual([page, true]);
    expect(invocations.length).toBeGreaterThan(60);
    expect(invocations.flatMap((i) => flagsOf(i.rest)).length).toBeGreaterThan(50);
    // A command of the registry that no page shows in code is a command nobody can find.
    const shown = new Set(invocations.map((i) => loadCommand(i.command)?.name));
    expect(commandNames().filter((name) => !shown.has(name))).toEqual([]);
  });

  test('amplify-aws-roles X: X is a command (or an alias), every --flag is one of its options', () => {
    const problems: string[] = [];
    for (const call of invocations.filter((i) => i.program === 'amplify-aws-roles')) {
      if (call.command === '--help' || call.command === '--version') continue;
      const command = loadCommand(call.command);
      if (!command) {
        problems.push(`${call.page}: "${call.text}": no command "${call.command}"`);
        continue;
      }
      for (const flag of flagsOf(call.rest)) if (!knownFlag(command, flag)) problems.push(`${call.page}: "${call.text}": ${command.name} has no option --${flag}`);
      if (command.name === 'keys' && call.rest[0] && /^[a-z]/.test(call.rest[0])) {
        for (const sub of call.rest[0].split('\\|')) if (!SUBCOMMANDS.includes(sub)) problems.push(`${call.page}: "${call.text}": keys has no subcommand "${sub}"`);
      }
    }
    expect(problems).toEqual([]);
  });

  test('amplify aws X: X is in the plugin\'s manifest (with its options) or is the Amplify CLI\'s own provider command', () => {
    const manifest = readManifest();
    const ours = new Set([...(manifest.commands ?? []), ...Object.keys(manifest.commandAliases ?? {})]);
    const problems: string[] = [];
    for (const call of invocations.filter((i) => i.program === 'amplify aws')) {
      if (call.command === '--help') continue;
      if (!ours.has(call.command)) {
        if (!BUILT_IN_COMMANDS.includes(call.command)) problems.push(`${call.page}: "${call.text}": neither the plugin nor the built-in provider has "${call.command}"`);
        continue;
      }
      const name = manifest.commandAliases?.[call.command] ?? call.command;
      const command = name === 'help' ? undefined : loadAmplifyCommand(name === 'role-console' ? 'role-console' : name);
      if (name !== 'help' && !command) {
        problems.push(`${call.page}: "${call.text}": the manifest lists "${name}" but no command module answers it`);
        continue;
      }
      for (const flag of command ? flagsOf(call.rest) : []) if (!knownFlag(command!, flag)) problems.push(`${call.page}: "${call.text}": ${name} has no option --${flag}`);
    }
    expect(problems).toEqual([]);
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
        if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(read(resolved)).has(anchor)) broken.push(`${page}: ${target} (no heading #${anchor} in ${resolved})`);
      }
    }
    expect(broken).toEqual([]);
  });

  test('the README links every page of docs/', () => {
    const readme = read('README.md');
    expect(PAGES.filter((page) => page.startsWith('docs/') && !readme.includes(`](${page})`))).toEqual([]);
  });
});
