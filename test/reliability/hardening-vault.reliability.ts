import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SecretPayload } from '../../src/vault/fileCipher';
import { rotateVaultKey } from '../../src/keys/rotateKey';
import { SourceKeyVault } from '../../src/vault/vaultStore';
import { makeSandbox } from '../helpers/sandbox';
import { DEV_KEY_ID, DEV_SECRET, setupRoleArgs, walkthroughConfig, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { iamStandIn } from './helpers/iamStandIn';
import { oneSentenceProblems } from './helpers/oneSentence';
import { capture, rememberSecrets, runTool } from './helpers/secretScan';

// Issue 25: the vault never loses or leaks the only copy of a key.
const sts = useFakeSts({ okBeforeEach: true });
const PASSPHRASE = 'hardening vault passphrase 0025';
const MISTYPED = 'walkthrough-dev-secret-key-MISTYPED-0001';
const OLDER_SECRET = 'older-rotated-away-secret-kept-in-backup-01';
rememberSecrets(DEV_SECRET, PASSPHRASE, MISTYPED, OLDER_SECRET);

function expectOneSentence(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  expect(result.code).toBeLessThan(128);
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
}

function box(options: { keysIn?: 'credentials' | 'config' | 'nowhere' } = {}) {
  const sandbox = walkthroughSandbox({ motoUrl: sts.url });
  const keyLines = `aws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = ${DEV_SECRET}\n`;
  if (options.keysIn === 'config') {
    sandbox.write('.aws/config', walkthroughConfig().replace('[profile devcorpuser]\n', `[profile devcorpuser]\n${keyLines}`));
    sandbox.write('.aws/credentials', '');
  }
  if (options.keysIn === 'nowhere') sandbox.write('.aws/credentials', '');
  const project = sandbox.project('app');
  Object.assign(sandbox.env, { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE });
  const run = (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) =>
    runTool(args, { env: { ...sandbox.env, ...extra.env }, cwd: project, input: extra.input, timeoutMs: extra.timeoutMs ?? 30_000 });
  const vault = (passphrase = PASSPHRASE) => new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => passphrase });
  const record = sandbox.path('.amplify-aws-roles/vault/devcorpuser.json');
  return { sandbox, project, run, vault, record, keyLines };
}

/** Every file under `dir` whose bytes hold `secret`. */
function filesHolding(dir: string, secret: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name))
    .filter((file) => fs.readFileSync(file).includes(secret));
}

describe('issue 25 item 3: keys add --from-credentials-file opens the record before trusting it', () => {
  test('item 3: after a mistyped keys add --stdin, the move is refused and the right secret stays in the file; --replace stores it, then the lines go', async () => {
    const { sandbox, run, vault } = box({ keysIn: 'nowhere' });
    const typo = await run(['keys', 'add', 'devcorpuser', '--stdin'], { input: `${DEV_KEY_ID}\n${MISTYPED}\n` });
    expect({ code: typo.code, stderr: typo.stderr }).toEqual({ code: 0, stderr: '' });
    // The user then writes the right keys into the credentials file and moves them.
    sandbox.write('.aws/credentials', `[devcorpuser]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = ${DEV_SECRET}\n`);
    const before = sandbox.read('.aws/credentials');
    const moved = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
    expectOneSentence(
      moved,
      /^Error: The vault already holds the same key id AKIA…\w{4} with a different secret for profile "devcorpuser" than the files; nothing was changed, and the keys stay in the files\.$/,
    );
    expect(sandbox.read('.aws/credentials')).toBe(before);
    expect((await vault().open('devcorpuser')).secretAccessKey).toBe(MISTYPED);

    const replaced = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file', '--replace']);
    expect({ code: replaced.code, stderr: replaced.stderr }).toEqual({ code: 0, stderr: '' });
    expect((await vault().open('devcorpuser')).secretAccessKey).toBe(DEV_SECRET);
    expect(sandbox.read('.aws/credentials')).toBe('[devcorpuser]\n');
    sandbox.cleanup();
  }, 60_000);

  test('item 3: a record of another key is not replaced by the move without --replace; the file keeps its lines', async () => {
    const { sandbox, run, vault } = box({ keysIn: 'nowhere' });
    const other = await run(['keys', 'add', 'devcorpuser', '--stdin'], { input: `AKIAOTHERKEYID000009\n${MISTYPED}\n` });
    expect(other.code).toBe(0);
    sandbox.write('.aws/credentials', `[devcorpuser]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = ${DEV_SECRET}\n`);
    const before = sandbox.read('.aws/credentials');
    expectOneSentence(
      await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']),
      /^Error: The vault already holds another key \(AKIA…0009\) for profile "devcorpuser" than the files; nothing was changed, and the keys stay in the files\.$/,
    );
    expect(sandbox.read('.aws/credentials')).toBe(before);
    expect((await vault().open('devcorpuser')).accessKeyId).toBe('AKIAOTHERKEYID000009');
    sandbox.cleanup();
  }, 60_000);

  test('item 3: a wrong passphrase for the existing record removes nothing from the file', async () => {
    const { sandbox, run } = box({ keysIn: 'nowhere' });
    expect((await run(['keys', 'add', 'devcorpuser', '--stdin'], { input: `${DEV_KEY_ID}\n${DEV_SECRET}\n` })).code).toBe(0);
    sandbox.write('.aws/credentials', `[devcorpuser]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = ${DEV_SECRET}\n`);
    const before = sandbox.read('.aws/credentials');
    const wrong = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'], {
      env: { AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'not the passphrase' },
    });
    expectOneSentence(wrong, /^Error: The passphrase does not open the vault record of profile "devcorpuser"/);
    expect(sandbox.read('.aws/credentials')).toBe(before);
    sandbox.cleanup();
  }, 60_000);
});

