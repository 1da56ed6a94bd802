import { maskKeyId } from '../credentials';
import { ToolError } from '../errors';
import type { SecretPayload } from './fileCipher';
import { keysInEntry, type KeychainApi } from './keychain';
import { entryAheadOfRecord, entryChanged } from './vaultErrors';
import type { VaultRecord } from './vaultRecord';

/**
 * The OS keychain entries behind keychain records (one per profile, holding its keys as JSON). An entry may change
 * behind our back (a keychain app, another tool, a record deleted by hand) and may be the only copy of a key, so
 * each step checks the entry holds the key its record names before it reads, overwrites or deletes it. Called under
 * the vault's lock by SourceKeyVault; `keychain` is asked afresh at every step, as the store always did.
 */
export class KeychainEntries {
  constructor(private readonly keychain: () => KeychainApi) {}

  /** The keys a keychain record's entry holds: refused when the entry is gone or holds another key. */
  keysOf(profile: string, record: VaultRecord, file: string): SecretPayload {
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
    if (!keys || keys.accessKeyId !== record.accessKeyId) throw entryChanged(profile, file, keys, 'it was left as it is');
    return keys;
  }

  /** The key id the entry holds now (what `keysOf` would give back), if any. */
  keyId(profile: string): string | undefined {
    const text = this.keychain().get(profile);
    return text === undefined ? undefined : keysInEntry(text)?.accessKeyId;
  }

  /** Stores a new record's keys; without `replace`, over no entry but one holding these very keys. */
  store(profile: string, keys: SecretPayload, options: { replace: boolean }): void {
    if (!options.replace) this.refuseEntryInTheWay(profile, keys);
    this.keychain().set(profile, JSON.stringify(keys));
  }

  /**
   * Rotation: the entry first (a record naming a key the entry lacks opens nothing), then `writeRecord`; when the
   * record cannot follow, the old entry is put back, and if the keychain refuses that too, the error says both.
   */
  replaceThen(profile: string, keys: SecretPayload, old: { accessKeyId: string; file: string }, writeRecord: () => void): void {
    const previous = this.keychain().get(profile);
    this.keychain().set(profile, JSON.stringify(keys));
    try {
      writeRecord();
    } catch (error) {
      try {
        if (previous === undefined) this.keychain().delete(profile);
        else this.keychain().set(profile, previous);
      } catch (restoring) {
        throw entryAheadOfRecord(profile, old.file, keys.accessKeyId, old.accessKeyId, error as Error, restoring as Error);
      }
      throw error;
    }
  }

  /** Deletes a profile's entry as it is (its record moved to the file backend). */
  delete(profile: string): void {
    this.keychain().delete(profile);
  }

  /**
   * Deletes the entry the record names. One changed behind our back (another key, or not ours at all) may be the
   * only copy of something: it is refused, or with `force` left where it is while the record goes.
   */
  remove(record: VaultRecord, file: string, force: boolean): void {
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
}
