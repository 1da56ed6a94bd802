export { parseAwsIni, type ParsedIni } from './parseAwsIni';
export { ConfigParseError } from './configParseError';
export { resolveFileLocations, homeDirectory, expandHome, type FileLocations } from './fileLocations';
export { selectedProfile } from './selectedProfile';
export { mergeProfiles, mergeParsed } from './mergeProfiles';
export { loadAwsConfig } from './loadAwsConfig';
export { redactedConfigView, SECRET_KEYS, REDACTED, type RedactedConfigView } from './redactedView';
export type { AwsConfigFiles, FileKind, FileNames, Profile, ProfileSet, ProfileOrigin, PropertyValue } from './types';
