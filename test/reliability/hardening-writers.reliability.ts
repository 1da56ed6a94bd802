import * as fs from 'node:fs';
import * as path from 'node:path';
import { SourceKeyVault } from '../../src/vault/vaultStore';
import { makeSandbox } from '../helpers/sandbox';
import { DEV_KEY_ID, DEV_SECRET, walkthroughSandbox } from '../helpers/walkthrough';
import { useFakeSts } from './helpers/fakeSts';
import { oneSentenceProblems } from './helpers/oneSentence';
import { rememberSecrets, runNode, runTool } from './helpers/secretScan';
import { folderState, makeSpecial, nodeAt, type SpecialKind } from './helpers/specialFiles';

// Issue 25, items 2 and 5: files that are not files. Every writer of ours refuses a target that is not a regular file
// (or a link to one) in one sentence, before it changes anything: no lock file, backup or temp file beside it, and the
// node itself untouched. Before, `keys export-to-credentials-file` through ~/.aws/credentials -> a null device said it
// wrote the keys and removed them from the vault, and its rename replaced the device node with a regular file. Vault
// records, `.vault.lock` and a bucket's `.lock` that are named pipes hung the commands; a link to a zero device ran the
// process out of memory. Every device and pipe here is made inside the test's own folder.
const sts = useFakeSts({ okBeforeEach: true });
const PASSPHRASE = 'hardening writers passphrase 0025';
rememberSecrets(DEV_SECRET, PASSPHRASE, 'hardening-writer-secret-0001');
const WRITER = path.resolve(__dirname, '..', 'fixtures', 'hardening-writer.js');

function expectOneSentence(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  // Killed by the test's deadline (a hang) shows as a signal exit with no sentence.
  expect(result.code).toBeLessThan(128);
  expect(oneSentenceProblems(result.stderr)).toEqual([]);
  expect(result.stderr.split('\n')[0]).toMatch(pattern);
}

/** The walkthrough with devcorpuser's keys moved into the file vault. */
async function vaultSandbox() {
  const box = walkthroughSandbox({ motoUrl: sts.url });
  const project = box.project('app');
  Object.assign(box.env, { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE });
  const run = (args: string[], timeoutMs = 30_000) => runTool(args, { env: box.env, cwd: project, timeoutMs });
  const moved = await run(['keys', 'add', 'devcorpuser', '--from-credentials-file']);
  expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
  return { box, project, run, record: box.path('.amplify-aws-roles/vault/devcorpuser.json') };
}

