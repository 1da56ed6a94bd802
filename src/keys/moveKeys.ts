import type { Readable, Writable } from 'node:stream';
import { parseAwsIni } from '../config/parseAwsIni';
import { insertKeyLines, profileKeyPairs, removeKeyLines } from '../config/profileKeyLines';
import { backupsOf, realTarget } from '../config/profileFileIo';
import { readConfigFile } from '../config/readConfigFile';
import type { AwsConfigFiles } from '../config/types';
import { didYouMeanEnd } from '../suggest';
import { ToolError } from '../errors';
import type { SecretPayload } from '../vault/fileCipher';
import type { VaultBackendName, VaultRecord } from '../vault/vaultRecord';
import type { SourceKeyVault } from '../vault/vaultStore';
import { maskKeyId } from '../credentials';

/** Moving long-term keys between the shared files and the vault, and getting typed-in keys, for `keys` and `setup-role`. */

function unknownProfile(files: AwsConfigFiles, profile: string): ToolError {
  return new ToolError(
    'ProfileNotFound',
    `There is no profile "${profile}" in ${files.configFile} or ${files.credentialsFile}${didYouMeanEnd(profile, Object.keys(files.profiles))}`,
    {
      resolution: 'Run "amplify-aws-roles profiles" to list the profiles, or add the profile first.',
    },
  );
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
    throw new ToolError(
      'PartialCredentials',
      `Profile "${profile}" has only one of aws_access_key_id and aws_secret_access_key; fix the files first.`,
    );
  }
  if (settings.aws_session_token) {
    throw new ToolError(
      'NotLongTermKeys',
      `Profile "${profile}" holds temporary keys (it has aws_session_token); only long-term access keys go to the vault.`,
      { exitCode: 2 },
    );
  }
  return { accessKeyId, secretAccessKey };
}

/**
 * `keys add PROFILE --from-credentials-file`: stores the keys, then takes the two lines out of the files (every
 * other byte stays, no backup; our earlier backup copies lose the same lines). Stored first: a crash in between leaves
 * the keys in both places, never in neither. The lines leave the files only once the vault, opened again, gives back
 * the same secret: a record of the same key id is not trusted by its id (an earlier `keys add --stdin` may hold a
 * mistyped secret), a different secret is refused unless `replace`, and so is a record of another key. Only the lines
 * holding that very pair leave a file, under its lock and the vault's (the record still the one stored): a profile
 * with another key anywhere is refused before anything is stored, and a file rewritten meanwhile keeps every line.
 */
export async function moveKeysIntoVault(
  vault: SourceKeyVault,
  files: AwsConfigFiles,
  profile: string,
  backend: VaultBackendName,
  options: { replace?: boolean } = {},
): Promise<{ record: VaultRecord; removedFrom: string[]; scrubbed: string[] }> {
  requireProfile(files, profile);
  const keys = keysInFiles(files, profile);
  const sharedFiles = [
    [files.credentialsFile, 'credentials'],
    [files.configFile, 'config'],
  ] as const;
  if (!keys) {
    // Run again after a move was killed while it scrubbed our backup copies: the vault has the key, and the copies still do.
    const record = options.replace ? undefined : vault.get(profile);
    if (
      record &&
      sharedFiles.some(([file, kind]) => backupsOf(realTarget(file)).some((copy) => profileKeyPairs(copy, kind, profile).length > 0))
    ) {
      return finishScrub(vault, profile, record, sharedFiles);
    }
    throw new ToolError(
      'NoKeysInFiles',
      `Profile "${profile}" has no access keys in ${files.credentialsFile} or ${files.configFile} to move.`,
      { exitCode: 2 },
    );
  }
  refuseOtherKeys(profile, keys, sharedFiles);
  const existing = vault.get(profile);
  let record: VaultRecord;
  if (existing && !options.replace) {
    if (existing.accessKeyId !== keys.accessKeyId || !(await sameSecret(vault, profile, keys)))
      throw differentKeysInVault(profile, existing, keys);
    record = existing;
  } else {
    record = await vault.add(profile, keys, { backend, replace: options.replace, replacing: existing ?? null });
    if (!(await sameSecret(vault, profile, keys))) throw notReadBack(profile);
  }
  const removedFrom: string[] = [];
  const scrubbed: string[] = [];
  const changed: string[] = [];
  vault.whileHolding(profile, record, () => {
    for (const [file, kind] of sharedFiles) {
      const outcome = removeKeyLines(file, kind, profile, { only: keys, scrubBackups: keys });
      if (outcome.removed > 0) removedFrom.push(file);
      scrubbed.push(...outcome.scrubbed);
      if (outcome.remaining.length > 0)
        changed.push(
          `${file} changed meanwhile and holds another key for the profile (${outcome.remaining.map(describePair).join(', ')}); ${outcome.removed > 0 ? `only the lines of ${maskKeyId(keys.accessKeyId)} left it` : 'every key line was kept there'}`,
        );
    }
  });
  if (changed.length > 0) {
    throw new ToolError(
      'KeysChangedMeanwhile',
      `The keys of profile "${profile}" (${maskKeyId(keys.accessKeyId)}) are in the vault now, but ${changed.join('; and ')}.`,
      {
        resolution: `Decide which key the profile uses: delete the other lines, or run "keys add ${profile} --from-credentials-file --replace" to store the file's key instead.`,
      },
    );
  }
  return { record, removedFrom, scrubbed };
}

