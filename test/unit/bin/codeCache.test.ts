import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findProjectRoot, ProjectCacheStore } from '../../../src/cache';
import { BUILD_ID_PREFIX, buildId, CODE_CACHE_SUFFIX } from '../../../src/bin/codeCache';
import { ROLE_ARN, walkthroughSandbox } from '../../helpers/walkthrough';

// The installed bin runs `credentials` from a V8 code cache made by the build (src/bin/codeCache.ts). These tests
// run the built files: the cache must be used when it belongs to the bundle, and must never make the tool run
// code other than the bundle's own (a rebuilt bundle), fail, or print anything when it is absent or useless.
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
const BUNDLE = 'amplify-aws-roles-credentials.js';

describe('the credentials code cache', () => {
  const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
  const project = sandbox.project('app');
  const seeded = {
    accessKeyId: 'ASIACODECACHETEST001',
    secretAccessKey: 'code-cache-test-secret',
    sessionToken: 'code-cache-test-token',
    expiration: new Date(Date.now() + 3600_000),
    roleArn: ROLE_ARN,
  };
  const copies = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-code-cache-test-'));
  beforeAll(() => new ProjectCacheStore({ home: sandbox.home }).put(findProjectRoot(project), 'bizcorprole', seeded));
  afterAll(() => {
    sandbox.cleanup();
    fs.rmSync(copies, { recursive: true, force: true });
  });

  function run(dir: string, nodeFlags: string[] = []) {
    const result = spawnSync(
      process.execPath,
      [...nodeFlags, path.join(dir, 'amplify-aws-roles.js'), 'credentials', '--profile', 'bizcorprole'],
      {
        env: { ...sandbox.env, AMPLIFY_AWS_ROLES_DEBUG: '1' },
        cwd: project,
        encoding: 'utf8',
        timeout: 20_000,
      },
    );
    const cache = /^code cache: (\w+)$/m.exec(result.stderr)?.[1];
    const other = result.stderr.replace(/^code cache: \w+\n/m, '');
    return { status: result.status, cache, other, output: result.stdout ? JSON.parse(result.stdout) : undefined };
  }

  /** The launcher, the bundle and its cache copied to a folder of their own (new file times, as an npm install has). */
  function copyOfDist(name: string): string {
    const dir = path.join(copies, name);
    fs.mkdirSync(dir);
    for (const file of ['amplify-aws-roles.js', BUNDLE, BUNDLE + CODE_CACHE_SUFFIX])
      fs.copyFileSync(path.join(DIST, file), path.join(dir, file));
    return dir;
  }

  test('the build made one, and a warm run through the installed bin compiles from it', () => {
    expect(fs.statSync(path.join(DIST, BUNDLE + CODE_CACHE_SUFFIX)).size).toBeGreaterThan(10_000);
    const result = run(DIST);
    expect(result).toMatchObject({ status: 0, cache: 'accepted', other: '' });
    expect(result.output).toMatchObject({ Version: 1, AccessKeyId: seeded.accessKeyId });
  });

  test('a rebuilt bundle beside the old cache runs its own code, never the cached one', () => {
    const dir = copyOfDist('rebuilt');
    const file = path.join(dir, BUNDLE);
    const source = fs.readFileSync(file, 'utf8');
    // What a rebuild after a one-character change looks like: same length (V8 alone would accept the old data for
    // it), new build id (the build derives it from the content).
    const edited = source
      .replace('Version: 1,', 'Version: 7,')
      .replace(`${BUILD_ID_PREFIX}${buildId(source)}`, `${BUILD_ID_PREFIX}${'7'.repeat(32)}`);
    expect(buildId(source)).toMatch(/^[0-9a-f]{32}$/);
    expect(edited.length).toBe(source.length);
    expect(run(dir)).toMatchObject({ status: 0, cache: 'accepted' });
    fs.writeFileSync(file, edited);
    const result = run(dir);
    expect(result).toMatchObject({ status: 0, cache: 'stale', other: '' });
    expect(result.output).toMatchObject({ Version: 7, AccessKeyId: seeded.accessKeyId });
  });

  test.each([
    ['absent', (cacheFile: string) => fs.rmSync(cacheFile)],
    ['stale', (cacheFile: string) => fs.writeFileSync(cacheFile, 'not a code cache at all')],
    ['stale', (cacheFile: string) => fs.writeFileSync(cacheFile, '')],
    ['stale', (cacheFile: string) => fs.truncateSync(cacheFile, fs.statSync(cacheFile).size - 100)],
  ])('a cache file that is %s is ignored: same output, no message', (expected, damage) => {
    const dir = copyOfDist(`damaged-${Math.random().toString(36).slice(2)}`);
    damage(path.join(dir, BUNDLE + CODE_CACHE_SUFFIX));
    const result = run(dir);
    expect(result).toMatchObject({ status: 0, cache: expected, other: '' });
    expect(result.output.AccessKeyId).toBe(seeded.accessKeyId);
  });

  test('when the cache cannot be written (here a folder stands at its path), the run still succeeds: one warning, no temp file left', () => {
    const dir = copyOfDist('unwritable');
    const cacheFile = path.join(dir, BUNDLE + CODE_CACHE_SUFFIX);
    fs.rmSync(cacheFile);
    fs.mkdirSync(cacheFile);
    const result = spawnSync(process.execPath, [path.join(dir, 'amplify-aws-roles.js'), 'credentials', '--profile', 'bizcorprole'], {
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_WRITE_CODE_CACHE: '1' },
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(seeded.accessKeyId);
    expect(result.stderr).toMatch(/^Warning: could not write the code cache .*\.v8-cache \(E[A-Z]+\)\.\n$/);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('a named pipe at the cache path hangs nothing: compiled as usual, in the usual time', () => {
    const dir = copyOfDist('fifo');
    const cacheFile = path.join(dir, BUNDLE + CODE_CACHE_SUFFIX);
    fs.rmSync(cacheFile);
    spawnSync('mkfifo', [cacheFile]);
    // Before: the read waited for a writer that never came, until the 20 s timeout killed the run.
    expect(run(dir)).toMatchObject({ status: 0, cache: 'absent', other: '' });
    expect(fs.statSync(cacheFile).isFIFO()).toBe(true);
  });

  test("the header names this Node version: a cache from another Node release is not trusted on V8's word alone", () => {
    const header = fs
      .readFileSync(path.join(DIST, BUNDLE + CODE_CACHE_SUFFIX))
      .subarray(0, 200)
      .toString('latin1')
      .split('\n')[0];
    expect(header).toContain(` ${process.version} ${process.arch} `);
    const dir = copyOfDist('other-node');
    const cacheFile = path.join(dir, BUNDLE + CODE_CACHE_SUFFIX);
    const data = fs.readFileSync(cacheFile);
    const end = data.indexOf(10);
    fs.writeFileSync(cacheFile, Buffer.concat([Buffer.from(header.replace(process.version, 'v20.0.0'), 'latin1'), data.subarray(end)]));
    expect(run(dir)).toMatchObject({ status: 0, cache: 'stale', other: '' });
  });

  test('data made under other V8 flags (NODE_OPTIONS=--max-old-space-size, common with Amplify) is rejected by V8 and compiled as usual', () => {
    const result = run(DIST, ['--max-old-space-size=1000']);
    expect(result).toMatchObject({ status: 0, cache: 'rejected', other: '' });
    expect(result.output.AccessKeyId).toBe(seeded.accessKeyId);
  });

  test('a mistake still ends in one sentence and exit 1 when the bundle runs from the cache', () => {
    const result = spawnSync(process.execPath, [path.join(DIST, 'amplify-aws-roles.js'), 'credentials', '--profile', 'no-such-profile'], {
      env: { ...sandbox.env },
      cwd: project,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Error: .*no-such-profile/);
    expect(result.stdout).toBe('');
  });
});
