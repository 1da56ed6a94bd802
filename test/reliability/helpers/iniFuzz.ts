import type { Random } from './prng';

/**
 * Generated and mutated AWS config / credentials files. Generated files plant SECRET_MARKER only as the value of
 * secret keys, so anything that shows the marker has printed a secret.
 */
export const SECRET_MARKER = 'FUZZSECRETMARKER';

const NAMES = [
  'default',
  'bizcorprole',
  'devcorpuser',
  'a',
  'b',
  'c',
  'chain1',
  'chain2',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'profile',
  'sso-session',
  'x y',
  'ünïcödé',
  'tab\tname',
  '',
  'n'.repeat(300),
  'with]bracket',
  'a.b/c@d:e+f%g',
];
const KEYS = [
  'role_arn',
  'source_profile',
  'credential_source',
  'mfa_serial',
  'external_id',
  'region',
  'aws_access_key_id',
  'aws_secret_access_key',
  'aws_session_token',
  'aws_security_token',
  'credential_process',
  'sso_session',
  'sso_account_id',
  'sso_role_name',
  'sso_region',
  'sso_start_url',
  'web_identity_token_file',
  'role_session_name',
  'duration_seconds',
  'mfa_session_duration',
  's3',
  'output',
  'Role_Arn',
  'SOURCE_PROFILE',
  'unknown_key',
  'bad key',
];
const SECRET_KEYS = new Set(['aws_secret_access_key', 'aws_session_token', 'aws_security_token']);
const VALUES = [
  'arn:aws:iam::123456789012:role/amplify-deployer',
  'arn:aws:iam::210987654321:mfa/dev-user',
  'arn:aws:iam::1:role/',
  'arn:aws:sts::1:x',
  'not-an-arn',
  'Environment',
  'Ec2InstanceMetadata',
  'EcsContainer',
  'bogus-source',
  'us-east-1',
  'eu-west-3',
  '',
  '  padded  ',
  'value # comment',
  'value;semi',
  'a=b=c',
  '"quoted"',
  '900',
  '3600',
  '0',
  '-1',
  '129601',
  '1e3',
  '99999999999999999999',
  'abc',
  'node -e "console.log(1)"',
  '/dev/null',
  '~/token',
  'AKIAFUZZKEY000000001',
  'https://example.invalid/start',
  'ünïcödé',
  '\u00a0nbsp\u00a0',
  'x'.repeat(500),
];
const INTERESTING = [
  '[',
  ']',
  '=',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '#',
  ';',
  '\r',
  '\0',
  '\uFEFF',
  '"',
  '\\',
  '[profile ',
  '[sso-session ',
  ' = ',
  '\n  ',
  '\ud800',
  '\u2028',
  'profile',
  'default',
];

function header(random: Random, kind: 'config' | 'credentials'): string {
  const name = random.pick(NAMES);
  const forms =
    kind === 'config'
      ? [
          `[profile ${name}]`,
          `[profile ${name}]`,
          `[${name}]`,
          `[sso-session ${name}]`,
          `[ profile\t${name} ]`,
          `[profile ${name}] # note`,
          `[profile ${name}];c`,
          '[default]',
          '[profile default]',
          '[]',
          '[profile]',
          `[services ${name}]`,
        ]
      : [`[${name}]`, `[${name}]`, `[profile ${name}]`, `[ ${name} ]`, `[${name}] # note`, '[]'];
  // Rarely a header without its closing bracket: an error for the whole file.
  return random.chance(0.01) ? `[profile ${name}` : random.pick(forms);
}

function valueFor(random: Random, key: string): string {
  if (SECRET_KEYS.has(key) && random.chance(0.8)) return `${SECRET_MARKER}${random.int(1e6)}`;
  if ((key === 'source_profile' || key === 'sso_session') && random.chance(0.7)) return random.pick(NAMES);
  return random.pick(VALUES);
}

function propertyLines(random: Random): string[] {
  const key = random.pick(KEYS);
  const value = valueFor(random, key);
  const roll = random.next();
  if (roll < 0.6) return [random.pick([`${key} = ${value}`, `${key}=${value}`, `${key}\t=\t${value}`, `${key} =${value} `])];
  if (roll < 0.7)
    return [
      `${key} =`,
      ...Array.from(
        { length: random.between(1, 3) },
        () => `  ${random.pick(['max_concurrent_requests', 'addressing_style', 'x'])} = ${random.pick(VALUES)}`,
      ),
    ];
  if (roll < 0.78) return [`${key} = ${value}`, `  continued ${random.pick(VALUES)}`];
  if (roll < 0.84) return [random.pick(['# a comment', '; a comment', '', '   ', '\t'])];
  if (roll < 0.99) return [`${key} = ${value}`];
  // Rarely a line the parser must reject.
  return [random.pick(['= value without a name', 'no equals sign here', '[unclosed', `${key} =\n  = sub-property without a name`])];
}

export function generateIni(random: Random, kind: 'config' | 'credentials'): string {
  const lines: string[] = [];
  if (random.chance(0.02)) lines.push(...propertyLines(random));
  for (let s = random.between(1, 10); s > 0; s--) {
    lines.push(header(random, kind));
    for (let p = random.between(0, 8); p > 0; p--) lines.push(...propertyLines(random));
  }
  const newline = random.chance(0.1) ? '\r\n' : '\n';
  return `${random.chance(0.03) ? '\uFEFF' : ''}${lines.join(newline)}${random.chance(0.5) ? newline : ''}`;
}

export function mutate(random: Random, text: string): string {
  let out = text;
  for (let m = random.between(1, 5); m > 0; m--) {
    const at = random.int(out.length + 1);
    switch (random.int(7)) {
      case 0:
        out = out.slice(0, at) + out.slice(Math.min(out.length, at + random.between(1, 20)));
        break;
      case 1:
        out = out.slice(0, at) + random.pick(INTERESTING) + out.slice(at);
        break;
      case 2: {
        const lines = out.split('\n');
        const i = random.int(lines.length);
        lines.splice(i, 0, lines[i] ?? '');
        out = lines.join('\n');
        break;
      }
      case 3: {
        const lines = out.split('\n');
        const i = random.int(lines.length);
        const j = random.int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        out = lines.join('\n');
        break;
      }
      case 4:
        out = out.slice(0, at);
        break;
      case 5:
        out = out.slice(0, at) + String.fromCharCode(random.int(0x10000)) + out.slice(at + 1);
        break;
      default:
        out = out.repeat(random.between(2, 3));
    }
  }
  return out;
}