/** Takes the vault's pair out of our backup copies (only that pair: a copy holding another key for the profile keeps it). */
async function finishScrub(
  vault: SourceKeyVault,
  profile: string,
  record: VaultRecord,
  sharedFiles: ReadonlyArray<readonly [string, 'credentials' | 'config']>,
) {
  const held = await vault.open(profile);
  const keys = { accessKeyId: held.accessKeyId, secretAccessKey: held.secretAccessKey };
  const scrubbed: string[] = [];
  vault.whileHolding(profile, held.record, () => {
    for (const [file, kind] of sharedFiles)
      scrubbed.push(...removeKeyLines(file, kind, profile, { only: keys, scrubBackups: keys }).scrubbed);
  });
  return { record, removedFrom: [], scrubbed };
}

function describePair(pair: { accessKeyId?: string }): string {
  return pair.accessKeyId ? maskKeyId(pair.accessKeyId) : 'a secret without a key id';
}

/**
 * Read again, every section of the profile in both files: more than one pair (another key in the config, a second
 * section of the same name) means the move would take a key the vault never stored. Refused before anything is stored.
 */
function refuseOtherKeys(
  profile: string,
  keys: SecretPayload,
  sharedFiles: ReadonlyArray<readonly [string, 'credentials' | 'config']>,
): void {
  const found = sharedFiles.map(([file, kind]) => ({ file, pairs: profileKeyPairs(file, kind, profile) }));
  const distinct = new Set([
    `${keys.accessKeyId}\n${keys.secretAccessKey}`,
    ...found.flatMap(({ pairs }) => pairs.map((pair) => `${pair.accessKeyId}\n${pair.secretAccessKey}`)),
  ]);
  if (distinct.size <= 1) return;
  const where = found
    .filter(({ pairs }) => pairs.length > 0)
    .map(({ file, pairs }) => `${[...new Set(pairs.map(describePair))].join(' and ')} in ${file}`)
    .join(', ');
  throw new ToolError(
    'ProfileHasSeveralKeys',
    `Profile "${profile}" has more than one key in the shared files (${where}); nothing was stored or changed.`,
    {
      resolution: `Keep one key for the profile (delete the other key lines, or give them a profile of their own), then run the command again.`,
      exitCode: 2,
    },
  );
}

/** Whether the vault's record of the profile opens to exactly these keys (it asks for the passphrase if need be). */
async function sameSecret(vault: SourceKeyVault, profile: string, keys: SecretPayload): Promise<boolean> {
  const held = await vault.open(profile);
  return held.accessKeyId === keys.accessKeyId && held.secretAccessKey === keys.secretAccessKey;
}

function differentKeysInVault(profile: string, existing: VaultRecord, keys: SecretPayload): ToolError {
  const what =
    existing.accessKeyId === keys.accessKeyId
      ? `the same key id ${maskKeyId(keys.accessKeyId)} with a different secret`
      : `another key (${maskKeyId(existing.accessKeyId)})`;
  return new ToolError(
    'VaultHoldsOtherKeys',
    `The vault already holds ${what} for profile "${profile}" than the files; nothing was changed, and the keys stay in the files.`,
    {
      resolution: `If the keys in the files are the right ones, run "keys add ${profile} --from-credentials-file --replace".`,
      exitCode: 2,
    },
  );
}

