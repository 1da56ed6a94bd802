import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYOUT_VERSION, OWN_KEY, ProjectCacheStore, type CacheScope } from '../../src/cache';
import { isEntry, parseOwnSection } from '../../src/cache/ownSection';
import { joinTopLevelObject, splitTopLevelObject } from '../../src/cache/rawJsonObject';
import { isToolError } from '../../src/errors';
import { makeSandbox } from '../helpers/sandbox';
import { CACHE_SECRET_MARKER, cacheFileText, mutateBytes } from './helpers/cacheFuzz';
import { makeRandom, seedFromEnv } from './helpers/prng';
import { capture, scanOutputsForSecrets } from './helpers/secretScan';

// Generated and mutated cache files (ours and other tools' members, duplicate keys, escapes, broken entries, wrong
// types, newer layouts, invalid JSON) through the cache store: only ToolErrors, each file handled fast, other
// tools' members kept, an unusable file moved aside whole, and no warning ever quoting a secret.
const SEED = seedFromEnv(31337);
const PURE_INPUTS = 20000;
const STORE_INPUTS = 1000;
const PER_INPUT_MS = 500;
const PROJECT = '/fuzz/app';
scanOutputsForSecrets(() => [CACHE_SECRET_MARKER]);

function parsedObject(text: string): Record<string, unknown> | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return {};
  try {
    const data = JSON.parse(body);
    return data && typeof data === 'object' && !Array.isArray(data) ? data : undefined;
  } catch {
    return undefined;
  }
}

function input(random: ReturnType<typeof makeRandom>): string {
  const text = cacheFileText(random, [PROJECT, '/fuzz/other']);
  return random.chance(0.25) ? mutateBytes(random, text) : text;
}

test(`${PURE_INPUTS} cache texts through the raw member splitter and the section reader (seed ${SEED}): same JSON back, never a throw`, () => {
  const random = makeRandom(SEED);
  let objects = 0;
  for (let i = 0; i < PURE_INPUTS; i++) {
    const text = input(random);
    const data = parsedObject(text);
    if (!data) continue;
    objects++;
    const body = text.replace(/^\uFEFF/, '');
    const where = `input ${i} (RELIABILITY_SEED=${SEED})`;
    if (body.trim() !== '') {
      const members = splitTopLevelObject(body);
      const joined = joinTopLevelObject(members);
      if (JSON.stringify(JSON.parse(joined)) !== JSON.stringify(data)) throw new Error(`split and join changed the JSON of ${where}`);
    }
    const parsed = parseOwnSection(data[OWN_KEY]);
    expect(['ok', 'unrecognised', 'newer']).toContain(parsed.kind);
    if (parsed.kind === 'ok') {
      for (const entry of Object.values(parsed.own.mfaSessions)) expect(isEntry(entry)).toBe(true);
      if (parsed.own.generation !== undefined) expect(parsed.own.generation).toMatch(/^[0-9a-f]{32}$/);
      expect(Number.isInteger(parsed.legacyEntries) && parsed.legacyEntries >= 0).toBe(true);
    }
  }
  expect(objects).toBeGreaterThan(PURE_INPUTS / 2);
}, 60_000);

