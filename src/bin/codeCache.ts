import * as fs from 'node:fs';

/**
 * Runs a CommonJS bundle the way require() would, but compiled from a V8 code cache when one matches, which saves
 * most of the parsing and compiling a fresh process otherwise does (Node 22 has module.enableCompileCache for this;
 * Node 20 does not). The cache sits beside the bundle as `<bundle>.v8-cache`:
 *
 *   "amplify-aws-roles code cache <bundle's build id> <bundle length> <node version> <arch> <data length>\n" + data
 *
 * V8 rejects data made by another V8 version or with other flags, but it checks a source only by its length, so
 * the header ties the data to the bundle it was made from: the build writes a digest of the bundle's content into
 * the bundle's second line ("// build <id>", see scripts/bundle.js) and into this header. A rebuilt bundle never
 * runs stale code, and file times do not matter (npm's tarballs reset them). The Node version is in it too: V8's
 * own check ignores Node's patch level of V8. Anything wrong with the cache (absent, stale, rejected) just means
 * compiling as usual.
 *
 * Not checked: the data's own integrity. Node 20's V8 skips its checksum (a file damaged in place crashed the
 * deserializer in a test here), and hashing the file costs more than the cache saves (crypto loads node:stream;
 * a JS hash runs 2 ms). The file is written once, atomically, by the build, beside the bundle it belongs to, and
 * is as trusted as that bundle.
 *
 * With AMPLIFY_AWS_ROLES_WRITE_CODE_CACHE=1 (the build script sets it on a warm run) the data is written at exit,
 * after the run, so it also holds the functions that run compiled.
 */
export const CODE_CACHE_SUFFIX = '.v8-cache';
export const WRITE_CODE_CACHE_ENV = 'AMPLIFY_AWS_ROLES_WRITE_CODE_CACHE';

export interface CodeCacheOutcome {
  /** accepted: compiled from the cache; otherwise why not (stale: made for another bundle file). */
  cache: 'accepted' | 'absent' | 'stale' | 'rejected';
}

export function runWithCodeCache(file: string, requireFn: NodeJS.Require): CodeCacheOutcome {
  const source = fs.readFileSync(file, 'utf8');
  const identity = `${MAGIC}${buildId(source)} ${source.length} ${process.version} ${process.arch}`;
  const cached = readCache(file + CODE_CACHE_SUFFIX, identity);
  const vm = require('node:vm') as typeof import('node:vm');
  // The shebang line is blanked, not removed, so line numbers in stack traces stay those of the file.
  const body = source.startsWith('#!') ? source.slice(source.indexOf('\n')) : source;
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${body}\n})`, {
    filename: file,
    cachedData: typeof cached === 'string' ? undefined : cached,
    // import() as in an ordinary module (Node 20.12+; before that the bundle must not use import(), and does not).
    ...(vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
  });
  const outcome: CodeCacheOutcome = { cache: typeof cached === 'string' ? cached : script.cachedDataRejected ? 'rejected' : 'accepted' };
  if (process.env[WRITE_CODE_CACHE_ENV] === '1') {
    process.once('exit', () => writeCache(file + CODE_CACHE_SUFFIX, identity, script.createCachedData()));
  }
  if (process.env.AMPLIFY_AWS_ROLES_DEBUG) process.once('exit', () => fs.writeSync(2, `code cache: ${outcome.cache}\n`));
  const module = { exports: {} as unknown, filename: file, id: file };
  const dirname = file.slice(0, Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')));
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, requireFn, module, file, dirname);
  return outcome;
}

const MAGIC = 'amplify-aws-roles code cache ';
export const BUILD_ID_PREFIX = '// build ';

/** The id on the line after the shebang, or "none". */
export function buildId(source: string): string {
  const start = source.startsWith('#!') ? source.indexOf('\n') + 1 : 0;
  if (!source.startsWith(BUILD_ID_PREFIX, start)) return 'none';
  const end = source.indexOf('\n', start);
  return source.slice(start + BUILD_ID_PREFIX.length, end < 0 ? undefined : end);
}

function readCache(cacheFile: string, identity: string): Buffer | 'absent' | 'stale' {
  // Only a regular file is a cache: a named pipe there would hang every run, a device answer forever. Looked at
  // first, then opened without blocking and looked at again (it may have been swapped meanwhile).
  let file: Buffer;
  let fd: number | undefined;
  try {
    if (!fs.statSync(cacheFile).isFile()) return 'absent';
    fd = fs.openSync(cacheFile, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    if (!fs.fstatSync(fd).isFile()) return 'absent';
    file = fs.readFileSync(fd);
  } catch {
    return 'absent';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const end = file.indexOf(10);
  const data = file.subarray(end + 1);
  if (end < 0 || file.subarray(0, end).toString('latin1') !== `${identity} ${data.length}`) return 'stale';
  return data;
}

/**
 * Atomically (a temp file renamed over), so a concurrent reader sees the old cache or the new one, never half.
 * A folder that cannot be written (a read-only install) only costs the speed-up: said on stderr, nothing left behind.
 */
function writeCache(cacheFile: string, identity: string, data: Buffer): void {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    // A new file or none (O_EXCL): never written through a link or into a pipe someone left at the temp name.
    fs.writeFileSync(temp, Buffer.concat([Buffer.from(`${identity} ${data.length}\n`, 'latin1'), data]), { flag: 'wx', mode: 0o644 });
    fs.renameSync(temp, cacheFile);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    fs.writeSync(2, `Warning: could not write the code cache ${cacheFile} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n`);
  }
}
