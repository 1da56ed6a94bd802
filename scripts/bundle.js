// Bundles the compiled command line (dist/) into the files package.json's "bin" installs: a tiny launcher,
// a bundle with only `credentials` (the credential_process hot path) and one with every command.
// Node modules stay external: the AWS SDK and enquirer load from node_modules, and only when needed.
// Then it makes the credentials bundle's V8 code cache (src/bin/codeCache.ts) from one warm run, and puts the published
// type declarations (src/provider.ts, emitted by tsconfig.types.json) beside provider.js.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const esbuild = require('esbuild');

const dist = path.resolve(__dirname, '..', 'dist');
const bundles = {
  'amplify-aws-roles.js': 'src/bin/launcher.js',
  'amplify-aws-roles-credentials.js': 'src/bin/credentialsBin.js',
  'amplify-aws-roles-cli.js': 'src/bin/bin.js',
};
for (const [out, entry] of Object.entries(bundles)) {
  esbuild.buildSync({
    entryPoints: [path.join(dist, entry)],
    outfile: path.join(dist, out),
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}
addBuildId(path.join(dist, 'amplify-aws-roles-credentials.js'));
makeCodeCache();
publishTypes();

/** The package ships one declaration file: it must not import another of ours, which would not be in the package. */
function publishTypes() {
  const emitted = path.resolve(__dirname, '..', '.tmp', 'types', 'src', 'provider.d.ts');
  const text = fs.readFileSync(emitted, 'utf8');
  const local = text.match(/(?:from|import)\s*\(?\s*['"]\.{1,2}\/[^'"]*['"]/);
  if (local)
    throw new Error(`${emitted} refers to another of our files (${local[0]}); declare the public types in src/provider.ts itself.`);
  fs.writeFileSync(path.join(dist, 'src', 'provider.d.ts'), text);
}

/** Writes "// build <digest of the content>" as the bundle's second line: its code cache is tied to that id. */
function addBuildId(file) {
  const { BUILD_ID_PREFIX } = require(path.join(dist, 'src/bin/codeCache.js'));
  const source = fs.readFileSync(file, 'utf8');
  const id = require('node:crypto').createHash('sha256').update(source).digest('hex').slice(0, 32);
  const shebang = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  fs.writeFileSync(file, `${source.slice(0, shebang)}${BUILD_ID_PREFIX}${id}\n${source.slice(shebang)}`);
}

/**
 * Runs `credentials` once on a warm cache in a throwaway HOME (a role profile and a cache entry with made-up
 * keys, no network) with the launcher told to write its code cache at exit, then checks that a second run
 * compiles from it. Without a code cache the tool still works, only slower: a failure here fails the build.
 */
function makeCodeCache() {
  const { CODE_CACHE_SUFFIX, WRITE_CODE_CACHE_ENV } = require(path.join(dist, 'src/bin/codeCache.js'));
  const { ProjectCacheStore } = require(path.join(dist, 'src/cache/projectCacheStore.js'));
  const { findProjectRoot } = require(path.join(dist, 'src/cache/projectScope.js'));
  const bundle = path.join(dist, 'amplify-aws-roles-credentials.js');
  fs.rmSync(bundle + CODE_CACHE_SUFFIX, { force: true });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-code-cache-'));
  try {
    const roleArn = 'arn:aws:iam::123456789012:role/code-cache';
    fs.mkdirSync(path.join(home, '.aws'), { mode: 0o700 });
    fs.writeFileSync(
      path.join(home, '.aws', 'config'),
      `[profile role]\nrole_arn = ${roleArn}\nsource_profile = user\nmfa_serial = arn:aws:iam::210987654321:mfa/user\nregion = us-east-1\n`,
    );
    fs.writeFileSync(
      path.join(home, '.aws', 'credentials'),
      '[user]\naws_access_key_id = AKIACODECACHEEXAMPLE\naws_secret_access_key = code-cache-not-a-secret\n',
      { mode: 0o600 },
    );
    const project = path.join(home, 'app');
    fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(path.join(project, 'amplify', '.config', 'project-config.json'), '{"projectName":"codecache","version":"3.1"}');
    const accessKeyId = 'ASIACODECACHEEXAMPLE';
    new ProjectCacheStore({ home }).put(findProjectRoot(project), 'role', {
      accessKeyId,
      secretAccessKey: 'code-cache-not-a-secret',
      sessionToken: 'code-cache-not-a-token',
      expiration: new Date(Date.now() + 3600 * 1000),
      roleArn,
    });
    const run = (extra) =>
      spawnSync(process.execPath, [path.join(dist, 'amplify-aws-roles.js'), 'credentials', '--profile', 'role'], {
        cwd: project,
        env: {
          PATH: process.env.PATH,
          ...(process.env.SystemRoot ? { SystemRoot: process.env.SystemRoot } : {}),
          HOME: home,
          USERPROFILE: home,
          AMPLIFY_AWS_ROLES_DEBUG: '1',
          ...extra,
        },
        encoding: 'utf8',
      });
    const first = run({ [WRITE_CODE_CACHE_ENV]: '1' });
    if (first.status !== 0 || !first.stdout.includes(accessKeyId))
      throw new Error(`the warm run for the code cache failed: ${first.stderr}`);
    // The data holds compiled code, never values from the run: check with the run's made-up secrets.
    const data = fs.readFileSync(bundle + CODE_CACHE_SUFFIX);
    for (const secret of ['code-cache-not-a-secret', 'code-cache-not-a-token', accessKeyId]) {
      if (data.includes(secret)) {
        fs.rmSync(bundle + CODE_CACHE_SUFFIX);
        throw new Error(`the code cache held a value of the run (${secret}); removed`);
      }
    }
    const second = run({});
    if (!second.stdout.includes(accessKeyId) || !second.stderr.includes('code cache: accepted')) {
      throw new Error(`the code cache was not used by a second run: ${second.stderr}`);
    }
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}
