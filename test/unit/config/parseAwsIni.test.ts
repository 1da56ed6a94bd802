import { ConfigParseError, mergeParsed, parseAwsIni } from '../../../src/config';
import { ToolError } from '../../../src/errors';

const FILE = '/home/me/.aws/config';
const config = (text: string) => parseAwsIni(text, { file: FILE, kind: 'config' });
const credentials = (text: string) => parseAwsIni(text, { file: '/home/me/.aws/credentials', kind: 'credentials' });

function parseError(text: string): ConfigParseError {
  try {
    config(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigParseError);
    return error as ConfigParseError;
  }
  throw new Error('expected a ConfigParseError');
}

describe('malformed files', () => {
  test('the error is a ToolError naming the file and the 1-based line, counting blank, comment and CRLF lines', () => {
    const error = parseError('# header comment\r\n\r\n[profile ok]\r\nregion = us-east-1\r\n\r\n; note\r\nregion: eu-west-1\r\n');
    expect(error).toBeInstanceOf(ToolError);
    expect(error.code).toBe('ConfigParseError');
    expect([error.file, error.line]).toEqual([FILE, 7]);
    expect(error.message).toBe(`${FILE}, line 7: Expected an '=' sign defining a property.`);
    expect(error.resolution).toContain('line 7');
  });

  test('the message never repeats the line, which may hold a secret', () => {
    const error = parseError('[default]\naws_secret_access_key: wJalrXUtnFEMI/K7MDENG\n');
    expect(error.line).toBe(2);
    expect(JSON.stringify(error.toJSON())).not.toContain('wJalrXUtnFEMI');
  });

  test.each([
    ['[profile broken\nregion = x', 1, "Profile definition must end with ']'"],
    ['region = x\n[profile late]', 1, 'Expected a profile definition'],
    ['[profile a]\n  indented', 2, 'Expected a property definition, found continuation'],
    ['[profile a]\ns3 =\n  max_concurrency 10', 3, "Expected an '=' sign defining a sub-property"],
    ['[profile a]\ns3 =\n  = 10', 3, 'Sub-property did not have a name'],
    ['[profile a]\n = x', 2, 'Expected a property definition, found continuation'],
    ['[profile a]\n= x', 2, 'Property did not have a name'],
  ])('%j fails on line %d: %s', (text, line, reason) => {
    const error = parseError(text);
    expect(error.line).toBe(line);
    expect(error.message).toContain(reason);
  });

  test('mistakes inside an ignored section are still errors (as in the other SDKs)', () => {
    expect(parseError('[profile in valid]\nkey value').line).toBe(2);
    expect(parseError('[unprefixed]\nkey value').line).toBe(2);
  });
});

