/** Long-term source keys kept out of plain text: the OS keychain or a passphrase-encrypted file, with rotation. */
import type { Readable, Writable } from 'node:stream';
import type { SecretAsker } from '../prompts/secretInput';
import { passphraseSource } from './passphrase';
import { SourceKeyVault } from './vaultStore';

export { SourceKeyVault, BACKEND_ENV, vaultNotFound, type VaultListing } from './vaultStore';
export { PASSPHRASE_ENV } from './passphrase';
export { vaultLookup, vaultFolder, VAULT_DIR_ENV, type VaultRecord } from './vaultRecord';

/** The vault as the command line and the resolver use it: passphrase from the environment or the terminal. */
export function sourceKeyVault(options: {
  home: string;
  env: NodeJS.ProcessEnv;
  stdin: Readable;
  stderr: Writable;
  asker?: SecretAsker;
}): SourceKeyVault {
  return new SourceKeyVault({
    home: options.home,
    env: options.env,
    passphrase: passphraseSource(options),
    warn: (message) => options.stderr.write(`Warning: ${message}\n`),
  });
}

/** For the resolver's executor: the keys of a vault-backed profile, asked for only when STS must be called. */
export function vaultKeyReader(options: { home: string; env: NodeJS.ProcessEnv; stdin: Readable; stderr: Writable; asker?: SecretAsker }) {
  let vault: SourceKeyVault | undefined;
  return async (profile: string) => {
    const { accessKeyId, secretAccessKey } = await (vault ??= sourceKeyVault(options)).open(profile);
    return { accessKeyId, secretAccessKey };
  };
}