describe('issue 25 item 4: no plain-text copy of a moved key stays in our backups, and doctor looks there', () => {
  test('item 4: keys in ~/.aws/config, a backup written by setup-role --write-config: keys add scrubs it, doctor finds nothing; a backup holding another key is kept and doctor names it', async () => {
    const { sandbox, run } = box({ keysIn: 'config' });
    const setup = await run([...setupRoleArgs(), '--external-id', 'auto', '--no-mfa', '--write-config', '--biz-profile', 'newrole']);
    expect({ code: setup.code, stderr: setup.stderr }).toEqual({ code: 0, stderr: '' });
    const backups = fs.readdirSync(sandbox.path('.aws')).filter((n) => n.startsWith('config.bak-'));
    expect(backups).toHaveLength(1);
    expect(
      filesHolding(sandbox.path('.aws'), DEV_SECRET)
        .map((f) => path.basename(f))
        .sort(),
    ).toEqual(['config', backups[0]]);
    // An older backup of ours with a key that is not the one moved: not ours to delete, but doctor must name it.
    const older = sandbox.write(
      '.aws/config.bak-20250101T000000Z',
      `[profile devcorpuser]\naws_access_key_id = AKIAOLDERKEY00000001\naws_secret_access_key = ${OLDER_SECRET}\n`,
    );

    const moved = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file', '--json']);
    expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
    expect(filesHolding(sandbox.home, DEV_SECRET)).toEqual([]);
    expect(JSON.parse(moved.stdout).scrubbedBackups).toEqual([sandbox.path(`.aws/${backups[0]}`)]);
    expect(fs.readFileSync(older, 'utf8')).toContain(OLDER_SECRET);

    const doctor = async () => {
      const result = await run(['doctor', '--profile', 'newrole', '--json']);
      capture('doctor', 'stdout', result.stdout);
      return JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === 'plaintext-keys');
    };
    expect(await doctor()).toMatchObject({ status: 'warn', message: expect.stringContaining(older) });
    fs.rmSync(older);
    expect(await doctor()).toMatchObject({ status: 'pass' });
    sandbox.cleanup();
  }, 90_000);
});

/** A record sealed as we seal it, but with the tag cut to `tagBytes` (what an attacker who can edit the record may try). */
function resealWithTag(recordFile: string, keys: SecretPayload, passphrase: string, tagBytes: number): void {
  const record = JSON.parse(fs.readFileSync(recordFile, 'utf8'));
  const { N, r, p, keyLength, salt } = record.kdf;
  const key = crypto.scryptSync(passphrase.normalize('NFC'), Buffer.from(salt, 'base64'), keyLength, {
    N,
    r,
    p,
    maxmem: 256 * N * r + 1024 * 1024,
  });
  const nonce = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`amplify-aws-roles vault v1\0${record.profile}\0${keys.accessKeyId}`, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final()]);
  record.sealed = {
    name: 'aes-256-gcm',
    nonce: nonce.toString('base64'),
    tag: cipher.getAuthTag().subarray(0, tagBytes).toString('base64'),
    ciphertext: ciphertext.toString('base64'),
  };
  fs.writeFileSync(recordFile, JSON.stringify(record, null, 2));
}

