import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckOutcome, DoctorFacts } from './types';
import type { CacheScope } from '../cache';
import { homeDirectory } from '../config/fileLocations';
import { PASSPHRASE_ENV } from '../vault/passphrase';
import { maskKeyId } from '../credentials';
import type { ErrorCode } from '../errorCodes';

/** Long-term keys: the two checks about where they are kept (the files in plain text, or the vault). */

const PROGRAM = 'amplify-aws-roles';

/** Profiles with an access key and secret but no session token in the files: long-term keys in plain text. */
export function plaintextKeyProfiles(facts: DoctorFacts): string[] {
  const profiles = facts.files?.profiles ?? {};
  return Object.keys(profiles)
    .filter((name) => {
      const p = profiles[name];
      return (
        typeof p.aws_access_key_id === 'string' &&
        p.aws_access_key_id !== '' &&
        typeof p.aws_secret_access_key === 'string' &&
        !p.aws_session_token
      );
    })
    .sort();
}

export function plaintextKeysCheck(facts: DoctorFacts): CheckOutcome {
  const names = plaintextKeyProfiles(facts);
  const backups = [...(facts.configFile.backupsWithSecrets ?? []), ...(facts.credentialsFile.backupsWithSecrets ?? [])];
  if (names.length === 0 && backups.length > 0) {
    // A move killed half-way leaves its key in a backup; the same command run again takes it out of them.
    const vaulted = Object.keys(facts.files?.profiles ?? {}).filter((name) => safeLookup(facts, name));
    const scrub = vaulted.length
      ? `${vaulted.map((n) => `${PROGRAM} keys add ${n} --from-credentials-file`).join('; ')} takes the vault's keys out of them; `
      : '';
    return {
      status: 'warn',
      message: `Copies of the shared files (our backups, temp files of a write that crashed, editor backups) hold secret access keys in plain text: ${backups.join(', ')}.`,
      fix: `${scrub}${scrub ? 'delete' : 'Delete'} ${backups.length === 1 ? 'that copy' : 'those copies'} once you no longer need ${backups.length === 1 ? 'it' : 'them'}: rm ${backups.join(' ')}`,
    };
  }
  if (names.length === 0)
    return { status: 'pass', message: 'No long-term access keys are kept in plain text in the shared files or our backup copies of them.' };
  const listed = names.map((n) => `"${n}" (${maskKeyId(String(facts.files!.profiles[n].aws_access_key_id))})`).join(', ');
  return {
    status: 'warn',
    message: `Long-term access keys of ${names.length === 1 ? 'profile' : 'profiles'} ${listed} are kept in plain text in ${facts.credentialsFile.path} or ${facts.configFile.path}${backups.length ? ` (and in the backup copies ${backups.join(', ')})` : ''}.`,
    fix: names.map((n) => `${PROGRAM} keys add ${n} --from-credentials-file`).join('; '),
  };
}

function safeLookup(facts: DoctorFacts, profile: string): boolean {
  try {
    return facts.vault?.(profile) !== undefined;
  } catch {
    return false;
  }
}

/**
 * The vault: its backend, its records, and any damaged or orphaned one. Loads the vault (and the keychain binding)
 * only here. Why no keychain answers is the library's long reason: shown with --verbose only.
 */
/**
 * The project's pre-command hooks (amplify/hooks/pre-push.js and the like): the Amplify CLI runs them before it loads
 * any plugin, with its whole environment, so they can read an exported vault passphrase (the plugin takes it out of the
 * environment only as it loads). Post-command hooks run after that and never see it.
 */
function preCommandHooks(scope: CacheScope | undefined): string[] {
  if (scope?.kind !== 'project') return [];
  const folder = path.join(scope.root, 'amplify', 'hooks');
  try {
    return fs
      .readdirSync(folder)
      .filter((name) => name.startsWith('pre-'))
      .sort()
      .map((name) => path.join('amplify', 'hooks', name));
  } catch {
    return [];
  }
}

export function vaultCheck(facts: DoctorFacts, verbose = false, scope?: CacheScope): CheckOutcome {
  const { SourceKeyVault } = require('../vault/vaultStore') as typeof import('../vault/vaultStore');
  const vault = new SourceKeyVault({ home: homeDirectory(facts.env), env: facts.env, passphrase: () => Promise.resolve('') });
  let backend: string;
  try {
    const chosen = vault.chooseBackend();
    const why = verbose && chosen.detail ? `${chosen.why}: ${chosen.detail}` : chosen.why;
    backend = `new keys go to the ${chosen.backend === 'keychain' ? 'OS keychain' : 'encrypted file'} (${why})`;
  } catch (error) {
    // Locked: the keychain is there and its records stay good; only what is in it cannot be used until it is unlocked.
    if ((error as { code?: ErrorCode }).code === 'KeychainLocked')
      return { status: 'warn', message: (error as Error).message, fix: (error as { resolution?: string }).resolution };
    return { status: 'fail', message: (error as Error).message, fix: 'Set AMPLIFY_AWS_ROLES_VAULT_BACKEND to keychain, file or auto.' };
  }
  const entries = vault.list();
  const damaged = entries.filter((e) => e.problem);
  const orphaned = entries.filter((e) => e.record && facts.files && !facts.files.profiles[e.profile]);
  const summary = `The vault ${vault.folder} holds keys for ${entries.length} profile${entries.length === 1 ? '' : 's'}; ${backend}.`;
  if (damaged.length)
    return {
      status: 'fail',
      message: `${summary} ${damaged.map((e) => e.problem).join(' ')}`,
      fix: `${PROGRAM} keys list shows each record; ${PROGRAM} keys remove PROFILE --force removes a damaged one.`,
    };
  if (orphaned.length) {
    return {
      status: 'warn',
      message: `${summary} ${orphaned.map((e) => `"${e.profile}"`).join(', ')} ${orphaned.length === 1 ? 'is' : 'are'} no longer a profile in the shared files (orphaned).`,
      fix: `Add the profile back, or run "${PROGRAM} keys remove PROFILE" (after deleting the key in IAM if nobody uses it).`,
    };
  }
  const hooks = facts.env[PASSPHRASE_ENV] ? preCommandHooks(scope) : [];
  if (hooks.length) {
    return {
      status: 'warn',
      message: `${summary} ${PASSPHRASE_ENV} is set, and this project's ${hooks.join(', ')} (run by the Amplify CLI before it loads any plugin) can read it.`,
      fix: `Unset ${PASSPHRASE_ENV} in the shell that runs amplify and type the passphrase at the prompt, or read ${hooks.length === 1 ? 'that hook' : 'those hooks'} first.`,
    };
  }
  return { status: 'pass', message: summary };
}
