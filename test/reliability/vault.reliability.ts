import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceKeyVault } from '../../src/vault/vaultStore';
import { makeSandbox } from '../helpers/sandbox';
import { provisionWalkthrough, startStrictSts, type StrictSts, type Walkthrough } from '../helpers/sts';
import { walkthroughSandbox } from '../helpers/walkthrough';
import { killWriterMidway } from './helpers/killWriter';
import { makeRandom, seedFromEnv } from './helpers/prng';
import { rememberSecrets, runNode, runTool, scanOutputsForSecrets } from './helpers/secretScan';

// The vault file under the suite's three checks: writers killed mid-write, processes adding at once, and no secret
// (keys or passphrase) in any output or any file but the vault's sealed record.
const WRITER = path.resolve(__dirname, '..', 'fixtures', 'reliability-vault-writer.js');
const SEED = seedFromEnv(13_2026);
const KILLS = 40;
const PASSPHRASE = 'reliability vault passphrase 0013';
// The strict STS stand-in starts only for the test that resolves credentials (the others need no STS).
let sts: (StrictSts & { walkthrough: Walkthrough }) | undefined;
afterAll(() => sts?.stop());
scanOutputsForSecrets(() => sts?.issuedSecrets() ?? []);
rememberSecrets(PASSPHRASE);

const crashKeys = (i: number) => ({ accessKeyId: `AKIACRASH${String(i).padStart(11, '0')}`, secretAccessKey: `crash-secret-${i}` });

test(`${KILLS} vault writers killed with SIGKILL at random points (seed ${SEED}): the record always opens and holds an acknowledged key`, async () => {
  const random = makeRandom(SEED);
  const sandbox = makeSandbox();
  const vault = () =>
    new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => 'crash passphrase', scryptCost: { N: 1024 } });
  await vault().add('dev', crashKeys(0), { backend: 'file' });
  const folder = sandbox.path('.amplify-aws-roles/vault');
  const record = path.join(folder, 'dev.json');
  let acknowledged = 0;
  for (let kill = 0; kill < KILLS; kill++) {
    const acks = await killWriterMidway(WRITER, [sandbox.home, String(acknowledged + 1)], random, 30, 'vault crash writer');
    acknowledged = Math.max(acknowledged, ...acks);
    // Whole, 0600, and it opens: with the last acknowledged key, or the one being written when the writer died.
    expect(fs.statSync(record).mode & 0o777).toBe(0o600);
    const opened = await vault().open('dev');
    const expected = [crashKeys(acknowledged), crashKeys(acknowledged + 1)].map((k) => k.accessKeyId);
    expect(expected).toContain(opened.accessKeyId);
    expect(opened.secretAccessKey).toBe(`crash-secret-${Number(opened.accessKeyId.slice(9))}`);
    if (opened.accessKeyId === expected[1]) acknowledged += 1;
  }
  // The next locked write removes what killed writers left (temp records and lock temp files).
  await runNode(WRITER, [sandbox.home, String(acknowledged + 1), String(acknowledged + 3)], { timeoutMs: 20_000 });
  expect(fs.readdirSync(folder).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  expect((await vault().open('dev')).accessKeyId).toBe(crashKeys(acknowledged + 3).accessKeyId);
  sandbox.cleanup();
}, 120_000);

