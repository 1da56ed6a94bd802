import * as fs from 'node:fs';
import * as path from 'node:path';
import { didYouMeanEnd } from '../suggest';
import { ToolError } from '../errors';
import { replaceFileAtomically } from '../files/atomicWrite';
import { alive, withFileLockSync } from '../files/fileLock';
import { openSecret, sealSecret, type DEFAULT_SCRYPT, type SecretPayload } from './fileCipher';
import { keychainProblem, keysInEntry, osKeychain, type KeychainApi } from './keychain';
import {
  type VaultBackendName,
  type VaultRecord,
  checkVaultFolder,
  parseRecord,
  profileOfFileName,
  readRecordFile,
  readVaultRecord,
  recordFileNames,
  recordPath,
  vaultFolder,
} from './vaultRecord';
import { maskKeyId } from '../credentials';

/**
 * The source-key vault: add, open, list, replace and remove one record per profile. Records are written
 * atomically, 0600 in a 0700 folder, and every check-then-write runs under the vault's lock, so two processes
 * adding at once both keep their record and never overwrite each other's. Passphrases come from a
 * PassphraseSource (terminal or environment) and are never stored.
 */
export const BACKEND_ENV = 'AMPLIFY_AWS_ROLES_VAULT_BACKEND';
const LOCK = { timeoutMs: 15000, staleMs: 30000 };

export interface PassphraseSource {
  /** `confirm`: a new vault's passphrase, asked twice on a terminal. */
  (request: { profile: string; confirm: boolean }): Promise<string>;
}

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

export interface VaultListing {
  profile: string;
  file: string;
  record?: VaultRecord;
  /** Why the record cannot be read (damaged, unreadable). */
  problem?: string;
}

/** `known`: the profiles the vault has keys for, for "did you mean". */
export function vaultNotFound(profile: string, known: Iterable<string> = []): ToolError {
  return new ToolError('VaultRecordNotFound', `The vault has no keys for profile "${profile}"${didYouMeanEnd(profile, known)}`, {
    resolution: 'Run "amplify-aws-roles keys list" to see the profiles it has.',
  });
}

export class SourceKeyVault {
  readonly folder: string;
  private readonly keychain: () => KeychainApi;
  private readonly now: () => Date;
  /** The passphrase already shown to open the record with this salt (so the check under the lock costs no scrypt). */
  private verified?: { salt: string; passphrase: string };

