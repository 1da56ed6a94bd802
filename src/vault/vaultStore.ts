import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeOrphanTempFiles, replaceFileAtomically } from '../files/atomicWrite';
import { alive, withFileLockSync } from '../files/fileLock';
import { openSecret, sealSecret, type DEFAULT_SCRYPT, type SecretPayload } from './fileCipher';
import { osKeychain, type KeychainApi } from './keychain';
import { KeychainEntries } from './keychainEntries';
import { chooseVaultBackend } from './vaultBackend';
import { alreadyInVault, changedMeanwhile, checkKeys, vaultNotFound } from './vaultErrors';
import { VaultPassphrase, type PassphraseSource } from './vaultPassphrase';
import { listRecords, type VaultListing } from './vaultListing';
import {
  type VaultBackendName,
  type VaultRecord,
  checkVaultFolder,
  readVaultRecord,
  recordPath,
  sameRecord,
  vaultFolder,
} from './vaultRecord';

export { BACKEND_ENV } from './vaultBackend';
export { vaultNotFound } from './vaultErrors';
export type { PassphraseSource } from './vaultPassphrase';
export type { VaultListing } from './vaultListing';

/**
 * The source-key vault: add, open, list, replace and remove one record per profile. Records are written
 * atomically, 0600 in a 0700 folder, and every check-then-write runs under the vault's lock, so two processes
 * adding at once both keep their record and never overwrite each other's. Passphrases come from a
 * PassphraseSource (terminal or environment) and are never stored. The refusals live in vaultErrors, the keychain
 * entries' checks in keychainEntries, the one-passphrase rule in vaultPassphrase: this class holds them together.
 */
const LOCK = { timeoutMs: 15000, staleMs: 30000 };

export interface VaultOptions {
  home: string;
  env: NodeJS.ProcessEnv;
  passphrase: PassphraseSource;
  keychain?: () => KeychainApi;
  now?: () => Date;
  /** Tests lower scrypt's cost; real records use DEFAULT_SCRYPT. */
  scryptCost?: Partial<typeof DEFAULT_SCRYPT>;
  /** Where a repaired folder mode is reported. */
  warn?: (message: string) => void;
}

export class SourceKeyVault {
  readonly folder: string;
  private readonly keychain: () => KeychainApi;
  private readonly entries: KeychainEntries;
  private readonly passphrases: VaultPassphrase;
  private readonly now: () => Date;

  constructor(private readonly options: VaultOptions) {
    this.folder = vaultFolder(options.home, options.env);
    this.keychain = options.keychain ?? osKeychain;
    this.entries = new KeychainEntries(this.keychain);
    this.passphrases = new VaultPassphrase(options.passphrase, () => this.list());
    this.now = options.now ?? (() => new Date());
  }

  /** Where new keys go (vaultBackend): --backend, the environment, else the keychain when one answers, else the file. */
  chooseBackend(requested?: string): ReturnType<typeof chooseVaultBackend> {
    return chooseVaultBackend(requested, this.options.env, this.keychain);
  }

  /** The profiles with a record (readable or not). */
  profileNames(): string[] {
    return this.list().map((entry) => entry.profile);
  }

  has(profile: string): boolean {
    return this.folderExists() && fs.existsSync(recordPath(this.folder, profile));
  }

  get(profile: string): VaultRecord | undefined {
    return this.folderExists() ? readVaultRecord(this.folder, profile) : undefined;
  }

  /**
   * Stores new keys. A profile that already has a record is refused unless `replace`; then only the record read when
   * the command began (`replacing`, by default the one there now) is replaced: one rotated or re-added meanwhile by
   * another process holds a key that may be the only live one, and is left as it is.
   */
  async add(
    profile: string,
    keys: SecretPayload,
    options: { backend: VaultBackendName; replace?: boolean; replacing?: VaultRecord | null },
  ): Promise<VaultRecord> {
    checkKeys(profile, keys);
    if (!options.replace && this.has(profile)) throw alreadyInVault(profile, recordPath(this.folder, profile));
    const before = options.replace ? (options.replacing !== undefined ? (options.replacing ?? undefined) : this.get(profile)) : undefined;
    const created = this.now().toISOString();
    const { record, passphrase } = await this.sealed(profile, keys, options.backend, {
      version: 1,
      profile,
      backend: options.backend,
      accessKeyId: keys.accessKeyId,
      created,
    });
    this.ensureFolder();
    const file = recordPath(this.folder, profile);
    return this.locked(() => {
      const existing = readVaultRecord(this.folder, profile);
      if (existing && !options.replace) throw alreadyInVault(profile, file);
      if (options.replace && !sameRecord(existing, before))
        throw before ? changedMeanwhile(profile, file, before.accessKeyId, existing) : alreadyInVault(profile, file);
      if (passphrase) this.passphrases.requireOpensOthers(profile, passphrase);
      if (options.backend === 'keychain') this.entries.store(profile, keys, { replace: options.replace === true });
      this.writeRecord(record);
      if (existing?.backend === 'keychain' && options.backend !== 'keychain') this.entries.delete(profile);
      return record;
    });
  }

