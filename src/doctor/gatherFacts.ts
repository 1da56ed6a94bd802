import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveFileLocations } from '../config';
import { loadAwsFiles } from '../resolve/loadAwsFiles';
import { ConfigParseError } from '../config/configParseError';
import { backupsOf, realTarget } from '../config/profileFileIo';
import { isToolError, ToolError } from '../errors';
import { orphanTempFiles } from '../files/atomicWrite';
import { alive } from '../files/fileLock';
import { readRegularFile } from '../files/readRegularFile';
import type { DoctorFacts, DoctorRequest, FileFacts } from './types';

function fileFacts(file: string, chosenBy: FileFacts['chosenBy'] | undefined, platform: NodeJS.Platform): FileFacts {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { path: file, ...(chosenBy ? { chosenBy } : {}), exists: false, isFile: false, holdsSecrets: false };
  }
  const holdsSecrets = stat.isFile() && holdsSecretKey(file, false);
  const target = realTarget(file);
  const backupsWithSecrets = [...backupsOf(target), ...orphanTempFiles(target, alive), ...editorCopies(target)].filter((copy) =>
    holdsSecretKey(copy, true),
  );
  return {
    path: file,
    ...(chosenBy ? { chosenBy } : {}),
    exists: true,
    isFile: stat.isFile(),
    ...(platform === 'win32' ? {} : { mode: stat.mode & 0o777 }),
    holdsSecrets,
    ...(backupsWithSecrets.length ? { backupsWithSecrets } : {}),
  };
}

/** What editors leave beside a file they edit (vim's swap files, emacs' and others' backups). */
function editorCopies(file: string): string[] {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return [`${base}~`, `.${base}.swp`, `.${base}.swo`, `#${base}#`]
    .map((name) => path.join(dir, name))
    .filter((copy) => fs.existsSync(copy));
}

/** Whether a file has an aws_secret_access_key line (in a vim swap file, lines are separated by NUL bytes). Unreadable: no (loading the files reports the shared ones). */
function holdsSecretKey(file: string, noFollow: boolean): boolean {
  try {
    const data = readRegularFile(file, (reason) => new ToolError('ConfigFileUnreadable', reason), { noFollow });
    return data !== undefined && /(?:^|\0)[ \t]*aws_secret_access_key[ \t]*=/im.test(data.toString('utf8'));
  } catch {
    return false;
  }
}

/** Reads what the offline checks need: where the files are, their modes, and the merged profiles (or why not). */
export function gatherFacts(
  request: Pick<DoctorRequest, 'env' | 'profile' | 'chosenBy' | 'environment'>,
  platform: NodeJS.Platform = process.platform,
): DoctorFacts {
  const { env } = request;
  const locations = resolveFileLocations(env, platform);
  const facts: DoctorFacts = {
    env,
    profile: request.profile || env.AWS_PROFILE || 'default',
    profileChosenBy: request.profile ? (request.chosenBy ?? '--profile') : env.AWS_PROFILE ? 'AWS_PROFILE' : 'default',
    ...(request.profile && request.chosenBy === 'project' && request.environment ? { environment: request.environment } : {}),
    configFile: fileFacts(locations.configFile, env.AWS_CONFIG_FILE ? 'AWS_CONFIG_FILE' : undefined, platform),
    credentialsFile: fileFacts(
      locations.credentialsFile,
      env.AWS_SHARED_CREDENTIALS_FILE ? 'AWS_SHARED_CREDENTIALS_FILE' : undefined,
      platform,
    ),
  };
  try {
    facts.files = loadAwsFiles({ env, profile: request.profile });
    facts.vault = facts.files.vault;
  } catch (error) {
    if (!isToolError(error)) throw error;
    const file =
      error instanceof ConfigParseError
        ? error.file
        : error.message.includes(locations.credentialsFile)
          ? locations.credentialsFile
          : locations.configFile;
    facts.loadError = { error, file: file === locations.credentialsFile && file !== locations.configFile ? 'credentials' : 'config' };
  }
  return facts;
}
