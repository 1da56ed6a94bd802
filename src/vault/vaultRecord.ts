import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';
import { describeKind, errnoOf } from '../files/fileKind';
import { ensurePrivateFolder, isOwnedByAnother } from '../files/privateFolder';
import { readRegularFile } from '../files/readRegularFile';

/**
 * One vault record per profile, `<vault folder>/<profile>.json`: what anyone may see (profile, backend, key id,
 * dates) in the clear, and for the file backend the secret sealed with a passphrase (see fileCipher). A keychain
 * record holds no secret here: the OS keychain does. Reading a record needs only `fs`, so planning a
 * vault-backed profile on the warm path loads nothing new.
 */
export type VaultBackendName = 'file' | 'keychain';

export interface ScryptParameters {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  keyLength: number;
  /** base64 */
  salt: string;
}

export interface SealedSecret {
  name: 'aes-256-gcm';
  /** base64: 12 bytes, fresh for every write. */
  nonce: string;
  tag: string;
  ciphertext: string;
}

export interface VaultRecord {
  version: 1;
  profile: string;
  backend: VaultBackendName;
  accessKeyId: string;
  created: string;
  rotated?: string;
  /** file backend only */
  kdf?: ScryptParameters;
  sealed?: SealedSecret;
}

/** The same record: key id, backend and, for a file record, the seal (a re-sealed record counts as a change). */
export function sameRecord(a: VaultRecord | undefined, b: VaultRecord | undefined): boolean {
  if (!a || !b) return a === b;
  return a.accessKeyId === b.accessKeyId && a.backend === b.backend && a.sealed?.nonce === b.sealed?.nonce;
}

export const VAULT_DIR_ENV = 'AMPLIFY_AWS_ROLES_VAULT_DIR';

export function vaultFolder(home: string, env: NodeJS.ProcessEnv = {}): string {
  return env[VAULT_DIR_ENV] || path.join(home, '.amplify-aws-roles', 'vault');
}

const VAULT_FOLDER = { label: 'vault folder', codePrefix: 'Vault', holds: 'keys', readable: 'the vault' } as const;

/**
 * The cache's folder rules for the vault, on reads as on writes: a symbolic link or another user's folder (a
 * world-writable one included) is refused, a loose mode on our own is repaired. False when it does not exist and
 * `create` is false.
 */
export function checkVaultFolder(folder: string, options: { create: boolean; warn?: (message: string) => void }): boolean {
  return ensurePrivateFolder(folder, VAULT_FOLDER, options.warn ?? (() => undefined), { create: options.create });
}

/** A record is a few hundred bytes; anything this big is not one, and is refused before it is read. */
const MAX_RECORD_BYTES = 64 * 1024;

function recordRefused(file: string, reason: string): ToolError {
  return new ToolError('VaultRecordInvalid', `Refusing to read the vault record ${file}: ${reason}; it was left as it is.`, {
    resolution: 'Remove it with "keys remove PROFILE --force" and add the keys again.',
  });
}

/**
 * A record's text, or undefined when there is none. Only a regular file of ours is read: a named pipe would hang the
 * read, a link to a device (/dev/zero) could run the process out of memory, and a file someone else planted is not
 * ours to trust.
 */
export function readRecordFile(file: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ToolError('VaultUnreadable', `Could not read the vault record ${file} (${code}).`);
  }
  if (!stat.isFile()) throw recordRefused(file, describeKind(stat));
  if (isOwnedByAnother(stat)) throw recordRefused(file, `it belongs to another user (uid ${stat.uid})`);
  const data = readRegularFile(file, (reason) => recordRefused(file, reason), { noFollow: true, maxBytes: MAX_RECORD_BYTES });
  return data?.toString('utf8');
}

/** Profile names may hold "/", "." and ":"; file names get only letters, digits, "_" and "-", the rest as %XX. */
export function recordFileName(profile: string): string {
  return `${profile.replace(/[^A-Za-z0-9_-]/g, (c) => Buffer.from(c, 'utf8').toString('hex').replace(/(..)/g, '%$1').toUpperCase())}.json`;
}

export function profileOfFileName(name: string): string | undefined {
  if (!name.endsWith('.json') || name.startsWith('.')) return undefined;
  try {
    return decodeURIComponent(name.slice(0, -'.json'.length));
  } catch {
    return undefined;
  }
}

export function recordPath(folder: string, profile: string): string {
  return path.join(folder, recordFileName(profile));
}

export function damagedRecord(file: string, why: string): ToolError {
  return new ToolError('VaultRecordDamaged', `The vault record ${file} is damaged (${why}); it was left as it is.`, {
    resolution: 'Restore it from a backup, or remove it with "keys remove PROFILE --force" and add the keys again.',
  });
}

const isString = (v: unknown): v is string => typeof v === 'string' && v !== '';

/**
 * The scrypt parameters a record may ask for: what we write (N = 2^15, r = 8, p = 1, a 32-byte key) and a small fixed
 * range around it, so the cost can be raised later. Taken from the record unchecked, N = 2^24 would ask 16 GiB and a
 * key length of 1e9 a gigabyte before the passphrase is even tried.
 */
export const KDF_LIMITS = { minLogN: 10, maxLogN: 17, maxR: 8, maxP: 4, keyLength: 32, minSaltBytes: 16, maxSaltBytes: 64 };
/** AES-GCM's nonce as we write it, and the full tag: a shortened tag is easier to forge. */
export const NONCE_BYTES = 12;
export const TAG_BYTES = 16;
/** The sealed JSON of a key id and a secret is about a hundred bytes. */
const MAX_CIPHERTEXT_BYTES = 4096;

