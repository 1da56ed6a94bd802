import type { CommandModule, Invocation } from '../../src/cli/invocation';
import { stringOption } from '../../src/cli/resolveOptions';
import { loadAwsConfig } from '../../src/config';
import { closestName } from '../../src/suggest';
import { ToolError } from '../../src/errors';
import { sourceKeyVault } from '../../src/vault';
import { exportKeysToFile, keysFromPerson, keysInFiles, moveKeysIntoVault, requireProfile } from '../../src/keys/moveKeys';
import { homeDirectory } from '../../src/config/fileLocations';
import { maskKeyId } from '../../src/credentials';
import { write } from '../../src/output/writeLine';

export const SUBCOMMANDS = ['add', 'list', 'remove', 'rotate', 'export-to-credentials-file'];

export const command: CommandModule = {
  name: 'keys',
  positionals: 'add|list|remove|rotate|export-to-credentials-file [PROFILE]',
  summary:
    "Keep source profiles' long-term access keys in the OS keychain or an encrypted file: add, list, remove, rotate, export-to-credentials-file",
  options: {
    'from-credentials-file': {
      type: 'boolean',
      description: 'add: move the keys out of ~/.aws/credentials (the two lines leave it; nothing else changes)',
    },
    stdin: { type: 'boolean', description: 'add: read the access key id and the secret as two lines of standard input' },
    backend: {
      type: 'string',
      value: 'NAME',
      description: 'add: keychain, file or auto (default: AMPLIFY_AWS_ROLES_VAULT_BACKEND, else auto)',
    },
    replace: {
      type: 'boolean',
      description: 'add: replace keys the vault already holds for the profile (with --from-credentials-file: by the keys in the files)',
    },
    force: { type: 'boolean', description: 'remove: also remove a record that cannot be read' },
    keep: { type: 'boolean', description: 'export-to-credentials-file: keep the vault record too' },
    region: { type: 'string', value: 'REGION', description: "rotate: region for STS (default: the profile's, else us-east-1)" },
    json: { type: 'boolean', description: 'Print JSON' },
  },
  details: `Usage: keys add PROFILE [--from-credentials-file | --stdin] [--backend keychain|file]
       keys list | keys remove PROFILE | keys rotate PROFILE | keys export-to-credentials-file PROFILE
The file backend's passphrase is asked on the terminal (or /dev/tty), or read from AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE;
it is never stored. Records live in ~/.amplify-aws-roles/vault/ (AMPLIFY_AWS_ROLES_VAULT_DIR), one per profile.
rotate: iam:CreateAccessKey and iam:DeleteAccessKey on the user itself, and sts:GetCallerIdentity.`,
  async run(invocation) {
    const [sub, profile, ...extra] = invocation.positionals;
    if (!sub || !SUBCOMMANDS.includes(sub)) {
      if (!sub) throw usage(`keys needs a subcommand: ${SUBCOMMANDS.join(', ')}.`);
      const meant = closestName(sub, SUBCOMMANDS);
      throw usage(`Unknown keys subcommand "${sub}"${meant ? `; did you mean "${meant}"?` : `; use one of ${SUBCOMMANDS.join(', ')}.`}`);
    }
    if (sub !== 'list' && !profile) throw usage(`keys ${sub} needs a PROFILE.`);
    if (extra.length > 0 || (sub === 'list' && profile))
      throw usage(`Unexpected argument "${sub === 'list' ? profile : extra[0]}" for keys ${sub}.`);
    const vault = sourceKeyVault({
      home: homeDirectory(invocation.env),
      env: invocation.env,
      stdin: invocation.stdin,
      stderr: invocation.stderr,
    });
    const files = loadAwsConfig({ env: invocation.env });
    const json = invocation.options.json === true;
    const say = (data: object, text: string) => write(invocation.stdout, json ? JSON.stringify(data, null, 2) : text);

    switch (sub) {
      case 'add': {
        const { backend, why } = vault.chooseBackend(stringOption(invocation, 'backend'));
        if (invocation.options['from-credentials-file']) {
          const { record, removedFrom, scrubbed } = await moveKeysIntoVault(vault, files, profile, backend, {
            replace: invocation.options.replace === true,
          });
          const backups = scrubbed.length
            ? ` and from ${scrubbed.length === 1 ? 'the backup copy' : 'the backup copies'} ${scrubbed.join(', ')}`
            : '';
          say(
            { profile, backend: record.backend, accessKeyId: maskKeyId(record.accessKeyId), removedFrom, scrubbedBackups: scrubbed },
            `Moved the keys of profile "${profile}" (${maskKeyId(record.accessKeyId)}) into the vault (${describeBackend(record.backend)}, ${why}); removed them from ${removedFrom.join(' and ') || 'no file (they were already gone)'}${backups}.`,
          );
          return 0;
        }
        requireProfile(files, profile);
        if (keysInFiles(files, profile)) {
          throw usage(
            `Profile "${profile}" has its keys in the shared files; use "keys add ${profile} --from-credentials-file" to move them.`,
          );
        }
        const keys = await keysFromPerson(profile, {
          stdin: invocation.stdin,
          stderr: invocation.stderr,
          fromStdin: invocation.options.stdin === true,
        });
        const record = await vault.add(profile, keys, { backend, replace: invocation.options.replace === true });
        say(
          { profile, backend: record.backend, accessKeyId: maskKeyId(record.accessKeyId) },
          `Stored the keys of profile "${profile}" (${maskKeyId(record.accessKeyId)}) in the vault (${describeBackend(record.backend)}, ${why}).`,
        );
        return 0;
      }
      case 'list':
        return listKeys(invocation, vault.list(), files.profiles, json);
      case 'remove': {
        const removed = vault.remove(profile, { force: invocation.options.force === true });
        if (!removed) {
          const meant = closestName(profile, vault.profileNames());
          throw new ToolError(
            'VaultRecordNotFound',
            `The vault has no keys for profile "${profile}"; ${meant ? `did you mean "${meant}"? Nothing` : 'nothing'} was removed.`,
          );
        }
        say({ profile, removed }, `Removed the keys of profile "${profile}" from the vault. The key itself still exists in IAM.`);
        return 0;
      }
      case 'rotate': {
        const { rotateVaultKey, sdkRotationApi } = require('../../src/keys/rotateKey') as typeof import('../../src/keys/rotateKey');
        const region = stringOption(invocation, 'region') ?? files.profiles[profile]?.region;
        const outcome = await rotateVaultKey(vault, profile, sdkRotationApi({ env: invocation.env, profile, region }));
        say(
          {
            profile,
            user: outcome.user,
            oldAccessKeyId: maskKeyId(outcome.oldAccessKeyId),
            accessKeyId: maskKeyId(outcome.record.accessKeyId),
            rotated: outcome.record.rotated,
          },
          `Rotated the key of profile "${profile}" (${outcome.user}): ${maskKeyId(outcome.record.accessKeyId)} is stored and live; ${maskKeyId(outcome.oldAccessKeyId)} was deleted in IAM.`,
        );
        return 0;
      }
      default: {
        const { file, removed } = await exportKeysToFile(vault, files, profile, { keep: invocation.options.keep === true });
        say(
          { profile, file, vaultRecordRemoved: removed },
          `Wrote the keys of profile "${profile}" to ${file}${removed ? ' and removed them from the vault' : ''}.`,
        );
        return 0;
      }
    }
  },
};