describe('names and sections', () => {
  test('dotted and other punctuated profile names are kept whole (npm ini splits [profile my.dev])', () => {
    const parsed = config('[profile my.dev]\nregion = us-east-1\n[profile team/a@b:c+d%e]\nregion = eu-west-1');
    expect(parsed.profiles).toEqual({ 'my.dev': { region: 'us-east-1' }, 'team/a@b:c+d%e': { region: 'eu-west-1' } });
  });

  test('profile names keep their case; property names are lower-cased', () => {
    expect(config('[profile Dev]\nRegion = us-east-1').profiles).toEqual({ Dev: { region: 'us-east-1' } });
  });

  test('[profile x] belongs in the config file and [x] in the credentials file', () => {
    expect(config('[x]\na = 1\n[profile y]\nb = 2').profiles).toEqual({ y: { b: '2' } });
    expect(credentials('[profile x]\na = 1\n[y]\nb = 2').profiles).toEqual({ y: { b: '2' } });
  });

  test('[profile default] replaces [default] in the config file, even when [default] comes later', () => {
    const parsed = config('[profile default]\nregion = a\n[default]\nregion = b\noutput = json');
    expect(parsed.profiles).toEqual({ default: { region: 'a' } });
    expect(parsed.origins.default).toEqual({ file: FILE, line: 1 });
    expect(config('[default]\nregion = b').profiles).toEqual({ default: { region: 'b' } });
  });

  test('sso-session sections are separate from profiles and only read from the config file', () => {
    const parsed = config('[sso-session corp]\nsso_start_url = https://x\n[profile corp]\nsso_session = corp');
    expect(parsed.ssoSessions).toEqual({ corp: { sso_start_url: 'https://x' } });
    expect(parsed.profiles).toEqual({ corp: { sso_session: 'corp' } });
    expect(credentials('[sso-session corp]\na = 1').ssoSessions).toEqual({});
  });

  test("origins give the line of each profile's first header", () => {
    const parsed = config('# c\n[profile a]\nx = 1\n\n[profile b]\n[profile a]\ny = 2');
    expect(parsed.origins).toEqual({ a: { file: FILE, line: 2 }, b: { file: FILE, line: 5 } });
  });

  test('names such as constructor and __proto__ are plain profiles and touch no prototype', () => {
    const parsed = config('[profile constructor]\nregion = a\n[profile __proto__]\ntostring = b\n__proto__ = c');
    expect(Object.keys(parsed.profiles)).toEqual(['constructor', '__proto__']);
    expect(parsed.profiles.constructor).toEqual({ region: 'a' });
    expect(Object.keys(parsed.profiles.__proto__)).toEqual(['tostring', '__proto__']);
    expect(({} as Record<string, unknown>).tostring).toBeUndefined();
    expect(config('[profile x]').profiles.toString).toBeUndefined();
  });
});

describe('values', () => {
  test('a byte-order mark at the start of the file is ignored', () => {
    expect(config('\uFEFF[profile a]\nregion = us-east-1').profiles).toEqual({ a: { region: 'us-east-1' } });
  });

  test('only spaces and tabs are trimmed: a no-break space is part of the value', () => {
    expect(config('[profile a]\nname = \u00a0x\u00a0 ').profiles.a.name).toBe('\u00a0x\u00a0');
  });

  test('comments: ";" or "#" after whitespace ends a value, adjacent ones are part of it', () => {
    expect(config('[profile a]\nx = 1 ; c\ny = 2;c\nz = a#b # c').profiles.a).toEqual({ x: '1', y: '2;c', z: 'a#b' });
  });

  test('continuation lines join with newlines; an indented comment line is a continuation', () => {
    expect(config('[profile a]\nx = one\n  two\n  # three').profiles.a.x).toBe('one\ntwo\n# three');
  });
});

describe('sub-properties', () => {
  const text = '[profile a]\nregion = us-east-1\ns3 =\n  max_concurrency = 10\n\n  addressing_style = path ; comment\nexpr = a\n  b = c';

  test("the parser keeps them as text (the suite's shape)", () => {
    expect(config(text).profiles.a).toEqual({
      region: 'us-east-1',
      s3: '\nmax_concurrency = 10\naddressing_style = path ; comment',
      expr: 'a\nb = c',
    });
  });
});

describe('merging the two files', () => {
  test('keys from the credentials file win; other keys of both are kept; origins prefer the config file', () => {
    const merged = mergeParsed(
      config('[profile dev]\nregion = us-east-1\naws_access_key_id = FROMCONFIG\n[profile only-config]\na = 1'),
      credentials('[dev]\naws_access_key_id = FROMCREDS\n[only-creds]\nb = 2'),
    );
    expect(merged.profiles).toEqual({
      dev: { region: 'us-east-1', aws_access_key_id: 'FROMCREDS' },
      'only-config': { a: '1' },
      'only-creds': { b: '2' },
    });
    expect(merged.origins.dev).toEqual({ file: FILE, line: 1 });
    expect(merged.origins['only-creds']).toEqual({ file: '/home/me/.aws/credentials', line: 3 });
  });

  test('merging does not modify the parsed inputs', () => {
    const a = config('[profile dev]\nx = 1');
    mergeParsed(a, credentials('[dev]\nx = 2'));
    expect(a.profiles.dev).toEqual({ x: '1' });
  });
});
