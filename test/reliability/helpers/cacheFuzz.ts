import type { Random } from './prng';

/**
 * Cache files for the fuzzer, written token by token so that they can hold what JSON.stringify never writes:
 * duplicate keys, odd whitespace, \u escapes, huge numbers. Entries carry CACHE_SECRET_MARKER as their secrets.
 */
export const CACHE_SECRET_MARKER = 'CACHEFUZZSECRET';

export type Json = null | boolean | { raw: string } | string | Json[] | { entries: Array<[string, Json]> };

const WHITESPACE = ['', '', ' ', '\n', '\t', '\r\n', '  \n  '];
const NUMBERS = ['0', '-0', '1', '-1.5', '1e21', '1E+2', '2.5e-3', '123456789012345678901234567890', '1e400'];
const STRINGS = [
  '',
  'plain',
  'quote " inside',
  'back\\slash',
  'nul \u0000 char',
  'line\u2028sep',
  '}{][,:',
  'ünïcödé ☃ 😀',
  '__proto__',
  'constructor',
  'amplify-aws-roles',
  ' '.repeat(3),
];
const KEYS = [
  'arn:aws:iam::123456789012:role/amplify-own-provider',
  'some-other-tool',
  '',
  '__proto__',
  'constructor',
  'amplify-aws-roles',
  'ünïcödé',
  'quote"key',
  'x'.repeat(200),
];

function ws(random: Random): string {
  return random.pick(WHITESPACE);
}

function quote(random: Random, text: string): string {
  if (random.chance(0.8)) return JSON.stringify(text);
  // Every character as a \u escape: the same string to JSON.parse, different bytes to a splitter.
  return `"${Array.from(text, (c) => (c.length === 1 ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : JSON.stringify(c).slice(1, -1))).join('')}"`;
}

export function emit(random: Random, value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return quote(random, value);
  if (Array.isArray(value)) return `[${ws(random)}${value.map((v) => emit(random, v)).join(`${ws(random)},${ws(random)}`)}${ws(random)}]`;
  if ('raw' in value) return value.raw;
  return `{${ws(random)}${value.entries.map(([k, v]) => `${quote(random, k)}${ws(random)}:${ws(random)}${emit(random, v)}`).join(`${ws(random)},${ws(random)}`)}${ws(random)}}`;
}

export function randomJson(random: Random, depth = 0): Json {
  const roll = random.int(depth > 3 ? 4 : 7);
  switch (roll) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return { raw: random.pick(NUMBERS) };
    case 3:
      return random.pick(STRINGS);
    case 4:
      return Array.from({ length: random.int(4) }, () => randomJson(random, depth + 1));
    default:
      return {
        entries: Array.from(
          { length: random.int(4) },
          () => [random.pick([...KEYS, ...STRINGS]), randomJson(random, depth + 1)] as [string, Json],
        ),
      };
  }
}

function entry(random: Random): Json {
  const future = new Date(Date.now() + random.between(-3600, 6 * 3600) * 1000).toISOString();
  const fields: Array<[string, Json]> = [
    ['roleArn', 'arn:aws:iam::123456789012:role/amplify-deployer'],
    ['accessKeyId', `ASIACACHEFUZZ${random.int(1e6)}`],
    ['secretAccessKey', `${CACHE_SECRET_MARKER}-secret-${random.int(1e6)}`],
    ['sessionToken', `${CACHE_SECRET_MARKER}-token-${random.int(1e6)}`],
    ['expiration', random.pick<Json>([future, future, 'not a date', '', { raw: '1700000000' }, null])],
    ['obtainedAt', new Date().toISOString()],
  ];
  // Some entries lose or break a field.
  if (random.chance(0.2)) fields.splice(random.int(fields.length), 1);
  if (random.chance(0.1)) fields[random.int(fields.length)][1] = randomJson(random, 3);
  return { entries: fields };
}

/** Our section in every shape: valid, wrong version, wrong types, broken entries. */
export function ownSection(random: Random, projectKeys: string[]): Json {
  if (random.chance(0.05)) return randomJson(random, 2);
  const projects: Array<[string, Json]> = Array.from({ length: random.int(5) }, () => [
    random.pick([...projectKeys, '(no project)', '__proto__', '']),
    random.chance(0.9)
      ? {
          entries: Array.from(
            { length: random.between(1, 3) },
            () => [random.pick(['bizcorprole', 'other', '__proto__', 'constructor']), entry(random)] as [string, Json],
          ),
        }
      : randomJson(random, 3),
  ]);
  const sessions: Array<[string, Json]> = Array.from({ length: random.int(3) }, () => [
    `AKIASOURCE${random.int(100)} arn:aws:iam::1:mfa/u`,
    entry(random),
  ]);
  // 2: ours; 1: an earlier version's (legacy); 3: a newer version's (left alone).
  const version = random.pick<Json>([
    { raw: '2' },
    { raw: '2' },
    { raw: '1' },
    { raw: '1' },
    { raw: '3' },
    { raw: '0' },
    '2',
    null,
    { raw: '2.0' },
  ]);
  const fields: Array<[string, Json]> = [
    ['version', version],
    // The generation: usually ours, sometimes of another shape (a number, too short, upper case).
    [
      'generation',
      random.pick<Json>([
        '0123456789abcdef0123456789abcdef',
        '0123456789abcdef0123456789abcdef',
        { raw: '42' },
        'abc',
        '0123456789ABCDEF0123456789ABCDEF',
        null,
      ]),
    ],
    // Left by versions before the generation (project entries now live in buckets): never used, dropped on a write.
    ['projects', random.chance(0.9) ? { entries: projects } : randomJson(random, 3)],
    ['mfaSessions', random.chance(0.9) ? { entries: sessions } : randomJson(random, 3)],
  ];
  if (random.chance(0.1)) fields.splice(random.int(fields.length), 1);
  return { entries: fields };
}

/** A whole cache file: other tools' members around ours (sometimes twice, sometimes none), or not an object at all. */
export function cacheFileText(random: Random, projectKeys: string[]): string {
  const roll = random.next();
  if (roll < 0.03) return random.pick(['', '   \n', '\uFEFF', 'null', '[]', '"text"', '42', 'true']);
  const members: Array<[string, Json]> = Array.from({ length: random.int(4) }, () => [random.pick(KEYS), randomJson(random)]);
  const ownCount = random.pick([0, 1, 1, 1, 1, 2]);
  for (let i = 0; i < ownCount; i++)
    members.splice(random.int(members.length + 1), 0, ['amplify-aws-roles', ownSection(random, projectKeys)]);
  const text = `${ws(random)}${emit(random, { entries: members })}${ws(random)}`;
  return random.chance(0.03) ? `\uFEFF${text}` : text;
}

export function mutateBytes(random: Random, text: string): string {
  let out = text;
  for (let m = random.between(1, 3); m > 0; m--) {
    const at = random.int(out.length + 1);
    const roll = random.int(4);
    if (roll === 0) out = out.slice(0, at) + out.slice(at + random.between(1, 10));
    else if (roll === 1)
      out = out.slice(0, at) + random.pick(['{', '}', '[', ']', '"', ',', ':', '\\', '\u0000', 'null', '\n']) + out.slice(at);
    else if (roll === 2) out = out.slice(0, at);
    else out = out.slice(0, at) + String.fromCharCode(random.int(128)) + out.slice(at + 1);
  }
  return out;
}
