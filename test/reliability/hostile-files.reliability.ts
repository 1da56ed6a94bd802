import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot, ProjectCacheStore, scopeKey } from '../../src/cache';
import { ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';
import { useSts } from '../helpers/sts';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool, scanOutputsForSecrets } from './helpers/secretScan';

// The cache file and folder tampered with: replaced by symlinks, opened up, owned by someone else, or not files
// at all. The command line refuses (one sentence, before any STS call) or repairs with a warning, and never
// writes credentials through a symlink.
// The strict STS stand-in in front of moto; each test is a new dev-user with a device of its own (codes never wait).
const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
scanOutputsForSecrets(() => sts.issuedSecrets());
const code = () => sts.walkthrough.user.device.code();

const SEEDED = {
  accessKeyId: 'ASIASEEDEDHOSTILE001',
  secretAccessKey: 'seeded-hostile-secret-key-000000001',
  sessionToken: 'seeded-hostile-session-token-0000001',
};
rememberSecrets(SEEDED.secretAccessKey, SEEDED.sessionToken);

function setup() {
  const sandbox = walkthroughSandbox({ sts });
  rememberSecrets(sts.walkthrough.user.secretAccessKey);
  const project = sandbox.project('app');
  const dir = sandbox.path('.amplify/awscloudformation');
  const file = path.join(dir, 'cache.json');
  const resolve = async (mfa = true) =>
    runTool(['credentials', '--profile', 'bizcorprole', ...(mfa ? ['--mfa-code', await code()] : [])], {
      env: sandbox.env,
      cwd: project,
      timeoutMs: 15_000,
    });
  /** A fresh cache entry for the project, written the normal way. */
  const seed = (home = sandbox.home) =>
    new ProjectCacheStore({ home }).put(findProjectRoot(project), 'bizcorprole', {
      ...SEEDED,
      expiration: new Date(Date.now() + 3600_000),
      roleArn: ROLE_ARN,
    });
  /** The bucket file holding the project's entries (project entries do not live in cache.json). */
  const bucket = new ProjectCacheStore({ home: sandbox.home }).bucketFile(findProjectRoot(project));
  return { sandbox, project, dir, file, bucket, resolve, seed };
}

function expectRefusal(result: { code: number; stdout: string; stderr: string }, reason: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe('');
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  expect(result.stderr.split('\n')[0]).toMatch(reason);
}

const snapshot = (target: string) => ({
  text: fs.readFileSync(target, 'utf8'),
  mode: fs.statSync(target).mode,
  mtimeMs: fs.statSync(target).mtimeMs,
});
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

