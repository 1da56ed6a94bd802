import * as path from 'node:path';

export interface FileLocations {
  configFile: string;
  credentialsFile: string;
}

/** The home folder as the SDKs find it: HOME first; on Windows then USERPROFILE, then HOMEDRIVE+HOMEPATH. */
export function homeDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  if (env.HOME) return env.HOME;
  if (platform === 'win32') {
    if (env.USERPROFILE) return env.USERPROFILE;
    if (env.HOMEDRIVE && env.HOMEPATH) return `${env.HOMEDRIVE}${env.HOMEPATH}`;
  }
  return require('node:os').homedir();
}

function expandHome(file: string, home: string, join: (...parts: string[]) => string): string {
  return file === '~' ? home : /^~[/\\]/.test(file) ? join(home, file.slice(2)) : file;
}

export function resolveFileLocations(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): FileLocations {
  const join = platform === 'win32' ? path.win32.join : path.posix.join;
  const home = homeDirectory(env, platform);
  return {
    configFile: env.AWS_CONFIG_FILE ? expandHome(env.AWS_CONFIG_FILE, home, join) : join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ? expandHome(env.AWS_SHARED_CREDENTIALS_FILE, home, join) : join(home, '.aws', 'credentials'),
  };
}

/** --profile, else AWS_PROFILE, else "default". */
export function selectedProfile(env: NodeJS.ProcessEnv, explicit?: string): string {
  return explicit || env.AWS_PROFILE || 'default';
}
