import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolError } from '../errors';

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

export const VAULT_DIR_ENV = 'AMPLIFY_AWS_ROLES_VAULT_DIR';

export function vaultFolder(home: string, env: NodeJS.ProcessEnv = {}): string {
  return env[VAULT_DIR_ENV] || path.join(home, '.amplify-aws-roles', 'vault');
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

/** Checks the shape of a record read from disk; anything else is a damaged record, never silently replaced. */
export function parseRecord(file: string, text: string, profile?: string): VaultRecord {
  let data: Record<string, unknown>;
  try {
    data = JSON.parse(text);
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
    if (!sealed || sealed.name !== 'aes-256-gcm' || !isString(sealed.nonce) || !isString(sealed.tag) || !isString(sealed.ciphertext)) {
      throw damagedRecord(file, 'missing or invalid sealed secret');
    }
  }
  return data as unknown as VaultRecord;
}

/** The record of a profile, or undefined when it has none. A damaged record is a ToolError naming the file. */
export function readVaultRecord(folder: string, profile: string): VaultRecord | undefined {
  const file = recordPath(folder, profile);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new ToolError('VaultUnreadable', `Could not read the vault record ${file} (${code}).`);
  }
  return parseRecord(file, text, profile);
}

/**
 * What the planner asks: does this profile keep its keys in the vault, and under which key id? Looked up only for
 * profiles that have no credentials of their own in the files, so profiles with plain keys never touch the vault.
 */
export function vaultLookup(home: string, env: NodeJS.ProcessEnv): (profile: string) => { accessKeyId: string } | undefined {
  const folder = vaultFolder(home, env);
  return (profile) => {
    const record = readVaultRecord(folder, profile);
    return record ? { accessKeyId: record.accessKeyId } : undefined;
  };
}