  constructor(private readonly options: VaultOptions) {
    this.folder = vaultFolder(options.home, options.env);
    this.keychain = options.keychain ?? osKeychain;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * --backend, else AMPLIFY_AWS_ROLES_VAULT_BACKEND, else the keychain when one answers, else the file. `why` is a
   * short clause for every message; `detail` is the keychain library's own reason, for `doctor --verbose`.
   */
  chooseBackend(requested?: string): { backend: VaultBackendName; why: string; detail?: string } {
    const wanted = requested ?? this.options.env[BACKEND_ENV] ?? 'auto';
    if (wanted === 'file') return { backend: 'file', why: requested ? 'asked for with --backend' : `asked for by ${BACKEND_ENV}` };
    if (wanted !== 'keychain' && wanted !== 'auto') {
      throw new ToolError(
        'InvalidVaultBackend',
        `Unknown vault backend "${wanted}" (${requested ? '--backend' : BACKEND_ENV}); use keychain, file or auto.`,
        { exitCode: 2 },
      );
    }
    const problem = keychainProblem(this.keychain);
    if (!problem) return { backend: 'keychain', why: 'the OS keychain answers' };
    // A locked keychain is there, only closed: keys meant for it do not go to a file instead.
    if (wanted === 'keychain' || problem.code === 'KeychainLocked') throw problem;
    return { backend: 'file', why: 'no OS keychain here', detail: problem.message.replace(/\.$/, '') };
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
      if (passphrase) this.requireVaultPassphrase(profile, passphrase);
      if (options.backend === 'keychain') {
        if (!options.replace) this.refuseEntryInTheWay(profile, keys);
        this.keychain().set(profile, JSON.stringify(keys));
      }
      this.writeRecord(record);
      if (existing?.backend === 'keychain' && options.backend !== 'keychain') this.keychain().delete(profile);
      return record;
    });
  }

  /** Opens a profile's keys: asks for the passphrase (file backend) or reads the keychain. */
  async open(profile: string): Promise<SecretPayload & { record: VaultRecord; passphrase?: string }> {
    const record = this.get(profile);
    if (!record) throw vaultNotFound(profile, this.profileNames());
    const file = recordPath(this.folder, profile);
    if (record.backend === 'keychain') {
      const text = this.keychain().get(profile);
      if (!text) {
        throw new ToolError(
          'VaultRecordDamaged',
          `The OS keychain has no entry for profile "${profile}" although ${file} says it holds its keys.`,
          {
            resolution: 'Add the keys again with "keys add PROFILE --replace", or remove the record with "keys remove PROFILE".',
          },
        );
      }
      const keys = keysInEntry(text);
      if (keys?.accessKeyId !== record.accessKeyId) throw entryChanged(profile, file, keys, 'it was left as it is');
      return { ...keys, record };
    }
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
      // The entry first (a record naming a key the entry lacks opens nothing), and put back if the record cannot follow.
      const previous = this.keychain().get(profile);
      this.keychain().set(profile, JSON.stringify(keys));
      try {
        this.writeRecord(record);
      } catch (error) {
        try {
          if (previous === undefined) this.keychain().delete(profile);
          else this.keychain().set(profile, previous);
        } catch (restoring) {
          throw entryAheadOfRecord(
            profile,
            recordPath(this.folder, profile),
            keys.accessKeyId,
            old.accessKeyId,
            error as Error,
            restoring as Error,
          );
        }
        throw error;
      }
      return record;
    });
  }

  /** The key id the OS keychain entry of a keychain record holds now (what `open` would give back), if any. */
  entryKeyId(profile: string): string | undefined {
    const text = this.keychain().get(profile);
    return text === undefined ? undefined : keysInEntry(text)?.accessKeyId;
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
      if (record.backend === 'keychain') this.removeEntry(record, file, options.force === true);
      fs.rmSync(file, { force: true });
      return true;
    });
  }

  /**
   * Deletes the keychain entry the record names. One changed behind our back (another key, or not ours at all) may be
   * the only copy of something: it is refused, or with `force` left where it is while the record goes.
   */
  private removeEntry(record: VaultRecord, file: string, force: boolean): void {
    const text = this.keychain().get(record.profile);
    if (text === undefined) return;
    const keys = keysInEntry(text);
    if (keys?.accessKeyId === record.accessKeyId) this.keychain().delete(record.profile);
    else if (!force) {
      throw entryChanged(
        record.profile,
        file,
        keys,
        'nothing was removed',
        `Look at it in your keychain app (service "amplify-aws-roles", account "${record.profile}"); "keys remove ${record.profile} --force" removes only the record and leaves the entry as it is.`,
      );
    }
  }

  /** A new keychain record over an entry no record names (its record deleted by hand, say): only the same keys, or --replace. */
  private refuseEntryInTheWay(profile: string, keys: SecretPayload): void {
    const text = this.keychain().get(profile);
    if (text === undefined) return;
    const held = keysInEntry(text);
    if (held?.accessKeyId === keys.accessKeyId && held.secretAccessKey === keys.secretAccessKey) return;
    throw new ToolError(
      'KeychainEntryExists',
      `The OS keychain already holds an entry for profile "${profile}" (${held ? `key ${maskKeyId(held.accessKeyId)}` : 'not keys this tool stored'}) that no vault record names; nothing was changed.`,
      {
        resolution: `Look at it in your keychain app (service "amplify-aws-roles", account "${profile}"); add with --replace to overwrite it.`,
      },
    );
  }

  /** Every record, readable or not (a damaged one is listed with its problem, never skipped or replaced). */
  list(): VaultListing[] {
    const names = recordFileNames(this.folder, this.options.warn);
    const listing: VaultListing[] = [];
    for (const name of names.sort()) {
      const profile = profileOfFileName(name);
      if (profile === undefined) continue;
      const file = path.join(this.folder, name);
      try {
        const text = readRecordFile(file);
        if (text !== undefined) listing.push({ profile, file, record: parseRecord(file, text, profile) });
      } catch (error) {
        listing.push({ profile, file, problem: (error as Error).message });
      }
    }
    return listing;
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
    const passphrase = knownPassphrase ?? (await this.newRecordPassphrase(profile));
    return { record: { ...base, ...sealSecret(keys, profile, passphrase, this.options.scryptCost) }, passphrase };
  }

  /** Another file record than `profile`'s, whose passphrase is the vault's. */
  private otherFileRecord(profile: string): VaultListing | undefined {
    return this.list().find((entry) => entry.record?.backend === 'file' && entry.profile !== profile);
  }

  /**
   * One passphrase for the whole file vault: when other file records exist, the passphrase must open one of them,
   * so a typo cannot leave records that open with different passphrases. A new vault's passphrase is confirmed.
   * Checked here, before the person waits for scrypt, and again under the lock (requireVaultPassphrase).
   */
  private async newRecordPassphrase(profile: string): Promise<string> {
    const other = this.otherFileRecord(profile);
    const passphrase = await this.options.passphrase({ profile, confirm: !other });
    if (other?.record) {
      openSecret(other.record as Required<VaultRecord>, passphrase, other.file);
      this.verified = { salt: other.record.kdf!.salt, passphrase };
    }
    return passphrase;
  }

  /**
   * Under the vault's lock: the passphrase about to seal a record opens the vault's other file records. Two
   * `keys add` into an empty vault, each with its own new passphrase, both found no other record before the lock;
   * the second to take it now finds the first's record and is refused, so the vault never holds two passphrases.
   */
  private requireVaultPassphrase(profile: string, passphrase: string): void {
    const other = this.otherFileRecord(profile);
    if (!other?.record) return;
    if (this.verified?.passphrase === passphrase && this.verified.salt === other.record.kdf!.salt) return;
    try {
      openSecret(other.record as Required<VaultRecord>, passphrase, other.file);
    } catch (error) {
      throw new ToolError(
        'VaultPassphraseDiffers',
        `The passphrase for profile "${profile}" does not open the vault's other records (${other.file}, added meanwhile by another process); nothing was stored.`,
        {
          resolution: "Run the command again and give the vault's passphrase.",
          cause: error,
        },
      );
    }
  }

  private locked<T>(fn: () => T): T {
    this.ensureFolder();
    return withFileLockSync(path.join(this.folder, '.vault.lock'), LOCK, () => {
      removeOrphanTempFiles(this.folder);
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

/** Temp files of writers killed before their rename (`.<record>.<pid>.<hex>.tmp`, `.vault.lock.<pid>.<hex>.tmp`). */
function removeOrphanTempFiles(folder: string): void {
  for (const name of fs.readdirSync(folder)) {
    const match = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/.exec(name);
    if (!match || Number(match[1]) === process.pid || alive(Number(match[1]))) continue;
    fs.rmSync(path.join(folder, name), { force: true });
  }
}

/** The same record: key id, backend and, for a file record, the seal (a re-sealed record counts as a change). */
function sameRecord(a: VaultRecord | undefined, b: VaultRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return a.accessKeyId === b.accessKeyId && a.backend === b.backend && a.sealed?.nonce === b.sealed?.nonce;
}

function alreadyInVault(profile: string, file: string): ToolError {
  return new ToolError('VaultRecordExists', `The vault already holds keys for profile "${profile}" (${file}); nothing was changed.`, {
    resolution: 'Use "keys rotate PROFILE" to change them, or "keys remove PROFILE" first.',
  });
}

function changedMeanwhile(profile: string, file: string, expected: string, current: VaultRecord | undefined): ToolError {
  const now = current ? `it now holds ${maskKeyId(current.accessKeyId)}` : 'it no longer exists';
  return new ToolError(
    'VaultRecordChanged',
    `The vault record of profile "${profile}" (${file}) changed while this command ran: it no longer holds ${maskKeyId(expected)} (${now}); it was left as it is.`,
    {
      resolution: 'Another amplify-aws-roles process changed it; run "keys list" to see what it holds now.',
    },
  );
}

/** The keychain took the new key, the record could not follow, and the keychain refused the old entry back. */
function entryAheadOfRecord(
  profile: string,
  file: string,
  newKeyId: string,
  oldKeyId: string,
  writing: Error,
  restoring: Error,
): ToolError {
  return new ToolError(
    'KeychainEntryAhead',
    `The vault could not store the new key of profile "${profile}" (${writing.message.replace(/\.$/, '')}), and the OS keychain refused the old entry back (${restoring.message.replace(/\.$/, '')}): the OS keychain entry holds the new key ${maskKeyId(newKeyId)} but the vault record ${file} still names ${maskKeyId(oldKeyId)}.`,
    {
      resolution: `Once the keychain and ${file} can be written, run "keys add ${profile} --replace" with the entry's key (service "amplify-aws-roles", account "${profile}" in your keychain app); both keys stay live in IAM until then.`,
    },
  );
}

/** A keychain entry that no longer holds the key its record names: changed or replaced behind our back. */
function entryChanged(profile: string, file: string, held: SecretPayload | undefined, outcome: string, resolution?: string): ToolError {
  return new ToolError(
    'KeychainEntryChanged',
    `The OS keychain entry of profile "${profile}" holds ${held ? `another key (${maskKeyId(held.accessKeyId)})` : 'something this tool did not store'}, not the key ${file} names; ${outcome}.`,
    {
      resolution:
        resolution ??
        `Look at it in your keychain app (service "amplify-aws-roles", account "${profile}"); "keys add ${profile} --replace" stores the right keys again.`,
    },
  );
}

function checkKeys(profile: string, keys: SecretPayload): void {
  if (!/^[A-Z0-9]{16,128}$/.test(keys.accessKeyId)) {
    throw new ToolError(
      'InvalidAccessKeyId',
      `The access key id given for profile "${profile}" is not one (16 to 128 capital letters and digits, like AKIA...).`,
      { exitCode: 2 },
    );
  }
  if (!keys.secretAccessKey || /\s/.test(keys.secretAccessKey)) {
    throw new ToolError('InvalidSecretAccessKey', `The secret access key given for profile "${profile}" is empty or contains blanks.`, {
      exitCode: 2,
    });
  }
}
