import type { Readable, Writable } from 'node:stream';
import { removeKeyLines, insertKeyLines } from '../config/profileKeyLines';
import type { AwsConfigFiles } from '../config/types';
import { didYouMeanEnd } from '../suggest';
import { ToolError } from '../errors';
import type { SecretPayload } from './fileCipher';
import type { VaultBackendName, VaultRecord } from './vaultRecord';
import type { SourceKeyVault } from './vaultStore';

/** Moving long-term keys between the shared files and the vault, and getting typed-in keys, for `keys` and `setup-role`. */

function unknownProfile(files: AwsConfigFiles, profile: string): ToolError {
  return new ToolError('ProfileNotFound', `There is no profile "${profile}" in ${files.configFile} or ${files.credentialsFile}${didYouMeanEnd(profile, Object.keys(files.profiles))}`, {
    resolution: 'Run "amplify-aws-roles profiles" to list the profiles, or add the profile first.',
  });
}

export function requireProfile(files: AwsConfigFiles, profile: string): void {
  if (!Object.prototype.hasOwnProperty.call(files.profiles, profile)) throw unknownProfile(files, profile);
}

/** The keys written in the files for a profile, refusing temporary keys (a session token is not worth keeping). */
export function keysInFiles(files: AwsConfigFiles, profile: string): SecretPayload | undefined {
  const settings = files.profiles[profile] ?? {};
  const accessKeyId = settings.aws_access_key_id;
  const secretAccessKey = settings.aws_secret_access_key;
  if (!accessKeyId && !secretAccessKey) return undefined;
  if (!accessKeyId || !secretAccessKey) {
    throw new ToolError('PartialCredentials', `Profile "${profile}" has only one of aws_access_key_id and aws_secret_access_key; fix the files first.`);
  }
  if (settings.aws_session_token) {
    throw new ToolError('NotLongTermKeys', `Profile "${profile}" holds temporary keys (it has aws_session_token); only long-term access keys go to the vault.`, { exitCode: 2 });
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * `keys add PROFILE --from-credentials-file`: stores the keys, then takes the two lines out of the files (every
 * other byte stays, no backup). Stored first: a crash in between leaves the keys in both places, never in neither.
 */
export async function moveKeysIntoVault(vault: SourceKeyVault, files: AwsConfigFiles, profile: string, backend: VaultBackendName): Promise<{ record: VaultRecord; removedFrom: string[] }> {
  requireProfile(files, profile);
  const keys = keysInFiles(files, profile);
  if (!keys) throw new ToolError('NoKeysInFiles', `Profile "${profile}" has no access keys in ${files.credentialsFile} or ${files.configFile} to move.`, { exitCode: 2 });
  const existing = vault.get(profile);
  const record = existing?.accessKeyId === keys.accessKeyId ? existing : await vault.add(profile, keys, { backend });
  const removedFrom: string[] = [];
  for (const [file, kind] of [[files.credentialsFile, 'credentials'], [files.configFile, 'config']] as const) {
    if (removeKeyLines(file, kind, profile).removed > 0) removedFrom.push(file);
  }
  return { record, removedFrom };
}

/** `keys export-to-credentials-file PROFILE`: the undo. Writes the two lines back, then forgets the record unless `keep`. */
export async function exportKeysToFile(vault: SourceKeyVault, files: AwsConfigFiles, profile: string, options: { keep?: boolean } = {}): Promise<{ file: string; removed: boolean }> {
  const inFiles = files.profiles[profile] && keysInFiles(files, profile);
  if (inFiles) throw new ToolError('KeysAlreadyInFiles', `Profile "${profile}" already has access keys in the shared files; nothing was changed.`, { exitCode: 2 });
  const keys = await vault.open(profile);
  const { file } = insertKeyLines(files.credentialsFile, profile, keys);
  return { file, removed: options.keep ? false : vault.remove(profile) };
}

async function readAll(stream: Readable): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk;
  return text;
}

/**
 * Keys typed by a person (the secret without echo) or, with `fromStdin`, two lines on standard input for scripts.
 * Never from the command line, where they would land in shell history and the process list.
 */
export async function keysFromPerson(profile: string, io: { stdin: Readable; stderr: Writable; fromStdin: boolean }): Promise<SecretPayload> {
  if (io.fromStdin) {
    const [accessKeyId = '', secretAccessKey = ''] = (await readAll(io.stdin)).split(/\r?\n/).map((line) => line.trim());
    return { accessKeyId, secretAccessKey };
  }
  const { terminalSecretAsker } = require('../prompts/secretInput') as typeof import('../prompts/secretInput');
  const ask = terminalSecretAsker(io);
  const accessKeyId = await ask(`Access key id of profile "${profile}"`, { echo: true });
  if (accessKeyId === undefined) {
    throw new ToolError('KeysInputRequired', `There is no terminal to ask for the keys of profile "${profile}".`, {
      resolution: 'Pass --stdin and give the access key id and the secret on two lines of standard input, or use --from-credentials-file.',
      exitCode: 2,
    });
  }
  const secretAccessKey = (await ask(`Secret access key of profile "${profile}" (not shown)`)) ?? '';
  return { accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim() };
}
