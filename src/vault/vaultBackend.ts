import { ToolError } from '../errors';
import { keychainProblem, type KeychainApi } from './keychain';
import type { VaultBackendName } from './vaultRecord';

export const BACKEND_ENV = 'AMPLIFY_AWS_ROLES_VAULT_BACKEND';

/**
 * Where new keys go: --backend, else AMPLIFY_AWS_ROLES_VAULT_BACKEND, else the keychain when one answers, else the
 * file. `why` is a short clause for every message; `detail` is the keychain library's own reason, for `doctor --verbose`.
 */
export function chooseVaultBackend(
  requested: string | undefined,
  env: NodeJS.ProcessEnv,
  keychain: () => KeychainApi,
): { backend: VaultBackendName; why: string; detail?: string } {
  const wanted = requested ?? env[BACKEND_ENV] ?? 'auto';
  if (wanted === 'file') return { backend: 'file', why: requested ? 'asked for with --backend' : `asked for by ${BACKEND_ENV}` };
  if (wanted !== 'keychain' && wanted !== 'auto') {
    throw new ToolError(
      'InvalidVaultBackend',
      `Unknown vault backend "${wanted}" (${requested ? '--backend' : BACKEND_ENV}); use keychain, file or auto.`,
      { exitCode: 2 },
    );
  }
  const problem = keychainProblem(keychain);
  if (!problem) return { backend: 'keychain', why: 'the OS keychain answers' };
  // A locked keychain is there, only closed: keys meant for it do not go to a file instead.
  if (wanted === 'keychain' || problem.code === 'KeychainLocked') throw problem;
  return { backend: 'file', why: 'no OS keychain here', detail: problem.message.replace(/\.$/, '') };
}