describe('symlinks', () => {
  test('cache.json is a symlink to a file elsewhere: refused before STS is called; the target is untouched', async () => {
    const { sandbox, dir, file, resolve } = setup();
    const target = sandbox.write('elsewhere.json', '{"mine": true}\n', 0o644);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.symlinkSync(target, file);
    const before = snapshot(target);
    expectRefusal(await resolve(), /cache file .*cache\.json is a symbolic link/);
    expect(await sts.requests()).toHaveLength(0);
    expect(snapshot(target)).toEqual(before);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    sandbox.cleanup();
  });

  test('cache.json is a dangling symlink: refused; its target is not created', async () => {
    const { sandbox, dir, file, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.symlinkSync(sandbox.path('not-there.json'), file);
    expectRefusal(await resolve(), /symbolic link/);
    expect(fs.existsSync(sandbox.path('not-there.json'))).toBe(false);
    sandbox.cleanup();
  });

  test('the cache folder is a symlink to an empty folder elsewhere: refused; nothing is written there', async () => {
    const { sandbox, dir, resolve } = setup();
    const elsewhere = sandbox.path('elsewhere-dir');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    fs.symlinkSync(elsewhere, dir);
    expectRefusal(await resolve(), /cache folder .* is a symbolic link/);
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(await sts.requests()).toHaveLength(0);
    sandbox.cleanup();
  });

  // Found by this suite: a cache hit used to read cache.json through a symlinked folder without a word.
  test('the cache folder is a symlink to a folder holding a fresh cache: refused too, not read silently', async () => {
    const { sandbox, dir, resolve, seed } = setup();
    const other = sandbox.path('other-home');
    seed(other);
    fs.mkdirSync(path.dirname(dir), { recursive: true, mode: 0o700 });
    fs.symlinkSync(path.join(other, '.amplify', 'awscloudformation'), dir);
    expectRefusal(await resolve(false), /symbolic link/);
    sandbox.cleanup();
  });

  test('the write lock is a symlink to a victim file: the resolve still completes and the victim is untouched', async () => {
    const { sandbox, dir, file, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const victim = sandbox.write('victim.txt', 'precious\n', 0o644);
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(victim, old, old);
    fs.symlinkSync(victim, `${file}.lock`);
    const before = snapshot(victim);
    const result = await resolve();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(snapshot(victim)).toEqual(before);
    sandbox.cleanup();
  });

  test('the resolve lock is a symlink to a victim file: the resolve still completes and the victim is untouched', async () => {
    const { sandbox, project, dir, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const store = new ProjectCacheStore({ home: sandbox.home });
    const victim = sandbox.write('victim.txt', 'precious\n', 0o644);
    const old = new Date(Date.now() - 3600_000);
    fs.utimesSync(victim, old, old);
    fs.symlinkSync(victim, store.resolveLockFile(`${scopeKey(findProjectRoot(project))}\nbizcorprole`));
    const before = snapshot(victim);
    const result = await resolve();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(snapshot(victim)).toEqual(before);
    sandbox.cleanup();
  });
});

describe('permissions and ownership', () => {
  test('a bucket file with mode 0644: repaired to 0600 with a warning, and the cached credentials are used', async () => {
    const { sandbox, bucket, resolve, seed } = setup();
    seed();
    fs.chmodSync(bucket, 0o644);
    const result = await resolve(false);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(SEEDED.accessKeyId);
    expect(result.stderr).toMatch(/^Warning: .*projects-[0-9a-f]{2}\.json had mode 644; it now has mode 600\.\n$/);
    expect(fs.statSync(bucket).mode & 0o777).toBe(0o600);
    sandbox.cleanup();
  });

  test('a cache folder with mode 0777 is repaired to 0700 with a warning before credentials are written', async () => {
    const { sandbox, dir, bucket, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o777);
    const result = await resolve();
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Warning: .*awscloudformation had mode 777; it now has mode 700/);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.statSync(path.dirname(bucket)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(bucket).mode & 0o777).toBe(0o600);
    sandbox.cleanup();
  });

  test('the folder of bucket files with mode 0777 is repaired to 0700 with a warning on a cache hit', async () => {
    const { sandbox, bucket, resolve, seed } = setup();
    seed();
    fs.chmodSync(path.dirname(bucket), 0o777);
    const result = await resolve(false);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Warning: .*amplify-aws-roles had mode 777; it now has mode 700/);
    expect(fs.statSync(path.dirname(bucket)).mode & 0o777).toBe(0o700);
    sandbox.cleanup();
  });

  // Found by this suite: on a cache hit only the file used to be checked, so a 0777 folder stayed open.
  test('a cache folder with mode 0777 is repaired (or reported) on a cache hit too', async () => {
    const { sandbox, dir, resolve, seed } = setup();
    seed();
    fs.chmodSync(dir, 0o777);
    const result = await resolve(false);
    expect(result.code).toBe(0);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    sandbox.cleanup();
  });

  (isRoot ? test : test.skip)('a bucket file owned by another user: refused before STS is called; the file is untouched', async () => {
    const { sandbox, bucket, resolve, seed } = setup();
    seed();
    fs.chownSync(bucket, 4242, 4242);
    const before = snapshot(bucket);
    expectRefusal(await resolve(), /belongs to another user \(uid 4242\)/);
    expect(await sts.requests()).toHaveLength(0);
    expect(snapshot(bucket)).toEqual(before);
    sandbox.cleanup();
  });

  (isRoot ? test : test.skip)('a cache folder owned by another user: refused before credentials are written there', async () => {
    const { sandbox, dir, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.chownSync(dir, 4242, 4242);
    expectRefusal(await resolve(), /cache folder .* belongs to another user/);
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith('.lock'))).toEqual([]);
    sandbox.cleanup();
  });
});

describe('not a file at all', () => {
  test('cache.json is a named pipe: refused at once (no read that blocks forever)', async () => {
    const { sandbox, dir, file, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    execFileSync('mkfifo', [file]);
    expectRefusal(await resolve(), /not a regular file/);
    sandbox.cleanup();
  });

  test('cache.json is a folder: refused', async () => {
    const { sandbox, dir, file, resolve } = setup();
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.mkdirSync(file);
    expectRefusal(await resolve(), /not a regular file/);
    sandbox.cleanup();
  });

  test('~/.amplify is a file: one sentence naming it', async () => {
    const { sandbox, resolve } = setup();
    sandbox.write('.amplify', 'not a folder\n');
    expectRefusal(await resolve(), /\.amplify/);
    sandbox.cleanup();
  });
});
