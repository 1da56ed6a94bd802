import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Sandbox {
  home: string;
  /** Environment for a child process: throwaway HOME, no inherited AWS_* variables, no desktop session bus. */
  env: NodeJS.ProcessEnv;
  write(relative: string, text: string, mode?: number): string;
  read(relative: string): string;
  path(relative: string): string;
  cleanup(): void;
}

/** A throwaway home folder. Never touches the real ~/.aws or ~/.amplify. */
export function makeSandbox(files: Record<string, string> = {}): Sandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-home-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('AMPLIFY_AWS_ROLES_')) env[key] = value;
  }
  env.HOME = home;
  env.USERPROFILE = home;
  // Never a desktop's keyring: on Linux the keychain backend finds no Secret Service unless a test starts its own
  // (test/helpers/secretService.ts hands its bus to the child).
  env.DBUS_SESSION_BUS_ADDRESS = `unix:path=${path.join(home, '.no-session-bus')}`;
  const sandbox: Sandbox = {
    home,
    env,
    path: (relative) => path.join(home, relative),
    write(relative, text, mode) {
      const file = path.join(home, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text, mode === undefined ? undefined : { mode });
      if (mode !== undefined) fs.chmodSync(file, mode);
      return file;
    },
    read: (relative) => fs.readFileSync(path.join(home, relative), 'utf8'),
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
  for (const [relative, text] of Object.entries(files)) sandbox.write(relative, text);
  return sandbox;
}
