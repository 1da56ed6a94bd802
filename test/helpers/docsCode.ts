import { loadAmplifyCommand, loadCommand } from '../../commands/awscloudformation';
import { SUBCOMMANDS } from '../../commands/awscloudformation/keys';
import { readManifest } from '../../src/amplify/amplifyHelp';
import type { CommandModule } from '../../src/cli/invocation';

/** The Amplify CLI 14.2.2 built-in provider's own commands (its amplify-plugin.json), reachable as `amplify aws X` too. */
export const BUILT_IN_COMMANDS = ['configure', 'console', 'reset-cache', 'setupNewUser', 'setup-new-user', 'newUser', 'new-user', 'help', 'override', 'resetCache'];

/** Code as a reader copies it: fenced blocks and inline spans, with backslash-continued lines joined. */
export function codeOf(markdown: string): string[] {
  const snippets: string[] = [];
  const prose = markdown.replace(/^```[^\n]*\n([\s\S]*?)^```$/gm, (_m, block: string) => {
    snippets.push(...block.replace(/\\\n\s*/g, ' ').split('\n'));
    return '';
  });
  for (const match of prose.matchAll(/`([^`\n]+)`/g)) snippets.push(match[1]);
  return snippets;
}

export interface DocInvocation {
  page: string;
  text: string;
  program: 'amplify-aws-roles' | 'amplify aws';
  command: string;
  rest: string[];
}

/** Each `amplify-aws-roles X ...` and `amplify aws X ...` in a snippet, cut at a comment, a pipe, `;`, `&&` or a quote. */
export function invocationsIn(page: string, snippet: string): DocInvocation[] {
  const found: DocInvocation[] = [];
  // The rest of the line is looked at, not consumed: a second call on the same line (after && or ;) is found too.
  const pattern = /(?:^|[\s($"'=])(amplify-aws-roles|amplify (?:aws|awscloudformation))[ \t]+(--help|--version|[A-Za-z][\w-]*)(?=([^\n]*))/g;
  for (const match of snippet.matchAll(pattern)) {
    const rest = (match[3] ?? '').split(/\s#|(?<!\\)\||;|&&|[)"'`]/)[0];
    found.push({ page, text: `${match[0].trim()}${rest}`.trim(), program: match[1] === 'amplify-aws-roles' ? 'amplify-aws-roles' : 'amplify aws', command: match[2], rest: rest.split(/\s+/).filter(Boolean) });
  }
  return found;
}

/** Every invocation a page shows in code. */
export function invocationsOf(page: string, markdown: string): DocInvocation[] {
  return codeOf(markdown).flatMap((snippet) => invocationsIn(page, snippet));
}

/** Long options named before a lone `--` (after it, the words belong to the command `exec` runs). */
export function flagsOf(rest: string[]): string[] {
  const own = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
  return own.flatMap((word) => [...word.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]));
}

export function knownFlag(command: CommandModule, flag: string): boolean {
  const options = { ...command.options, help: { type: 'boolean' } };
  if (flag in options) return true;
  return flag.startsWith('no-') && options[flag.slice(3) as keyof typeof options]?.type === 'boolean';
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
    for (const flag of flagsOf(call.rest)) if (!knownFlag(command, flag)) problems.push(`${call.page}: "${call.text}": ${command.name} has no option --${flag}`);
    if (command.name === 'keys' && call.rest[0] && /^[a-z]/.test(call.rest[0])) {
      for (const sub of call.rest[0].split('\\|')) if (!SUBCOMMANDS.includes(sub)) problems.push(`${call.page}: "${call.text}": keys has no subcommand "${sub}"`);
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
  return problems;
}
