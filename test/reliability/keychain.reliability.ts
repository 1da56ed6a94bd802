import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { type SecretService, startSecretService, useSecretService } from '../helpers/secretService';
import { DEV_KEY_ID, DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runTool, scanOutputsForSecrets } from './helpers/secretScan';

// Issue 25 item 11: the OS keychain backend against a real Linux Secret Service (gnome-keyring on a private D-Bus
// session bus, test/helpers/secretService.ts): a locked keyring, entries changed or deleted behind our back with
// secret-tool, and the keychain half of items 2 (export through a link to a device), 3 (add --from-credentials-file
// compares the secret) and 4 (no plaintext copy in our backups). The life cycle against moto runs for both backends
// in test/integration/vault-moto.test.ts.
const keyring = useSecretService();
scanOutputsForSecrets();
const OTHER_KEY_ID = 'AKIAKEYCHAINOTHER001';
const OTHER_SECRET = 'keychain-other-secret-do-not-print-0002';
const TYPO_SECRET = 'walkthrough-dev-secret-key-do-not-print-000l';
const PASSPHRASE = 'keychain reliability passphrase 0025';
rememberSecrets(DEV_SECRET, OTHER_SECRET, TYPO_SECRET, PASSPHRASE);
const LOCKED = 'Error: The OS keychain (Secret Service) is locked: unlock it, then run the command again.';
const devKeys = JSON.stringify({ accessKeyId: DEV_KEY_ID, secretAccessKey: DEV_SECRET });

/** The walkthrough's HOME (devcorpuser's keys in ~/.aws/credentials), talking to the test keyring, AWS unreachable. */
function keychainHome(options: { extraConfig?: string } = {}) {
  const box = walkthroughSandbox({ extraConfig: options.extraConfig });
  Object.assign(box.env, keyring.env, { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:9', AWS_ENDPOINT_URL_IAM: 'http://127.0.0.1:9' });
  const run = (args: string[], more: { input?: string; env?: NodeJS.ProcessEnv } = {}) =>
    runTool(args, { env: { ...box.env, ...more.env }, cwd: box.home, input: more.input, timeoutMs: 30_000 });
  const record = (profile: string) => box.path(`.amplify-aws-roles/vault/${profile}.json`);
  return Object.assign(box, { run, record });
}

/** Everything a command could change: each file under HOME (kind and bytes) and each keychain entry of ours. */
function state(home: string, service: SecretService) {
  const files: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      const stat = fs.lstatSync(file);
      if (stat.isDirectory()) walk(file);
      else
        files[path.relative(home, file)] = stat.isFile()
          ? fs.readFileSync(file, 'base64')
          : stat.isSymbolicLink()
            ? `link to ${fs.readlinkSync(file)}`
            : `mode ${stat.mode.toString(8)} rdev ${stat.rdev}`;
    }
  };
  walk(home);
  return { files, entries: service.entries() };
}

function filesHolding(dir: string, secret: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return filesHolding(file, secret);
    return e.isFile() && fs.readFileSync(file).includes(secret) ? [file] : [];
  });
}

function expectOneSentence(result: { code: number; stderr: string }, first: string | RegExp) {
  expect(result.code).not.toBe(0);
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  if (typeof first === 'string') expect(result.stderr.split('\n')[0]).toBe(first);
  else expect(result.stderr.split('\n')[0]).toMatch(first);
}

