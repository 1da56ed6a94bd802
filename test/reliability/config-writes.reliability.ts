import * as fs from 'node:fs';
import * as path from 'node:path';
import { walkthroughConfig, walkthroughSandbox } from '../helpers/walkthrough';
import { useSts } from '../helpers/sts';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool, scanOutputsForSecrets } from './helpers/secretScan';

// ~/.aws/config as users really keep it, edited by `configure-project` and undone by `--remove` through the
// command line: without a final newline, a dangling symlink from a dotfiles manager, another user's file edited as
// root, and paths that are not files at all (issue 15, items 7 and 8 and the smaller ones).
// The strict STS stand-in in front of moto; each test is a new dev-user with a device of its own (codes never wait).
const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
scanOutputsForSecrets(() => sts.issuedSecrets());
const code = () => sts.walkthrough.user.device.code();

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'amplify-project');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function setup(config?: string) {
  const sandbox = walkthroughSandbox({ sts });
  rememberSecrets(sts.walkthrough.user.secretAccessKey);
  const configFile = sandbox.path('.aws/config');
  if (config === undefined) fs.rmSync(configFile);
  else fs.writeFileSync(configFile, config);
  const project = sandbox.path('projects/app');
  fs.cpSync(FIXTURE, project, { recursive: true });
  const run = async (...extra: string[]) =>
    runTool(['configure-project', '--profile', 'bizcorprole', '--yes', '--mfa-code', await code(), ...extra], {
      env: sandbox.env,
      cwd: project,
      timeoutMs: 20_000,
    });
  const remove = () => runTool(['configure-project', '--remove'], { env: sandbox.env, cwd: project, timeoutMs: 20_000 });
  return { sandbox, configFile, run, remove };
}

test('a config without a final newline: configure-project, then --remove, restores it byte for byte', async () => {
  const original = walkthroughConfig().replace(/\n+$/, '');
  const { sandbox, configFile, run, remove } = setup(original);
  expect((await run()).code).toBe(0);
  expect(fs.readFileSync(configFile, 'utf8')).toMatch(/# managed by amplify-aws-roles\ncredential_process = /);
  expect((await remove()).code).toBe(0);
  expect(fs.readFileSync(configFile, 'latin1')).toBe(original);
  sandbox.cleanup();
});

test("~/.aws/config is a dangling symlink: the bridge is written to the link's target (created), the link stays", async () => {
  const { sandbox, configFile, run, remove } = setup(undefined);
  const target = sandbox.path('dotfiles/aws/config');
  fs.symlinkSync('../dotfiles/aws/config', configFile);
  // The profiles live in the credentials file here, so the dangling config holds nothing yet.
  fs.appendFileSync(sandbox.path('.aws/credentials'), `\n${walkthroughConfig().replace(/\[profile /g, '[')}`);
  const result = await run();
  expect(result.code).toBe(0);
  expect(fs.lstatSync(configFile).isSymbolicLink()).toBe(true);
  expect(fs.readFileSync(target, 'utf8')).toMatch(/^\[profile amplify-\S+\]\n# managed by amplify-aws-roles\ncredential_process = /);
  expect(fs.statSync(target).mode & 0o777).toBe(0o600);
  expect((await remove()).code).toBe(0);
  expect(fs.lstatSync(configFile).isSymbolicLink()).toBe(true);
  sandbox.cleanup();
});

(isRoot ? test : test.skip)(
  'as root, a config owned by another user keeps its owner, group and mode through configure-project and --remove',
  async () => {
    const { sandbox, configFile, run, remove } = setup(walkthroughConfig());
    fs.chownSync(configFile, 4242, 4343);
    fs.chmodSync(configFile, 0o640);
    expect((await run()).code).toBe(0);
    expect(fs.statSync(configFile)).toMatchObject({ uid: 4242, gid: 4343 });
    expect(fs.statSync(configFile).mode & 0o777).toBe(0o640);
    const backups = fs.readdirSync(path.dirname(configFile)).filter((name) => name.startsWith('config.bak-'));
    expect(backups).toHaveLength(1);
    expect(fs.statSync(path.join(path.dirname(configFile), backups[0]))).toMatchObject({ uid: 4242, gid: 4343 });
    expect((await remove()).code).toBe(0);
    expect(fs.statSync(configFile)).toMatchObject({ uid: 4242, gid: 4343 });
    sandbox.cleanup();
  },
);

test.each([['a named pipe'], ['/dev/zero']])(
  'the config is %s: configure-project refuses in one sentence instead of hanging, before STS',
  async (which) => {
    const { sandbox, configFile, run } = setup(undefined);
    let file = configFile;
    if (which === '/dev/zero') {
      file = '/dev/zero';
      sandbox.env.AWS_CONFIG_FILE = file;
    } else {
      require('node:child_process').execFileSync('mkfifo', [configFile]);
    }
    const started = Date.now();
    const result = await run();
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(oneSentenceProblems(result.stderr)).toEqual([]);
    expect(result.stderr.split('\n')[0]).toBe(
      `Error: Could not read ${file}: it is ${which === '/dev/zero' ? 'a device' : 'a named pipe'}, not a regular file.`,
    );
    expect(await sts.requests()).toHaveLength(0);
    sandbox.cleanup();
  },
);