function usage(message: string): ToolError {
  return new ToolError('InvalidArguments', message, { resolution: 'Run "amplify-aws-roles keys --help" to see the usage.', exitCode: 2 });
}

function describeBackend(backend: string): string {
  return backend === 'keychain' ? 'OS keychain' : 'encrypted file';
}

function listKeys(
  invocation: Invocation,
  entries: ReturnType<ReturnType<typeof sourceKeyVault>['list']>,
  profiles: Record<string, unknown>,
  json: boolean,
): number {
  interface Row {
    profile: string;
    backend?: string;
    accessKeyId?: string;
    created?: string;
    rotated?: string;
    problem?: string;
    orphaned: boolean;
  }
  const rows: Row[] = entries.map((e) => ({
    profile: e.profile,
    ...(e.record
      ? {
          backend: e.record.backend,
          accessKeyId: maskKeyId(e.record.accessKeyId),
          created: e.record.created,
          ...(e.record.rotated ? { rotated: e.record.rotated } : {}),
        }
      : { problem: e.problem }),
    orphaned: !Object.prototype.hasOwnProperty.call(profiles, e.profile),
  }));
  if (json) {
    write(invocation.stdout, JSON.stringify(rows, null, 2));
    return rows.some((r) => r.problem) ? 1 : 0;
  }
  if (rows.length === 0) {
    write(invocation.stdout, 'The vault holds no keys. Add some with "keys add PROFILE --from-credentials-file".');
    return 0;
  }
  for (const r of rows) {
    const state = r.problem
      ? `DAMAGED: ${r.problem}`
      : `${r.accessKeyId}  ${describeBackend(r.backend!)}  created ${r.created}${r.rotated ? `, rotated ${r.rotated}` : ''}`;
    write(invocation.stdout, `${r.profile}  ${state}${r.orphaned ? '  (orphaned: no such profile in the shared files)' : ''}`);
  }
  return rows.some((r) => r.problem) ? 1 : 0;
}
