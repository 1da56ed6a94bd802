import { ToolError } from '../errors';

/**
 * The OS keychain (macOS Keychain, Windows Credential Manager, Linux Secret Service) through @napi-rs/keyring,
 * an optional dependency loaded only here: a machine without it, or without a keychain that answers, uses the
 * file backend. Each profile's secret is one entry, service "amplify-aws-roles", account = profile name.
 */
export const KEYCHAIN_SERVICE = 'amplify-aws-roles';

export interface KeychainApi {
  get(profile: string): string | undefined;
  set(profile: string, secret: string): void;
  delete(profile: string): void;
  /** Throws when no keychain answers (a read of a missing entry can look fine even then). */
  probe(): void;
}

interface KeyringEntry {
  getPassword(): string | null | undefined;
  setPassword(password: string): void;
  deletePassword(): boolean | void;
}

export function keychainRefused(action: string, error: unknown): ToolError {
  const reason = ((error as Error)?.message ?? String(error)).split('\n')[0];
  return new ToolError('KeychainUnavailable', `The OS keychain backend refused to ${action} (${reason}).`, {
    resolution: 'Unlock the keychain (or start a Secret Service such as gnome-keyring) and try again, or use the file backend: --backend file or AMPLIFY_AWS_ROLES_VAULT_BACKEND=file.',
  });
}

function loadKeyring(): { Entry: new (service: string, account: string) => KeyringEntry; findCredentials(service: string): unknown } {
  try {
    return require('@napi-rs/keyring');
  } catch (error) {
    throw new ToolError('KeychainUnavailable', 'The OS keychain backend is not installed (the optional package @napi-rs/keyring did not load).', {
      resolution: 'Reinstall with optional dependencies (npm install --include=optional), or use the file backend: --backend file.',
      cause: error,
    });
  }
}

export function osKeychain(): KeychainApi {
  const { Entry, findCredentials } = loadKeyring();
  const entry = (profile: string) => new Entry(KEYCHAIN_SERVICE, profile);
  return {
    probe() {
      try {
        findCredentials(KEYCHAIN_SERVICE);
      } catch (error) {
        throw keychainRefused('answer', error);
      }
    },
    get(profile) {
      try {
        return entry(profile).getPassword() ?? undefined;
      } catch (error) {
        if (/no (matching )?entry|not found/i.test(String((error as Error)?.message))) return undefined;
        throw keychainRefused(`read the keys of profile "${profile}"`, error);
      }
    },
    set(profile, secret) {
      try {
        entry(profile).setPassword(secret);
      } catch (error) {
        throw keychainRefused(`store the keys of profile "${profile}"`, error);
      }
    },
    delete(profile) {
      try {
        entry(profile).deletePassword();
      } catch (error) {
        if (/no (matching )?entry|not found/i.test(String((error as Error)?.message))) return;
        throw keychainRefused(`remove the keys of profile "${profile}"`, error);
      }
    },
  };
}

/** Whether a keychain answers here: this tool's entries are listed. Undefined when it does, else why not. */
export function keychainProblem(api: () => KeychainApi = osKeychain): string | undefined {
  try {
    api().probe();
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