test('12 processes add keys at once (8 profiles, 4 racing for one): no record lost, exactly one racer wins, every record opens', async () => {
  const profiles = Array.from({ length: 8 }, (_, i) => `p${i}`);
  const sandbox = makeSandbox({ '.aws/config': [...profiles, 'shared'].map((p) => `[profile ${p}]\nregion = us-east-1\n`).join('\n') });
  sandbox.env.AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE = PASSPHRASE;
  sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
  const keyOf = (i: number) => ({ id: `AKIARACE${String(i).padStart(12, '0')}`, secret: `race-secret-${i}-do-not-print` });
  rememberSecrets(...Array.from({ length: 12 }, (_, i) => keyOf(i).secret));
  // The first record fixes the vault's passphrase; the rest race.
  const seed = await runTool(['keys', 'add', 'p0', '--stdin'], { env: sandbox.env, input: `${keyOf(0).id}\n${keyOf(0).secret}\n` });
  expect(seed.code).toBe(0);
  const racers = [
    ...profiles.slice(1).map((p, i) => ({ profile: p, key: keyOf(i + 1) })),
    ...[8, 9, 10, 11].map((i) => ({ profile: 'shared', key: keyOf(i) })),
  ];
  const results = await Promise.all(
    racers.map((r) =>
      runTool(['keys', 'add', r.profile, '--stdin'], { env: sandbox.env, input: `${r.key.id}\n${r.key.secret}\n`, timeoutMs: 60_000 }),
    ),
  );
  results.slice(0, 7).forEach((r) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' }));
  const shared = results.slice(7);
  expect(shared.filter((r) => r.code === 0)).toHaveLength(1);
  for (const loser of shared.filter((r) => r.code !== 0))
    expect(loser.stderr).toMatch(/^Error: The vault already holds keys for profile "shared"/);
  const vault = new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => PASSPHRASE });
  expect(
    vault
      .list()
      .map((e) => e.profile)
      .sort(),
  ).toEqual([...profiles, 'shared'].sort());
  for (const [i, p] of profiles.entries()) expect((await vault.open(p)).secretAccessKey).toBe(keyOf(i).secret);
  const winner = racers[7 + shared.findIndex((r) => r.code === 0)];
  expect((await vault.open('shared')).accessKeyId).toBe(winner.key.id);
  expect(fs.readdirSync(sandbox.path('.amplify-aws-roles/vault')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  sandbox.cleanup();
}, 120_000);

test('every keys command and a vault-backed resolution, succeeding and failing: no key or passphrase in any output, nor in any file but the sealed record', async () => {
  const server = await startStrictSts();
  sts = Object.assign(server, { walkthrough: await provisionWalkthrough(server) });
  const { accessKeyId: devKeyId, secretAccessKey: devSecret, device } = sts.walkthrough.user;
  rememberSecrets(devSecret);
  const box = walkthroughSandbox({ sts });
  box.env.AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE = PASSPHRASE;
  box.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
  box.env.AWS_ENDPOINT_URL_IAM = 'http://127.0.0.1:9';
  // doctor's gen1-app check lists Amplify apps: never the real service.
  box.env.AWS_ENDPOINT_URL_AMPLIFY = 'http://127.0.0.1:9';
  const project = box.project('app');
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    runTool(args, { env: { ...box.env, ...env }, cwd: project, timeoutMs: 60_000 });
  expect((await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
  for (const args of [
    ['keys', 'list'],
    ['keys', 'list', '--json'],
    ['chain', '--profile', 'bizcorprole'],
    ['profiles', '--json'],
    ['config', '--json'],
    ['credentials', '--profile', 'bizcorprole', '--mfa-code', 'CODE'],
    ['whoami', '--profile', 'bizcorprole', '--json'],
    ['doctor', '--profile', 'bizcorprole', '--json', '--mfa-code', 'CODE'],
    ['keys', '--help'],
  ]) {
    const result = await run(await Promise.all(args.map(async (a) => (a === 'CODE' ? device.code() : a))));
    expect({ args, code: result.code }).toEqual({ args, code: 0 });
  }
  // Files other than the sealed record: none holds the secret or the passphrase.
  const files = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
  for (const file of files(box.home)) {
    const text = fs.readFileSync(file);
    expect({ file, secret: text.includes(devSecret), passphrase: text.includes(PASSPHRASE) }).toEqual({
      file,
      secret: false,
      passphrase: false,
    });
  }
  for (const [args, env] of [
    [
      ['credentials', '--profile', 'bizcorprole', '--no-cache', '--mfa-code', '123456'],
      { AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: `${PASSPHRASE}-wrong` },
    ],
    [['keys', 'rotate', 'devcorpuser'], {}],
    [['keys', 'add', 'devcorpuser', '--stdin'], {}],
    [['keys', 'add', 'devcorpuser', '--backend', 'keychain'], {}],
  ] as Array<[string[], NodeJS.ProcessEnv]>) {
    expect((await run(args, env)).code).not.toBe(0);
  }
  const exported = await run(['keys', 'export-to-credentials-file', 'devcorpuser']);
  expect(exported.code).toBe(0);
  expect(box.read('.aws/credentials')).toContain(`aws_access_key_id = ${devKeyId}\naws_secret_access_key = ${devSecret}\n`);
  box.cleanup();
}, 120_000);
