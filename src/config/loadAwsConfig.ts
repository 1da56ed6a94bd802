import { resolveFileLocations } from './fileLocations';
import { mergeParsed } from './mergeProfiles';
import { parseAwsIni, type ParsedIni } from './parseAwsIni';
import { readConfigFile } from './readConfigFile';
import { selectedProfile } from './selectedProfile';
import type { AwsConfigFiles, FileKind, FileNames, VaultLookup } from './types';

function parseFile(file: string, kind: FileKind): { parsed: ParsedIni; names: FileNames } {
  const text = readConfigFile(file);
  const parsed = parseAwsIni(text ?? '', { file, kind });
  return {
    parsed,
    names: { exists: text !== undefined, profiles: Object.keys(parsed.profiles), ssoSessions: Object.keys(parsed.ssoSessions) },
  };
}

/**
 * Reads and merges the shared config and credentials files. Synchronous and dependency-free on purpose:
 * every command starts here. `vault` answers which profiles keep their keys in the vault; this floor knows no vault,
 * so the callers above hand it in (src/resolve/loadAwsFiles.ts does, lazily); without it no profile has vault keys.
 */
export function loadAwsConfig(options: { env: NodeJS.ProcessEnv; profile?: string; vault?: VaultLookup }): AwsConfigFiles {
  const { configFile, credentialsFile } = resolveFileLocations(options.env);
  const config = parseFile(configFile, 'config');
  const credentials = parseFile(credentialsFile, 'credentials');
  return {
    configFile,
    credentialsFile,
    profile: selectedProfile(options.env, options.profile),
    ...mergeParsed(config.parsed, credentials.parsed),
    namesByFile: { config: config.names, credentials: credentials.names },
    vault: options.vault,
  };
}
