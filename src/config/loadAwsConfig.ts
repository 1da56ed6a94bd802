import * as fs from 'node:fs';
import { ToolError } from '../errors';
import { resolveFileLocations, selectedProfile } from './fileLocations';
import { parseAwsIni, type ParsedIni } from './parseAwsIni';
import type { AwsConfigFiles, ProfileSet } from './types';

function readOptional(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return '';
    throw new ToolError('ConfigUnreadable', `Could not read ${file}: ${code ?? (error as Error).message}.`, {
      resolution: 'Check the file\'s permissions.',
    });
  }
}

/** Profiles present in both files are merged; the credentials file wins for keys defined in both. */
export function mergeProfiles(config: ProfileSet, credentials: ProfileSet): ProfileSet {
  const merged: ProfileSet = {};
  for (const [name, profile] of Object.entries(config)) merged[name] = { ...profile };
  for (const [name, profile] of Object.entries(credentials)) merged[name] = { ...merged[name], ...profile };
  return merged;
}

export function mergeParsed(config: ParsedIni, credentials: ParsedIni): Pick<AwsConfigFiles, 'profiles' | 'ssoSessions' | 'origins'> {
  return {
    profiles: mergeProfiles(config.profiles, credentials.profiles),
    ssoSessions: config.ssoSessions,
    origins: { ...credentials.origins, ...config.origins },
  };
}

/** Reads both files synchronously (this is on every command's path, so it stays small and fast). A missing file is empty. */
export function loadAwsConfig(options: { env: NodeJS.ProcessEnv; profile?: string }): AwsConfigFiles {
  const { configFile, credentialsFile } = resolveFileLocations(options.env);
  const config = parseAwsIni(readOptional(configFile), { file: configFile, kind: 'config' });
  const credentials = parseAwsIni(readOptional(credentialsFile), { file: credentialsFile, kind: 'credentials' });
  return { configFile, credentialsFile, profile: selectedProfile(options.env, options.profile), ...mergeParsed(config, credentials) };
}
