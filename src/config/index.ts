export { parseAwsIni, type FileKind, type ParsedIni } from './parseAwsIni';
export { resolveFileLocations, selectedProfile, homeDirectory, type FileLocations } from './fileLocations';
export { loadAwsConfig, mergeProfiles, mergeParsed } from './loadAwsConfig';
export type { AwsConfigFiles, Profile, ProfileSet, ProfileOrigin, PropertyValue } from './types';
