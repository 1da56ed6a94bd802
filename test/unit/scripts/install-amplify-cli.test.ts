import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';

// scripts/install-amplify-cli.sh reuses an Amplify CLI 14.x that is already there (AMPLIFY_CLI_DIR in its three
// layouts, else `amplify` on PATH) instead of installing a second 1.4 GB copy. Fake `amplify` binaries stand in for the
// real one; --no-install makes "would install" an exit status instead of an install.
const SCRIPT = path.join(ROOT, 'scripts', 'install-amplify-cli.sh');
let scratch: string;
beforeEach(() => {
  scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aar-install-cli-')));
});
afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** An executable `amplify` that reports `version`, and records the HOME it ran with. */
function fakeAmplify(file: string, version: string): string {
  const full = path.join(scratch, file);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, `#!/bin/sh\necho "$HOME" >> "${scratch}/homes"\n[ "$1" = "--version" ] && echo "${version}"\nexit 0\n`, {
    mode: 0o755,
  });
  return full;
}

function run(options: { cliDir?: string; pathDirs?: string[]; args?: string[] }) {
  const env: NodeJS.ProcessEnv = {
    HOME: path.join(scratch, 'home'),
    PATH: [...(options.pathDirs ?? []), '/usr/bin', '/bin'].join(path.delimiter),
  };
  if (options.cliDir) env.AMPLIFY_CLI_DIR = options.cliDir;
  const result = spawnSync('bash', [SCRIPT, ...(options.args ?? ['--no-install'])], { env, encoding: 'utf8', timeout: 30000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

test.each([
  ['as this script installs it', 'cli/node_modules/.bin/amplify'],
  ['as an npm prefix (npm i -g --prefix)', 'cli/bin/amplify'],
  ['as the binary itself', 'cli/amplify'],
])('AMPLIFY_CLI_DIR holding a 14.x CLI %s is reused', (_layout, file) => {
  const bin = fakeAmplify(file, '14.1.0');
  const result = run({ cliDir: path.join(scratch, 'cli') });
  expect(result).toMatchObject({ code: 0, stdout: `${bin}\n` });
  expect(result.stderr).toContain(`Reusing the Amplify CLI 14.1.0 at ${bin}.`);
});

test('an amplify 14.x on PATH is reused when the folder has none; its version check never sees the real HOME', () => {
  const bin = fakeAmplify('tools/amplify', '14.2.2');
  const result = run({ cliDir: path.join(scratch, 'empty'), pathDirs: [path.dirname(bin)] });
  expect(result).toMatchObject({ code: 0, stdout: `${bin}\n` });
  const homes = fs.readFileSync(path.join(scratch, 'homes'), 'utf8').trim().split('\n');
  expect(homes.every((home) => home !== path.join(scratch, 'home'))).toBe(true);
});

test('the folder wins over PATH; other major versions are not reused', () => {
  const inFolder = fakeAmplify('cli/node_modules/.bin/amplify', '14.0.1');
  const onPath = fakeAmplify('tools/amplify', '14.2.2');
  expect(run({ cliDir: path.join(scratch, 'cli'), pathDirs: [path.dirname(onPath)] }).stdout).toBe(`${inFolder}\n`);

  fakeAmplify('cli/node_modules/.bin/amplify', '13.0.0');
  expect(run({ cliDir: path.join(scratch, 'cli'), pathDirs: [path.dirname(onPath)] }).stdout).toBe(`${onPath}\n`);

  fakeAmplify('tools/amplify', '12.14.4');
  const none = run({ cliDir: path.join(scratch, 'cli'), pathDirs: [path.dirname(onPath)] });
  expect(none.code).toBe(1);
  expect(none.stdout).toBe('');
  expect(none.stderr).toContain(`No Amplify CLI 14.x found in ${path.join(scratch, 'cli')}`);
});

test('an unknown argument is one sentence and exit 2', () => {
  const result = run({ args: ['--frobnicate'] });
  expect(result.code).toBe(2);
  expect(result.stderr.trim()).toBe('install-amplify-cli.sh: unknown argument "--frobnicate" (expected --force or --no-install).');
  expect(run({ args: ['--version=eleven'] })).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('"--version=eleven" is not a version such as 11.1.0.'),
  });
});

test('--version=X.Y.Z (the version matrix) reuses only that exact version, in its own folder, never PATH', () => {
  const onPath = fakeAmplify('tools/amplify', '11.1.0');
  const exact = fakeAmplify('cli11/node_modules/.bin/amplify', '11.1.0');
  expect(run({ cliDir: path.join(scratch, 'cli11'), args: ['--no-install', '--version=11.1.0'] })).toMatchObject({
    code: 0,
    stdout: `${exact}\n`,
  });
  fakeAmplify('cli11/node_modules/.bin/amplify', '11.2.0');
  const other = run({ cliDir: path.join(scratch, 'cli11'), pathDirs: [path.dirname(onPath)], args: ['--no-install', '--version=11.1.0'] });
  expect(other).toMatchObject({ code: 1, stdout: '' });
  expect(other.stderr).toContain('No Amplify CLI 11.1.0 found');
  // Its default folder is named for the version, beside the 14.2.2 one.
  const defaulted = run({ args: ['--no-install', '--version=11.1.0'] });
  expect(defaulted.stderr).toContain(path.join(scratch, 'home', '.cache', 'amplify-aws-roles', 'amplify-cli-11.1.0'));
});
