import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findProjectRoot, ProjectCacheStore } from '../../../src/cache';
import { ROLE_ARN, walkthroughSandbox } from '../../helpers/walkthrough';

// A credentials call answered from the cache runs on every Amplify command: it must not load the AWS SDK, the
// Amplify CLI's modules or the prompt library. A require hook (the benchmark's, built into dist/bench) lists what
// the process loaded.
const DIST = path.resolve(__dirname, '..', '..', '..', 'dist');
const RECORDER = path.join(DIST, 'bench', 'moduleRecorder.js');
const HEAVY = /[\\/]node_modules[\\/](@aws-sdk|@smithy|@aws-amplify|amplify-cli-core|amplify-prompts|enquirer)[\\/]/;

function loadedModules(bin: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  if (!fs.existsSync(RECORDER)) throw new Error(`${RECORDER} is missing: run "npm run build" first (npm test does).`);
  const log = path.join(env.HOME!, `modules-${path.basename(bin)}.json`);
  const result = spawnSync(process.execPath, ['-r', RECORDER, bin, ...args], {
    env: { ...env, AAR_MODULE_LOG: log },
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
  });
  const { files, internals } = JSON.parse(fs.readFileSync(log, 'utf8')) as { files: string[]; internals: string[] };
  return { result, files, internals };
}

const BINS = [
  ['the bundled bin', path.join(DIST, 'amplify-aws-roles.js')],
  ['the unbundled dist/src/bin/bin.js', path.join(DIST, 'src', 'bin', 'bin.js')],
];

