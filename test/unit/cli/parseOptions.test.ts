import { parseArgs } from 'node:util';
import { ArgumentError, parseOptions, type ParsedOptionSpec } from '../../../src/cli/parseOptions';
import { parseCommandArgs } from '../../../src/cli/runCommand';
import { command as credentials } from '../../../commands/awscloudformation/credentials';
import { allCommands } from '../../../commands/awscloudformation';

// Our parser replaces node:util parseArgs (strict, allowPositionals, allowNegative) on the command line because
// loading node's costs the warm path time. It must accept and reject what node's accepts and rejects, with the same
// values, for the option kinds our commands declare: checked here against node's parser itself.
const SPEC: Record<string, ParsedOptionSpec> = {
  help: { type: 'boolean', short: 'h' },
  yes: { type: 'boolean', short: 'y' },
  json: { type: 'boolean' },
  cache: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  'mfa-session': { type: 'boolean' },
  profile: { type: 'string' },
  'mfa-code': { type: 'string' },
  format: { type: 'string' },
};

function nodeParse(argv: string[]) {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: SPEC, allowPositionals: true, strict: true, allowNegative: true });
    return { values: { ...values }, positionals };
  } catch {
    return 'error';
  }
}

function ourParse(argv: string[]) {
  try {
    const { values, positionals } = parseOptions(argv, SPEC);
    return { values: { ...values }, positionals };
  } catch (error) {
    if (!(error instanceof ArgumentError)) throw error;
    return 'error';
  }
}

const WORDS = [
  '--profile',
  'dev',
  '--profile=dev',
  '--profile=',
  '-h',
  '-y',
  '-hy',
  '-yh',
  '-x',
  '--json',
  '--json=1',
  '--no-json',
  '--no-profile',
  '--no-cache',
  '--cache',
  '--no-mfa-session',
  '--mfa-session',
  '--mfa-code',
  '123456',
  '--format',
  'env',
  '--',
  'pos',
  '-',
  '--unknown',
  '--no-',
  '--mfa-code=-1',
  '-5',
];

describe('parseOptions behaves as node:util parseArgs (strict, positionals, negatives)', () => {
  test.each([
    [[]],
    [['--profile', 'dev']],
    [['--profile=dev', '--profile', 'prod']],
    [['--profile', '--json']],
    [['--profile']],
    [['--json=yes']],
    [['--no-json', '--json']],
    [['--no-cache']],
    [['--no-profile', 'x']],
    [['-hy', 'pos', '--', '--json', '-h']],
    [['-x']],
    [['-', 'a', 'b']],
    [['--mfa-code=-123']],
    [['--mfa-code', '-123']],
    [['--unknown']],
    [['--profile', '-']],
  ])('%j', (argv) => {
    expect(ourParse(argv)).toEqual(nodeParse(argv));
  });

  test('5,000 random argument lists: the same values and positionals, or both refuse', () => {
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let refused = 0;
    for (let i = 0; i < 5000; i++) {
      const argv = Array.from({ length: Math.floor(random() * 6) }, () => WORDS[Math.floor(random() * WORDS.length)]);
      const ours = ourParse(argv);
      expect({ argv, result: ours }).toEqual({ argv, result: nodeParse(argv) });
      if (ours === 'error') refused++;
    }
    // Both kinds of outcome were exercised.
    expect(refused).toBeGreaterThan(500);
    expect(refused).toBeLessThan(4500);
  });
});

describe("every command's own options parse as node:util parseArgs parses them", () => {
  test.each(allCommands().map((c) => [c.name, c] as const))('%s: 2,000 random argument lists', (_name, command) => {
    const spec: Record<string, ParsedOptionSpec> = { help: { type: 'boolean', short: 'h' }, ...command.options };
    const words = ['--', '-', 'word', '--unknown', '-q', '--no-unknown'];
    for (const [name, option] of Object.entries(spec)) {
      words.push(`--${name}`, `--no-${name}`, `--${name}=v`);
      if (option.short) words.push(`-${option.short}`, `-${option.short}h`);
    }
    const parse = (parser: 'ours' | 'node', argv: string[]) => {
      try {
        const { values, positionals } =
          parser === 'ours'
            ? parseOptions(argv, spec)
            : parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true, allowNegative: true });
        return { values: { ...values }, positionals };
      } catch (error) {
        if (parser === 'ours' && !(error instanceof ArgumentError)) throw error;
        return 'error';
      }
    };
    let seed = command.name.length * 7919;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const argv = Array.from({ length: Math.floor(random() * 5) }, () => words[Math.floor(random() * words.length)]);
      expect({ argv, result: parse('ours', argv) }).toEqual({ argv, result: parse('node', argv) });
    }
  });

  test('--no-cache, declared as an option of its own, gives cache: false as node does (resolveRequestFrom reads both)', () => {
    expect(parseCommandArgs(credentials, ['--no-cache']).options).toEqual({ cache: false });
  });
});

describe('argument mistakes are one sentence naming the command and the option', () => {
  test.each([
    [['--prfile', 'dev'], 'Invalid arguments for "credentials": unknown option --prfile (did you mean --profile?).'],
    [['--profile'], 'Invalid arguments for "credentials": option --profile needs a value.'],
    [['--no-cache=1'], 'Invalid arguments for "credentials": option --no-cache takes no value.'],
    [
      ['--profile', '--format', 'env'],
      'Invalid arguments for "credentials": option --profile needs a value, not the option --format (for a value that starts with "-", write --profile=--format).',
    ],
    [['-q'], 'Invalid arguments for "credentials": unknown option -q.'],
    // Issue 15, items 9 and smaller: both used to be accepted (--profile '' as "default", the extra word ignored).
    [['--profile', ''], 'Invalid arguments for "credentials": option --profile needs a profile name, not an empty string.'],
    [['--profile='], 'Invalid arguments for "credentials": option --profile needs a profile name, not an empty string.'],
    [['--project', ''], 'Invalid arguments for "credentials": option --project needs a project folder, not an empty string.'],
    [['--profile', 'p', 'extra'], 'Invalid arguments for "credentials": unexpected argument "extra" (this command takes only options).'],
    [
      ['--profile', 'p', '--', 'extra'],
      'Invalid arguments for "credentials": unexpected argument "extra" (this command takes only options).',
    ],
  ])('%j', (argv, message) => {
    expect(() => parseCommandArgs(credentials, argv)).toThrow(message);
  });

  test('help is found among other options and is not passed to the command', () => {
    expect(parseCommandArgs(credentials, ['--profile', 'dev', '-h'])).toEqual({ options: { profile: 'dev' }, positionals: [], help: true });
  });

  test('an option named __proto__ is just unknown', () => {
    expect(() => parseCommandArgs(credentials, ['--__proto__', 'x'])).toThrow('unknown option --__proto__');
  });
});
