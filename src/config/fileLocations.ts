import * as path from 'node:path';
import { ToolError } from '../errors';

export interface FileLocations {
  configFile: string;
  credentialsFile: string;
}

/**
 * The one answer to "where is home" for every file we read or write (~/.aws, the cache, ~/.amplify/plugins.json).
 * As the SDKs find it (file-location-tests.json): HOME first on every platform; on Windows then USERPROFILE, then
 * HOMEDRIVE + HOMEPATH. A value that is empty or not an absolute path counts as unset: `HOME= cmd` must never turn
 * ~/.aws/config into ./.aws/config, nor put the cache (with its secrets) under the working folder. The account's
 * home directory from the user database comes last (os.homedir() would hand back the same empty HOME).
 */
export function homeDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const isAbsolute = (value: string) => pathFor(platform).isAbsolute(value);
  const usable = (value: string | undefined): value is string => !!value && isAbsolute(value);
  if (usable(env.HOME)) return env.HOME;
  if (platform === 'win32') {
    if (usable(env.USERPROFILE)) return env.USERPROFILE;
    if (env.HOMEDRIVE && env.HOMEPATH && usable(`${env.HOMEDRIVE}${env.HOMEPATH}`)) return `${env.HOMEDRIVE}${env.HOMEPATH}`;
  }
  return accountHomeDirectory(env.HOME, isAbsolute);
}

/** ~/.amplify/plugins.json: the Amplify CLI's plugin list (which plugins, in which order, from which folders). */
export function amplifyPluginsFile(env: NodeJS.ProcessEnv): string {
  return path.join(homeDirectory(env), '.amplify', 'plugins.json');
}

/** node:os only when the environment names no usable home (a few tenths of a millisecond on every warm run otherwise). */
function accountHomeDirectory(home: string | undefined, isAbsolute: (p: string) => boolean): string {
  let accountHome: string | undefined;
  try {
    accountHome = (require('node:os') as typeof import('node:os')).userInfo().homedir;
  } catch {
    accountHome = undefined;
  }
  if (accountHome && isAbsolute(accountHome)) return accountHome;
  const what = home === undefined ? 'HOME is not set' : home === '' ? 'HOME is empty' : `HOME (${home}) is not an absolute path`;
  throw new ToolError(
    'NoHomeDirectory',
    `${what} and this account has no home directory, so ~/.aws/config and the credentials cache have no place.`,
    {
      resolution: 'Set HOME to your home folder (an absolute path), or AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE.',
    },
  );
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
  const join = (...parts: string[]) => pathFor(platform).join(...parts);
  const chosen = (variable: string | undefined, fallback: string) =>
    variable ? expandHome(variable, home, platform) : join(home, '.aws', fallback);
  return { configFile: chosen(env.AWS_CONFIG_FILE, 'config'), credentialsFile: chosen(env.AWS_SHARED_CREDENTIALS_FILE, 'credentials') };
}
