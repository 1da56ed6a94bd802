import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadAwsConfig } from '../../src/config';
import { insertKeyLines } from '../../src/config/profileKeyLines';
import { consoleDestination, federationEndpoint } from '../../src/console';
import type { SecretPayload } from '../../src/vault/fileCipher';
import type { KeychainApi } from '../../src/vault/keychain';
import { exportKeysToFile, moveKeysIntoVault } from '../../src/keys/moveKeys';
import { rotateVaultKey, type RotationApi } from '../../src/keys/rotateKey';
import { SourceKeyVault } from '../../src/vault/vaultStore';
import { childOutput } from '../helpers/child';
import { BIN, ROOT } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { DEV_KEY_ID, DEV_SECRET, setupRoleArgs, walkthroughConfig, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { iamStandIn } from './helpers/iamStandIn';
import { oneSentenceProblems } from './helpers/oneSentence';
import { capture, rememberSecrets, runTool } from './helpers/secretScan';
import { folderState, makeSpecial, nodeAt } from './helpers/specialFiles';

// The security review of issue 25 (notes/review-25.md), finding by finding: each test reproduces what the reviewer
// did, at the exact step (an injected collaborator, a hook the code already has, an interposed fs call, a resource
// limit), never by sleeping and hoping. Devices and pipes are made inside each test's own folder.
const sts = useFakeSts({ okBeforeEach: true });
const PASSPHRASE = 'hardening review passphrase 0025';
const OTHER_KEY_ID = 'AKIAREVIEWOTHER00002';
const OTHER_SECRET = 'review-other-secret-do-not-print-0002';
const NEW_KEY_ID = 'AKIAREVIEWEDITED0009';
const NEW_SECRET = 'review-edited-meanwhile-secret-0009';
const THIRD_KEY_ID = 'AKIAREVIEWTHIRD00003';
const THIRD_SECRET = 'review-third-secret-do-not-print-0003';
rememberSecrets(DEV_SECRET, PASSPHRASE, OTHER_SECRET, NEW_SECRET, THIRD_SECRET);
const DEV_KEYS: SecretPayload = { accessKeyId: DEV_KEY_ID, secretAccessKey: DEV_SECRET };
const OTHER_KEYS: SecretPayload = { accessKeyId: OTHER_KEY_ID, secretAccessKey: OTHER_SECRET };
const NEW_KEYS: SecretPayload = { accessKeyId: NEW_KEY_ID, secretAccessKey: NEW_SECRET };
const THIRD_KEYS: SecretPayload = { accessKeyId: THIRD_KEY_ID, secretAccessKey: THIRD_SECRET };
const realFs = require('node:fs') as typeof import('node:fs');
// The originals, taken before any spy: jest.requireActual('node:fs') is this same module, so a spy calling it recurses.
const originalRename = realFs.renameSync;
const originalOpen = realFs.openSync;

/** EIO when a rename lands on `target` (as a failing disk answers); every other rename as usual. */
function failRenameOnto(target: string) {
  return jest.spyOn(realFs, 'renameSync').mockImplementation((from, to) => {
    if (String(to) === target) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    return originalRename(from, to);
  });
}

function expectOneSentence(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  // Killed by the test's deadline (a hang) shows as a signal exit with no sentence.
  expect(result.code).toBeLessThan(128);
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
}

function keyLines(keys: SecretPayload): string {
  return `aws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`;
}

/** The walkthrough (devcorpuser's keys in ~/.aws/credentials), the file vault with its passphrase in the environment. */
function box() {
  const sandbox = walkthroughSandbox({ motoUrl: sts.url });
  const project = sandbox.project('app');
  Object.assign(sandbox.env, { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE });
  const run = (args: string[], extra: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; cwd?: string } = {}) =>
    runTool(args, {
      env: { ...sandbox.env, ...extra.env },
      cwd: extra.cwd ?? project,
      input: extra.input,
      timeoutMs: extra.timeoutMs ?? 30_000,
    });
  const vault = (passphrase: () => Promise<string> = async () => PASSPHRASE, keychain?: () => KeychainApi) =>
    new SourceKeyVault({ home: sandbox.home, env: {}, passphrase, scryptCost: { N: 1024 }, ...(keychain ? { keychain } : {}) });
  const record = sandbox.path('.amplify-aws-roles/vault/devcorpuser.json');
  const files = () => loadAwsConfig({ env: sandbox.env });
  return { sandbox, project, run, vault, record, files };
}

/** box(), with devcorpuser's keys moved to the file vault already (the credentials file empty). */
async function boxWithKeysInVault() {
  const made = box();
  await made.vault().add('devcorpuser', DEV_KEYS, { backend: 'file' });
  made.sandbox.write('.aws/credentials', '');
  return made;
}

/** Every file under `dir` whose bytes hold `secret`. */
function filesHolding(dir: string, secret: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const file = path.join(dir, e.name);
    if (e.isDirectory()) return filesHolding(file, secret);
    return e.isFile() && fs.readFileSync(file).includes(secret) ? [file] : [];
  });
}

