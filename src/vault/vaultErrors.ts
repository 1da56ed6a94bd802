import { maskKeyId } from '../credentials';
import { ToolError } from '../errors';
import { didYouMeanEnd } from '../suggest';
import type { SecretPayload } from './fileCipher';
import type { VaultRecord } from './vaultRecord';

/**
 * The vault's refusals, each one sentence naming the profile and the record file: what the store, the keychain
 * entries and the commands above say when the vault cannot do what was asked. Key ids are masked; secrets never appear.
 */

/** `known`: the profiles the vault has keys for, for "did you mean". */
export function vaultNotFound(profile: string, known: Iterable<string> = []): ToolError {
  return new ToolError('VaultRecordNotFound', `The vault has no keys for profile "${profile}"${didYouMeanEnd(profile, known)}`, {
    resolution: 'Run "amplify-aws-roles keys list" to see the profiles it has.',
  });
}

export function alreadyInVault(profile: string, file: string): ToolError {
  return new ToolError('VaultRecordExists', `The vault already holds keys for profile "${profile}" (${file}); nothing was changed.`, {
    resolution: 'Use "keys rotate PROFILE" to change them, or "keys remove PROFILE" first.',
  });
}

export function changedMeanwhile(profile: string, file: string, expected: string, current: VaultRecord | undefined): ToolError {
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
export function entryAheadOfRecord(
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
export function entryChanged(
  profile: string,
  file: string,
  held: SecretPayload | undefined,
  outcome: string,
  resolution?: string,
): ToolError {
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

/** Keys given to add or rotate, refused before anything is asked or written. */
export function checkKeys(profile: string, keys: SecretPayload): void {
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
