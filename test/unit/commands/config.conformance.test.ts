import * as fs from 'node:fs';
import { runCli } from '../../helpers/cli';
import { conformanceFile } from '../../helpers/conformance';
import { makeSandbox } from '../../helpers/sandbox';

// `config --json` against the cross-SDK suite: for every case that parses, the command's "profiles" and
// "ssoSessions" equal the suite's output for the same files (none of the suite's cases holds a secret key).
const SUITE = conformanceFile('profile-parser-tests.json');
const cases: Array<{
  name: string;
  input: { configFile?: string; credentialsFile?: string };
  output: { config?: { profiles: object; sso_sessions?: object }; errorContaining?: string };
}> = JSON.parse(fs.readFileSync(SUITE, 'utf8')).tests;

test.each(cases.map((c, i) => [`${i + 1}. ${c.name}`, c] as const))('config --json: %s', async (_name, testCase) => {
  const files: Record<string, string> = {};
  if (testCase.input.configFile !== undefined) files['.aws/config'] = testCase.input.configFile;
  if (testCase.input.credentialsFile !== undefined) files['.aws/credentials'] = testCase.input.credentialsFile;
  const sandbox = makeSandbox(files);
  const result = await runCli(['config', '--json'], { env: sandbox.env });
  const printed = JSON.parse(result.stdout);
  if (testCase.output.errorContaining) {
    expect(result.code).toBe(1);
    expect(printed.error.message).toContain(testCase.output.errorContaining);
  } else {
    expect(result.code).toBe(0);
    expect(printed.profiles).toEqual(testCase.output.config!.profiles);
    expect(printed.ssoSessions).toEqual(testCase.output.config!.sso_sessions ?? printed.ssoSessions);
  }
  sandbox.cleanup();
});
