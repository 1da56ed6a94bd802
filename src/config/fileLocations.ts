import * as path from 'node:path';

export interface FileLocations {
  configFile: string;
  credentialsFile: string;
}

/**
 * The home folder as the SDKs find it (file-location-tests.json): HOME first on every platform;
 * on Windows then USERPROFILE, then HOMEDRIVE + HOMEPATH. The operating system's answer comes last.
 */
export function homeDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.HOME) return env.HOME;
  if (platform === 'win32') {
    if (env.USERPROFILE) return env.USERPROFILE;
    if (env.HOMEDRIVE && env.HOMEPATH) return `${env.HOMEDRIVE}${env.HOMEPATH}`;
  }
  // node:os only when the environment names no home (a few tenths of a millisecond on every warm run otherwise).
  return (require('node:os') as typeof import('node:os')).homedir();
}

/** "~" and "~/x" (also "~\x" on Windows) name the home folder; "~user" is left alone. */
export function expandHome(file: string, home: string, platform: NodeJS.Platform = process.platform): string {
  const separator = platform === 'win32' ? /^~[/\\]/ : /^~\//;
  if (file === '~') return home;
  return separator.test(file) ? pathFor(platform).join(home, file.slice(2)) : file;
}

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. The platform decides the separator. */
export function resolveFileLocations(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): FileLocations {
  const home = homeDirectory(env, platform);
  const join = pathFor(platform).join;
  const chosen = (variable: string | undefined, fallback: string) => (variable ? expandHome(variable, home, platform) : join(home, '.aws', fallback));
  return { configFile: chosen(env.AWS_CONFIG_FILE, 'config'), credentialsFile: chosen(env.AWS_SHARED_CREDENTIALS_FILE, 'credentials') };
}