describe('issue 25 item 11: the OS keychain backend against a real Secret Service', () => {
  test('the test Secret Service says no: without its packages it fails loudly naming them, and a locked keyring refuses secret-tool too', async () => {
    const emptyPath = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-no-tools-'));
    try {
      await expect(startSecretService({ pathVariable: emptyPath })).rejects.toThrow(
        'The keychain tests need a Secret Service and dbus-daemon, dbus-send, gnome-keyring-daemon, secret-tool are missing: apt-get install -y gnome-keyring dbus libsecret-tools (.ci/run installs them).',
      );
    } finally {
      fs.rmSync(emptyPath, { recursive: true, force: true });
    }
    keyring.store('probe', 'before the lock');
    keyring.lock();
    expect(keyring.isLocked()).toBe(true);
    expect(() => keyring.store('probe', 'while locked')).toThrow(/locked/);
    expect(keyring.lookup('probe')).toBeUndefined();
    await keyring.unlock();
    expect(keyring.isLocked()).toBe(false);
    expect(keyring.entries()).toEqual({ probe: 'before the lock' });
  });

  test('without --backend the keys go to the keychain when it answers: the record holds no secret, credentials reads them back, no file holds them', async () => {
    const box = keychainHome();
    const added = await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(
      /^Moved the keys of profile "devcorpuser" \(AKIA…EV01\) into the vault \(OS keychain, the OS keychain answers\)/,
    );
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    expect(JSON.parse(fs.readFileSync(box.record('devcorpuser'), 'utf8'))).toEqual({
      version: 1,
      profile: 'devcorpuser',
      backend: 'keychain',
      accessKeyId: DEV_KEY_ID,
      created: expect.any(String),
    });
    expect(filesHolding(box.home, DEV_SECRET)).toEqual([]);
    const printed = await box.run(['credentials', '--profile', 'devcorpuser']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toMatchObject({ AccessKeyId: DEV_KEY_ID, SecretAccessKey: DEV_SECRET });
    box.cleanup();
  });

  test('a locked keyring: every command that needs it is one sentence naming the keychain and what to do, exits non-zero and changes nothing; unlocked, the keys come back whole', async () => {
    const box = keychainHome({ extraConfig: '[profile other]\nregion = us-east-1\n\n[profile typed]\nregion = us-east-1\n' });
    box.write(
      '.aws/credentials',
      `${box.read('.aws/credentials')}\n[other]\naws_access_key_id = ${OTHER_KEY_ID}\naws_secret_access_key = ${OTHER_SECRET}\n`,
    );
    expect((await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    const before = state(box.home, keyring);
    keyring.lock();
    try {
      const typed = { input: `${OTHER_KEY_ID}\n${OTHER_SECRET}\n`, env: { AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE } };
      for (const [args, more] of [
        [['keys', 'add', 'other', '--from-credentials-file'], {}],
        [['keys', 'add', 'other', '--from-credentials-file', '--backend', 'keychain'], {}],
        // auto with a passphrase at hand: a locked keychain is not a missing one, the keys must not slip into a file.
        [['keys', 'add', 'typed', '--stdin'], typed],
        [['keys', 'add', 'typed', '--stdin', '--backend', 'keychain'], typed],
        [['credentials', '--profile', 'devcorpuser'], {}],
        [['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'], {}],
        [['keys', 'export-to-credentials-file', 'devcorpuser'], {}],
        [['keys', 'remove', 'devcorpuser'], {}],
        [['keys', 'rotate', 'devcorpuser'], {}],
      ] as Array<[string[], { input?: string; env?: NodeJS.ProcessEnv }]>) {
        const result = await box.run(args, more);
        expect({ args, code: result.code, error: result.stderr.split('\n')[0] }).toEqual({ args, code: 1, error: LOCKED });
        expect(oneSentenceProblems(result.stderr)).toEqual([]);
      }
      // Listing reads only the records; the doctor warns and tells how to unlock.
      const listed = await box.run(['keys', 'list', '--json']);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ profile: 'devcorpuser', backend: 'keychain' })]);
      const doctor = JSON.parse((await box.run(['doctor', '--profile', 'devcorpuser', '--json'])).stdout) as {
        checks: Array<{ id: string; status: string; message: string; fix?: string }>;
      };
      expect(doctor.checks.find((c) => c.id === 'vault')).toEqual({
        id: 'vault',
        status: 'warn',
        message: LOCKED.replace(/^Error: /, ''),
        fix: expect.stringContaining('gnome-keyring-daemon --replace --unlock'),
      });
    } finally {
      await keyring.unlock();
    }
    expect(state(box.home, keyring)).toEqual(before);
    const printed = await box.run(['credentials', '--profile', 'devcorpuser']);
    expect(JSON.parse(printed.stdout)).toMatchObject({ AccessKeyId: DEV_KEY_ID, SecretAccessKey: DEV_SECRET });
    box.cleanup();
  });

  test('an entry deleted behind our back (secret-tool clear): credentials and export say so in one sentence naming the record; nothing else changes; add --replace restores it', async () => {
    const box = keychainHome();
    expect((await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    keyring.clear('devcorpuser');
    const before = state(box.home, keyring);
    const missing = new RegExp(
      `^Error: The OS keychain has no entry for profile "devcorpuser" although ${box.record('devcorpuser').replace(/[.]/g, '\\.')} says it holds its keys\\.$`,
    );
    expectOneSentence(await box.run(['credentials', '--profile', 'devcorpuser']), missing);
    expectOneSentence(await box.run(['keys', 'export-to-credentials-file', 'devcorpuser']), missing);
    expect(state(box.home, keyring)).toEqual(before);
    const restored = await box.run(['keys', 'add', 'devcorpuser', '--stdin', '--replace'], { input: `${DEV_KEY_ID}\n${DEV_SECRET}\n` });
    expect({ code: restored.code, stderr: restored.stderr }).toEqual({ code: 0, stderr: '' });
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    box.cleanup();
  });

  test('an entry changed behind our back (secret-tool store: another key, or not ours at all): credentials, export and remove refuse in one sentence and keep it; remove --force drops only the record', async () => {
    const box = keychainHome();
    expect((await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    const record = box.record('devcorpuser');
    for (const [changed, holds] of [
      [JSON.stringify({ accessKeyId: OTHER_KEY_ID, secretAccessKey: OTHER_SECRET }), 'another key (AKIA…R001)'],
      ['a password someone else keeps here', 'something this tool did not store'],
    ]) {
      keyring.store('devcorpuser', changed);
      const before = state(box.home, keyring);
      expectOneSentence(
        await box.run(['credentials', '--profile', 'devcorpuser']),
        `Error: The OS keychain entry of profile "devcorpuser" holds ${holds}, not the key ${record} names; it was left as it is.`,
      );
      expectOneSentence(
        await box.run(['keys', 'export-to-credentials-file', 'devcorpuser']),
        `Error: The OS keychain entry of profile "devcorpuser" holds ${holds}, not the key ${record} names; it was left as it is.`,
      );
      expectOneSentence(
        await box.run(['keys', 'remove', 'devcorpuser']),
        `Error: The OS keychain entry of profile "devcorpuser" holds ${holds}, not the key ${record} names; nothing was removed.`,
      );
      expect(state(box.home, keyring)).toEqual(before);
    }
    const forced = await box.run(['keys', 'remove', 'devcorpuser', '--force']);
    expect(forced.code).toBe(0);
    expect(fs.existsSync(record)).toBe(false);
    expect(keyring.entries()).toEqual({ devcorpuser: 'a password someone else keeps here' });
    box.cleanup();
  });

  test('an entry that no record names (the record deleted by hand): keys add does not overwrite another key; the same keys, or --replace, do', async () => {
    const box = keychainHome();
    box.write('.aws/credentials', '');
    keyring.store('devcorpuser', JSON.stringify({ accessKeyId: OTHER_KEY_ID, secretAccessKey: OTHER_SECRET }));
    const before = state(box.home, keyring);
    const input = `${DEV_KEY_ID}\n${DEV_SECRET}\n`;
    expectOneSentence(
      await box.run(['keys', 'add', 'devcorpuser', '--stdin'], { input }),
      'Error: The OS keychain already holds an entry for profile "devcorpuser" (key AKIA…R001) that no vault record names; nothing was changed.',
    );
    expect(state(box.home, keyring)).toEqual(before);
    const replaced = await box.run(['keys', 'add', 'devcorpuser', '--stdin', '--replace'], { input });
    expect({ code: replaced.code, stderr: replaced.stderr }).toEqual({ code: 0, stderr: '' });
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    // The same keys again (the record lost, the entry kept): nothing to lose, so no --replace needed.
    fs.rmSync(box.record('devcorpuser'));
    const again = await box.run(['keys', 'add', 'devcorpuser', '--stdin'], { input });
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    box.cleanup();
  });
});

describe('issue 25 items 2-4, the keychain half', () => {
  test('item 2: export-to-credentials-file through a link to a device node is refused in one sentence; the record, the keychain entry and the device stay', async () => {
    const box = keychainHome();
    expect((await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    // A character device like /dev/null, made in the test's own folder (root may mknod; never the system's node).
    const device = box.path('null-device');
    const made = spawnSync('mknod', [device, 'c', '1', '3'], { encoding: 'utf8' });
    expect({ status: made.status, stderr: made.stderr }).toEqual({ status: 0, stderr: '' });
    fs.rmSync(box.path('.aws/credentials'));
    fs.symlinkSync(device, box.path('.aws/credentials'));
    const before = state(box.home, keyring);
    const result = await box.run(['keys', 'export-to-credentials-file', 'devcorpuser']);
    expectOneSentence(
      result,
      `Error: Refusing to write the credentials file ${box.path('.aws/credentials')} (a link to ${device}): it is a device, not a regular file; nothing was changed.`,
    );
    expect(result.stdout).toBe('');
    expect(state(box.home, keyring)).toEqual(before);
    expect(fs.lstatSync(device).isCharacterDevice()).toBe(true);
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    box.cleanup();
  });

  test("item 3: add --from-credentials-file over a keychain record with the same key id and another secret is refused and the file keeps its lines; --replace stores the file's secret", async () => {
    const box = keychainHome();
    const credentials = box.read('.aws/credentials');
    // An earlier `keys add --stdin` with a typo in the secret, while the right keys stayed in the file.
    box.write('.aws/credentials', '');
    const typo = await box.run(['keys', 'add', 'devcorpuser', '--stdin'], { input: `${DEV_KEY_ID}\n${TYPO_SECRET}\n` });
    expect(typo.code).toBe(0);
    box.write('.aws/credentials', credentials);
    const before = state(box.home, keyring);
    expectOneSentence(
      await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file']),
      /^Error: The vault already holds the same key id AKIA…EV01 with a different secret for profile "devcorpuser" than the files; nothing was changed/,
    );
    expect(state(box.home, keyring)).toEqual(before);
    expect(box.read('.aws/credentials')).toContain(`aws_secret_access_key = ${DEV_SECRET}`);
    const replaced = await box.run(['keys', 'add', 'devcorpuser', '--from-credentials-file', '--replace']);
    expect({ code: replaced.code, stderr: replaced.stderr }).toEqual({ code: 0, stderr: '' });
    expect(keyring.entries()).toEqual({ devcorpuser: devKeys });
    expect(box.read('.aws/credentials')).not.toContain('aws_secret_access_key');
    box.cleanup();
  });

  test('item 4: keys in ~/.aws/config and a backup of it written by setup-role --write-config; after keys add (keychain) no file holds the secret and doctor agrees', async () => {
    const box = keychainHome();
    box.write('.aws/credentials', '');
    box.write(
      '.aws/config',
      `${box.read('.aws/config')}\n[profile devcorpuser-config]\naws_access_key_id = ${DEV_KEY_ID}\naws_secret_access_key = ${DEV_SECRET}\n`,
    );
    const setup = await box.run([
      'setup-role',
      '--dev-account',
      '210987654321',
      '--biz-account',
      '123456789012',
      '--role-name',
      'amplify-deployer',
      '--no-mfa',
      '--biz-profile',
      'second-role',
      '--write-config',
    ]);
    expect({ code: setup.code, stderr: setup.stderr }).toEqual({ code: 0, stderr: '' });
    expect(fs.readdirSync(box.path('.aws')).filter((n) => n.startsWith('config.bak-'))).toHaveLength(1);
    const added = await box.run(['keys', 'add', 'devcorpuser-config', '--from-credentials-file']);
    expect({ code: added.code, stderr: added.stderr }).toEqual({ code: 0, stderr: '' });
    expect(keyring.entries()).toEqual({ 'devcorpuser-config': devKeys });
    expect(filesHolding(box.home, DEV_SECRET)).toEqual([]);
    const doctor = JSON.parse((await box.run(['doctor', '--profile', 'devcorpuser-config', '--json'])).stdout) as {
      checks: Array<{ id: string; status: string }>;
    };
    expect(doctor.checks.find((c) => c.id === 'plaintext-keys')?.status).toBe('pass');
    box.cleanup();
  });
});
