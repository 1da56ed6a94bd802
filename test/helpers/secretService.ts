import { type ChildProcessByStdio, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable, Writable } from 'node:stream';

/**
 * A private Linux Secret Service for the keychain tests: a D-Bus session bus of its own (no service activation, so
 * nothing but our daemon starts on it) and gnome-keyring-daemon with a throwaway home, its login keyring unlocked
 * with a known password. The command line's children get `env` (DBUS_SESSION_BUS_ADDRESS) and so talk to this
 * keyring, never a desktop's. Like moto, a missing package fails the tests loudly: they are never skipped.
 */
const SECRET_SERVICE_TOOLS = ['dbus-daemon', 'dbus-send', 'gnome-keyring-daemon', 'secret-tool'];
const SECRET_SERVICE_PACKAGES = 'gnome-keyring dbus libsecret-tools';
/** Where our keychain entries live: attributes service = amplify-aws-roles, username = profile (@napi-rs/keyring). */
const SERVICE = 'amplify-aws-roles';
const SECRETS = 'org.freedesktop.secrets';

export interface SecretService {
  /** For a child: the private bus's address (overrides any desktop session's). */
  env: { DBUS_SESSION_BUS_ADDRESS: string };
  /** Locks the login keyring, as a screen lock or a fresh login without PAM does. */
  lock(): void;
  /** Whether the login keyring is locked now (read from the daemon, not remembered). */
  isLocked(): boolean;
  /** Unlocks it again as a login does: the daemon starts anew with the password, over the same keyring file. */
  unlock(): Promise<void>;
  /** The entry of a profile as `secret-tool` sees it, or undefined (also when locked: secret-tool cannot tell). */
  lookup(profile: string): string | undefined;
  /** Writes or changes an entry behind the tool's back. */
  store(profile: string, secret: string): void;
  /** Deletes an entry behind the tool's back. */
  clear(profile: string): void;
  /** Every entry of ours, profile -> secret (to prove that nothing changed). */
  entries(): Record<string, string>;
  /** The daemons' own log, for a failure message. */
  log(): string;
  stop(): Promise<void>;
}

