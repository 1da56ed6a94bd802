import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';

// scripts/install-ampx.sh reuses an ampx 1.x already in AMPX_DIR instead of installing a second 800 MB copy, and
// installs through a staging folder so that a failed install never looks installed. A fake `ampx` stands in for the
// real one (and, like it, refuses to start without the npm_config_user_agent that npx sets); a fake `npm` on PATH
// stands in for the install.
const SCRIPT = path.join(ROOT, 'scripts', 'install-ampx.sh');
let scratch: string;
beforeEach(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aar-install-ampx-')));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** The body of a fake `ampx` that reports `version` and records the HOME it ran with. */
function fakeAmpxScript(version: string): string {
  return `#!/bin/sh\necho "$HOME" >> "${scratch}/homes"\n[ -n "$npm_config_user_agent" ] || { echo "npm_config_user_agent environment variable is undefined" >&2; exit 1; }\n[ "$1" = "--version" ] && echo "${version}"\nexit 0\n`;
}

function fakeAmpx(dir: string, version: string): string {
  const bin = path.join(scratch, dir, 'node_modules', '.bin', 'ampx');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, fakeAmpxScript(version), { mode: 0o755 });
  return path.join(scratch, dir);
}

/** A fake `npm` whose `install` puts an ampx reporting `version` into the folder it runs in, or fails when `version` is empty. */
function fakeNpm(version: string): string {
  const dir = path.join(scratch, 'npm-bin');
  fs.mkdirSync(dir, { recursive: true });
  const install = version
    ? `mkdir -p node_modules/.bin && cat > node_modules/.bin/ampx <<'AMPX'\n${fakeAmpxScript(version)}AMPX\nchmod 755 node_modules/.bin/ampx`
    : 'echo "npm error network request failed" >&2; exit 1';
  fs.writeFileSync(path.join(dir, 'npm'), `#!/bin/bash\n[ "$1" = "install" ] || exit 3\n${install}\n`, { mode: 0o755 });
  return dir;
}

function run(options: { ampxDir: string; args?: string[]; npm?: string }) {
  const env: NodeJS.ProcessEnv = {
    HOME: path.join(scratch, 'home'),
    AMPX_DIR: options.ampxDir,
    PATH: [...(options.npm ? [options.npm] : []), '/usr/bin', '/bin'].join(path.delimiter),
  };
  const result = spawnSync('bash', [SCRIPT, ...(options.args ?? ['--no-install'])], { env, encoding: 'utf8', timeout: 30000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('an ampx 1.x in AMPX_DIR is reused, run as npx runs it; its version check never sees the real HOME', () => {
  const dir = fakeAmpx('ampx', '1.9.1');
  const result = run({ ampxDir: dir });
  expect(result).toEqual({ code: 0, stdout: `${dir}\n`, stderr: `Reusing ampx 1.9.1 in ${dir}.\n` });
  const homes = fs.readFileSync(path.join(scratch, 'homes'), 'utf8').trim().split('\n');
  expect(homes.every((home) => home !== path.join(scratch, 'home'))).toBe(true);
});

test('another major version, or none, is not reused: --no-install says so and exits 1', () => {
  for (const [folder, version] of [
    ['two', '2.0.0'],
    ['broken', ''],
    ['absent', undefined],
  ] as const) {
    const dir = version === undefined ? path.join(scratch, folder) : fakeAmpx(folder, version);
    const result = run({ ampxDir: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `No ampx 1.x found in ${dir}/node_modules/.bin; without --no-install this script installs @aws-amplify/backend-cli 1.10.0 into ${dir}.\n`,
    );
  }
});

test('an install goes through a staging folder: the pinned package.json lands in AMPX_DIR, with nothing left beside it', () => {
  const dir = path.join(scratch, 'cache', 'ampx');
  const result = run({ ampxDir: dir, args: [], npm: fakeNpm('1.10.0') });
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 0, stdout: `${dir}\n` });
  expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies).toEqual({
    '@aws-amplify/backend-cli': '1.10.0',
    'aws-cdk-lib': '2.278.0',
    constructs: '10.8.1',
  });
  expect(fs.readdirSync(path.dirname(dir))).toEqual(['ampx']);
});

test('a failed install leaves the working copy as it was, and no staging folder', () => {
  const dir = fakeAmpx('cache/ampx', '1.9.1');
  const result = run({ ampxDir: dir, args: ['--force'], npm: fakeNpm('') });
  expect(result.code).not.toBe(0);
  expect(result.stderr).toContain('npm error network request failed');
  expect(fs.readdirSync(path.dirname(dir))).toEqual(['ampx']);
  expect(run({ ampxDir: dir }).stdout).toBe(`${dir}\n`);
});

test('an install whose ampx does not report 1.10.0 is one sentence and exit 1', () => {
  const dir = path.join(scratch, 'cache', 'ampx');
  const result = run({ ampxDir: dir, args: [], npm: fakeNpm('1.9.0') });
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n').pop()).toBe(
    `ampx was installed into ${dir} but "${dir}/node_modules/.bin/ampx --version" does not report 1.10.0.`,
  );
});

test('an unknown argument is one sentence and exit 2', () => {
  const result = run({ ampxDir: path.join(scratch, 'absent'), args: ['--frobnicate'] });
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe('install-ampx.sh: unknown argument "--frobnicate" (expected --force or --no-install).');
});
