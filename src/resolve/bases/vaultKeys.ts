import { ToolError } from '../../errors';
import type { VaultBase } from '../../plan/types';
import type { TemporaryCredentials } from '../../credentials';

export type VaultKeyReader = (profile: string) => Promise<{ accessKeyId: string; secretAccessKey: string }>;

/** Long-term keys from the vault: opened (passphrase or keychain) only now, when STS must be called with them. */
export async function vaultCredentials(base: VaultBase, read: VaultKeyReader | undefined): Promise<TemporaryCredentials> {
  const { profile } = base.vault;
  if (!read) throw new ToolError('VaultUnavailable', `Profile "${profile}" keeps its keys in the vault, which this caller cannot open.`);
  const keys = await read(profile);
  return { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey };
}
