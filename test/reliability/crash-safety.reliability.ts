import * as fs from 'node:fs';
import * as path from 'node:path';
import { LAYOUT_VERSION, ProjectCacheStore } from '../../src/cache';
import { splitTopLevelObject } from '../../src/cache/rawJsonObject';
import { makeSandbox } from '../helpers/sandbox';
import { makeRandom, seedFromEnv } from './helpers/prng';
import { killWriterMidway } from './helpers/killWriter';
import { runNode, scanOutputsForSecrets } from './helpers/secretScan';

// A writer is killed with SIGKILL at random moments while it rewrites the shared cache file again and again.
// Writes are atomic renames, so after every kill the file is valid JSON, other projects' entries and other
// tools' members are all still there, and every write the writer had acknowledged is in the file.
const WRITER = path.resolve(__dirname, '..', 'fixtures', 'reliability-cache-writer.js');
const SEED = seedFromEnv(20251128);
const KILLS = 60;
const OTHER_PROJECTS = 300;
scanOutputsForSecrets();

const ROOT_A = '/reliability/app-a';
const ROOT_B = '/reliability/app-b';

/** Members written by other tools (the Amplify CLI's own provider keys by role ARN), in their own formatting. */
const FOREIGN_MEMBERS = [
  [
    '"arn:aws:iam::123456789012:role/amplify-own-provider"',
    '{"AccessKeyId":"ASIAAMPLIFYOWN000001","Expiration":"2099-01-01T00:00:00.000Z"}',
  ],
  ['"some-other-tool"', '[1, 2.5e3, {"braces": "}{ ][ \\" \\\\", "nested": {"deep": [null, true, false]}}]'],
  ['"unicode \\u00e9 key"', '"caf\\u00e9 \u2603"'],
];

function entry(id: string) {
  return {
    roleArn: 'arn:aws:iam::123456789012:role/amplify-deployer',
    accessKeyId: id,
    secretAccessKey: `other-secret-${id}`,
    sessionToken: `other-token-${id}`,
    expiration: new Date(Date.now() + 6 * 3600_000).toISOString(),
    obtainedAt: new Date().toISOString(),
  };
}

/** cache.json (the root: other tools' members, our generation, an MFA session) and 300 other projects' entries in the buckets. */
function seedCache(home: string, file: string): Record<string, unknown> {
  const own = {
    version: LAYOUT_VERSION,
    generation: '0123456789abcdef0123456789abcdef',
    mfaSessions: { 'AKIASOURCEKEY0000001 arn:aws:iam::1:mfa/u': entry('ASIAMFASESSION000001') },
  };
  fs.writeFileSync(
    file,
    `{\n${FOREIGN_MEMBERS.map(([k, v]) => `  ${k}:${v}`).join(',\n')},\n  "amplify-aws-roles": ${JSON.stringify(own)}\n}\n`,
    { mode: 0o600 },
  );
  const store = new ProjectCacheStore({ home });
  const others: Record<string, unknown> = {};
  for (let i = 0; i < OTHER_PROJECTS; i++) {
    const scope = { kind: 'project' as const, root: `/reliability/other-${i}` };
    const { expiration, ...rest } = entry(`ASIAOTHER${String(i).padStart(8, '0')}`);
    store.put(scope, 'bizcorprole', { ...rest, expiration: new Date(expiration) });
    others[scope.root] = { bizcorprole: store.get(scope, 'bizcorprole') };
  }
  return others;
}

type ProjectState = string | undefined;

/** Project A's and B's access key ids after operation `i` (see the writer fixture). */
function expectedAfter(i: number): { a: ProjectState; b: ProjectState } {
  const lastEven = i % 2 === 0 ? i : i - 1;
  const lastOdd = i % 2 === 1 ? i : i - 1;
  return {
    a: lastEven >= 0 ? `ASIAWRITERA${lastEven}` : undefined,
    b: lastOdd >= 1 && ((lastOdd - 1) / 2) % 2 === 0 ? `ASIAWRITERB${lastOdd}` : undefined,
  };
}

/** What a reader finds: cache.json (foreign members, the generation, MFA sessions) and the project buckets. */
function readState(home: string, file: string) {
  const text = fs.readFileSync(file, 'utf8');
  JSON.parse(text);
  const store = new ProjectCacheStore({
    home,
    warn: (m) => {
      throw new Error(`unexpected warning: ${m}`);
    },
  });
  const entryOf = (root: string) => store.get({ kind: 'project', root }, 'bizcorprole');
  return { text, store, members: splitTopLevelObject(text), a: entryOf(ROOT_A)?.accessKeyId, b: entryOf(ROOT_B)?.accessKeyId, entryOf };
}

test(`${KILLS} writers killed with SIGKILL at random points (seed ${SEED}): the file stays whole and keeps every acknowledged write`, async () => {
  const random = makeRandom(SEED);
  const sandbox = makeSandbox();
  const dir = sandbox.path('.amplify/awscloudformation');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, 'cache.json');
  const others = seedCache(sandbox.home, file);

  let acknowledged = -1;
  const killedAfter: number[] = [];
  for (let kill = 0; kill < KILLS; kill++) {
    const acks = await killWriterMidway(WRITER, [sandbox.home, ROOT_A, ROOT_B, String(acknowledged + 1)], random, 40, 'crash writer');
    acknowledged = Math.max(acknowledged, ...acks);
    killedAfter.push(acks.length);

    const state = readState(sandbox.home, file);
    for (const [rawKey, rawValue] of FOREIGN_MEMBERS) expect(state.members.find((m) => m.rawKey === rawKey)?.rawValue).toBe(rawValue);
    expect(state.store.getMfaSession('AKIASOURCEKEY0000001 arn:aws:iam::1:mfa/u')?.accessKeyId).toBe('ASIAMFASESSION000001');
    for (const [root, value] of Object.entries(others)) expect({ bizcorprole: state.entryOf(root) }).toEqual(value);
    // The operation after the last acknowledgement may or may not have reached the disk; nothing earlier may be lost.
    const now = { a: state.a, b: state.b };
    if (JSON.stringify(now) === JSON.stringify(expectedAfter(acknowledged + 1))) acknowledged += 1;
    else expect(now).toEqual(expectedAfter(acknowledged));
  }
  // Each kill happened mid-run: at least one write acknowledged, usually several.
  expect(killedAfter.every((n) => n >= 1)).toBe(true);

  // A last writer, not killed, finishes 10 more operations despite locks and temp files the killed ones left.
  const finish = await runNode(WRITER, [sandbox.home, ROOT_A, ROOT_B, String(acknowledged + 1), String(acknowledged + 10)], {
    timeoutMs: 20_000,
  });
  expect(finish.code).toBe(0);
  expect(readState(sandbox.home, file)).toMatchObject(expectedAfter(acknowledged + 10));
  // Temp files of killed writers (full of credentials) are removed by the next locked write.
  expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  expect(fs.readdirSync(path.join(dir, 'amplify-aws-roles')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  sandbox.cleanup();
}, 120_000);