/** Strict base64: Buffer.from would skip any character it does not know. Undefined when `text` is not base64. */
function base64Bytes(text: string): number | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return undefined;
  return Buffer.from(text, 'base64').length;
}

/** Why a record's scrypt parameters are refused, or undefined when they are within KDF_LIMITS. */
export function kdfProblem(kdf: ScryptParameters): string | undefined {
  const { minLogN, maxLogN, maxR, maxP, keyLength, minSaltBytes, maxSaltBytes } = KDF_LIMITS;
  const logN = Math.log2(kdf.N);
  const salt = base64Bytes(kdf.salt);
  if (
    !Number.isInteger(logN) ||
    logN < minLogN ||
    logN > maxLogN ||
    kdf.r < 1 ||
    kdf.r > maxR ||
    kdf.p < 1 ||
    kdf.p > maxP ||
    kdf.keyLength !== keyLength
  ) {
    return `scrypt parameters N = ${kdf.N}, r = ${kdf.r}, p = ${kdf.p}, key length ${kdf.keyLength} are outside what amplify-aws-roles writes (N = 2^${minLogN} to 2^${maxLogN}, r up to ${maxR}, p up to ${maxP}, key length ${keyLength})`;
  }
  if (salt === undefined || salt < minSaltBytes || salt > maxSaltBytes)
    return `the scrypt salt is not ${minSaltBytes} to ${maxSaltBytes} bytes of base64`;
  return undefined;
}

/** Why a record's sealed secret is refused (a nonce, tag or ciphertext of the wrong size), or undefined. */
export function sealedProblem(sealed: SealedSecret): string | undefined {
  if (base64Bytes(sealed.nonce) !== NONCE_BYTES) return `the AES-GCM nonce is not ${NONCE_BYTES} bytes`;
  if (base64Bytes(sealed.tag) !== TAG_BYTES) return `the AES-GCM tag is not ${TAG_BYTES} bytes`;
  const ciphertext = base64Bytes(sealed.ciphertext);
  if (ciphertext === undefined || ciphertext > MAX_CIPHERTEXT_BYTES)
    return `the sealed secret is not base64 of at most ${MAX_CIPHERTEXT_BYTES} bytes`;
  return undefined;
}

/** Checks the shape of a record read from disk; anything else is a damaged record, never silently replaced. */
export function parseRecord(file: string, text: string, profile?: string): VaultRecord {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw damagedRecord(file, text.length === 0 ? 'empty' : 'not JSON, perhaps truncated');
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw damagedRecord(file, 'not a JSON object');
  if (data.version !== 1) throw damagedRecord(file, `unknown version ${JSON.stringify(data.version)}`);
  if (!isString(data.profile) || (profile !== undefined && data.profile !== profile)) throw damagedRecord(file, 'it names another profile');
  if (data.backend !== 'file' && data.backend !== 'keychain') throw damagedRecord(file, 'unknown backend');
  if (!isString(data.accessKeyId) || !isString(data.created)) throw damagedRecord(file, 'no access key id or creation date');
  if (data.backend === 'file') {
    const kdf = data.kdf as Record<string, unknown> | undefined;
    const sealed = data.sealed as Record<string, unknown> | undefined;
    const numbers = kdf && ['N', 'r', 'p', 'keyLength'].every((k) => Number.isInteger(kdf[k]) && (kdf[k] as number) > 0);
    if (!kdf || kdf.name !== 'scrypt' || !numbers || !isString(kdf.salt)) throw damagedRecord(file, 'missing or invalid scrypt parameters');
    const outOfRange = kdfProblem(kdf as unknown as ScryptParameters);
    if (outOfRange) throw damagedRecord(file, outOfRange);
    if (!sealed || sealed.name !== 'aes-256-gcm' || !isString(sealed.nonce) || !isString(sealed.tag) || !isString(sealed.ciphertext)) {
      throw damagedRecord(file, 'missing or invalid sealed secret');
    }
    const sealProblem = sealedProblem(sealed as unknown as SealedSecret);
    if (sealProblem) throw damagedRecord(file, sealProblem);
  }
  return data as unknown as VaultRecord;
}

/** The names in the vault folder (checked first), or none when it does not exist. */
export function recordFileNames(folder: string, warn?: (message: string) => void): string[] {
  if (!checkVaultFolder(folder, { create: false, warn })) return [];
  try {
    return fs.readdirSync(folder);
  } catch (error) {
    throw new ToolError('VaultUnreadable', `Could not read the vault folder ${folder} (${errnoOf(error)}).`);
  }
}

/** The record of a profile, or undefined when it has none. A damaged record is a ToolError naming the file. */
export function readVaultRecord(folder: string, profile: string): VaultRecord | undefined {
  const file = recordPath(folder, profile);
  const text = readRecordFile(file);
  return text === undefined ? undefined : parseRecord(file, text, profile);
}

/**
 * What the planner asks: does this profile keep its keys in the vault, and under which key id? Looked up only for
 * profiles that have no credentials of their own in the files, so profiles with plain keys never touch the vault.
 * The folder is checked and listed once: `profiles` asks about every profile, and a failed open per profile (with
 * its error object) cost more than the rest of the listing.
 */
export function vaultLookup(home: string, env: NodeJS.ProcessEnv): (profile: string) => { accessKeyId: string } | undefined {
  const folder = vaultFolder(home, env);
  let names: Set<string> | undefined;
  return (profile) => {
    names ??= new Set(recordFileNames(folder));
    if (!names.has(recordFileName(profile))) return undefined;
    const record = readVaultRecord(folder, profile);
    return record ? { accessKeyId: record.accessKeyId } : undefined;
  };
}
