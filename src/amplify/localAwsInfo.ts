import * as fs from 'node:fs';
import * as path from 'node:path';
import { withFileLockSync } from '../files/fileLock';
import { ToolError } from '../errors';
import { readProjectFile } from '../files/readRegularFile';
import { writeFileKeepingMode } from './writeFileKeepingMode';

/**
 * amplify/.config/local-aws-info.json, where the Amplify CLI's built-in provider keeps, per environment, how to get
 * credentials: `{"dev": {"configLevel": "project", "useProfile": true, "profileName": "..."}}`. We change one
 * environment's entry and keep everything else as it was; the file is written as the CLI writes it (2-space JSON).
 */
export type LocalAwsInfo = Record<string, Record<string, unknown>>;

export function localAwsInfoFile(projectRoot: string): string {
  return path.join(projectRoot, 'amplify', '.config', 'local-aws-info.json');
}

/**
 * The file's entries ({} when it is absent). A blank file counts as no entries when we are about to write it; a reader
 * that must know an environment's profile passes `blank: 'invalid'`, since blank is what a crash leaves.
 */
export function readLocalAwsInfo(projectRoot: string, options: { blank?: 'empty' | 'invalid' } = {}): LocalAwsInfo {
  const file = localAwsInfoFile(projectRoot);
  const text = readProjectFile(file);
  if (text === undefined) return {};
  if (text.trim() === '' && options.blank === 'invalid') throw new ToolError('AmplifyFileInvalid', `${file} is empty.`);
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new ToolError('AmplifyFileInvalid', `${file} is not valid JSON (${(error as Error).message}).`, {
      resolution: 'Fix or delete that file (it is rewritten by "amplify configure project").',
    });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new ToolError('AmplifyFileInvalid', `${file} must hold a JSON object with one entry per environment.`);
  }
  return value as LocalAwsInfo;
}

/** The entry the built-in provider reads to use a named profile. */
export function profileEntry(profileName: string): Record<string, unknown> {
  return { configLevel: 'project', useProfile: true, profileName };
}

/** The profile an environment entry selects, when it selects one. */
export function selectedProfileName(info: LocalAwsInfo, envName: string): string | undefined {
  const entry = info[envName];
  return entry && entry.configLevel === 'project' && entry.useProfile === true && typeof entry.profileName === 'string'
    ? entry.profileName
    : undefined;
}

/**
 * Read-modify-write of one environment's entry under a lock. `change` gets the current entry (undefined when there is
 * none) and returns the new one, or undefined to delete it. Returns whether the file changed.
 */
export function updateLocalAwsInfo(
  projectRoot: string,
  envName: string,
  change: (entry: Record<string, unknown> | undefined) => Record<string, unknown> | undefined,
): boolean {
  const file = localAwsInfoFile(projectRoot);
  return withFileLockSync(`${file}.lock`, { timeoutMs: 10000, staleMs: 30000 }, () => {
    const info = readLocalAwsInfo(projectRoot);
    const before = JSON.stringify(info);
    const next = change(info[envName]);
    if (next === undefined) delete info[envName];
    else info[envName] = next;
    if (JSON.stringify(info) === before && fs.existsSync(file)) return false;
    writeFileKeepingMode(file, JSON.stringify(info, null, 2), 0o644);
    return true;
  });
}
