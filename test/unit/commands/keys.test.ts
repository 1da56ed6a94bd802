import * as fs from 'node:fs';
import { runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { setupRoleArgs } from '../../helpers/walkthrough';

// The `keys` command's bad input and the doctor / setup-role faces of the vault, through the built command line.
const KEY_ID = 'AKIAKEYSCLITEST00001';
const SECRET = 'keys-cli-secret-never-printed-0001';

describe('keys: bad input, orphans, doctor and setup-role', () => {
  let sandbox: Sandbox;
  beforeEach(() => {
    sandbox = makeSandbox({
      '.aws/config':
        '[profile biz]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = dev\n\n[profile dev]\nregion = us-east-1\n\n[profile ops]\n',
      '.aws/credentials': `[plain]\naws_access_key_id = ${KEY_ID}\naws_secret_access_key = ${SECRET}\n\n[temp]\naws_access_key_id = ASIATEMPORARY0000001\naws_secret_access_key = t\naws_session_token = tok\n`,
    });
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE = 'unit passphrase';
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = 'file';
  });
  afterEach(() => sandbox.cleanup());
  const cli = (args: string[], input?: string, env: NodeJS.ProcessEnv = {}) =>
    runCli(args, { env: { ...sandbox.env, ...env }, cwd: sandbox.home, input });
  const firstLine = (text: string) => text.split('\n')[0];

  test('usage mistakes exit 2 with one sentence', async () => {
    for (const [args, message] of [
      [['keys'], 'Error: keys needs a subcommand: add, list, remove, rotate, export-to-credentials-file.'],
      [
        ['keys', 'frobnicate'],
        'Error: Unknown keys subcommand "frobnicate"; use one of add, list, remove, rotate, export-to-credentials-file.',
      ],
      [['keys', 'add'], 'Error: keys add needs a PROFILE.'],
      [['keys', 'list', 'extra'], 'Error: Unexpected argument "extra" for keys list.'],
      [
        ['keys', 'add', 'plain'],
        'Error: Profile "plain" has its keys in the shared files; use "keys add plain --from-credentials-file" to move them.',
      ],
      [['keys', 'add', 'dev', '--backend', 'safe'], 'Error: Unknown vault backend "safe" (--backend); use keychain, file or auto.'],
      [
        ['keys', 'add', 'temp', '--from-credentials-file'],
        'Error: Profile "temp" holds temporary keys (it has aws_session_token); only long-term access keys go to the vault.',
      ],
      [['keys', 'add', 'dev'], 'Error: There is no terminal to ask for the keys of profile "dev".'],
    ] as const) {
      const result = await cli([...args]);
      expect({ args, code: result.code, line: firstLine(result.stderr) }).toEqual({ args, code: 2, line: message });
    }
  });

  test('an unknown profile, a missing record, a missing passphrase: one sentence each, exit 1, nothing written', async () => {
    const unknown = await cli(['keys', 'add', 'nope', '--stdin'], `${KEY_ID}\n${SECRET}\n`);
    expect([unknown.code, firstLine(unknown.stderr)]).toEqual([
      1,
      `Error: There is no profile "nope" in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}.`,
    ]);
    const missing = await cli(['keys', 'remove', 'dev']);
    expect([missing.code, firstLine(missing.stderr)]).toEqual([1, 'Error: The vault has no keys for profile "dev"; nothing was removed.']);
    const noPassphrase = await cli(['keys', 'add', 'dev', '--stdin'], `${KEY_ID}\n${SECRET}\n`, { AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: '' });
    expect([noPassphrase.code, firstLine(noPassphrase.stderr)]).toEqual([
      1,
      'Error: The keys of profile "dev" are in the encrypted vault file and there is no terminal to ask for its passphrase.',
    ]);
    expect(fs.existsSync(sandbox.path('.amplify-aws-roles/vault/dev.json'))).toBe(false);
  });

  test('keys add --stdin stores; list shows the masked key and marks a record whose profile left the config as orphaned', async () => {
    const added = await cli(['keys', 'add', 'ops', '--stdin'], `${KEY_ID}\n${SECRET}\n`);
    expect(added.code).toBe(0);
    expect(added.stdout).toBe(
      `Stored the keys of profile "ops" (AKIA…0001) in the vault (encrypted file, asked for by AMPLIFY_AWS_ROLES_VAULT_BACKEND).\n`,
    );
    sandbox.write('.aws/config', '[profile dev]\nregion = us-east-1\n');
    const list = await cli(['keys', 'list']);
    expect(list.stdout).toMatch(
      /^ops {2}AKIA…0001 {2}encrypted file {2}created \S+ {2}\(orphaned: no such profile in the shared files\)\n$/,
    );
    const doctor = JSON.parse((await cli(['doctor', '--profile', 'dev', '--json'])).stdout);
    expect(doctor.checks.find((c: { id: string }) => c.id === 'vault')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('"ops" is no longer a profile in the shared files (orphaned)'),
    });
    for (const output of [added.stdout, added.stderr, list.stdout, JSON.stringify(doctor)]) expect(output).not.toContain(SECRET);
  });

  test('a damaged record is listed as damaged and makes resolution fail naming the file', async () => {
    await cli(['keys', 'add', 'dev', '--stdin'], `${KEY_ID}\n${SECRET}\n`);
    const file = sandbox.path('.amplify-aws-roles/vault/dev.json');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').slice(0, 50));
    const list = await cli(['keys', 'list']);
    expect(list.code).toBe(1);
    expect(list.stdout).toContain(`dev  DAMAGED: The vault record ${file} is damaged (not JSON, perhaps truncated)`);
    const resolve = await cli(['credentials', '--profile', 'biz', '--mfa-code', '123456']);
    expect([resolve.code, firstLine(resolve.stderr)]).toEqual([
      1,
      `Error: The vault record ${file} is damaged (not JSON, perhaps truncated); it was left as it is.`,
    ]);
  });

  test('doctor warns about long-term keys in plain text, with the fix', async () => {
    const report = JSON.parse((await cli(['doctor', '--profile', 'biz', '--json'])).stdout);
    expect(report.checks.find((c: { id: string }) => c.id === 'plaintext-keys')).toEqual({
      id: 'plaintext-keys',
      status: 'warn',
      message: `Long-term access keys of profile "plain" (AKIA…0001) are kept in plain text in ${sandbox.path('.aws/credentials')} or ${sandbox.path('.aws/config')}.`,
      fix: 'amplify-aws-roles keys add plain --from-credentials-file',
    });
  });

  test('setup-role --keys-to-vault writes the Dev Corp keys straight into the vault, never into a file', async () => {
    const result = await cli(
      [
        ...setupRoleArgs('deployer'),
        '--no-mfa',
        '--dev-profile',
        'newdev',
        '--biz-profile',
        'newbiz',
        '--write-config',
        '--keys-to-vault',
        '--keys-stdin',
      ],
      `${KEY_ID}\n${SECRET}\n`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Stored the keys of profile "newdev" (AKIA…0001) in the vault (file).');
    expect(result.stdout).not.toMatch(/has no access keys yet/);
    const chain = JSON.parse((await cli(['chain', '--profile', 'newbiz', '--json'])).stdout);
    expect(chain.chain[0]).toEqual({ vault: { profile: 'newdev', accessKeyId: 'AKIA…0001' } });
    expect(sandbox.read('.aws/config')).not.toContain(SECRET);
    expect(sandbox.read('.aws/credentials')).not.toContain('newdev');
  });
});
