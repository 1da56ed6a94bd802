import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFORMANCE_DIR, conformanceFile, loadConformance } from './helpers/conformance';
import { ConfigParseError, mergeParsed, parseAwsIni, resolveFileLocations, selectedProfile } from '../src/config';

// The cross-SDK suite published by the AWS SDK teams (smithy-rs test-data), kept unchanged in test/conformance/.
// Missing data fails the run: these tests must not be skipped.
const load = (name: string) => loadConformance(name);

const parserCases = load('profile-parser-tests.json').tests;
const locationCases = load('file-location-tests.json').tests;
const CONFIG = '/home/user/.aws/config';
const CREDENTIALS = '/home/user/.aws/credentials';

test("the copies in test/conformance are upstream's text, unchanged (digests listed in its README)", () => {
  const readme = fs.readFileSync(path.join(CONFORMANCE_DIR, 'README.md'), 'utf8');
  for (const name of ['profile-parser-tests.json', 'file-location-tests.json']) {
    const digest = createHash('sha256')
      .update(fs.readFileSync(conformanceFile(name)))
      .digest('hex');
    expect(readme).toMatch(new RegExp(`\\| \`${name.replace('.', '\\.')}\` \\|[^\\n]*\`${digest}\``));
  }
});

test('the suite has the 65 parser cases and 9 location cases it advertises', () => {
  expect(parserCases).toHaveLength(65);
  expect(locationCases).toHaveLength(9);
});

describe('profile parser conformance', () => {
  test.each(parserCases.map((c, i) => [`${i + 1}. ${c.name}`, c]))('%s', (_name, testCase) => {
    const run = () =>
      mergeParsed(
        parseAwsIni(testCase.input.configFile ?? '', { file: CONFIG, kind: 'config' }),
        parseAwsIni(testCase.input.credentialsFile ?? '', { file: CREDENTIALS, kind: 'credentials' }),
      );
    if (testCase.output.errorContaining) {
      let error: unknown;
      try {
        run();
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigParseError);
      expect((error as Error).message).toContain(testCase.output.errorContaining);
      expect((error as ConfigParseError).message).toContain(
        `${(error as ConfigParseError).file}, line ${(error as ConfigParseError).line}:`,
      );
      expect([CONFIG, CREDENTIALS]).toContain((error as ConfigParseError).file);
      return;
    }
    const result = run();
    expect(result.profiles).toEqual(testCase.output.config.profiles);
    if ('sso_sessions' in testCase.output.config) expect(result.ssoSessions).toEqual(testCase.output.config.sso_sessions);
  });
});

describe('file location conformance', () => {
  test.each(locationCases.map((c, i) => [`${i + 1}. ${c.platform}: ${c.name}`, c]))('%s', (_name, testCase) => {
    const platform: NodeJS.Platform = testCase.platform === 'windows' ? 'win32' : 'linux';
    const locations = resolveFileLocations(testCase.environment, platform);
    expect(locations.configFile).toBe(testCase.configLocation);
    expect(locations.credentialsFile).toBe(testCase.credentialsLocation);
    expect(selectedProfile(testCase.environment)).toBe(testCase.profile ?? 'default');
  });
});
