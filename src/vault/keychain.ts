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

/** Which keychain @napi-rs/keyring talks to here, for the one sentence a person reads. */
function keychainName(platform: NodeJS.Platform = process.platform): string {
  return platform === 'linux'
    ? 'Secret Service'
    : platform === 'darwin'
      ? 'macOS Keychain'
      : platform === 'win32'
        ? 'Windows Credential Manager'
        : 'OS keychain';
}

/** gnome-keyring says IsLocked or (after its unlock prompt fails) "dismissed"; macOS refuses user interaction. */
const LOCKED = /IsLocked|\bis locked\b|locked (object|collection)|unlock prompt was dismissed|interaction is not allowed/i;

const UNLOCK_HINT: Partial<Record<NodeJS.Platform, string>> = {
  linux:
    'Unlock the "login" keyring (log in to the desktop, or unlock it in its keyring app); without a desktop: printf PASSWORD | gnome-keyring-daemon --replace --unlock --components=secrets.',
  darwin: 'Unlock the login keychain (security unlock-keychain, or log in to the desktop).',
};

/**
 * A locked keychain is there but closed: the command stops before changing anything (and `auto` does not slip the
 * keys into the file instead), so the person unlocks it and runs the command again.
 */
export function keychainLocked(platform: NodeJS.Platform = process.platform): ToolError {
  return new ToolError('KeychainLocked', `The OS keychain (${keychainName(platform)}) is locked: unlock it, then run the command again.`, {
    resolution: UNLOCK_HINT[platform] ?? 'Unlock it with the tool of your system.',
  });
}

export function keychainRefused(action: string, error: unknown): ToolError {
  const text = (error as Error)?.message ?? String(error);
  if (LOCKED.test(text)) return keychainLocked();
  return new ToolError('KeychainUnavailable', `The OS keychain backend refused to ${action} (${text.split('\n')[0]}).`, {
    resolution:
      'Unlock the keychain (or start a Secret Service such as gnome-keyring) and try again, or use the file backend: --backend file or AMPLIFY_AWS_ROLES_VAULT_BACKEND=file.',
  });
}

/** The keys in an entry as this tool stores them, or undefined when it holds anything else (changed behind our back). */
export function keysInEntry(text: string): { accessKeyId: string; secretAccessKey: string } | undefined {
  try {
    const keys = JSON.parse(text) as { accessKeyId?: unknown; secretAccessKey?: unknown } | null;
    return typeof keys?.accessKeyId === 'string' && typeof keys?.secretAccessKey === 'string'
      ? { accessKeyId: keys.accessKeyId, secretAccessKey: keys.secretAccessKey }
      : undefined;
  } catch {
    return undefined;
  }
}

function loadKeyring(): { Entry: new (service: string, account: string) => KeyringEntry; findCredentials: (service: string) => unknown } {
  try {
    return require('@napi-rs/keyring') as ReturnType<typeof loadKeyring>;
  } catch (error) {
    throw new ToolError(
      'KeychainUnavailable',
      'The OS keychain backend is not installed (the optional package @napi-rs/keyring did not load).',
      {
        resolution: 'Reinstall with optional dependencies (npm install --include=optional), or use the file backend: --backend file.',
        cause: error,
      },
    );
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

/** Whether a keychain answers here (this tool's entries are listed): undefined when it does, else why not. */
export function keychainProblem(api: () => KeychainApi = osKeychain): ToolError | undefined {
  try {
    api().probe();
    return undefined;
  } catch (error) {
    if (error instanceof ToolError) return error;
    const message = (error as Error)?.message ?? String(error);
    return new ToolError('KeychainUnavailable', message.endsWith('.') ? message : `${message}.`, {
      resolution: 'Use the file backend: --backend file or AMPLIFY_AWS_ROLES_VAULT_BACKEND=file.',
    });
  }
}
