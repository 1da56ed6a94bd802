import { ToolError } from '../errors';
import { openSecret } from './fileCipher';
import type { VaultListing } from './vaultListing';
import type { VaultRecord } from './vaultRecord';

export interface PassphraseSource {
  /** `confirm`: a new vault's passphrase, asked twice on a terminal. */
  (request: { profile: string; confirm: boolean }): Promise<string>;
}

/**
 * One passphrase for the whole file vault: when other file records exist, the passphrase sealing a new record must
 * open one of them, so a typo cannot leave records that open with different passphrases. Checked when asked, before
 * the person waits for scrypt, and again under the vault's lock (a second process may have added a record meanwhile).
 */
export class VaultPassphrase {
  /** The passphrase already shown to open the record with this salt (so the check under the lock costs no scrypt). */
  private verified?: { salt: string; passphrase: string };

  constructor(
    private readonly ask: PassphraseSource,
    private readonly list: () => VaultListing[],
  ) {}

  /** Asks for the passphrase of a new file record: confirmed when it starts the vault, else checked against it. */
  async forNewRecord(profile: string): Promise<string> {
    const other = this.otherFileRecord(profile);
    const passphrase = await this.ask({ profile, confirm: !other });
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
  requireOpensOthers(profile: string, passphrase: string): void {
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

  /** Another file record than `profile`'s, whose passphrase is the vault's. */
  private otherFileRecord(profile: string): VaultListing | undefined {
    return this.list().find((entry) => entry.record?.backend === 'file' && entry.profile !== profile);
  }
}
