import { ToolError } from '../errors';
import { kdfProblem, type ScryptParameters, sealedProblem, type SealedSecret, TAG_BYTES } from './vaultRecord';

/**
 * The file backend's cryptography: a 256-bit key derived from the passphrase with scrypt (its parameters and salt
 * stored with each record, so they can be raised later without breaking old records), and AES-256-GCM with a
 * fresh random nonce for every write. The profile and key id are bound in as additional data, so a record
 * copied over another profile's, or edited by hand, fails to open instead of giving the wrong keys.
 */
const crypto = (): typeof import('node:crypto') => require('node:crypto') as typeof import('node:crypto');

/** N = 2^15, r = 8: about 32 MiB and 0.1 s per derivation, the cost scrypt's author suggests for interactive use. */
export const DEFAULT_SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLength: 32 };

export interface SecretPayload {
  accessKeyId: string;
  secretAccessKey: string;
}

function deriveKey(passphrase: string, kdf: ScryptParameters): Buffer {
  // parseRecord has refused such a record already; this keeps an unchecked one from asking gigabytes.
  const problem = kdfProblem(kdf);
  if (problem) throw new ToolError('VaultRecordDamaged', `Refusing to derive a vault key: ${problem}.`);
  const maxmem = 128 * kdf.N * kdf.r * 2 + 1024 * 1024;
  return crypto().scryptSync(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), kdf.keyLength, {
    N: kdf.N,
    r: kdf.r,
    p: kdf.p,
    maxmem,
  });
}

function additionalData(profile: string, accessKeyId: string): Buffer {
  return Buffer.from(`amplify-aws-roles vault v1\0${profile}\0${accessKeyId}`, 'utf8');
}

export function sealSecret(
  payload: SecretPayload,
  profile: string,
  passphrase: string,
  cost: Partial<typeof DEFAULT_SCRYPT> = {},
): { kdf: ScryptParameters; sealed: SealedSecret } {
  const { randomBytes, createCipheriv } = crypto();
  const kdf: ScryptParameters = { name: 'scrypt', ...DEFAULT_SCRYPT, ...cost, salt: randomBytes(16).toString('base64') };
  const key = deriveKey(passphrase, kdf);
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(profile, payload.accessKeyId));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(payload), 'utf8'), cipher.final()]);
  key.fill(0);
  return {
    kdf,
    sealed: {
      name: 'aes-256-gcm',
      nonce: nonce.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      ciphertext: ciphertext.toString('base64'),
    },
  };
}

/**
 * Opens a sealed secret. A wrong passphrase and a tampered record look the same to GCM: both fail authentication,
 * and the message says so in one sentence (nothing is changed either way).
 */
export function openSecret(
  record: { profile: string; accessKeyId: string; kdf: ScryptParameters; sealed: SealedSecret },
  passphrase: string,
  file: string,
): SecretPayload {
  const { createDecipheriv } = crypto();
  const problem = kdfProblem(record.kdf) ?? sealedProblem(record.sealed);
  if (problem) throw new ToolError('VaultRecordDamaged', `The vault record ${file} is damaged (${problem}); it was left as it is.`);
  let plain: string;
  try {
    const key = deriveKey(passphrase, record.kdf);
    // A set tag length: without it GCM accepts a tag cut to 4 bytes, which is far easier to forge.
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(record.sealed.nonce, 'base64'), { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(record.profile, record.accessKeyId));
    decipher.setAuthTag(Buffer.from(record.sealed.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(record.sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
    key.fill(0);
  } catch {
    throw new ToolError(
      'VaultPassphraseWrong',
      `The passphrase does not open the vault record of profile "${record.profile}" (${file}): it is wrong, or the record was altered; nothing was changed.`,
      {
        resolution: 'Try again with the passphrase you chose when adding the keys (AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE for scripts).',
      },
    );
  }
  const payload = JSON.parse(plain) as SecretPayload;
  if (payload.accessKeyId !== record.accessKeyId || typeof payload.secretAccessKey !== 'string') {
    throw new ToolError('VaultRecordDamaged', `The vault record ${file} opened but does not hold the keys it names; it was left as it is.`);
  }
  return payload;
}