function missingSecretServiceTools(pathVariable = process.env.PATH ?? ''): string[] {
  const dirs = pathVariable.split(path.delimiter).filter(Boolean);
  return SECRET_SERVICE_TOOLS.filter((tool) => !dirs.some((dir) => isExecutable(path.join(dir, tool))));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

type Daemon = ChildProcessByStdio<Writable, Readable, Readable>;

export async function startSecretService(options: { password?: string; pathVariable?: string } = {}): Promise<SecretService> {
  const pathVariable = options.pathVariable ?? process.env.PATH ?? '';
  const missing = missingSecretServiceTools(pathVariable);
  if (missing.length > 0) {
    throw new Error(
      `The keychain tests need a Secret Service and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: apt-get install -y ${SECRET_SERVICE_PACKAGES} (.ci/run installs them).`,
    );
  }
  const password = options.password ?? 'throwaway login keyring password';
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-keyring-'));
  const dirs = { home: path.join(root, 'home'), data: path.join(root, 'data'), run: path.join(root, 'run') };
  for (const dir of Object.values(dirs)) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socket = path.join(dirs.run, 'bus');
  fs.writeFileSync(
    path.join(root, 'bus.conf'),
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path=${socket}</listen>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
`,
  );
  let log = '';
  const daemonEnv = {
    PATH: pathVariable,
    HOME: dirs.home,
    XDG_DATA_HOME: dirs.data,
    XDG_RUNTIME_DIR: dirs.run,
    XDG_CONFIG_HOME: path.join(dirs.home, '.config'),
  };
  const started: Daemon[] = [];
  const launch = (command: string, args: string[], env: NodeJS.ProcessEnv): Daemon => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.on('data', (d) => (log += d));
    child.on('error', (error) => (log += `${command}: ${error.message}\n`));
    started.push(child);
    return child;
  };
  const stopAll = async () => {
    await Promise.all(started.splice(0).map(stopDaemon));
    fs.rmSync(root, { recursive: true, force: true });
  };

  try {
    const bus = launch('dbus-daemon', [`--config-file=${path.join(root, 'bus.conf')}`, '--nofork', '--print-address=1'], daemonEnv);
    const address = await firstLine(bus, 10_000, 'dbus-daemon did not print its address');
    const busEnv = { ...daemonEnv, DBUS_SESSION_BUS_ADDRESS: address };
    const call = (args: string[], input?: string) => {
      const result = spawnSync(args[0], args.slice(1), { env: busEnv, input, encoding: 'utf8', timeout: 10_000 });
      return {
        code: result.status ?? 1,
        stdout: result.stdout ?? '',
        stderr: `${result.stderr ?? ''}${result.error ? result.error.message : ''}`,
      };
    };
    const dbusSend = (dest: string, object: string, method: string, ...args: string[]) =>
      call(['dbus-send', '--session', '--print-reply', `--dest=${dest}`, object, method, ...args]);
    /** The default collection (the login keyring), or undefined while the daemon has none to name. */
    const defaultCollection = (): string | undefined => {
      const reply = dbusSend(SECRETS, '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.ReadAlias', 'string:default');
      const collection = /object path "([^"]+)"/.exec(reply.stdout)?.[1];
      return collection && collection !== '/' ? collection : undefined;
    };
    /** Whether the login keyring is locked; undefined while the daemon cannot say (starting, or stopped). */
    const lockedNow = (): boolean | undefined => {
      const collection = defaultCollection();
      if (!collection) return undefined;
      const reply = dbusSend(
        SECRETS,
        collection,
        'org.freedesktop.DBus.Properties.Get',
        'string:org.freedesktop.Secret.Collection',
        'string:Locked',
      );
      return /boolean true/.test(reply.stdout) ? true : /boolean false/.test(reply.stdout) ? false : undefined;
    };
    let keyring: Daemon | undefined;
    const startKeyring = async () => {
      keyring = launch(
        'gnome-keyring-daemon',
        ['--foreground', '--unlock', '--components=secrets', `--control-directory=${path.join(dirs.run, 'keyring')}`],
        busEnv,
      );
      keyring.stdin.end(password);
      // Ready when it answers for the Secret Service and its login keyring is unlocked.
      const deadline = Date.now() + 10_000;
      while (lockedNow() !== false) {
        if (Date.now() > deadline || keyring.exitCode !== null)
          throw new Error(`gnome-keyring-daemon did not start its Secret Service on ${address}:\n${log}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await startKeyring();
    const lookup = (profile: string) => {
      const result = call(['secret-tool', 'lookup', 'service', SERVICE, 'username', profile]);
      if (result.code !== 0 && result.stderr.trim()) throw new Error(`secret-tool lookup failed: ${result.stderr.trim()}`);
      return result.code === 0 ? result.stdout : undefined;
    };
    const secretTool = (args: string[], input?: string) => {
      const result = call(['secret-tool', ...args], input);
      if (result.code !== 0) throw new Error(`secret-tool ${args[0]} failed (${result.code}): ${result.stderr.trim()}`);
      return result.stdout;
    };
    return {
      env: { DBUS_SESSION_BUS_ADDRESS: address },
      lock() {
        const collection = defaultCollection();
        if (!collection) throw new Error(`The test keyring has no default collection to lock:\n${log}`);
        const reply = dbusSend(SECRETS, '/org/freedesktop/secrets', 'org.freedesktop.Secret.Service.Lock', `array:objpath:${collection}`);
        if (reply.code !== 0) throw new Error(`Could not lock the test keyring: ${reply.stderr}`);
      },
      async unlock() {
        if (keyring) await stopDaemon(started.splice(started.indexOf(keyring), 1)[0]);
        await startKeyring();
      },
      isLocked() {
        const locked = lockedNow();
        if (locked === undefined) throw new Error(`Could not read whether the test keyring is locked:\n${log}`);
        return locked;
      },
      lookup,
      store(profile, secret) {
        secretTool(['store', `--label=keyring:${profile}@${SERVICE}`, 'service', SERVICE, 'username', profile], secret);
      },
      clear(profile) {
        secretTool(['clear', 'service', SERVICE, 'username', profile]);
      },
      entries() {
        // `search --all` prints the attributes on stderr, apart from the secrets: names from there, secrets by lookup.
        const result = call(['secret-tool', 'search', '--all', 'service', SERVICE]);
        if (result.code !== 0) throw new Error(`secret-tool search failed (${result.code}): ${result.stderr.trim()}`);
        const profiles = [...result.stderr.matchAll(/^attribute\.username = (.*)$/gm)].map((m) => m[1]);
        return Object.fromEntries(profiles.sort().map((profile) => [profile, lookup(profile) ?? '(unreadable)']));
      },
      log: () => log,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * One Secret Service for the enclosing describe block: started before its tests, stopped after them, with every
 * entry of ours cleared before each test. The returned object stands for the service once started.
 */
export function useSecretService(): SecretService {
  let service: SecretService | undefined;
  beforeAll(async () => {
    service = await startSecretService();
  }, 30_000);
  afterAll(async () => service?.stop());
  const started = (): SecretService => {
    if (!service) throw new Error('the Secret Service has not started: useSecretService() starts it in beforeAll');
    return service;
  };
  beforeEach(() => {
    for (const profile of Object.keys(started().entries())) started().clear(profile);
  });
  return {
    get env() {
      return started().env;
    },
    lock: () => started().lock(),
    isLocked: () => started().isLocked(),
    unlock: () => started().unlock(),
    lookup: (profile) => started().lookup(profile),
    store: (profile, secret) => started().store(profile, secret),
    clear: (profile) => started().clear(profile),
    entries: () => started().entries(),
    log: () => started().log(),
    stop: () => started().stop(),
  };
}

function firstLine(child: Daemon, timeoutMs: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
    child.stdout.on('data', (d) => {
      text += d;
      const newline = text.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(text.slice(0, newline).trim());
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: it exited with ${code}`));
    });
  });
}

function stopDaemon(child: Daemon): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
