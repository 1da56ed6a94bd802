import { homeDirectory } from '../config/fileLocations';
import { loadAwsConfig } from '../config/loadAwsConfig';
import type { AwsConfigFiles, VaultLookup } from '../config/types';

/**
 * Which profiles keep their keys in the vault. The vault's module loads when first asked, which happens only for a
 * profile without credentials in the files: a cache hit for one with keys in the files loads no vault module.
 */
export function lazyVaultLookup(env: NodeJS.ProcessEnv): VaultLookup {
  let lookup: VaultLookup | undefined;
  return (profile) =>
    (lookup ??= (require('../vault/vaultRecord') as typeof import('../vault/vaultRecord')).vaultLookup(homeDirectory(env), env))(profile);
}

/**
 * The shared config and credentials files with the vault's lookup handed in: what everything that classifies or plans
 * profiles reads. (src/config sits below the vault and cannot ask it itself.)
 */
export function loadAwsFiles(options: { env: NodeJS.ProcessEnv; profile?: string }): AwsConfigFiles {
  return loadAwsConfig({ ...options, vault: lazyVaultLookup(options.env) });
}