/** Writes a file as `aws configure` and editors do: a new file renamed over the old one. */
function replaceByRename(file: string, text: string): void {
  fs.writeFileSync(`${file}.edit`, text);
  fs.renameSync(`${file}.edit`, file);
}

/** An OS keychain in memory (the Secret Service's behaviour: one entry per profile, any process of the user reads it). */
function memoryKeychain(
  entries = new Map<string, string>(),
  hooks: { get?: (profile: string) => void; set?: (profile: string, secret: string, call: number) => void } = {},
) {
  let sets = 0;
  const api: KeychainApi = {
    get: (profile) => {
      const text = entries.get(profile);
      hooks.get?.(profile);
      return text;
    },
    set: (profile, secret) => {
      hooks.set?.(profile, secret, ++sets);
      entries.set(profile, secret);
    },
    delete: (profile) => void entries.delete(profile),
    probe: () => undefined,
  };
  return { entries, api: () => api };
}

/** A pid that no process has any more (a crashed writer's). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

describe('review 1: keys add --from-credentials-file removes only the lines the vault holds', () => {
  test('review 1: another key in ~/.aws/config for the same profile: refused in one sentence before anything is stored; both files unchanged', async () => {
    const { sandbox, run, record } = box();
    sandbox.write('.aws/config', walkthroughConfig().replace('[profile devcorpuser]\n', `[profile devcorpuser]\n${keyLines(OTHER_KEYS)}`));
    const before = { config: sandbox.read('.aws/config'), credentials: sandbox.read('.aws/credentials') };
    const result = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
    expectOneSentence(
      result,
      /^Error: Profile "devcorpuser" has more than one key in the shared files \(AKIA…EV01 in .*\.aws\/credentials, AKIA…0002 in .*\.aws\/config\); nothing was stored or changed\.$/,
    );
    expect(fs.existsSync(record)).toBe(false);
    expect({ config: sandbox.read('.aws/config'), credentials: sandbox.read('.aws/credentials') }).toEqual(before);
    sandbox.cleanup();
  }, 60_000);

  test('review 1: a duplicate [devcorpuser] section with another key in the credentials file: refused before anything is stored; the file unchanged', async () => {
    const { sandbox, run, record } = box();
    sandbox.write('.aws/credentials', `[devcorpuser]\n${keyLines(OTHER_KEYS)}\n[devcorpuser]\n${keyLines(DEV_KEYS)}`);
    const before = sandbox.read('.aws/credentials');
    const result = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
    expectOneSentence(
      result,
      /^Error: Profile "devcorpuser" has more than one key in the shared files \(AKIA…0002 and AKIA…EV01 in .*\.aws\/credentials\); nothing was stored or changed\.$/,
    );
    expect(fs.existsSync(record)).toBe(false);
    expect(sandbox.read('.aws/credentials')).toBe(before);
    sandbox.cleanup();
  }, 60_000);

  test('review 1: the credentials file rewritten with another key while the passphrase is asked (aws configure meanwhile): every line of it is kept, the move says so', async () => {
    const { sandbox, vault, files } = box();
    const credentials = sandbox.path('.aws/credentials');
    const loaded = files();
    // The step: the vault asks for the new record's passphrase (a person typing) after the files were read.
    const asking = vault(async () => {
      replaceByRename(credentials, `[devcorpuser]\n${keyLines(NEW_KEYS)}`);
      return PASSPHRASE;
    });
    const error = await moveKeysIntoVault(asking, loaded, 'devcorpuser', 'file').then(
      () => undefined,
      (e: Error) => e,
    );
    capture('the move', 'message', error?.message ?? '');
    expect(error?.message).toMatch(
      /^The keys of profile "devcorpuser" \(AKIA…EV01\) are in the vault now, but .*\.aws\/credentials changed meanwhile and holds another key for the profile \(AKIA…0009\); every key line was kept there\.$/,
    );
    expect(fs.readFileSync(credentials, 'utf8')).toBe(`[devcorpuser]\n${keyLines(NEW_KEYS)}`);
    expect((await vault().open('devcorpuser')).secretAccessKey).toBe(DEV_SECRET);
    sandbox.cleanup();
  }, 60_000);
});

/** A vault whose first passphrase request lets another process's rotation store NEW_KEYS first (the window it reads in). */
function rotatedWhenAsked(vault: ReturnType<typeof box>['vault']): SourceKeyVault {
  let rotated = false;
  return vault(async () => {
    if (!rotated) {
      rotated = true;
      await vault().replace('devcorpuser', NEW_KEYS, { passphrase: PASSPHRASE, replacing: DEV_KEY_ID });
    }
    return PASSPHRASE;
  });
}