describe('issue 25 item 2: every writer refuses a target that is not a regular file, before changing anything', () => {
  test('item 2: keys export-to-credentials-file through ~/.aws/credentials -> a null device is refused in one sentence; the device stays, the vault keeps the key', async () => {
    const { box, run, record } = await vaultSandbox();
    const device = makeSpecial('null-device', box.path('devices/null'));
    fs.rmSync(box.path('.aws/credentials'));
    fs.symlinkSync(device, box.path('.aws/credentials'));
    const before = { aws: folderState(box.path('.aws')), devices: folderState(box.path('devices')) };
    const exported = await run(['keys', 'export-to-credentials-file', 'devcorpuser']);
    expectOneSentence(
      exported,
      /^Error: Refusing to write the credentials file .*\.aws\/credentials \(a link to .*devices\/null\): it is a device, not a regular file; nothing was changed\.$/,
    );
    expect(nodeAt(device)).toBe('char 1,3');
    expect({ aws: folderState(box.path('.aws')), devices: folderState(box.path('devices')) }).toEqual(before);
    // The only copy of the key is still in the vault, and still opens.
    expect(fs.existsSync(record)).toBe(true);
    const opened = await run(['credentials', '--profile', 'devcorpuser']);
    expect(opened.code).toBe(0);
    expect(JSON.parse(opened.stdout)).toMatchObject({ AccessKeyId: DEV_KEY_ID, SecretAccessKey: DEV_SECRET });
    box.cleanup();
  }, 90_000);

  test('item 2: keys export-to-credentials-file keeps the vault record when the written keys do not read back', async () => {
    const { box, run, record } = await vaultSandbox();
    // A later, empty aws_access_key_id of the same profile wins over the lines export writes under the first header.
    box.write('.aws/credentials', '[devcorpuser]\nregion = us-east-1\n\n[devcorpuser]\naws_access_key_id =\n');
    const exported = await run(['keys', 'export-to-credentials-file', 'devcorpuser']);
    expectOneSentence(
      exported,
      /^Error: The keys of profile "devcorpuser" written to .*credentials did not read back as written; the vault record was kept\.$/,
    );
    expect(fs.existsSync(record)).toBe(true);
    const vault = new SourceKeyVault({ home: box.home, env: {}, passphrase: async () => PASSPHRASE });
    expect((await vault.open('devcorpuser')).secretAccessKey).toBe(DEV_SECRET);
    box.cleanup();
  }, 90_000);

  // Each writer against each kind of non-file, in its own process with a deadline (a writer that hangs is killed).
  const WRITERS: Array<[string, string]> = [
    ['config add', 'aws/config'],
    ['config remove', 'aws/config'],
    ['credentials insert', 'aws/credentials'],
    ['credentials remove', 'aws/credentials'],
    ['project file', 'app/amplify/.config/local-aws-info.json'],
    ['vault record', 'vault/dev.json'],
  ];
  const KINDS: Array<[string, SpecialKind, boolean]> = [
    ['a null device', 'null-device', false],
    ['a zero device', 'zero-device', false],
    ['a named pipe', 'fifo', false],
    ['a link to a null device', 'null-device', true],
  ];
  test.each(WRITERS)(
    'item 2: the %s writer refuses a device, a named pipe and a link to a device in one sentence, leaving the folder as it was',
    async (writer, relative) => {
      for (const [what, kind, viaLink] of KINDS) {
        const box = makeSandbox();
        const target = box.path(relative);
        fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
        const node = viaLink ? makeSpecial(kind, box.path('devices/node')) : makeSpecial(kind, target);
        if (viaLink) fs.symlinkSync(node, target);
        const before = { target: folderState(path.dirname(target)), node: folderState(path.dirname(node)) };
        const result = await runNode(WRITER, [writer, target, box.home], { timeoutMs: 20_000 });
        expect({ what, signal: result.signal, stderr: result.stderr }).toEqual({ what, signal: null, stderr: '' });
        const outcome = JSON.parse(result.stdout);
        // Review of 25, finding 5: a null device holds no key lines to remove, so the remover needs no write and refuses nothing.
        const refused = !(writer === 'credentials remove' && kind === 'null-device');
        expect({ what, outcome }).toEqual({
          what,
          outcome: refused
            ? {
                code: expect.any(String),
                message: expect.stringMatching(/^Refusing to (write|read) .*: it is a (device|named pipe|symbolic link)[^\n]*\.$/),
              }
            : { ok: true },
        });
        expect({ what, ...before }).toEqual({ what, target: folderState(path.dirname(target)), node: folderState(path.dirname(node)) });
        box.cleanup();
      }
    },
    120_000,
  );

  test('item 2: keys add --from-credentials-file leaves a named pipe named like a backup copy alone (backups are scrubbed only when they are regular files)', async () => {
    const box = walkthroughSandbox({ motoUrl: sts.url });
    Object.assign(box.env, { AMPLIFY_AWS_ROLES_VAULT_BACKEND: 'file', AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: PASSPHRASE });
    const pipe = makeSpecial('fifo', box.path('.aws/credentials.bak-20260101T000000Z'));
    const moved = await runTool(['keys', 'add', 'devcorpuser', '--from-credentials-file'], { env: box.env, timeoutMs: 30_000 });
    expect({ code: moved.code, stderr: moved.stderr }).toEqual({ code: 0, stderr: '' });
    expect(nodeAt(pipe)).toBe('fifo');
    box.cleanup();
  }, 60_000);
});

