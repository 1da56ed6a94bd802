import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot, OWN_KEY, ProjectCacheStore } from '../../src/cache';
import { runCli } from '../helpers/cli';
import { seedCache } from '../helpers/seedCache';
import { walkthroughSandbox } from '../helpers/walkthrough';

// `cache` shows where everything lives (cache.json, the root; the buckets beside it) and what is never used again;
// cache.json that is not a file stops a cache hit with one sentence.

describe('amplify-aws-roles cache: where everything lives, in words and in JSON', () => {
  const SECRET = 'seeded-secret-access-key-0000000000000';

  function setup() {
    const sandbox = walkthroughSandbox();
    const project = sandbox.project('app');
    const dir = path.join(sandbox.home, '.amplify', 'awscloudformation');
    return { sandbox, project, dir, file: path.join(dir, 'cache.json'), folder: path.join(dir, 'amplify-aws-roles') };
  }

  test('nothing cached yet: cache.json is said to be absent, and what the next write does', async () => {
    const { sandbox, file, folder } = setup();
    const out = await runCli(['cache'], { env: sandbox.env });
    expect([out.code, out.stderr]).toEqual([0, '']);
    expect(out.stdout.trimEnd().split('\n')).toEqual([
      `${file}: the root of the cache, absent (removed, or nothing cached yet); the next write creates it with a new generation. It holds the MFA sessions; removing it removes every cached credential.`,
      `${folder}: the project entries (0 bucket files), each used only while its generation is cache.json's.`,
      'No cached credentials.',
    ]);
    const json = JSON.parse((await runCli(['cache', '--json'], { env: sandbox.env })).stdout);
    expect(json).toEqual({
      file,
      fileExists: false,
      folder,
      bucketFiles: 0,
      orphanedEntries: 0,
      earlierVersionEntries: 0,
      entries: [],
      mfaSessions: [],
    });
    sandbox.cleanup();
  });

  test('an entry and an MFA session: the generation, the bucket count, each entry with its key masked; no secret', async () => {
    const { sandbox, project, file, folder } = setup();
    const { store, scope } = seedCache({ env: sandbox.env, project, profile: 'bizcorprole' });
    store.putMfaSession('AKIAWALKTHROUGHDEV01|arn:aws:iam::210987654321:mfa/dev-user', {
      accessKeyId: 'ASIASESSIONKEY000001',
      secretAccessKey: SECRET,
      sessionToken: 'session-token',
      expiration: new Date(Date.now() + 3600e3),
    });
    const generation: string = JSON.parse(fs.readFileSync(file, 'utf8'))[OWN_KEY].generation;
    const out = await runCli(['cache'], { env: sandbox.env });
    expect([out.code, out.stderr]).toEqual([0, '']);
    const lines = out.stdout.trimEnd().split('\n');
    expect(lines.slice(0, 2)).toEqual([
      `${file}: the root of the cache (generation ${generation.slice(0, 8)}) and the MFA sessions; removing it removes every cached credential.`,
      `${folder}: the project entries (1 bucket file), each used only while its generation is cache.json's.`,
    ]);
    expect(lines.slice(2)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^  ${(scope as { root: string }).root}  profile bizcorprole  arn:aws:iam::123456789012:role/amplify-deployer  key ASIA…0001  expires \\S+ \\(in (59|60) min\\)$`,
        ),
      ),
      expect.stringMatching(
        /^ {2}MFA session AKIA…EV01\|arn:aws:iam::210987654321:mfa\/dev-user {2}key ASIA…0001 {2}expires \S+ \(in (59|60) min\)$/,
      ),
    ]);
    expect(out.stdout).not.toContain(SECRET);
    const json = JSON.parse((await runCli(['cache', '--json'], { env: sandbox.env })).stdout);
    expect(Object.keys(json)).toEqual([
      'file',
      'fileExists',
      'generation',
      'folder',
      'bucketFiles',
      'orphanedEntries',
      'earlierVersionEntries',
      'entries',
      'mfaSessions',
    ]);
    expect([json.fileExists, json.generation, json.bucketFiles, json.entries.length, json.mfaSessions.length]).toEqual([
      true,
      generation,
      1,
      1,
      1,
    ]);
    sandbox.cleanup();
  });

  test('after `rm cache.json`: absent, and the orphaned entry is counted with what deletes it', async () => {
    const { sandbox, project, file } = setup();
    seedCache({ env: sandbox.env, project, profile: 'bizcorprole' });
    fs.rmSync(file);
    const out = await runCli(['cache'], { env: sandbox.env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`${file}: the root of the cache, absent (removed, or nothing cached yet)`);
    expect(out.stdout.trimEnd().split('\n').slice(2)).toEqual([
      'No cached credentials.',
      '1 orphaned entry (stored before cache.json was last removed or emptied) is never used; the next write deletes it (or run reset-cache --all now).',
    ]);
    sandbox.cleanup();
  });

  test('our member written by a newer version: said so, not "the next write makes one" (the next write leaves it alone)', async () => {
    const { sandbox, project, file } = setup();
    seedCache({ env: sandbox.env, project, profile: 'bizcorprole' });
    const newer = JSON.stringify({ [OWN_KEY]: { version: 99, whatever: {} } });
    fs.writeFileSync(file, newer);
    const out = await runCli(['cache'], { env: sandbox.env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      `${file}: the root of the cache (written by a newer version of amplify-aws-roles: this version neither uses nor changes what it holds)`,
    );
    expect(out.stdout).not.toContain('the next write makes one');
    expect(fs.readFileSync(file, 'utf8')).toBe(newer);
    sandbox.cleanup();
  });

  test('entries of an earlier version (a version-1 bucket): counted, with how long they stay and why', async () => {
    const { sandbox, project } = setup();
    const { file: bucket } = seedCache({ env: sandbox.env, project, profile: 'bizcorprole' });
    // The second project must land in another bucket file (the sandbox's random path decides which; 1 in 256 share one).
    const store = new ProjectCacheStore({ home: sandbox.home });
    let other = sandbox.project('app2');
    for (let i = 3; store.bucketFile(findProjectRoot(other)) === bucket; i++) other = sandbox.project(`app${i}`);
    seedCache({ env: sandbox.env, project: other, profile: 'bizcorprole' });
    const data = JSON.parse(fs.readFileSync(bucket, 'utf8'));
    fs.writeFileSync(bucket, JSON.stringify({ ...data, version: 1 }));
    const out = await runCli(['cache'], { env: sandbox.env });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(
      '\n1 entry stored by an earlier version is never used; it stays until it expires, so that the prompt that replaces it can say why (or run reset-cache --all now).',
    );
    sandbox.cleanup();
  });
});

describe('cache.json that is not a file, met on a cache hit', () => {
  test.each([
    ['a named pipe', (file: string) => execFileSync('mkfifo', [file])],
    ['a character device', (file: string) => execFileSync('mknod', [file, 'c', '1', '3'])],
  ])('%s: `credentials` stops at once with one sentence and a non-zero exit, the cached entry left as it was', async (_what, make) => {
    const sandbox = walkthroughSandbox();
    const project = sandbox.project('app');
    const { store, file: bucket } = seedCache({ env: sandbox.env, project, profile: 'bizcorprole' });
    expect((await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: project })).code).toBe(0);
    const before = fs.readFileSync(bucket, 'utf8');
    fs.rmSync(store.file);
    make(store.file);
    const started = Date.now();
    const out = await runCli(['credentials', '--profile', 'bizcorprole'], { env: sandbox.env, cwd: project, timeoutMs: 15_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(out.code).not.toBe(0);
    expect(out.stdout).toBe('');
    expect(out.stderr.trimEnd().split('\n')).toEqual([
      `Error: The cache file ${store.file} is not a regular file; refusing to read or write credentials there.`,
      'Remove it; amplify-aws-roles will create a private file.',
    ]);
    expect(fs.readFileSync(bucket, 'utf8')).toBe(before);
    sandbox.cleanup();
  });
});