describe('review 2: a record leaves the vault, or is replaced, only if it still holds the key the command read', () => {
  test('review 2: export-to-credentials-file while a rotation stores another key (file backend): the record holding the new key is kept, the export says so', async () => {
    const { sandbox, vault, files } = box();
    sandbox.write('.aws/credentials', '');
    await vault().add('devcorpuser', DEV_KEYS, { backend: 'file' });
    // The step: export has read the record and asks for the passphrase; another process's rotation stores its key now.
    const exporter = rotatedWhenAsked(vault);
    const error = await exportKeysToFile(exporter, files(), 'devcorpuser').then(
      () => undefined,
      (e: Error) => e,
    );
    capture('the export', 'message', error?.message ?? '');
    expect(error?.message).toMatch(
      /^Wrote the keys of profile "devcorpuser" \(AKIA…EV01\) to .*credentials, but the vault record changed while this command ran \(it now holds AKIA…0009\); the record was kept\.$/,
    );
    expect(await vault().open('devcorpuser')).toMatchObject(NEW_KEYS);
    sandbox.cleanup();
  }, 60_000);

  test('review 2: export-to-credentials-file while a rotation stores another key (keychain backend): the entry and record of the new key are kept', async () => {
    const { sandbox, vault, files, record } = box();
    sandbox.write('.aws/credentials', '');
    const keychain = memoryKeychain();
    await vault(undefined, keychain.api).add('devcorpuser', DEV_KEYS, { backend: 'keychain' });
    let rotated = false;
    // The step: export has read the entry; another process's rotation sets the entry and rewrites the record now.
    const racing = memoryKeychain(keychain.entries, {
      get: () => {
        if (rotated) return;
        rotated = true;
        keychain.entries.set('devcorpuser', JSON.stringify(NEW_KEYS));
        const data = JSON.parse(fs.readFileSync(record, 'utf8'));
        fs.writeFileSync(record, JSON.stringify({ ...data, accessKeyId: NEW_KEY_ID, rotated: new Date().toISOString() }, null, 2));
      },
    });
    const error = await exportKeysToFile(vault(undefined, racing.api), files(), 'devcorpuser').then(
      () => undefined,
      (e: Error) => e,
    );
    capture('the export', 'message', error?.message ?? '');
    expect(error?.message).toMatch(/the vault record changed while this command ran \(it now holds AKIA…0009\); the record was kept\.$/);
    expect(keychain.entries.get('devcorpuser')).toBe(JSON.stringify(NEW_KEYS));
    expect(await vault(undefined, keychain.api).open('devcorpuser')).toMatchObject(NEW_KEYS);
    sandbox.cleanup();
  }, 60_000);

  test("review 2: keys add --replace while a rotation stores another key: refused, the rotation's key stays", async () => {
    const { sandbox, vault } = box();
    await vault().add('devcorpuser', DEV_KEYS, { backend: 'file' });
    const adder = rotatedWhenAsked(vault);
    const error = await adder.add('devcorpuser', THIRD_KEYS, { backend: 'file', replace: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    capture('the add', 'message', error?.message ?? '');
    expect(error?.message).toMatch(
      /^The vault record of profile "devcorpuser" \(.*devcorpuser\.json\) changed while this command ran: it no longer holds AKIA…EV01 \(it now holds AKIA…0009\); it was left as it is\.$/,
    );
    expect(await vault().open('devcorpuser')).toMatchObject(NEW_KEYS);
    sandbox.cleanup();
  }, 60_000);
});

/** `keys rotate` of devcorpuser while every rename onto its record fails with EIO; the error it ends with. */
async function rotateWhileRecordWriteFails(vault: SourceKeyVault, record: string, api: RotationApi): Promise<Error | undefined> {
  const rename = failRenameOnto(record);
  try {
    return await rotateVaultKey(vault, 'devcorpuser', api, { proofAttempts: 1, proofDelayMs: 1 }).then(
      () => undefined,
      (e: Error) => e,
    );
  } finally {
    rename.mockRestore();
  }
}

describe('review 3: keychain rotation: some live key is always stored, and the message says which', () => {
  test('review 3: the record write fails (EIO at its rename) after the entry was set, and the keychain refuses to take the old key back: the new key stays live and stored, the message says so', async () => {
    const { sandbox, vault, record } = box();
    const keychain = memoryKeychain();
    await vault(undefined, keychain.api).add('devcorpuser', DEV_KEYS, { backend: 'keychain' });
    const iam = iamStandIn(DEV_KEYS);
    // The keychain takes the new key (its first set), then refuses: locked meanwhile.
    const locking = memoryKeychain(keychain.entries, {
      set: (_profile, _secret, call) => {
        if (call > 1) throw new Error('The OS keychain (Secret Service) is locked: unlock it, then run the command again.');
      },
    });
    const error = await rotateWhileRecordWriteFails(vault(undefined, locking.api), record, iam.api());
    capture('the rotation', 'message', error?.message ?? '');
    const inEntry = JSON.parse(keychain.entries.get('devcorpuser')!) as SecretPayload;
    // Whatever the entry holds is live in IAM: the key stored is never one that was deleted.
    expect(iam.keys.get(inEntry.accessKeyId)).toBe(inEntry.secretAccessKey);
    expect(inEntry.accessKeyId).toBe('AKIAROTATED000000001');
    expect(error?.message).toMatch(/the OS keychain entry holds the new key AKIA…0001 but the vault record .* still names AKIA…EV01/);
    expect(error?.message).not.toMatch(/unchanged and live/);
    expect(error?.message).not.toMatch(/was deleted again/);
    sandbox.cleanup();
  });

  test('review 3: the record write fails after the entry was set: the old entry is put back, the new key deleted, and "unchanged and live" is true', async () => {
    const { sandbox, vault, record } = box();
    const keychain = memoryKeychain();
    await vault(undefined, keychain.api).add('devcorpuser', DEV_KEYS, { backend: 'keychain' });
    const iam = iamStandIn(DEV_KEYS);
    const error = await rotateWhileRecordWriteFails(vault(undefined, keychain.api), record, iam.api());
    capture('the rotation', 'message', error?.message ?? '');
    expect(error?.message).toMatch(/the new key AKIA…0001 was deleted again\. The stored key AKIA…EV01 is unchanged and live\.$/);
    expect(keychain.entries.get('devcorpuser')).toBe(JSON.stringify(DEV_KEYS));
    expect([...iam.keys.keys()]).toEqual([DEV_KEY_ID]);
    expect(await vault(undefined, keychain.api).open('devcorpuser')).toMatchObject(DEV_KEYS);
    sandbox.cleanup();
  });
});

describe('review 4: files of an Amplify project (untrusted, from git) are read as regular files of bounded size', () => {
  // Each row: the project file, what it is made into, and a command that reads it.
  test.each([
    ['amplify/.config/project-config.json', 'a link to a named pipe', ['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456']],
    ['amplify/.config/project-config.json', 'a link to a zero device', ['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456']],
    ['amplify/.config/local-env-info.json', 'a named pipe', ['credentials', '--mfa-code', '123456']],
    ['amplify/.config/local-aws-info.json', 'a link to a zero device', ['credentials', '--mfa-code', '123456']],
    [
      'amplify/team-provider-info.json',
      'a named pipe',
      ['console', '--amplify', '--print', '--profile', 'bizcorprole', '--mfa-code', '123456'],
    ],
    ['amplify/backend/backend-config.json', 'a link to a zero device', ['policy']],
  ])(
    'review 4: %s is %s: `%s` ends at once with one sentence naming it',
    async (relative, what, args) => {
      const { sandbox, project, run } = box();
      const file = path.join(project, relative);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(path.join(project, 'amplify/.config/local-env-info.json'), JSON.stringify({ envName: 'dev' }));
      fs.writeFileSync(
        path.join(project, 'amplify/.config/local-aws-info.json'),
        JSON.stringify({ dev: { configLevel: 'project', useProfile: true, profileName: 'bizcorprole' } }),
      );
      fs.writeFileSync(
        path.join(project, 'amplify/team-provider-info.json'),
        JSON.stringify({ dev: { awscloudformation: { Region: 'us-east-1', AmplifyAppId: 'd1abc' } } }),
      );
      fs.rmSync(file, { force: true });
      if (what === 'a named pipe') makeSpecial('fifo', file);
      else {
        const special = makeSpecial(what.endsWith('pipe') ? 'fifo' : 'zero-device', sandbox.path('devices/special'));
        fs.symlinkSync(special, file);
      }
      const started = Date.now();
      const result = await run(args, { timeoutMs: 15_000 });
      expectOneSentence(
        result,
        new RegExp(
          `^Error: Refusing to read .*${path.basename(relative).replace('.', '\\.')}.*: it is a (named pipe|device), not a regular file`,
        ),
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      sandbox.cleanup();
    },
    60_000,
  );
});

describe('review 5: a refusal names the link the user has, never advises removing a device, and a file that needs no write is not refused', () => {
  test('review 5: ~/.aws/credentials -> a null device: the sentence names ~/.aws/credentials and its target, and the advice is about the link', async () => {
    const { sandbox, run, vault } = box();
    await vault().add('devcorpuser', DEV_KEYS, { backend: 'file' });
    const device = makeSpecial('null-device', sandbox.path('devices/null'));
    fs.rmSync(sandbox.path('.aws/credentials'));
    fs.symlinkSync(device, sandbox.path('.aws/credentials'));
    const result = await run(['keys', 'export-to-credentials-file', 'devcorpuser']);
    const link = sandbox.path('.aws/credentials');
    expectOneSentence(result, /^Error: Refusing to write the credentials file /);
    const [sentence, advice] = result.stderr.trim().split('\n');
    expect(sentence).toBe(
      `Error: Refusing to write the credentials file ${link} (a link to ${device}): it is a device, not a regular file; nothing was changed.`,
    );
    expect(advice).toContain(link);
    expect(advice).not.toMatch(new RegExp(`remove ${device.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(nodeAt(device)).toBe('char 1,3');
    sandbox.cleanup();
  }, 60_000);

  test('review 5: AWS_SHARED_CREDENTIALS_FILE at a null device and the keys in ~/.aws/config: keys add moves them (the device needs no write), nothing is made beside the device', async () => {
    const { sandbox, run, record } = box();
    sandbox.write('.aws/config', walkthroughConfig().replace('[profile devcorpuser]\n', `[profile devcorpuser]\n${keyLines(DEV_KEYS)}`));
    const device = makeSpecial('null-device', sandbox.path('devices/null'));
    fs.rmSync(sandbox.path('.aws/credentials'));
    const devices = folderState(sandbox.path('devices'));
    const result = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'], { env: { AWS_SHARED_CREDENTIALS_FILE: device } });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout.trim()).toMatch(/removed them from .*\.aws\/config\.$/);
    expect(fs.existsSync(record)).toBe(true);
    expect(sandbox.read('.aws/config')).not.toContain(DEV_SECRET);
    expect(folderState(sandbox.path('devices'))).toEqual(devices);
    sandbox.cleanup();
  }, 60_000);
});

describe("review 6: temp files of atomic writes left by a crash are removed under the file's lock, and doctor finds them", () => {
  test('review 6: a writer killed just before its rename leaves .credentials.<pid>.<hex>.tmp and .config.<pid>.<hex>.tmp holding the secret: doctor names both; the next write of each file removes them', async () => {
    const { sandbox, run } = await boxWithKeysInVault();
    // The crash, at the exact step: the temp file is written and synced, then the process is killed before the rename.
    const crash = (file: string, text: string) =>
      spawnSync(process.execPath, [
        '-e',
        `require(${JSON.stringify(path.join(ROOT, 'dist/src/files/atomicWrite.js'))}).replaceFileAtomically(process.argv[1], process.argv[2], { errorCode: 'X', beforeRename: () => process.kill(process.pid, 'SIGKILL') })`,
        file,
        text,
      ]);
    expect(crash(sandbox.path('.aws/credentials'), `[devcorpuser]\n${keyLines(DEV_KEYS)}`).signal).toBe('SIGKILL');
    expect(
      crash(
        sandbox.path('.aws/config'),
        `${walkthroughConfig().replace('[profile devcorpuser]\n', `[profile devcorpuser]\n${keyLines(DEV_KEYS)}`)}`,
      ).signal,
    ).toBe('SIGKILL');
    const temps = fs.readdirSync(sandbox.path('.aws')).filter((name) => name.endsWith('.tmp'));
    expect(temps).toEqual([
      expect.stringMatching(/^\.config\.\d+\.[0-9a-f]+\.tmp$/),
      expect.stringMatching(/^\.credentials\.\d+\.[0-9a-f]+\.tmp$/),
    ]);

    const doctor = await run(['doctor', '--profile', 'devcorpuser', '--json']);
    capture('doctor', 'stdout', doctor.stdout);
    const check = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === 'plaintext-keys');
    expect(check.status).toBe('warn');
    for (const temp of temps) expect(check.message).toContain(sandbox.path(`.aws/${temp}`));

    // The next writes: export writes the credentials file, the move takes the lines out of it (and locks the config).
    expect((await run(['keys', 'export-to-credentials-file', 'devcorpuser'])).code).toBe(0);
    expect(fs.readdirSync(sandbox.path('.aws')).filter((name) => name.startsWith('.credentials.'))).toEqual([]);
    expect((await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    expect(fs.readdirSync(sandbox.path('.aws')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    expect(filesHolding(sandbox.home, DEV_SECRET)).toEqual([]);
    sandbox.cleanup();
  }, 90_000);

  test("review 6: doctor names editors' copies of a shared file that hold a secret (credentials~, .credentials.swp), and not one without", async () => {
    const { sandbox, run } = await boxWithKeysInVault();
    const backup = sandbox.write('.aws/credentials~', `[devcorpuser]\n${keyLines(DEV_KEYS)}`);
    const swap = sandbox.write('.aws/.credentials.swp', `b0VIM 8.2\u0000aws_secret_access_key = ${DEV_SECRET}\n`);
    const clean = sandbox.write('.aws/config~', walkthroughConfig());
    const doctor = await run(['doctor', '--profile', 'devcorpuser', '--json']);
    capture('doctor', 'stdout', doctor.stdout);
    const check = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === 'plaintext-keys');
    expect(check.status).toBe('warn');
    expect(check.message).toContain(backup);
    expect(check.message).toContain(swap);
    expect(check.message).not.toContain(clean);
    sandbox.cleanup();
  }, 60_000);

  test('review 6: a temp file of a process still running is left alone', async () => {
    const { sandbox, run } = box();
    const live = sandbox.write(`.aws/.credentials.${process.pid}.abcdef01.tmp`, `[devcorpuser]\n${keyLines(DEV_KEYS)}`);
    const dead = sandbox.write(`.aws/.credentials.${deadPid()}.abcdef02.tmp`, `[devcorpuser]\n${keyLines(DEV_KEYS)}`);
    expect((await run(['keys', 'add', 'devcorpuser', '--from-credentials-file'])).code).toBe(0);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(dead)).toBe(false);
    sandbox.cleanup();
  }, 60_000);
});

describe("review 8: the unlocking variables leave the Amplify CLI's environment once we have read them; stty by its path, with nothing of ours", () => {
  /** A fake Amplify CLI install whose main script loads our plugin, runs a hook as execa does, then one of our commands. */
  function fakeCli(root: string): string {
    const modules = path.join(root, 'node_modules', '@aws-amplify');
    const main = path.join(modules, 'cli-internal', 'bin', 'amplify');
    fs.mkdirSync(path.dirname(main), { recursive: true });
    const provider = path.join(modules, 'amplify-provider-awscloudformation');
    fs.mkdirSync(path.join(provider, 'lib'), { recursive: true });
    fs.writeFileSync(
      path.join(provider, 'package.json'),
      JSON.stringify({ name: '@aws-amplify/amplify-provider-awscloudformation', version: '8.11.16', main: 'lib/index.js' }),
    );
    fs.writeFileSync(path.join(provider, 'lib', 'index.js'), 'module.exports = {};\n');
    fs.writeFileSync(
      main,
      [
        `const plugin = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'plugin', 'index.js'))});`,
        "const { spawnSync } = require('node:child_process');",
        // amplify-cli-core's hooksExecutor: execa(..., { env: { PATH } }) with extendEnv, i.e. all of process.env.
        "const hook = spawnSync('sh', ['-c', 'echo \"hook sees [$AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE][$AMPLIFY_AWS_ROLES_MFA_CODE]\"'], { env: { ...process.env, PATH: process.env.PATH } });",
        'process.stdout.write(hook.stdout);',
        "plugin.executeAmplifyCommand({ input: { command: 'credentials', options: { profile: 'devcorpuser', format: 'json' } } }).then(() => process.stdout.write('\\n'));",
      ].join('\n'),
    );
    return main;
  }

  test('review 8: inside the Amplify CLI a hook no longer sees AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE or AMPLIFY_AWS_ROLES_MFA_CODE, and our command still opens the vault with the passphrase', async () => {
    const { sandbox } = await boxWithKeysInVault();
    const main = fakeCli(sandbox.path('cli'));
    const child = spawn(process.execPath, [main], {
      cwd: sandbox.home,
      env: { ...sandbox.env, AMPLIFY_AWS_ROLES_MFA_CODE: '123456' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = await childOutput(child, 30_000);
    capture('the fake Amplify CLI', 'stderr', output.stderr);
    expect({ code: output.code, stderr: output.stderr }).toEqual({ code: 0, stderr: '' });
    // The hook's line, then our command's JSON (printed over several lines).
    const [hook, ...printed] = output.stdout.split('\n');
    expect(hook).toBe('hook sees [][]');
    expect(JSON.parse(printed.join('\n'))).toMatchObject({ accessKeyId: DEV_KEY_ID, secretAccessKey: DEV_SECRET });
    sandbox.cleanup();
  }, 60_000);

  test('review 8: stty runs by its absolute path, not the first stty on PATH, and with an environment holding nothing of ours', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aar-stty-'));
    const marker = path.join(dir, 'ran');
    const fake = path.join(dir, 'stty');
    fs.writeFileSync(fake, `#!/bin/sh\nenv > ${marker}\necho fake\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'not-a-terminal'), '');
    // In a child of its own: jest hands tests a copy of process.env that node's child_process never reads.
    const call = (program?: string) =>
      spawnSync(
        process.execPath,
        [
          '-e',
          `const { stty } = require(${JSON.stringify(path.join(ROOT, 'dist/src/prompts/ttyPrompt.js'))}); try { process.stdout.write(stty(0, ['-g']${program ? `, ${JSON.stringify(program)}` : ''})); } catch { process.stdout.write('threw'); }`,
        ],
        {
          stdio: [fs.openSync(path.join(dir, 'not-a-terminal'), 'r'), 'pipe', 'pipe'],
          env: {
            ...process.env,
            PATH: `${dir}:${process.env.PATH}`,
            AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE,
            AMPLIFY_AWS_ROLES_MFA_CODE: '123456',
          },
        },
      ).stdout.toString();
    // The system's stty on a file that is not a terminal fails; the fake first on PATH never runs.
    expect(call()).toBe('threw');
    expect(fs.existsSync(marker)).toBe(false);
    // What stty gets to see, through the same call (the program given, as the found one is given in use).
    expect(call(fake)).toBe('fake');
    const seen = fs.readFileSync(marker, 'utf8');
    expect(seen).not.toContain('AMPLIFY_AWS_ROLES');
    expect(seen).not.toMatch(/^HOME=/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('review 9: setup-role --out writes each file atomically, and not into a folder others can write', () => {
  const setupArgs = (out: string) => [...setupRoleArgs('r1'), '--no-mfa', '--out', out];

  test('review 9: a write that fails half-way (the file size limit) leaves every earlier setup file as it was, and no temp file', async () => {
    const { sandbox } = box();
    const out = sandbox.path('role-setup');
    fs.mkdirSync(out, { mode: 0o700 });
    const names = [
      'biz-trust-policy.json',
      'biz-permissions-policy.json',
      'dev-assume-role-policy.json',
      'config',
      'credentials',
      'setup.json',
    ];
    for (const name of names) fs.writeFileSync(path.join(out, name), `the earlier ${name}, kept by the user\n`);
    const before = Object.fromEntries(names.map((name) => [name, fs.readFileSync(path.join(out, name), 'utf8')]));
    // RLIMIT_FSIZE: a write past 64 bytes fails (EFBIG), as on a full disk.
    const child = spawn('prlimit', ['--fsize=64', '--', process.execPath, BIN, ...setupArgs(out)], {
      cwd: sandbox.home,
      env: sandbox.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const result = await childOutput(child, 30_000);
    expectOneSentence({ code: result.code ?? 128, stderr: result.stderr }, /^Error: Could not write .*role-setup/);
    expect(Object.fromEntries(names.map((name) => [name, fs.readFileSync(path.join(out, name), 'utf8')]))).toEqual(before);
    expect(fs.readdirSync(out).sort()).toEqual([...names].sort());
    sandbox.cleanup();
  }, 60_000);

  test('review 9: an --out folder of another user, or one others may write, is refused in one sentence and nothing is written', async () => {
    const { sandbox, run } = box();
    const victim = sandbox.write('victim.txt', 'not for setup-role\n');
    for (const [label, prepare] of [
      ["another user's folder", (dir: string) => fs.chownSync(dir, 4242, 4242)],
      ['a world-writable folder', (dir: string) => fs.chmodSync(dir, 0o777)],
    ] as const) {
      const out = sandbox.path(`out-${label.replace(/\W+/g, '-')}`);
      fs.mkdirSync(out, { mode: 0o755 });
      fs.symlinkSync(victim, path.join(out, 'config'));
      prepare(out);
      const result = await run(setupArgs(out), { cwd: sandbox.home });
      expectOneSentence(
        result,
        /^Error: Refusing to write the setup files to .*: (it belongs to another user \(uid 4242\)|others may write in it \(mode 777\))/,
      );
      expect(fs.readdirSync(out)).toEqual(['config']);
      expect(fs.readFileSync(victim, 'utf8')).toBe('not for setup-role\n');
    }
    sandbox.cleanup();
  }, 60_000);

  test("review 9: a missing --out folder behind another user's link in a shared folder (as in /tmp) is refused, nothing is made where the link points; a sticky folder's mode is 1777", async () => {
    const { sandbox, run } = box();
    const shared = sandbox.path('shared-tmp');
    fs.mkdirSync(shared);
    fs.chmodSync(shared, 0o1777);
    const elsewhere = sandbox.path('where-the-link-points');
    fs.mkdirSync(elsewhere);
    const planted = path.join(shared, 'role-setup');
    fs.symlinkSync(elsewhere, planted);
    fs.lchownSync(planted, 4242, 4242);
    const out = path.join(planted, 'new-folder');
    const result = await run(setupArgs(out), { cwd: sandbox.home });
    expectOneSentence(result, /^Error: Refusing to write the setup files/);
    expect(result.stderr.split('\n')[0]).toBe(
      `Error: Refusing to write the setup files to ${out}: ${planted} is a symbolic link of another user (uid 4242); nothing was written.`,
    );
    expect(fs.readdirSync(elsewhere)).toEqual([]);
    // The shared folder itself as --out: its sticky bit is shown, not hidden.
    const direct = await run(setupArgs(shared), { cwd: sandbox.home });
    expectOneSentence(direct, /^Error: Refusing to write the setup files/);
    expect(direct.stderr.split('\n')[0]).toBe(
      `Error: Refusing to write the setup files to ${shared}: others may write in it (mode 1777); nothing was written.`,
    );
    sandbox.cleanup();
  }, 60_000);
});

describe("review 10: the regular-file check runs on the final path right before the rename; keys are not written into another user's file", () => {
  test('review 10: a folder of the resolved path swapped for a link to a folder holding a device, as the temp file is created: refused, the device stays', async () => {
    const sandbox = makeSandbox();
    const real = sandbox.path('att/real');
    fs.mkdirSync(real, { recursive: true });
    fs.writeFileSync(path.join(real, 'credentials'), '[other]\nregion = us-east-1\n');
    const device = makeSpecial('null-device', sandbox.path('att/fakedev/credentials'));
    const link = sandbox.write('.aws/credentials', '');
    fs.rmSync(link);
    fs.symlinkSync(path.join(real, 'credentials'), link);
    // The step: the writer has checked its target and now creates its temp file; the attacker swaps the folder first.
    const open = jest.spyOn(realFs, 'openSync').mockImplementation(function (this: unknown, file, flags, mode) {
      if (
        /^\.credentials\.\d+\.[0-9a-f]+\.tmp$/.test(path.basename(String(file))) &&
        String(file).startsWith(real) &&
        fs.lstatSync(real).isDirectory()
      ) {
        originalRename(real, `${real}.saved`);
        fs.symlinkSync(sandbox.path('att/fakedev'), real);
      }
      return originalOpen(file, flags, mode);
    });
    let error: Error | undefined;
    try {
      insertKeyLines(link, 'devcorpuser', DEV_KEYS);
    } catch (e) {
      error = e as Error;
    } finally {
      open.mockRestore();
    }
    capture('the insert', 'message', error?.message ?? '');
    expect(error?.message).toMatch(
      /^Refusing to write the credentials file .*: it is a device, not a regular file; nothing was changed\.$|changed while it was written/,
    );
    expect(nodeAt(device)).toBe('char 1,3');
    expect(filesHolding(sandbox.path('att'), DEV_SECRET)).toEqual([]);
    sandbox.cleanup();
  });

  test('review 10: as root, export-to-credentials-file into a credentials file of another user is refused in one sentence; the file and the record stay', async () => {
    const { sandbox, run, vault, record } = box();
    await vault().add('devcorpuser', DEV_KEYS, { backend: 'file' });
    const credentials = sandbox.write('.aws/credentials', '[other]\nregion = us-east-1\n');
    fs.chownSync(credentials, 4242, 4242);
    const result = await run(['keys', 'export-to-credentials-file', 'devcorpuser']);
    expectOneSentence(
      result,
      /^Error: Refusing to write the keys of profile "devcorpuser" into .*credentials: it belongs to another user \(uid 4242\), who could read them; nothing was changed\.$/,
    );
    expect(sandbox.read('.aws/credentials')).toBe('[other]\nregion = us-east-1\n');
    expect(fs.existsSync(record)).toBe(true);
    sandbox.cleanup();
  }, 60_000);
});

describe("review 11: console partitions: an unknown partition is refused, and the region must be of the role's partition", () => {
  test.each(['aws-iso', 'aws-iso-b', 'aws-iso-f', 'aws-eusc', 'aws-mars'])(
    'review 11: a role of partition %s: no commercial sign-in endpoint or console host, one sentence',
    (partition) => {
      const roleArn = `arn:${partition}:iam::123456789012:role/deployer`;
      expect(() => federationEndpoint({}, roleArn)).toThrow(
        new RegExp(
          `^The role ${roleArn} is in the AWS partition "${partition}", whose console amplify-aws-roles does not know; refusing to sign in there\\.$`,
        ),
      );
      expect(() => consoleDestination({ roleArn, region: 'us-east-1' })).toThrow(/partition .* does not know/);
    },
  );

  test.each([
    ['arn:aws:iam::123456789012:role/deployer', 'cn-north-1'],
    ['arn:aws:iam::123456789012:role/deployer', 'us-gov-west-1'],
    ['arn:aws-cn:iam::123456789012:role/deployer', 'us-east-1'],
    ['arn:aws-us-gov:iam::123456789012:role/deployer', 'eu-west-1'],
  ])('review 11: role %s with region %s: refused in one sentence', (roleArn, region) => {
    expect(() => consoleDestination({ roleArn, region, regionFrom: 'profile "x"' })).toThrow(
      new RegExp(`^The region "${region}" \\(profile "x"\\) is not a region of the role's partition`),
    );
  });

  test('review 11: the known pairs still open their own consoles', () => {
    expect(consoleDestination({ roleArn: 'arn:aws-cn:iam::123456789012:role/d', region: 'cn-north-1' })).toBe(
      'https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1',
    );
    expect(consoleDestination({ roleArn: 'arn:aws-us-gov:iam::123456789012:role/d', region: 'us-gov-west-1' })).toBe(
      'https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1',
    );
    expect(consoleDestination({ roleArn: 'arn:aws:iam::123456789012:role/d', region: 'eu-central-2' })).toBe(
      'https://eu-central-2.console.aws.amazon.com/console/home?region=eu-central-2',
    );
  });

  test('review 11: console with a role of an unknown partition ends before STS is called', async () => {
    const { sandbox, run } = box();
    sandbox.write(
      '.aws/config',
      `${walkthroughConfig()}\n[profile isorole]\nrole_arn = arn:aws-iso:iam::123456789012:role/deployer\nsource_profile = devcorpuser\n`,
    );
    const calls = sts.requests.length;
    expectOneSentence(
      await run(['console', '--print', '--profile', 'isorole']),
      /^Error: The role arn:aws-iso:iam::123456789012:role\/deployer is in the AWS partition "aws-iso", whose console amplify-aws-roles does not know; refusing to sign in there\.$/,
    );
    expect(sts.requests.length).toBe(calls);
    sandbox.cleanup();
  }, 60_000);
});

describe('review 12: a re-run of keys add finishes the scrub of backups holding the key the vault now holds', () => {
  test('review 12: the state a kill -9 during the scrub leaves (lines gone, the vault holding the key, a backup still holding it): keys add again scrubs it; a backup with the same key id and another secret is kept', async () => {
    const { sandbox, run } = await boxWithKeysInVault();
    const backup = sandbox.write(
      '.aws/config.bak-20261207T081648Z',
      walkthroughConfig().replace('[profile devcorpuser]\n', `[profile devcorpuser]\n${keyLines(DEV_KEYS)}`),
    );
    const typo = sandbox.write(
      '.aws/config.bak-20261101T000000Z',
      `[profile devcorpuser]\n${keyLines({ accessKeyId: DEV_KEY_ID, secretAccessKey: OTHER_SECRET })}`,
    );

    const doctor = await run(['doctor', '--profile', 'devcorpuser', '--json']);
    capture('doctor', 'stdout', doctor.stdout);
    const check = JSON.parse(doctor.stdout).checks.find((c: { id: string }) => c.id === 'plaintext-keys');
    expect(check.fix).toContain('amplify-aws-roles keys add devcorpuser --from-credentials-file');

    const again = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
    expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
    expect(again.stdout).toContain(backup);
    expect(fs.readFileSync(backup, 'utf8')).toBe(`${walkthroughConfig()}`);
    expect(fs.readFileSync(typo, 'utf8')).toContain(OTHER_SECRET);
    expect(filesHolding(sandbox.home, DEV_SECRET)).toEqual([]);
    sandbox.cleanup();
  }, 60_000);
});
