import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KeychainApi } from '../../../src/vault/keychain';
import { keychainProblem, osKeychain } from '../../../src/vault/keychain';
import { SourceKeyVault, type PassphraseSource } from '../../../src/vault/vaultStore';
import { recordFileName, profileOfFileName } from '../../../src/vault/vaultRecord';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { rejectionOf as thrown } from '../../helpers/toolError';

const KEYS = { accessKeyId: 'AKIAVAULTUNITTEST001', secretAccessKey: 'vault-unit-secret-do-not-print-1' };
const OTHER = { accessKeyId: 'AKIAVAULTUNITTEST002', secretAccessKey: 'vault-unit-secret-do-not-print-2' };
const CHEAP = { N: 1024, r: 8, p: 1 };

function fixed(passphrase: string): PassphraseSource & { asked: number } {
  const source = Object.assign(
    async () => {
      source.asked++;
      return passphrase;
    },
    { asked: 0 },
  );
  return source;
}

function fakeKeychain(options: { refuse?: string } = {}): KeychainApi & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  const refuse = () => {
    if (options.refuse) throw Object.assign(new Error(`The OS keychain backend refused to act (${options.refuse}).`), {});
  };
  return {
    entries,
    probe: refuse,
    get: (p) => (refuse(), entries.get(p)),
    set: (p, s) => (refuse(), void entries.set(p, s)),
    delete: (p) => (refuse(), void entries.delete(p)),
  };
}