describe('issue 25 item 5: a vault record, .vault.lock or bucket .lock that is not a file is refused in one sentence, never read', () => {
  const COMMANDS: string[][] = [
    ['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'],
    ['profiles'],
    ['keys', 'list'],
    ['keys', 'add', 'other', '--stdin'],
  ];

  async function runAll(run: (args: string[]) => ReturnType<typeof runTool>) {
    const results = [];
    for (const args of COMMANDS) results.push({ args, ...(await run(args)) });
    return results;
  }

  test.each<[string, SpecialKind, boolean]>([
    ['a named pipe', 'fifo', false],
    ['a link to a zero device', 'zero-device', true],
    ['a null device', 'null-device', false],
  ])(
    'item 5: the vault record of devcorpuser is %s: credentials, profiles, keys list and keys add end with one sentence naming it',
    async (_what, kind, viaLink) => {
      const { box, run, record } = await vaultSandbox();
      box.write('.aws/config', `${box.read('.aws/config')}\n[profile other]\nregion = us-east-1\n`);
      fs.rmSync(record);
      const node = viaLink ? makeSpecial(kind, box.path('devices/node')) : makeSpecial(kind, record);
      if (viaLink) fs.symlinkSync(node, record);
      const before = nodeAt(record);
      for (const result of await runAll((args) => run(args, 30_000))) {
        const named = new RegExp(`vault record .*devcorpuser\\.json`);
        if (result.args[0] === 'keys' && result.args[1] === 'list') {
          // The listing shows the record as damaged and ends with exit 1, as for any unreadable record.
          expect({ args: result.args, code: result.code }).toEqual({ args: result.args, code: 1 });
          expect(result.stdout).toMatch(/devcorpuser {2}DAMAGED: Refusing to read the vault record/);
        } else if (result.args[1] === 'add') {
          // Another profile's add lists the vault to find its passphrase record: it does not read the pipe either.
          expect(result.code).toBeLessThan(128);
        } else {
          expect({ args: result.args, first: result.stderr.split('\n')[0] }).toEqual({
            args: result.args,
            first: expect.stringMatching(named),
          });
          expectOneSentence(result, named);
        }
      }
      expect(nodeAt(record)).toBe(before);
      box.cleanup();
    },
    180_000,
  );

  test('item 5: .vault.lock is a named pipe: keys add ends with one sentence naming it; reads that take no lock still work', async () => {
    const { box, run } = await vaultSandbox();
    box.write('.aws/config', `${box.read('.aws/config')}\n[profile other]\nregion = us-east-1\n`);
    const lock = makeSpecial('fifo', box.path('.amplify-aws-roles/vault/.vault.lock'));
    const added = await runTool(['keys', 'add', 'other', '--stdin'], {
      env: box.env,
      input: 'AKIAOTHERKEY00000001\nother-secret-0001\n',
      timeoutMs: 30_000,
    });
    expectOneSentence(
      added,
      /^Error: The lock file .*\.vault\.lock is not one amplify-aws-roles made \(it is a named pipe, not a regular file\); refusing to use it, nothing was changed\.$/,
    );
    expect((await run(['keys', 'list'])).code).toBe(0);
    expect((await run(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'])).code).toBe(0);
    expect(nodeAt(lock)).toBe('fifo');
    expect(fs.existsSync(box.path('.amplify-aws-roles/vault/other.json'))).toBe(false);
    box.cleanup();
  }, 90_000);

  test("item 5: a project bucket's .lock is a named pipe or a link to a zero device: credentials and reset-cache end with one sentence naming it", async () => {
    for (const [kind, viaLink] of [
      ['fifo', false],
      ['zero-device', true],
    ] as Array<[SpecialKind, boolean]>) {
      const box = walkthroughSandbox({ motoUrl: sts.url });
      const project = box.project('app');
      const run = (args: string[]) => runTool(args, { env: box.env, cwd: project, timeoutMs: 30_000 });
      // A first resolution makes the project's bucket; its lock file is then replaced.
      expect((await run(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'])).code).toBe(0);
      const dir = box.path('.amplify/awscloudformation/amplify-aws-roles');
      const bucket = fs.readdirSync(dir).find((n) => /^projects-[0-9a-f]{2}\.json$/.test(n))!;
      const lock = path.join(dir, `${bucket}.lock`);
      const node = viaLink ? makeSpecial(kind, box.path('devices/node')) : makeSpecial(kind, lock);
      if (viaLink) fs.symlinkSync(node, lock);
      const before = nodeAt(lock);
      for (const args of [['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456', '--no-cache'], ['reset-cache']]) {
        expectOneSentence(
          await run(args),
          /^Error: The lock file .*projects-[0-9a-f]{2}\.json\.lock is not one amplify-aws-roles made \(it is (a named pipe, not a regular file|a symbolic link, and its target is a device, not a regular file)\); refusing to use it, nothing was changed\.$/,
        );
      }
      expect(nodeAt(lock)).toBe(before);
      box.cleanup();
    }
  }, 120_000);
});
