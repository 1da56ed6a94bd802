import MarkdownIt = require('markdown-it');
import type { Token } from 'markdown-it';
import { loadAmplifyCommand, loadCommand } from '../../commands/awscloudformation';
import { SUBCOMMANDS } from '../../commands/awscloudformation/keys';
import { readManifest } from '../../src/plugin/amplifyHelp';
import type { CommandModule, OptionSpec } from '../../src/cli/invocation';

/** The Amplify CLI 14.2.2 built-in provider's own commands (its amplify-plugin.json), reachable as `amplify aws X` too. */
export const BUILT_IN_COMMANDS = [
  'configure',
  'console',
  'reset-cache',
  'setupNewUser',
  'setup-new-user',
  'newUser',
  'new-user',
  'help',
  'override',
  'resetCache',
];

/**
 * Code as a reader copies it, found by a CommonMark parser (markdown-it), so every form counts: fences of ``` or ~~~
 * (indented inside list items too), indented code blocks, inline spans (table cells included); in blocks,
 * backslash-continued lines are joined.
 */
export function codeOf(markdown: string): string[] {
  const snippets: string[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      if (token.type === 'fence' || token.type === 'code_block') snippets.push(...token.content.replace(/\\\n\s*/g, ' ').split('\n'));
      else if (token.type === 'code_inline') snippets.push(token.content);
      if (token.children) visit(token.children);
    }
  };
  visit(new MarkdownIt().parse(markdown, {}));
  return snippets;
}

export interface DocInvocation {
  page: string;
  text: string;
  program: 'amplify-aws-roles' | 'amplify aws';
  command: string;
  rest: string[];
}

/**
 * Each `amplify-aws-roles X ...` and `amplify aws X ...` in a snippet, cut at a comment, a shell pipe, `;`, `&&` or a
 * quote. A `|` between words (`json|table`, `add|list`: alternatives in a synopsis, `\\|` in a table) or before an
 * option (`[--destination URL | --amplify]`) is kept.
 */
export function invocationsIn(page: string, snippet: string): DocInvocation[] {
  const found: DocInvocation[] = [];
  // The rest of the line is looked at, not consumed: a second call on the same line (after && or ;) is found too.
  const pattern =
    /(?:^|[\s($"'=])(amplify-aws-roles|amplify (?:aws|awscloudformation))[ \t]+(--help|--version|[A-Za-z][\w-]*)(?=([^\n]*))/g;
  for (const match of snippet.matchAll(pattern)) {
    const rest = (match[3] ?? '').split(/\s#|\s\|(?!\s*-)|;|&&|[)"'`]/)[0];
    found.push({
      page,
      text: `${match[0].trim()}${rest}`.trim(),
      program: match[1] === 'amplify-aws-roles' ? 'amplify-aws-roles' : 'amplify aws',
      command: match[2],
      rest: rest.split(/\s+/).filter(Boolean),
    });
  }
  return found;
}

/** Every invocation a page shows in code. */
export function invocationsOf(page: string, markdown: string): DocInvocation[] {
  return codeOf(markdown).flatMap((snippet) => invocationsIn(page, snippet));
}

/** The words before a lone `--` (after it, the words belong to the command `exec` runs), a synopsis's brackets taken off. */
function ownWords(rest: string[]): string[] {
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  return own.map((word) => word.replace(/^\[+|\]+$/g, ''));
}

/** Long options named before a lone `--`. */
export function flagsOf(rest: string[]): string[] {
  return ownWords(rest).flatMap((word) => [...word.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
}

export function knownFlag(command: CommandModule, flag: string): boolean {
  const options = { ...command.options, help: { type: 'boolean' } };
  if (flag in options) return true;
  return flag.startsWith('no-') && options[flag.slice(3) as keyof typeof options]?.type === 'boolean';
}

/**
 * Short options the command does not declare, read as the parser (src/cli/parseOptions.ts) reads them: `-yh` is two
 * booleans, a string option takes the rest of its word (`-pdev`) or the next word, and so does a long string option
 * (`--profile -odd` names a profile).
 */
export function unknownShortFlags(command: CommandModule, rest: string[]): string[] {
  const options: Record<string, Pick<OptionSpec, 'type' | 'short'>> = { ...command.options, help: { type: 'boolean', short: 'h' } };
  const byShort = new Map(Object.entries(options).flatMap(([name, option]) => (option.short ? [[option.short, name] as const] : [])));
  const unknown: string[] = [];
  const words = ownWords(rest);
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.startsWith('--')) {
      const name = word.slice(2);
      if (!name.includes('=') && options[name]?.type === 'string') i++;
      continue;
    }
    if (!/^-./.test(word)) continue;
    for (let j = 1; j < word.length; j++) {
      const name = byShort.get(word[j]);
      if (name === undefined) {
        unknown.push(word[j]);
        break;
      }
      if (options[name].type === 'string') {
        if (j === word.length - 1) i++;
        break;
      }
    }
  }
  return unknown;
}

/** Every option a call names that its command does not have, as `--x` and `-x`. */
function unknownOptions(command: CommandModule, rest: string[]): string[] {
  return [
    ...flagsOf(rest)
      .filter((flag) => !knownFlag(command, flag))
      .map((flag) => `--${flag}`),
    ...unknownShortFlags(command, rest).map((letter) => `-${letter}`),
  ];
}

/** What is wrong with `amplify-aws-roles X ...` calls: X must be a command (or an alias), every flag one of its options. */
export function commandLineProblems(calls: DocInvocation[]): string[] {
  const problems: string[] = [];
  for (const call of calls.filter((i) => i.program === 'amplify-aws-roles')) {
    if (call.command === '--help' || call.command === '--version') continue;
    const command = loadCommand(call.command);
    if (!command) {
      problems.push(`${call.page}: "${call.text}": no command "${call.command}"`);
      continue;
    }
    for (const option of unknownOptions(command, call.rest))
      problems.push(`${call.page}: "${call.text}": ${command.name} has no option ${option}`);
    if (command.name === 'keys' && call.rest[0] && /^[a-z]/.test(call.rest[0])) {
      for (const sub of call.rest[0].split(/\\?\|/))
        if (!SUBCOMMANDS.includes(sub)) problems.push(`${call.page}: "${call.text}": keys has no subcommand "${sub}"`);
    }
  }
  return problems;
}

/** What is wrong with `amplify aws X ...` calls: X is in the plugin's manifest (with its options) or the built-in's. */
export function amplifyProblems(calls: DocInvocation[]): string[] {
  const manifest = readManifest();
  const ours = new Set([...(manifest.commands ?? []), ...Object.keys(manifest.commandAliases ?? {})]);
  const problems: string[] = [];
  for (const call of calls.filter((i) => i.program === 'amplify aws')) {
    if (call.command === '--help') continue;
    if (!ours.has(call.command)) {
      if (!BUILT_IN_COMMANDS.includes(call.command))
        problems.push(`${call.page}: "${call.text}": neither the plugin nor the built-in provider has "${call.command}"`);
      continue;
    }
    const name = manifest.commandAliases?.[call.command] ?? call.command;
    const command = name === 'help' ? undefined : loadAmplifyCommand(name === 'role-console' ? 'role-console' : name);
    if (name !== 'help' && !command) {
      problems.push(`${call.page}: "${call.text}": the manifest lists "${name}" but no command module answers it`);
      continue;
    }
    for (const option of command ? unknownOptions(command, call.rest) : [])
      problems.push(`${call.page}: "${call.text}": ${name} has no option ${option}`);
  }
  return problems;
}