test(`${STORE_INPUTS} cache files through ProjectCacheStore (seed ${SEED + 1}): only ToolErrors, other members kept, unusable files set aside whole`, () => {
  const random = makeRandom(SEED + 1);
  const sandbox = makeSandbox();
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();
  const counts = { usable: 0, setAside: 0, newer: 0, toolErrors: 0 };
  let slowest = 0;
  for (let i = 0; i < STORE_INPUTS; i++) {
    const where = `input ${i} (RELIABILITY_SEED=${SEED})`;
    const text = input(random);
    const dir = sandbox.path('.amplify/awscloudformation');
    const file = path.join(dir, 'cache.json');
    const original = parsedObject(text);
    const ownValue = original?.[OWN_KEY] as { version?: unknown } | undefined;
    const newer = typeof ownValue?.version === 'number' && ownValue.version > LAYOUT_VERSION;
    const scope: CacheScope = random.chance(0.8) ? { kind: 'project', root: PROJECT } : { kind: 'none' };
    const credentials = {
      accessKeyId: `ASIAFUZZPUT${i}`,
      secretAccessKey: `${CACHE_SECRET_MARKER}-put-${i}`,
      sessionToken: `${CACHE_SECRET_MARKER}-put-token-${i}`,
      expiration: new Date(Date.now() + 3600_000),
    };
    /** The input through the store, from a fresh folder: what was stored, the warnings and errors, and how long it took. */
    const attempt = () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.writeFileSync(file, text, { mode: 0o600 });
      const warnings: string[] = [];
      const errors: string[] = [];
      const store = new ProjectCacheStore({ home: sandbox.home, warn: (m) => warnings.push(m) });
      const started = performance.now();
      const run = (what: string, fn: () => unknown) => {
        try {
          return fn();
        } catch (error) {
          if (!isToolError(error))
            throw new Error(`${what} threw ${(error as Error)?.name}: ${(error as Error)?.message} on ${where}`, { cause: error });
          errors.push(`${what} error`, `${error.message} ${error.resolution ?? ''}`);
          return undefined;
        }
      };
      run('get', () => store.get(scope, 'bizcorprole'));
      run('listEntries', () => store.listEntries());
      run('listMfaSessions', () => store.listMfaSessions());
      run('getMfaSession', () => store.getMfaSession('AKIASOURCE1 arn:aws:iam::1:mfa/u'));
      run('put', () => store.put(scope, 'bizcorprole', credentials));
      // Project entries live in their own bucket files; an MFA session is what rewrites cache.json.
      run('putMfaSession', () => store.putMfaSession('AKIASOURCE1 arn:aws:iam::1:mfa/u', credentials));
      const stored = run('get after put', () => store.get(scope, 'bizcorprole')) as { accessKeyId?: string } | undefined;
      return { elapsed: performance.now() - started, stored, warnings, errors };
    };
    // An input over the limit is run twice more and judged by its fastest run: a loaded machine slows one run (a
    // reviewer saw 539 ms once), an input that is slow to handle is slow every time. The last run is checked below.
    let result = attempt();
    let elapsed = result.elapsed;
    for (let again = 0; again < 2 && elapsed > PER_INPUT_MS; again++) {
      result = attempt();
      elapsed = Math.min(elapsed, result.elapsed);
    }
    const { stored, warnings, errors } = result;
    slowest = Math.max(slowest, elapsed);
    for (let e = 0; e < errors.length; e += 2) {
      counts.toolErrors++;
      capture(errors[e], 'message', errors[e + 1]);
    }
    for (const warning of warnings) capture(`warning for ${where}`, 'message', warning);
    if (elapsed > PER_INPUT_MS) throw new Error(`${where} took ${elapsed.toFixed(0)} ms, three times (limit ${PER_INPUT_MS} ms)`);

    if (original === undefined) {
      // Unusable: moved aside whole (nothing lost), then a new cache holding the new entry.
      counts.setAside++;
      const aside = fs.readdirSync(dir).filter((f) => f.startsWith('cache.json.corrupt-'));
      expect({ where, aside: aside.length }).toEqual({ where, aside: 1 });
      expect(fs.readFileSync(path.join(dir, aside[0]), 'utf8')).toBe(text);
      expect(warnings.some((w) => w.includes('was moved to'))).toBe(true);
    } else if (newer) {
      // A newer version's section is neither used nor changed.
      counts.newer++;
      expect(fs.readFileSync(file, 'utf8')).toBe(text);
      continue;
    } else counts.usable++;
    expect({ where, stored: stored?.accessKeyId }).toEqual({ where, stored: credentials.accessKeyId });
    const after = JSON.parse(fs.readFileSync(file, 'utf8'));
    for (const [key, value] of Object.entries(original ?? {})) {
      if (key !== OWN_KEY) expect({ where, key, value: JSON.stringify(after[key]) }).toEqual({ where, key, value: JSON.stringify(value) });
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  }
  if (process.env.RELIABILITY_VERBOSE) console.log(JSON.stringify({ ...counts, slowest }));
  expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeBefore);
  // All three kinds of file were met in quantity.
  expect(counts.usable).toBeGreaterThan(STORE_INPUTS / 2);
  expect(counts.setAside).toBeGreaterThan(STORE_INPUTS / 20);
  expect(counts.newer).toBeGreaterThan(STORE_INPUTS / 50);
  sandbox.cleanup();
}, 120_000);
