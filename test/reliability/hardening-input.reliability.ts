import * as fs from 'node:fs';
import { loadAwsFiles } from '../../src/resolve/loadAwsFiles';
import { classifyProfiles, planCredentialChain } from '../../src/plan';
import { makeSandbox } from '../helpers/sandbox';
import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool } from './helpers/secretScan';

// Issue 25, item 10: bad input and big input. A NUL byte in a config value was accepted silently; `profiles --json`
// on a 14 MB config took three times as long as `credentials`, which parses the same files: for every profile without
// keys it tried to open a vault record (a failed open and an error object each) and every incomplete profile's error
// captured a stack trace that nobody prints.
rememberSecrets(DEV_SECRET);

describe('issue 25 item 10: NUL bytes and large configs', () => {
  test.each([
    [
      'in a config value',
      'config',
      '[profile bizcorprole]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = devcorpuser\nregion = us-east-1\0evil\n\n[profile devcorpuser]\nregion = us-east-1\n',
      4,
    ],
    [
      'in a credentials value',
      'credentials',
      '[devcorpuser]\naws_access_key_id = AKIAWALKTHROUGHDEV01\naws_secret_access_key = abc\0def\n',
      3,
    ],
  ])(
    'item 10: a NUL byte %s is refused in one sentence naming the file and the line',
    async (_where, file, text, line) => {
      const box = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
      const written = box.write(`.aws/${file}`, text);
      for (const args of [['profiles'], ['config'], ['credentials', '--profile', 'devcorpuser']]) {
        const result = await runTool(args, { env: box.env });
        expect({ args, code: result.code }).toEqual({ args, code: 1 });
        expect(oneSentenceProblems(result.stderr)).toEqual([]);
        expect(result.stderr.split('\n')[0]).toBe(
          `Error: ${written}, line ${line}: the line holds a NUL byte, which the AWS tools do not read alike (a binary file, or a value pasted with one).`,
        );
      }
      box.cleanup();
    },
    60_000,
  );

  test('item 10: profiles on 20,000 profiles without keys looks in the vault folder once, not once per profile', () => {
    const box = makeSandbox();
    const sections = Array.from(
      { length: 20_000 },
      (_, i) => `[profile p${i}]\nrole_arn = arn:aws:iam::123456789012:role/r${i}\nsource_profile = p${i + 1}\nregion = us-east-1\n`,
    );
    box.write('.aws/config', `${sections.join('\n')}\n[profile p20000]\nregion = us-east-1\n`);
    fs.mkdirSync(box.path('.amplify-aws-roles/vault'), { recursive: true, mode: 0o700 });
    const files = loadAwsFiles({ env: box.env });
    const vaultFolder = box.path('.amplify-aws-roles/vault');
    const touched: string[] = [];
    const spies = (['openSync', 'readFileSync', 'lstatSync', 'statSync', 'readdirSync', 'existsSync'] as const).map((name) => {
      const original = fs[name] as (...args: unknown[]) => unknown;
      return jest.spyOn(fs, name).mockImplementation(((...args: unknown[]) => {
        if (typeof args[0] === 'string' && args[0].startsWith(vaultFolder)) touched.push(`${name} ${args[0]}`);
        return original.apply(fs, args);
      }) as never);
    });
    try {
      const rows = classifyProfiles(files.profiles, files.ssoSessions, Object.keys(files.profiles), files.vault);
      expect(rows).toHaveLength(20_001);
      expect(rows[0]).toMatchObject({ name: 'p0', kind: 'incomplete' });
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    // The folder is checked and listed (the spies see it), and no record is opened for a profile that has none.
    expect(touched.length).toBeGreaterThan(0);
    expect(touched.length).toBeLessThanOrEqual(3);
    box.cleanup();
  });

  test('item 10: the error that marks a profile incomplete carries no stack trace (nobody prints it; capturing it cost more than the planning)', () => {
    let error: Error | undefined;
    try {
      planCredentialChain({ lonely: { region: 'us-east-1' } }, 'lonely');
    } catch (caught) {
      error = caught as Error;
    }
    expect(error?.message).toMatch(/Profile "lonely" has no credentials/);
    expect(error?.stack ?? '').not.toMatch(/\n\s+at /);
  });
});
