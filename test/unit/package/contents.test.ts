import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../../helpers/cli';

// What `npm publish` would upload, as npm itself lists it (`npm pack --dry-run --json`, after the build npm test runs):
// only what runs, the one declaration file of the in-process API, and nothing that looks like a secret.
interface PackedFile {
  path: string;
  size: number;
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
let files: PackedFile[];
beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'provider.d.ts')))
    throw new Error('dist/ is missing or old: run "npm run build" first (npm test does).');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  files = JSON.parse(out)[0].files;
}, 60000);

const ALLOWED = [
  /^(package\.json|README\.md|LICENSE|amplify-plugin\.json)$/,
  /^dist\/amplify-aws-roles(-cli|-credentials)?\.js$/,
  /^dist\/amplify-aws-roles-credentials\.js\.v8-cache$/,
  /^dist\/src\/[a-z]+(\/[A-Za-z0-9]+)*\.js$/,
  /^dist\/src\/provider\.d\.ts$/,
  /^dist\/commands\/awscloudformation\/[a-z-]+\.js$/,
];
// docs/ is read on GitHub (npm's page links the README's relative links there): it does not run, so it is not packed.
const FORBIDDEN = [
  /(^|\/)(test|tests|__tests__|fixtures|bench|scripts|coverage|docs|\.ci|\.tmp)\//,
  /\.map$/,
  /(?<!\.d)\.ts$/,
  /\.(test|spec|e2e|reliability)\./,
  /(^|\/)tsconfig[^/]*\.json$/,
  /(^|\/)jest\.config/,
];

test('every packed path is in the allowed set, and none is a test, bench, script, map or source file', () => {
  const paths = files.map((file) => file.path);
  expect(paths.filter((p) => !ALLOWED.some((allowed) => allowed.test(p)))).toEqual([]);
  expect(paths.filter((p) => FORBIDDEN.some((forbidden) => forbidden.test(p)))).toEqual([]);
});

test('everything that runs is packed: main, bin, exports, amplify-plugin.json, and every file they require', () => {
  const packed = new Set(files.map((file) => file.path));
  const entries = [
    pkg.main,
    ...Object.values<string>(pkg.bin),
    ...exportTargets(pkg.exports),
    'amplify-plugin.json',
    ...(pkg.typesVersions ? Object.values<Record<string, string[]>>(pkg.typesVersions).flatMap((map) => Object.values(map).flat()) : []),
  ];
  const missing = entries.map((entry) => path.posix.normalize(entry)).filter((entry) => !packed.has(entry));
  // A relative require in a packed file that points outside the package fails only after installing: find it now.
  for (const file of packed) {
    if (!file.endsWith('.js')) continue;
    const source = fs.readFileSync(path.join(ROOT, file), 'utf8');
    for (const match of source.matchAll(/require\((['"])(\.{1,2}\/[^'"]+)\1\)/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), match[2]));
      if (![target, `${target}.js`, `${target}.json`, `${target}/index.js`].some((candidate) => packed.has(candidate)))
        missing.push(`${file} requires ${match[2]}`);
    }
  }
  expect(missing).toEqual([]);
});

test('no packed file holds a secret-looking string', () => {
  const secretLooking: Array<[string, RegExp]> = [
    ['an access key id (not an EXAMPLE/DEMO one)', /\b(?:AKIA|ASIA)(?![A-Z0-9]*(?:EXAMPLE|DEMO))[A-Z0-9]{16}\b/],
    [
      'a 40-character secret access key',
      /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[0-9])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[A-Z])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/,
    ],
    ['an STS session token', /(?:FwoGZXIvYXdz|IQoJb3JpZ2lu|AQoDYXdzE)[A-Za-z0-9/+=]{20,}/],
    ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
    ['a secret assigned a value', /(?:aws_secret_access_key|aws_session_token)\s*=\s*(?!\.\.\.|<)[A-Za-z0-9/+=]{16,}/i],
  ];
  const found: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(ROOT, file.path), 'latin1');
    for (const [what, pattern] of secretLooking) {
      const match = text.match(pattern);
      if (match) found.push(`${file.path}: ${what}: ${match[0].slice(0, 8)}...`);
    }
  }
  expect(found).toEqual([]);
});

test('the declaration file of amplify-aws-roles/provider stands alone and declares the public API', () => {
  const declarations = fs.readFileSync(path.join(ROOT, 'dist', 'src', 'provider.d.ts'), 'utf8');
  expect(declarations).not.toMatch(/from\s+['"]\.{1,2}\//);
  expect(declarations).toMatch(/export declare function refreshingCredentialProvider\(/);
  expect(declarations).toMatch(/export declare function resolveProfileCredentials\(/);
  expect(pkg.exports['./provider'].types).toBe('./dist/src/provider.d.ts');
  expect(pkg.exports['.']).toBe(`./${pkg.main}`);
});

function exportTargets(exports: unknown): string[] {
  if (typeof exports === 'string') return [exports];
  if (exports && typeof exports === 'object') return Object.values(exports).flatMap(exportTargets);
  return [];
}