describe('issue 25 item 6: a record asks only for the scrypt parameters and GCM sizes we write', () => {
  test.each([
    ['N = 2^20', { N: 1 << 20 }],
    ['N = 2^24 (16 GiB)', { N: 1 << 24 }],
    ['a key length of 1e9', { keyLength: 1e9 }],
    ['r = 1000', { r: 1000 }],
    ['p = 64', { p: 64 }],
  ])(
    'item 6: %s in the record: credentials refuses in one sentence naming the record, and leaves it as it is',
    async (_what, change) => {
      const { sandbox, run, record } = box();
      expect((await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
      const data = JSON.parse(fs.readFileSync(record, 'utf8'));
      fs.writeFileSync(record, JSON.stringify({ ...data, kdf: { ...data.kdf, ...change } }, null, 2));
      const before = fs.readFileSync(record, 'utf8');
      const result = await run(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'], { timeoutMs: 60_000 });
      expectOneSentence(
        result,
        /^Error: The vault record .*devcorpuser\.json is damaged \(scrypt parameters .* are outside what amplify-aws-roles writes .*\); it was left as it is\.$/,
      );
      expect(fs.readFileSync(record, 'utf8')).toBe(before);
      sandbox.cleanup();
    },
    90_000,
  );

  test('item 6: a record whose GCM tag is cut to 4 bytes no longer opens; with the full 16-byte tag it does', async () => {
    const { sandbox, run, record } = box();
    expect((await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    const keys = { accessKeyId: DEV_KEY_ID, secretAccessKey: DEV_SECRET };
    resealWithTag(record, keys, PASSPHRASE, 16);
    const whole = await run(['credentials', '--profile', 'devcorpuser']);
    expect({ code: whole.code, stderr: whole.stderr }).toEqual({ code: 0, stderr: '' });
    resealWithTag(record, keys, PASSPHRASE, 4);
    expectOneSentence(
      await run(['credentials', '--profile', 'devcorpuser']),
      /^Error: The vault record .*devcorpuser\.json is damaged \(the AES-GCM tag is not 16 bytes\); it was left as it is\.$/,
    );
    sandbox.cleanup();
  }, 60_000);
});

describe('issue 25 item 7: two keys add at once with different passphrases never leave one vault with two passphrases', () => {
  test('item 7: six rounds of two concurrent keys add into an empty vault, each with its own passphrase: one wins, the other is refused in one sentence', async () => {
    for (let round = 0; round < 6; round++) {
      const sandbox = makeSandbox({ '.aws/config': '[profile p1]\nregion = us-east-1\n\n[profile p2]\nregion = us-east-1\n' });
      Object.assign(sandbox.env, { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file' });
      const add = (profile: string, passphrase: string) =>
        runTool(['keys', 'add', profile, '--stdin'], {
          env: { ...sandbox.env, AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: passphrase },
          input: `AKIACONCURRENT${profile.toUpperCase()}0007\nsecret-of-${profile}-round-${round}\n`,
          timeoutMs: 60_000,
        });
      const results = await Promise.all([add('p1', `first passphrase ${round}`), add('p2', `second passphrase ${round}`)]);
      const winners = results.filter((r) => r.code === 0);
      expect({ round, winners: winners.length }).toEqual({ round, winners: 1 });
      for (const loser of results.filter((r) => r.code !== 0)) expectOneSentence(loser, /passphrase .*does not open the vault/i);
      expect(fs.readdirSync(sandbox.path('.amplify-aws-roles/vault')).filter((n) => n.endsWith('.json'))).toHaveLength(1);
      sandbox.cleanup();
    }
  }, 240_000);
});

describe('issue 25 item 10: smaller', () => {
  test('item 10: two concurrent keys rotate: the loser reads the record again and names the key the vault holds now, not a deleted one as "unchanged and live"', async () => {
    const sandbox = makeSandbox();
    const start = { accessKeyId: 'AKIAROTATESTART00001', secretAccessKey: 'rotate-start-secret-0001' };
    rememberSecrets(start.secretAccessKey);
    const vault = () => new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => PASSPHRASE, scryptCost: { N: 1024 } });
    await vault().add('dev', start, { backend: 'file' });
    const iam = iamStandIn(start);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // The loser has read the record and proven the old key; its CreateAccessKey waits until the winner is done.
    const loser = rotateVaultKey(vault(), 'dev', iam.api({ beforeCreate: held }), { proofAttempts: 1, proofDelayMs: 1 }).then(
      () => undefined,
      (error: Error) => error,
    );
    await new Promise((r) => setTimeout(r, 200));
    const won = await rotateVaultKey(vault(), 'dev', iam.api(), { proofAttempts: 1, proofDelayMs: 1 });
    // The stand-in says no: the start key no longer signs.
    await expect(iam.api().callerIdentity(start)).rejects.toThrow(/invalid/);
    release();
    const error = await loser;
    capture('the losing rotation', 'message', error?.message ?? '');
    expect(error?.message).toMatch(/IAM did not create a new access key/);
    expect(error?.message).not.toMatch(/unchanged and live/);
    expect(error?.message).toMatch(
      new RegExp(
        `The vault now holds ${won.record.accessKeyId.slice(0, 4)}…${won.record.accessKeyId.slice(-4)}, stored meanwhile by another process`,
      ),
    );
    expect((await vault().open('dev')).accessKeyId).toBe(won.record.accessKeyId);
    sandbox.cleanup();
  });

  test('item 10: a vault folder that is a symbolic link is refused in one sentence; nothing is written through it', async () => {
    const { sandbox, run } = box();
    const elsewhere = sandbox.path('elsewhere');
    fs.mkdirSync(elsewhere, { mode: 0o700 });
    fs.mkdirSync(sandbox.path('.amplify-aws-roles'), { mode: 0o700 });
    fs.symlinkSync(elsewhere, sandbox.path('.amplify-aws-roles/vault'));
    const before = sandbox.read('.aws/credentials');
    expectOneSentence(
      await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']),
      /^Error: The vault folder .*\.amplify-aws-roles\/vault is a symbolic link; refusing to read or write keys through it\.$/,
    );
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    expect(sandbox.read('.aws/credentials')).toBe(before);
    sandbox.cleanup();
  }, 60_000);

  test('item 10: a vault folder of another user with mode 1777 is not trusted: a record planted there is neither read nor written beside', async () => {
    const { sandbox, run } = box({ keysIn: 'nowhere' });
    // A record of ours, sealed with our passphrase, then planted in another user's world-writable folder.
    const planter = box({ keysIn: 'nowhere' });
    expect((await planter.run(['keys', 'add', 'devcorpuser', '--stdin'], { input: `${DEV_KEY_ID}\n${DEV_SECRET}\n` })).code).toBe(0);
    const shared = sandbox.path('shared-vault');
    fs.mkdirSync(shared);
    fs.copyFileSync(planter.record, path.join(shared, 'devcorpuser.json'));
    planter.sandbox.cleanup();
    for (const file of [path.join(shared, 'devcorpuser.json'), shared]) fs.chownSync(file, 4242, 4242);
    fs.chmodSync(shared, 0o1777);
    const env = { AMPLIFY_AWS_ROLES_VAULT_DIR: shared };
    expectOneSentence(
      await run(['credentials', '--profile', 'devcorpuser'], { env }),
      /^Error: The vault folder .*shared-vault belongs to another user \(uid 4242\); refusing to keep keys there\.$/,
    );
    expectOneSentence(
      await run(['keys', 'add', 'bizcorprole', '--stdin'], { env, input: 'AKIAPLANTEDNEW000001\nplanted-new-secret-01\n' }),
      /belongs to another user \(uid 4242\)/,
    );
    expect(fs.readdirSync(shared)).toEqual(['devcorpuser.json']);
    expect(fs.statSync(shared).mode & 0o7777).toBe(0o1777);
    sandbox.cleanup();
  }, 60_000);
});