describe('modules loaded by a credentials call', () => {
  const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
  const project = sandbox.project('app');
  const seeded = {
    accessKeyId: 'ASIAWARMPATH00000001',
    secretAccessKey: 'warm-path-secret',
    sessionToken: 'warm-path-token',
    expiration: new Date(Date.now() + 3600_000),
    roleArn: ROLE_ARN,
  };
  afterAll(() => sandbox.cleanup());

  test.each(BINS)('a cache hit through %s loads no @aws-sdk, @smithy, Amplify or enquirer module', (_name, bin) => {
    new ProjectCacheStore({ home: sandbox.home }).put(findProjectRoot(project), 'bizcorprole', seeded);
    const { result, files } = loadedModules(bin, ['credentials', '--profile', 'bizcorprole'], sandbox.env, project);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(seeded.accessKeyId);
    expect(files.filter((f) => HEAVY.test(f))).toEqual([]);
  });

  // Node's own modules cost time too: process.stdout/stdin build streams, fs.promises loads readline and streams,
  // node:util's parseArgs and node:crypto load their own. A cache hit needs none of them.
  const SLOW_BUILTINS =
    /^(stream|internal\/streams\/|readline|internal\/readline|internal\/fs\/promises|internal\/fs\/streams|internal\/util\/parse_args|crypto|internal\/crypto|os$|child_process|net$|tty$)/;

  test.each(BINS)('a cache hit through %s loads no stream, readline, parseArgs, crypto, os or tty module of Node', (_name, bin) => {
    new ProjectCacheStore({ home: sandbox.home }).put(findProjectRoot(project), 'bizcorprole', seeded);
    const { result, internals } = loadedModules(bin, ['credentials', '--profile', 'bizcorprole'], sandbox.env, project);
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(seeded.accessKeyId);
    expect(internals.filter((m) => SLOW_BUILTINS.test(m))).toEqual([]);
  });

  test('a cache hit for a profile with keys in the files loads no vault module (the vault is read only for profiles without keys)', () => {
    new ProjectCacheStore({ home: sandbox.home }).put(findProjectRoot(project), 'bizcorprole', seeded);
    const { files } = loadedModules(
      path.join(DIST, 'src', 'bin', 'bin.js'),
      ['credentials', '--profile', 'bizcorprole'],
      sandbox.env,
      project,
    );
    expect(
      files
        .map((f) => path.relative(DIST, f))
        .filter((f) => f.startsWith(path.join('src', 'vault')) || f === path.join('src', 'plan', 'types.js')),
    ).toEqual([]);
  });

  // Keys moved to the vault: the plan reads the record's key id (fs only); nothing opens the vault on a cache hit.
  test.each(BINS)('a cache hit for a vault-backed source profile through %s loads no crypto, keyring or other new module', (_name, bin) => {
    const vaultHome = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    try {
      vaultHome.write('.aws/credentials', '');
      vaultHome.write(
        '.amplify-aws-roles/vault/devcorpuser.json',
        JSON.stringify({
          version: 1,
          profile: 'devcorpuser',
          backend: 'keychain',
          accessKeyId: 'AKIAWARMVAULT0000001',
          created: new Date().toISOString(),
        }),
        0o600,
      );
      const app = vaultHome.project('app');
      new ProjectCacheStore({ home: vaultHome.home }).put(findProjectRoot(app), 'bizcorprole', seeded);
      const { result, files, internals } = loadedModules(bin, ['credentials', '--profile', 'bizcorprole'], vaultHome.env, app);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).AccessKeyId).toBe(seeded.accessKeyId);
      expect(files.filter((f) => HEAVY.test(f) || /keyring/.test(f))).toEqual([]);
      expect(internals.filter((m) => SLOW_BUILTINS.test(m))).toEqual([]);
    } finally {
      vaultHome.cleanup();
    }
  });

  // An aws login session as the source: the plan reads login_session only; the login cache and the SDK's provider
  // are opened only when the role must be assumed again.
  test.each(BINS)(
    'a cache hit for a role on top of an aws login session through %s loads no SDK, crypto or other new module',
    (_name, bin) => {
      const loginHome = walkthroughSandbox({
        motoUrl: 'http://127.0.0.1:9',
        extraConfig:
          '[profile devlogin]\nlogin_session = arn:aws:iam::210987654321:user/dev-user\n\n[profile bizlogin]\nrole_arn = arn:aws:iam::123456789012:role/amplify-deployer\nsource_profile = devlogin\nregion = us-east-1\n',
      });
      try {
        const app = loginHome.project('app');
        new ProjectCacheStore({ home: loginHome.home }).put(findProjectRoot(app), 'bizlogin', seeded);
        const { result, files, internals } = loadedModules(bin, ['credentials', '--profile', 'bizlogin'], loginHome.env, app);
        expect(result.stderr).toBe('');
        expect(JSON.parse(result.stdout).AccessKeyId).toBe(seeded.accessKeyId);
        expect(files.filter((f) => HEAVY.test(f))).toEqual([]);
        expect(internals.filter((m) => SLOW_BUILTINS.test(m))).toEqual([]);
      } finally {
        loginHome.cleanup();
      }
    },
  );

  test('the bundled bin compiles the credentials bundle (from its code cache), and nothing else of ours', () => {
    new ProjectCacheStore({ home: sandbox.home }).put(findProjectRoot(project), 'bizcorprole', seeded);
    const { files } = loadedModules(
      path.join(DIST, 'amplify-aws-roles.js'),
      ['credentials', '--profile', 'bizcorprole'],
      sandbox.env,
      project,
    );
    expect(files.map((f) => path.relative(DIST, f)).sort()).toEqual(['amplify-aws-roles-credentials.js', 'amplify-aws-roles.js']);
  });

  test('the same check does see them on a cache miss (the SDK that reaches STS loads them)', () => {
    new ProjectCacheStore({ home: sandbox.home }).removeAll();
    const { internals } = loadedModules(
      path.join(DIST, 'amplify-aws-roles.js'),
      ['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'],
      sandbox.env,
      project,
    );
    expect(internals.filter((m) => SLOW_BUILTINS.test(m)).length).toBeGreaterThan(0);
  });

  test('the hook does see the SDK when a call has to reach STS (here an unreachable one)', () => {
    new ProjectCacheStore({ home: sandbox.home }).removeAll();
    const { result, files } = loadedModules(
      path.join(DIST, 'amplify-aws-roles.js'),
      ['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'],
      sandbox.env,
      project,
    );
    expect(result.status).not.toBe(0);
    expect(files.some((f) => /[\\/]@aws-sdk[\\/]client-sts[\\/]/.test(f))).toBe(true);
  });
});