  /** Opens a profile's keys: asks for the passphrase (file backend) or reads the keychain. */
  async open(profile: string): Promise<SecretPayload & { record: VaultRecord; passphrase?: string }> {
    const record = this.get(profile);
    if (!record) throw vaultNotFound(profile, this.profileNames());
    const file = recordPath(this.folder, profile);
    if (record.backend === 'keychain') return { ...this.entries.keysOf(profile, record, file), record };
    const passphrase = await this.options.passphrase({ profile, confirm: false });
    return { ...openSecret(record as Required<VaultRecord>, passphrase, file), record, passphrase };
  }

  /**
   * Replaces a profile's keys by new ones (rotation). The record is rewritten in one atomic step, so it holds either
   * the old keys or the new ones, never neither. The passphrase is the one that opened the old keys.
   */
  async replace(profile: string, keys: SecretPayload, options: { passphrase?: string; replacing?: string }): Promise<VaultRecord> {
    checkKeys(profile, keys);
    const old = this.get(profile);
    if (!old) throw vaultNotFound(profile, this.profileNames());
    const base: VaultRecord = {
      version: 1,
      profile,
      backend: old.backend,
      accessKeyId: keys.accessKeyId,
      created: old.created,
      rotated: this.now().toISOString(),
    };
    const { record } = await this.sealed(profile, keys, old.backend, base, options.passphrase);
    return this.locked(() => {
      // Compare and swap: another process (a second `keys rotate`) may have replaced the key since it was read.
      const current = readVaultRecord(this.folder, profile);
      const expected = options.replacing ?? old.accessKeyId;
      if (current?.accessKeyId !== expected || current.backend !== old.backend)
        throw changedMeanwhile(profile, recordPath(this.folder, profile), expected, current);
      if (old.backend !== 'keychain') {
        this.writeRecord(record);
        return record;
      }
      this.entries.replaceThen(profile, keys, { accessKeyId: old.accessKeyId, file: recordPath(this.folder, profile) }, () =>
        this.writeRecord(record),
      );
      return record;
    });
  }

  /** The key id the OS keychain entry of a keychain record holds now (what `open` would give back), if any. */
  entryKeyId(profile: string): string | undefined {
    return this.entries.keyId(profile);
  }

  /**
   * Runs `fn` under the vault's lock while the record is still `expected` (the one the caller stored or opened), so
   * lines leave a file only while the vault holds their key; a record changed or removed meanwhile is refused.
   */
  whileHolding<T>(profile: string, expected: VaultRecord, fn: () => T): T {
    return this.locked(() => {
      const current = readVaultRecord(this.folder, profile);
      if (!sameRecord(current, expected)) throw changedMeanwhile(profile, recordPath(this.folder, profile), expected.accessKeyId, current);
      return fn();
    });
  }

  /**
   * Removes a record (and its keychain entry). `force` also removes one that cannot be read. With `expected` (the record
   * the command opened), only that record: one rotated meanwhile holds the live key and stays (VaultRecordChanged).
   */
  remove(profile: string, options: { force?: boolean; expected?: VaultRecord } = {}): boolean {
    const file = recordPath(this.folder, profile);
    return this.locked(() => {
      let record: VaultRecord | undefined;
      try {
        record = readVaultRecord(this.folder, profile);
      } catch (error) {
        if (!options.force) throw error;
        fs.rmSync(file, { force: true });
        return true;
      }
      if (options.expected && !sameRecord(record, options.expected))
        throw changedMeanwhile(profile, file, options.expected.accessKeyId, record);
      if (!record) return false;
      if (record.backend === 'keychain') this.entries.remove(record, file, options.force === true);
      fs.rmSync(file, { force: true });
      return true;
    });
  }

  /** Every record, readable or not (a damaged one is listed with its problem, never skipped or replaced). */
  list(): VaultListing[] {
    return listRecords(this.folder, this.options.warn);
  }

  /** The record to write, and for the file backend the passphrase that sealed it. */
  private async sealed(
    profile: string,
    keys: SecretPayload,
    backend: VaultBackendName,
    base: VaultRecord,
    knownPassphrase?: string,
  ): Promise<{ record: VaultRecord; passphrase?: string }> {
    if (backend === 'keychain') return { record: base };
    const passphrase = knownPassphrase ?? (await this.passphrases.forNewRecord(profile));
    return { record: { ...base, ...sealSecret(keys, profile, passphrase, this.options.scryptCost) }, passphrase };
  }

  private locked<T>(fn: () => T): T {
    this.ensureFolder();
    return withFileLockSync(path.join(this.folder, '.vault.lock'), LOCK, () => {
      removeOrphanTempFiles({ folder: this.folder }, alive);
      return fn();
    });
  }

  private writeRecord(record: VaultRecord): void {
    replaceFileAtomically(recordPath(this.folder, record.profile), `${JSON.stringify(record, null, 2)}\n`, {
      mode: 0o600,
      errorCode: 'VaultWriteFailed',
      what: 'the vault record',
    });
  }

  private ensureFolder(): void {
    checkVaultFolder(this.folder, { create: true, warn: this.options.warn });
  }

  private folderExists(): boolean {
    return checkVaultFolder(this.folder, { create: false, warn: this.options.warn });
  }
}