describe('the source-key vault', () => {
  let sandbox: Sandbox;
  beforeEach(() => (sandbox = makeSandbox()));
  afterEach(() => sandbox.cleanup());
  const vault = (passphrase = 'pass one', keychain: KeychainApi = fakeKeychain({ refuse: 'no Secret Service' })) =>
    new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: fixed(passphrase), keychain: () => keychain, scryptCost: CHEAP });
  const recordFile = (profile = 'dev') => sandbox.path(`.amplify-aws-roles/vault/${recordFileName(profile)}`);

  test('file backend: sealed with scrypt and AES-256-GCM, 0600 in a 0700 folder, opens with the passphrase; the secret is not in the file', async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    const text = fs.readFileSync(recordFile(), 'utf8');
    expect(text).not.toContain(KEYS.secretAccessKey);
    const record = JSON.parse(text);
    expect(record).toMatchObject({
      version: 1,
      profile: 'dev',
      backend: 'file',
      accessKeyId: KEYS.accessKeyId,
      kdf: { name: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 },
      sealed: { name: 'aes-256-gcm' },
    });
    expect(Buffer.from(record.sealed.nonce, 'base64')).toHaveLength(12);
    expect(fs.statSync(recordFile()).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(recordFile())).mode & 0o777).toBe(0o700);
    const opened = await vault().open('dev');
    expect({ accessKeyId: opened.accessKeyId, secretAccessKey: opened.secretAccessKey }).toEqual(KEYS);
  });

  test('every write has a fresh nonce and salt, even for the same keys and passphrase', async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    const first = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
    await vault().replace('dev', KEYS, { passphrase: 'pass one' });
    const second = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
    expect(second.sealed.nonce).not.toBe(first.sealed.nonce);
    expect(second.kdf.salt).not.toBe(first.kdf.salt);
    expect(second.sealed.ciphertext).not.toBe(first.sealed.ciphertext);
    expect(second.rotated).toEqual(expect.any(String));
  });

  test('a wrong passphrase is one sentence, and the record is left byte for byte', async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    const before = fs.readFileSync(recordFile());
    const error = await thrown(vault('wrong').open('dev'));
    expect(error.code).toBe('VaultPassphraseWrong');
    expect(error.message).toBe(
      `The passphrase does not open the vault record of profile "dev" (${recordFile()}): it is wrong, or the record was altered; nothing was changed.`,
    );
    expect(error.message).not.toContain(KEYS.secretAccessKey);
    expect(fs.readFileSync(recordFile())).toEqual(before);
  });

  test("a second file record must use the vault's passphrase; a new vault's passphrase is confirmed", async () => {
    const first = fixed('pass one');
    const v = new SourceKeyVault({
      home: sandbox.home,
      env: {},
      passphrase: first,
      keychain: () => fakeKeychain({ refuse: 'x' }),
      scryptCost: CHEAP,
    });
    const asked: boolean[] = [];
    const spy = new SourceKeyVault({
      home: sandbox.home,
      env: {},
      passphrase: async (r) => (asked.push(r.confirm), 'pass one'),
      keychain: () => fakeKeychain({ refuse: 'x' }),
      scryptCost: CHEAP,
    });
    await spy.add('dev', KEYS, { backend: 'file' });
    await spy.add('ops', OTHER, { backend: 'file' });
    expect(asked).toEqual([true, false]);
    expect((await thrown(vault('another').add('third', { ...OTHER, accessKeyId: 'AKIAVAULTUNITTEST003' }, { backend: 'file' }))).code).toBe(
      'VaultPassphraseWrong',
    );
    expect(fs.existsSync(recordFile('third'))).toBe(false);
    expect((await v.open('ops')).secretAccessKey).toBe(OTHER.secretAccessKey);
  });

  test('damaged and truncated records are named, listed with their problem, never replaced; remove --force clears them', async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    const full = fs.readFileSync(recordFile(), 'utf8');
    fs.writeFileSync(recordFile(), full.slice(0, 80));
    const error = await thrown(vault().open('dev'));
    expect(error.code).toBe('VaultRecordDamaged');
    expect(error.message).toBe(`The vault record ${recordFile()} is damaged (not JSON, perhaps truncated); it was left as it is.`);
    expect((await thrown(vault().add('dev', KEYS, { backend: 'file', replace: true }))).code).toBe('VaultRecordDamaged');
    expect(fs.readFileSync(recordFile(), 'utf8')).toBe(full.slice(0, 80));
    expect(vault().list()).toEqual([{ profile: 'dev', file: recordFile(), problem: error.message }]);
    expect((await thrown(() => vault().remove('dev'))).code).toBe('VaultRecordDamaged');
    expect(vault().remove('dev', { force: true })).toBe(true);
    expect(vault().list()).toEqual([]);
  });

  test("a tampered ciphertext, or a record copied over another profile's, does not open", async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    await vault().add('ops', OTHER, { backend: 'file' });
    const record = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
    const bytes = Buffer.from(record.sealed.ciphertext, 'base64');
    bytes[0] ^= 1;
    fs.writeFileSync(recordFile(), JSON.stringify({ ...record, sealed: { ...record.sealed, ciphertext: bytes.toString('base64') } }));
    expect((await thrown(vault().open('dev'))).code).toBe('VaultPassphraseWrong');
    const ops = JSON.parse(fs.readFileSync(recordFile('ops'), 'utf8'));
    fs.writeFileSync(recordFile(), JSON.stringify({ ...ops, profile: 'dev' }));
    expect((await thrown(vault().open('dev'))).code).toBe('VaultPassphraseWrong');
  });

  test('adding keys for a profile that has a record is refused, nothing changed', async () => {
    await vault().add('dev', KEYS, { backend: 'file' });
    const before = fs.readFileSync(recordFile());
    const error = await thrown(vault().add('dev', OTHER, { backend: 'file' }));
    expect(error.code).toBe('VaultRecordExists');
    expect(fs.readFileSync(recordFile())).toEqual(before);
  });

  test('malformed keys are refused before anything is written', async () => {
    expect((await thrown(vault().add('dev', { accessKeyId: 'not a key', secretAccessKey: 's' }, { backend: 'file' }))).code).toBe(
      'InvalidAccessKeyId',
    );
    expect((await thrown(vault().add('dev', { accessKeyId: KEYS.accessKeyId, secretAccessKey: '' }, { backend: 'file' }))).code).toBe(
      'InvalidSecretAccessKey',
    );
    expect(fs.existsSync(recordFile())).toBe(false);
  });

  test('profile names with dots, slashes and colons get safe file names that read back', () => {
    for (const name of ['my.dev', 'team/dev', 'a:b@c+d%e', '..', 'default']) {
      const file = recordFileName(name);
      expect(file).toMatch(/^[A-Za-z0-9_%-]+\.json$/);
      expect(profileOfFileName(file)).toBe(name);
    }
  });

  describe('the keychain backend', () => {
    test('holds the secret in the keychain and only metadata in the record', async () => {
      const keychain = fakeKeychain();
      const v = vault('unused', keychain);
      expect(v.chooseBackend()).toEqual({ backend: 'keychain', why: 'the OS keychain answers' });
      await v.add('dev', KEYS, { backend: 'keychain' });
      const record = JSON.parse(fs.readFileSync(recordFile(), 'utf8'));
      expect(record).toEqual({
        version: 1,
        profile: 'dev',
        backend: 'keychain',
        accessKeyId: KEYS.accessKeyId,
        created: expect.any(String),
      });
      expect(JSON.parse(keychain.entries.get('dev')!)).toEqual(KEYS);
      expect((await v.open('dev')).secretAccessKey).toBe(KEYS.secretAccessKey);
      v.remove('dev');
      expect(keychain.entries.size).toBe(0);
      expect(fs.existsSync(recordFile())).toBe(false);
    });

    test('a keychain that refuses: auto falls back to the file; asked for explicitly, it is one sentence naming the backend', async () => {
      const v = vault('p', fakeKeychain({ refuse: 'locked' }));
      expect(v.chooseBackend()).toEqual({
        backend: 'file',
        why: 'no OS keychain here',
        detail: 'The OS keychain backend refused to act (locked)',
      });
      const error = await thrown(() => v.chooseBackend('keychain'));
      expect(error.code).toBe('KeychainUnavailable');
      expect(error.message).toBe('The OS keychain backend refused to act (locked).');
      expect((await thrown(() => v.chooseBackend('vaulty'))).code).toBe('InvalidVaultBackend');
      expect(
        new SourceKeyVault({
          home: sandbox.home,
          env: { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file' },
          passphrase: fixed('p'),
          keychain: () => fakeKeychain(),
        }).chooseBackend().backend,
      ).toBe('file');
    });

    test('a keychain entry that disappeared is named, not silently re-created', async () => {
      const keychain = fakeKeychain();
      await vault('p', keychain).add('dev', KEYS, { backend: 'keychain' });
      keychain.entries.clear();
      const error = await thrown(vault('p', keychain).open('dev'));
      expect(error.code).toBe('VaultRecordDamaged');
      expect(error.message).toMatch(/^The OS keychain has no entry for profile "dev" although .*dev\.json says it holds its keys\.$/);
    });

    // The real binding (@napi-rs/keyring, an optional dependency). On Linux the session bus is pointed at a socket that
    // does not exist, so a desktop's keyring is never touched: the probe must say so in one sentence naming the backend
    // (test/reliability/keychain.reliability.ts runs the backend against a real Secret Service). Elsewhere the round trip runs.
    test('the real OS keychain: a round trip where one answers, else a clear "unavailable"', () => {
      const bus = process.env.DBUS_SESSION_BUS_ADDRESS;
      process.env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${sandbox.path('no-such-bus')}`;
      let problem: ReturnType<typeof keychainProblem>;
      try {
        problem = keychainProblem();
      } finally {
        if (bus === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
        else process.env.DBUS_SESSION_BUS_ADDRESS = bus;
      }
      if (process.platform === 'linux')
        expect(problem?.message).toMatch(/^The OS keychain backend (is not installed|refused to answer) \(.+\)\.$/);
      if (problem) {
        expect(problem.code).toBe('KeychainUnavailable');
        return;
      }
      const keychain = osKeychain();
      const profile = `amplify-aws-roles-test-${process.pid}`;
      keychain.set(profile, 'round-trip');
      try {
        expect(keychain.get(profile)).toBe('round-trip');
      } finally {
        keychain.delete(profile);
      }
      expect(keychain.get(profile)).toBeUndefined();
    });
  });
});
