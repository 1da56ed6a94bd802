import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { configureProject } from '../../src/amplify/configureProject';
import * as readModule from '../../src/config/readConfigFile';
import { runDoctor } from '../../src/doctor';
import type { ToolError } from '../../src/errors';
import { takeOverProfiledAwsConfig } from '../../src/plugin/takeover/profiledAwsConfig';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { BRIDGE_PROGRAM } from '../helpers/configureProjectRun';
import { useSts } from '../helpers/sts';
import { textSink } from '../helpers/textSink';
import { walkthroughSandbox } from '../helpers/walkthrough';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'amplify-project');

// Issue 24 item 4: one takeover call, one configure-project, one doctor run read and parse ~/.aws/config and
// ~/.aws/credentials once each; the parsed files are handed down to the resolver instead of being read again.
// Counted twice: the loads (readConfigFile, whose text loadAwsConfig parses) and the files' opens (fs.openSync on
// their paths: every read, the loader's or anyone's).
describe('the shared files are read and parsed once per call (against the strict STS stand-in)', () => {
  const sts = useSts({ newDeviceEachTest: true });

  function counting(sandbox: { path(relative: string): string }) {
    const watched = new Map([sandbox.path('.aws/config'), sandbox.path('.aws/credentials')].map((file) => [file, { loads: 0, opens: 0 }]));
    const openSync = fs.openSync.bind(fs) as (...args: unknown[]) => number;
    const opens = jest.spyOn(fs, 'openSync').mockImplementation((...args: unknown[]) => {
      const counts = watched.get(String(args[0]));
      if (counts) counts.opens += 1;
      return openSync(...args);
    });
    const readConfigFile = readModule.readConfigFile;
    const loads = jest.spyOn(readModule, 'readConfigFile').mockImplementation((file) => {
      const counts = watched.get(file);
      if (counts) counts.loads += 1;
      return readConfigFile(file);
    });
    return {
      counts: () => Object.fromEntries([...watched].map(([file, counts]) => [path.basename(file), counts])),
      restore: () => (opens.mockRestore(), loads.mockRestore()),
    };
  }
  const ONCE = { config: { loads: 1, opens: 1 }, credentials: { loads: 1, opens: 1 } };

  test('a takeover call (getProfiledAwsConfig for a role profile that must be assumed)', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const code = await sts.walkthrough.user.device.code();
    const original = () => Promise.resolve({ from: 'built-in' });
    const getProfiledAwsConfig = takeOverProfiledAwsConfig(original, {
      env: sandbox.env,
      cwd: () => sandbox.home,
      stdin: new PassThrough(),
      stderr: textSink(),
      mfa: () => mfaCodeProvider(() => Promise.resolve(code), true),
      cliError: (error: ToolError) => new Error(error.message),
    });
    const context = { exeInfo: { isNewProject: true, localEnvInfo: { projectPath: sandbox.project('newapp') } } };
    const count = counting(sandbox);
    try {
      const answer = await getProfiledAwsConfig(context, 'bizcorprole');
      expect((answer.credentials as { accessKeyId: string }).accessKeyId).toMatch(/^ASIA/);
      expect(count.counts()).toEqual(ONCE);
    } finally {
      count.restore();
      sandbox.cleanup();
    }
  });

  test('configure-project (choose, plan the bridge, verify with STS, write)', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const root = sandbox.path('projects/app');
    fs.cpSync(FIXTURE, root, { recursive: true });
    const stdout = textSink();
    const count = counting(sandbox);
    try {
      const code = await configureProject({
        env: sandbox.env,
        cwd: root,
        profile: 'bizcorprole',
        yes: true,
        interactive: false,
        mfaCode: await sts.walkthrough.user.device.code(),
        stdin: new PassThrough(),
        stdout,
        stderr: textSink(),
        program: () => BRIDGE_PROGRAM,
      });
      expect(code).toBe(0);
      expect(stdout.text()).toContain('It signs in as arn:aws:sts::123456789012:assumed-role/amplify-deployer/');
      // The bridge section is written afterwards: the editor reads the config file again under its lock (a
      // read-modify-write must), which is an edit, not a second load of the profiles.
      expect(count.counts()).toEqual({ config: { loads: 1, opens: expect.any(Number) }, credentials: ONCE.credentials });
    } finally {
      count.restore();
      sandbox.cleanup();
    }
  });

  test('a doctor run (the offline checks, then AssumeRole and the Gen 1 app check with the new credentials)', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const mfaCode = await sts.walkthrough.user.device.code();
    const count = counting(sandbox);
    try {
      const report = await runDoctor(
        { env: sandbox.env, cwd: sandbox.home, profile: 'bizcorprole', mfaCode, stdin: new PassThrough(), stderr: textSink() },
        { gen1Apps: () => Promise.resolve({ apps: [], withBackend: { appId: 'd1', name: 'app', environment: 'dev' } }) },
      );
      expect(report.checks.find((check) => check.id === 'assume-role')?.status).toBe('pass');
      expect(report.checks.find((check) => check.id === 'gen1-app')?.status).toBe('pass');
      // Each file is opened once more before the load: the file checks scan its text for an aws_secret_access_key
      // line, even in a file that does not parse (gatherFacts' fileFacts).
      expect(count.counts()).toEqual({ config: { loads: 1, opens: 2 }, credentials: { loads: 1, opens: 2 } });
    } finally {
      count.restore();
      sandbox.cleanup();
    }
  });
});
