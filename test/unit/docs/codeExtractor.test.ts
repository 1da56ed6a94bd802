import { amplifyProblems, commandLineProblems, invocationsOf } from '../../helpers/docsCode';

// Review of issue 23, finding 6: the docs test (test/unit/docs/commands.test.ts) is only as good as the code it finds on a page.
// A wrong flag planted in every form Markdown has for code, and a wrong short flag, must each be reported; the same
// page with a right flag must not be; prose is not code.
const FORMS: Record<string, (line: string) => string> = {
  'a ``` fence': (line) => `Text.\n\n\`\`\`sh\n${line}\n\`\`\`\n`,
  'a ~~~ fence': (line) => `Text.\n\n~~~sh\n${line}\n~~~\n`,
  'a fence indented in a list item': (line) => `1. Run it:\n\n   \`\`\`sh\n   ${line}\n   \`\`\`\n2. Then this.\n`,
  'a ~~~ fence in a nested list item': (line) => `- one\n  - two:\n\n    ~~~\n    ${line}\n    ~~~\n`,
  'a 4-space indented code block': (line) => `Text.\n\n    $ ${line}\n    more output\n\nText.\n`,
  'an indented code block inside a list item': (line) => `- one:\n\n      ${line}\n`,
  'inline code': (line) => `Run \`${line}\` now.\n`,
  'a table cell': (line) => `| what | how |\n|---|---|\n| it | \`${line}\` |\n`,
  'a backslash-continued line': (line) => `\`\`\`\n${line.replace(/ (-\S+)$/, ' \\\n  $1')}\n\`\`\`\n`,
};

describe.each(Object.entries(FORMS))('a call in %s', (_form, page) => {
  test('a made-up long flag is reported; the right one is not', () => {
    expect(commandLineProblems(invocationsOf('probe.md', page('amplify-aws-roles whoami --bogus-flag')))).toEqual([
      expect.stringMatching(/^probe\.md: ".*": whoami has no option --bogus-flag$/),
    ]);
    expect(commandLineProblems(invocationsOf('probe.md', page('amplify-aws-roles whoami --json')))).toEqual([]);
  });

  test('a made-up short flag is reported; a declared one is not', () => {
    expect(commandLineProblems(invocationsOf('probe.md', page('amplify-aws-roles whoami -z')))).toEqual([
      expect.stringMatching(/^probe\.md: ".*": whoami has no option -z$/),
    ]);
    expect(commandLineProblems(invocationsOf('probe.md', page('amplify-aws-roles configure-project -y')))).toEqual([]);
    expect(amplifyProblems(invocationsOf('probe.md', page('amplify aws configure-project -q')))).toEqual([
      expect.stringMatching(/^probe\.md: ".*": configure-project has no option -q$/),
    ]);
  });

  test('a made-up command is reported', () => {
    expect(commandLineProblems(invocationsOf('probe.md', page('amplify-aws-roles whoamiz --json')))).toEqual([
      expect.stringMatching(/: no command "whoamiz"$/),
    ]);
  });
});

describe('short flags as the parser reads them', () => {
  const problems = (line: string) => commandLineProblems(invocationsOf('probe.md', `\`\`\`\n${line}\n\`\`\`\n`));

  test('grouped booleans, help, and what follows "--" (the command exec runs)', () => {
    expect(problems('amplify-aws-roles configure-project -yh')).toEqual([]);
    expect(problems('amplify-aws-roles configure-project -yz')).toEqual([expect.stringMatching(/configure-project has no option -z$/)]);
    expect(problems('amplify-aws-roles exec --profile p -- ls -la')).toEqual([]);
    expect(problems('amplify-aws-roles exec -x -- ls')).toEqual([expect.stringMatching(/exec has no option -x$/)]);
  });

  test('a value is not a flag: after a string option, and in brackets of a synopsis', () => {
    expect(problems('amplify-aws-roles chain --profile -odd-name')).toEqual([]);
    expect(problems('amplify-aws-roles configure-project [--profile P] [-y]')).toEqual([]);
    expect(problems('amplify-aws-roles configure-project [-w]')).toEqual([expect.stringMatching(/configure-project has no option -w$/)]);
  });

  test('a shell pipe ends the call; alternatives in a synopsis do not', () => {
    expect(problems('amplify-aws-roles credentials --format json | jq -r .AccessKeyId')).toEqual([]);
    expect(problems('amplify-aws-roles console [--destination URL | --amplifi]')).toEqual([
      expect.stringMatching(/console has no option --amplifi$/),
    ]);
    expect(problems('amplify-aws-roles keys add|lst')).toEqual([expect.stringMatching(/keys has no subcommand "lst"$/)]);
  });
});

test("prose is not code: a list item's indented paragraph, plain text", () => {
  expect(invocationsOf('probe.md', '- one\n\n    amplify-aws-roles does things --here\n\nThen amplify-aws-roles works -z.\n')).toEqual([]);
});