function notReadBack(profile: string): ToolError {
  return new ToolError(
    'VaultReadBackFailed',
    `The vault did not give back the keys just stored for profile "${profile}"; they stay in the files.`,
  );
}

/**
 * `keys export-to-credentials-file PROFILE`: the undo. Writes the two lines back, reads the file again, and forgets the
 * record (unless `keep`) only when the file gives back the same keys: a target that swallows what is written (a link
 * to a device is refused before writing, but a file changed by someone else meanwhile is not) never costs the key.
 */
export async function exportKeysToFile(
  vault: SourceKeyVault,
  files: AwsConfigFiles,
  profile: string,
  options: { keep?: boolean } = {},
): Promise<{ file: string; removed: boolean }> {
  const inFiles = files.profiles[profile] && keysInFiles(files, profile);
  if (inFiles)
    throw new ToolError('KeysAlreadyInFiles', `Profile "${profile}" already has access keys in the shared files; nothing was changed.`, {
      exitCode: 2,
    });
  const keys = await vault.open(profile);
  const { file } = insertKeyLines(files.credentialsFile, profile, keys);
  const written = readCredentialsFile(file)[profile];
  if (written?.aws_access_key_id !== keys.accessKeyId || written?.aws_secret_access_key !== keys.secretAccessKey) {
    throw new ToolError(
      'ExportNotReadBack',
      `The keys of profile "${profile}" written to ${file} did not read back as written; the vault record was kept.`,
      {
        resolution: `Check ${file}, then run "keys export-to-credentials-file ${profile}" again (or "keys remove ${profile}" once the file holds them).`,
      },
    );
  }
  if (options.keep) return { file, removed: false };
  try {
    return { file, removed: vault.remove(profile, { expected: keys.record }) };
  } catch (error) {
    if ((error as ToolError).code !== 'VaultRecordChanged') throw error;
    const now = vault.get(profile);
    throw new ToolError(
      'VaultRecordChanged',
      `Wrote the keys of profile "${profile}" (${maskKeyId(keys.accessKeyId)}) to ${file}, but the vault record changed while this command ran (${now ? `it now holds ${maskKeyId(now.accessKeyId)}); the record was kept.` : 'it no longer exists).'}`,
      {
        resolution: `Another amplify-aws-roles process (a rotation?) changed it: run "keys list", and delete the lines of ${maskKeyId(keys.accessKeyId)} from ${file} if that key is no longer live.`,
      },
    );
  }
}

function readCredentialsFile(file: string): Record<string, Record<string, string>> {
  const text = readConfigFile(file) ?? '';
  return parseAwsIni(text, { file, kind: 'credentials' }).profiles;
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
export async function keysFromPerson(
  profile: string,
  io: { stdin: Readable; stderr: Writable; fromStdin: boolean },
): Promise<SecretPayload> {
  if (io.fromStdin) {
    const [accessKeyId = '', secretAccessKey = ''] = (await readAll(io.stdin)).split(/\r?\n/).map((line) => line.trim());
    return { accessKeyId, secretAccessKey };
  }
  const { terminalSecretAsker } = require('../prompts/secretInput') as typeof import('../prompts/secretInput');
  const ask = terminalSecretAsker(io);
  const cancelled = () =>
    new ToolError('PromptCancelled', `No keys were entered for profile "${profile}"; the prompt was cancelled and nothing was stored.`);
  const accessKeyId = await ask(`Access key id of profile "${profile}"`, { echo: true, cancelled });
  if (accessKeyId === undefined) {
    throw new ToolError('KeysInputRequired', `There is no terminal to ask for the keys of profile "${profile}".`, {
      resolution: 'Pass --stdin and give the access key id and the secret on two lines of standard input, or use --from-credentials-file.',
      exitCode: 2,
    });
  }
  const secretAccessKey = (await ask(`Secret access key of profile "${profile}" (not shown)`, { cancelled })) ?? '';
  return { accessKeyId: accessKeyId.trim(), secretAccessKey: secretAccessKey.trim() };
}
