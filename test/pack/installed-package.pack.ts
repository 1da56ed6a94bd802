/**
 * The installed copy, not the clone: the bin npm linked into the prefix, the plugin main the Amplify CLI requires, and
 * `amplify-aws-roles/provider` with its types, each run against moto. The folder comes from AMPLIFY_AWS_ROLES_PLUGIN_DIR
 * (set by .ci/run after scripts/pack-install.sh) or is installed here by that script into a throwaway prefix.
 * These talk to moto directly: they check the installed files run, not STS's rules, and they run the installed bin
 * with spawnSync, which would block the strict stand-in (it answers from this test process, not a server of its own).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../helpers/cli';
import { useMoto } from '../helpers/moto';
import { DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';

const moto = useMoto();
let installed: string;
let bin: string;
let scratch: string;

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-pack-'));
  installed =
    process.env.AMPLIFY_AWS_ROLES_PLUGIN_DIR ||
    execFileSync('bash', [path.join(ROOT, 'scripts', 'pack-install.sh'), path.join(scratch, 'prefix')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      timeout: 300000,
    }).trim();
  installed = fs.realpathSync(installed);
  // npm i -g links bins into <prefix>/bin; the installed folder is <prefix>/lib/node_modules/<name>.
  bin = path.join(installed, '..', '..', '..', 'bin', 'amplify-aws-roles');
}, 300000);
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function runInstalled(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return spawnSync(bin, args, { env, cwd, encoding: 'utf8', timeout: 60000 });
}

test('the copy is an install of the tarball, apart from the clone', () => {
  expect(installed.startsWith(fs.realpathSync(ROOT) + path.sep)).toBe(false);
  expect(fs.existsSync(path.join(installed, 'src'))).toBe(false);
  expect(fs.existsSync(path.join(installed, 'dist', 'scripts'))).toBe(false);
  expect(fs.realpathSync(bin)).toBe(path.join(installed, 'dist', 'amplify-aws-roles.js'));
});

test('its bin prints the version and resolves the walkthrough role through moto, from the code cache', () => {
  const sandbox = walkthroughSandbox({ motoUrl: moto.url });
  const cwd = sandbox.project('app');
  const version = runInstalled(['--version'], sandbox.env, cwd);
  expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).version);
  expect(version.status).toBe(0);

  const whoami = runInstalled(['whoami', '--profile', 'bizcorprole', '--mfa-code', '123456', '--json'], sandbox.env, cwd);
  expect(whoami.status).toBe(0);
  expect(JSON.parse(whoami.stdout)).toMatchObject({ profile: 'bizcorprole', account: '123456789012' });
  expect(whoami.stdout + whoami.stderr).not.toContain(DEV_SECRET);

  // The warm credential_process path of the installed bin: a cache hit, compiled from the code cache the build made.
  const warm = runInstalled(['credentials', '--profile', 'bizcorprole'], { ...sandbox.env, AMPLIFY_AWS_ROLES_DEBUG: '1' }, cwd);
  expect(warm.status).toBe(0);
  expect(JSON.parse(warm.stdout)).toMatchObject({ Version: 1, AccessKeyId: expect.stringMatching(/^ASIA/) });
  expect(warm.stderr).toContain('code cache: accepted');
  sandbox.cleanup();
});

test('the plugin main the Amplify CLI requires loads from the installed folder and exports the plugin functions', () => {
  const main = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).main as string;
  const probe = `const m = require(${JSON.stringify(path.join(installed, main))}); const d = require(${JSON.stringify(installed)}); process.stdout.write(JSON.stringify([typeof m.executeAmplifyCommand, typeof m.handleAmplifyEvent, m === d]))`;
  const loaded = spawnSync(process.execPath, ['-e', probe], { cwd: scratch, encoding: 'utf8' });
  expect(loaded.stderr).toBe('');
  expect(JSON.parse(loaded.stdout)).toEqual(['function', 'function', true]);
});

test('amplify-aws-roles/provider resolves from a consumer, with types that compile under node16 and node10 resolution', () => {
  const sandbox = walkthroughSandbox({ motoUrl: moto.url });
  const cwd = sandbox.project('app');
  const consumer = path.join(scratch, 'consumer');
  fs.mkdirSync(path.join(consumer, 'node_modules'), { recursive: true });
  fs.symlinkSync(installed, path.join(consumer, 'node_modules', 'amplify-aws-roles'), 'dir');
  fs.writeFileSync(
    path.join(consumer, 'use.ts'),
    [
      "import { refreshingCredentialProvider, resolveProfileCredentials, isCredentialError, type ResolvedCredentials } from 'amplify-aws-roles/provider';",
      "const provider: () => Promise<{ accessKeyId: string; expiration?: Date }> = refreshingCredentialProvider({ profile: 'bizcorprole' });",
      "export async function main(): Promise<string> { const r: ResolvedCredentials = await resolveProfileCredentials({ mfaCode: '123456' }); return r.credentials.accessKeyId; }",
      'export function why(e: unknown): string | undefined { return isCredentialError(e) ? e.code : undefined; }',
      'export { provider };',
      '',
    ].join('\n'),
  );
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [module, resolution] of [
    ['node16', 'node16'],
    ['commonjs', 'node10'],
  ]) {
    const check = spawnSync(
      process.execPath,
      [
        tsc,
        '--noEmit',
        '--strict',
        '--module',
        module,
        '--moduleResolution',
        resolution,
        '--types',
        'node',
        '--typeRoots',
        path.join(ROOT, 'node_modules', '@types'),
        'use.ts',
      ],
      { cwd: consumer, encoding: 'utf8' },
    );
    expect({ resolution, output: check.stdout + check.stderr }).toEqual({ resolution, output: '' });
  }
  // At run time: the first call asks STS (the code is given), the provider's call is then a cache hit.
  const script = `const p = require('amplify-aws-roles/provider');
(async () => {
  const first = await p.resolveProfileCredentials({ profile: 'bizcorprole', mfaCode: '123456' });
  const again = await p.refreshingCredentialProvider({ profile: 'bizcorprole' })();
  let error; try { await p.resolveProfileCredentials({ profile: 'missing' }); } catch (e) { error = p.isCredentialError(e) ? e.code : String(e); }
  process.stdout.write(JSON.stringify({ fromCache: first.fromCache, projectRoot: first.projectRoot, same: again.accessKeyId === first.credentials.accessKeyId, expires: again.expiration instanceof Date, error }));
})().catch((e) => { console.error(e); process.exit(1); });`;
  fs.writeFileSync(path.join(consumer, 'run.js'), script);
  const run = spawnSync(process.execPath, [path.join(consumer, 'run.js')], { cwd, env: sandbox.env, encoding: 'utf8', timeout: 60000 });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ fromCache: false, projectRoot: cwd, same: true, expires: true, error: 'ProfileNotFound' });
  sandbox.cleanup();
});
