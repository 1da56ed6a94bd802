import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { startSecretService, type SecretService } from '../helpers/secretService';
import { createDevUser, useSts, type DevUser } from '../helpers/sts';

/**
 * The vault story against the strict STS stand-in in front of moto (every STS call must be signed with a key IAM
 * knows, by its secret): move the Dev Corp keys out of the credentials file into the vault, assume the role through
 * them, rotate the key in IAM, and use an MFA session with the new key and a code from the user's virtual device.
 * Told once per backend: the encrypted file, and the OS keychain as a real Linux Secret Service (gnome-keyring on a
 * private bus).
 */
const ACCOUNT = '123456789012';
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deployer`;
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/dev`;
const MFA_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/dev`;
const PASSPHRASE = 'correct horse battery staple';

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe.each([['file'], ['keychain']] as const)('source keys in the %s vault, against the strict STS stand-in', (backend) => {
  const sts = useSts({ walkthrough: false });
  let keyring: SecretService | undefined;
  let sandbox: Sandbox;
  let dev: DevUser;
  let key: { id: string; secret: string };
  const credentialsText = () =>
    `# Dev Corp\n[dev]\naws_access_key_id = ${key.id}\nregion = us-east-1\naws_secret_access_key = ${key.secret}\n\n[other]\nfoo = bar\n`;
  const cli = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    runCli(args, { env: { ...sandbox.env, ...extra }, cwd: sandbox.home, input });

  const described = backend === 'keychain' ? 'OS keychain' : 'encrypted file';
  /** What the keychain holds for a profile: the keys as JSON, or nothing (the file backend never writes there). */
  const keychainEntry = (profile: string) => keyring?.lookup(profile);

  beforeAll(async () => {
    if (backend === 'keychain') keyring = await startSecretService();
    const { CreateRoleCommand } = await import('@aws-sdk/client-iam');
    dev = await createDevUser(sts, 'dev', { account: ACCOUNT });
    key = { id: dev.accessKeyId, secret: dev.secretAccessKey };
    // The role trusts the user by name, in its own account: no policy of the user's is needed (IAM user guide).
    await sts.iam(ACCOUNT).send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [USER_ARN] },
              Action: 'sts:AssumeRole',
              Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
            },
          ],
        }),
      }),
    );

    sandbox = makeSandbox();
    sandbox.write(
      '.aws/config',
      `[profile biz]\nrole_arn = ${ROLE_ARN}\nsource_profile = dev\nmfa_serial = ${MFA_SERIAL}\nregion = us-east-1\n`,
      0o600,
    );
    sandbox.write('.aws/credentials', credentialsText(), 0o600);
    sandbox.env.AWS_ENDPOINT_URL = sts.url;
    if (keyring) Object.assign(sandbox.env, keyring.env);
    else sandbox.env.AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE = PASSPHRASE;
    sandbox.env.AMPLIFY_AWS_ROLES_VAULT_BACKEND = backend;
    sandbox.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  }, 60000);
  afterAll(async () => {
    await keyring?.stop();
    sandbox?.cleanup();
  });

  async function iamAs(keys: { id: string; secret: string }) {
    const { IAMClient } = await import('@aws-sdk/client-iam');
    return new IAMClient({
      endpoint: sts.url,
      region: 'us-east-1',
      credentials: { accessKeyId: keys.id, secretAccessKey: keys.secret },
      maxAttempts: 1,
    });
  }

  async function stsAs(keys: { id: string; secret: string }) {
    const { STSClient } = await import('@aws-sdk/client-sts');
    return new STSClient({
      endpoint: sts.url,
      region: 'us-east-1',
      credentials: { accessKeyId: keys.id, secretAccessKey: keys.secret },
      maxAttempts: 1,
    });
  }

  test('1. keys add --from-credentials-file: the two lines leave the file, every other byte stays, no file but the vault holds the secret', async () => {
    const before = credentialsText();
    const result = await cli(['keys', 'add', 'dev', '--from-credentials-file']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(
        `^Moved the keys of profile "dev" \\(AKIA…\\w{4}\\) into the vault \\(${described}, ${backend === 'keychain' ? 'the OS keychain answers' : 'asked for by AMPLIFY_AWS_ROLES_VAULT_BACKEND'}\\)`,
      ),
    );
    expect(sandbox.read('.aws/credentials')).toBe(
      before.replace(`aws_access_key_id = ${key.id}\n`, '').replace(`aws_secret_access_key = ${key.secret}\n`, ''),
    );
    expect(fs.statSync(sandbox.path('.aws/credentials')).mode & 0o777).toBe(0o600);
    const vaultDir = sandbox.path('.amplify-aws-roles/vault');
    expect(fs.statSync(vaultDir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(vaultDir).filter((n) => !n.startsWith('.vault.lock'))).toEqual(['dev.json']);
    expect(fs.statSync(path.join(vaultDir, 'dev.json')).mode & 0o777).toBe(0o600);
    for (const file of filesUnder(sandbox.home))
      expect({ file, holds: fs.readFileSync(file).includes(key.secret) }).toEqual({ file, holds: false });
    for (const output of [result.stdout, result.stderr]) expect(output).not.toContain(key.secret);
    if (backend === 'keychain') expect(JSON.parse(keychainEntry('dev')!)).toEqual({ accessKeyId: key.id, secretAccessKey: key.secret });
    else expect(keychainEntry('dev')).toBeUndefined();
  });

  test("2. chain and profiles show the vault base; the role is assumed with the vault's key (STS's recording)", async () => {
    const chain = await cli(['chain', '--profile', 'biz', '--json']);
    expect(JSON.parse(chain.stdout).chain[0]).toEqual({
      vault: { profile: 'dev', accessKeyId: `${key.id.slice(0, 4)}…${key.id.slice(-4)}` },
    });
    const profiles = JSON.parse((await cli(['profiles', '--json'])).stdout) as Array<{ name: string; kind: string }>;
    expect(profiles.find((p) => p.name === 'dev')!.kind).toBe('vault');
    expect(profiles.find((p) => p.name === 'biz')!.kind).toBe('assume-role');

    await sts.resetRecording();
    const given = await dev.device.code();
    const result = await cli(['credentials', '--profile', 'biz', '--mfa-code', given, '--format', 'json']);
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout).roleArn).toBe(ROLE_ARN);
    const assume = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(assume).toHaveLength(1);
    expect(assume[0]).toMatchObject({ accessKeyId: key.id, status: 200 });
    expect(assume[0].params).toMatchObject({ RoleArn: ROLE_ARN, SerialNumber: MFA_SERIAL, TokenCode: given });
  });

  if (backend === 'file') {
    test('3. a wrong passphrase is one sentence, and nothing changes', async () => {
      const record = fs.readFileSync(sandbox.path('.amplify-aws-roles/vault/dev.json'));
      const result = await cli(['credentials', '--profile', 'biz', '--mfa-code', '123456', '--no-cache'], {
        AMPLIFY_AWS_ROLES_VAULT_PASSPHRASE: 'not it',
      });
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(
        `Error: The passphrase does not open the vault record of profile "dev" (${sandbox.path('.amplify-aws-roles/vault/dev.json')}): it is wrong, or the record was altered; nothing was changed.`,
      );
      expect(fs.readFileSync(sandbox.path('.amplify-aws-roles/vault/dev.json'))).toEqual(record);
    });
  } else {
    test('3. a locked keychain is one sentence naming it and what to do, no request reaches STS or IAM, and nothing changes', async () => {
      const record = fs.readFileSync(sandbox.path('.amplify-aws-roles/vault/dev.json'));
      const entry = keychainEntry('dev');
      await sts.resetRecording();
      keyring!.lock();
      try {
        for (const args of [
          ['credentials', '--profile', 'biz', '--mfa-code', '123456', '--no-cache'],
          ['keys', 'rotate', 'dev'],
          ['keys', 'export-to-credentials-file', 'dev'],
          ['keys', 'remove', 'dev'],
        ]) {
          const result = await cli(args);
          expect({ args, code: result.code, error: result.stderr.split('\n')[0] }).toEqual({
            args,
            code: 1,
            error: 'Error: The OS keychain (Secret Service) is locked: unlock it, then run the command again.',
          });
        }
      } finally {
        await keyring!.unlock();
      }
      expect(await sts.requests()).toEqual([]);
      expect(fs.readFileSync(sandbox.path('.amplify-aws-roles/vault/dev.json'))).toEqual(record);
      expect(keychainEntry('dev')).toBe(entry);
      expect(sandbox.read('.aws/credentials')).not.toContain('aws_secret_access_key');
    });
  }

  test('4. keys rotate: IAM holds one key, the new one; the old one no longer signs; the role and an MFA session work with the new one', async () => {
    await sts.resetRecording();
    const rotated = await cli(['keys', 'rotate', 'dev', '--json']);
    expect(rotated.stderr).toBe('');
    expect(rotated.code).toBe(0);
    const outcome = JSON.parse(rotated.stdout);
    expect(outcome).toMatchObject({ profile: 'dev', user: USER_ARN });
    const calls = await sts.requests();
    expect(calls.map((c) => c.action)).toEqual(['GetCallerIdentity', 'CreateAccessKey', 'GetCallerIdentity', 'DeleteAccessKey']);
    expect(calls[1].accessKeyId).toBe(key.id);
    const newKeyId = calls[2].accessKeyId!;
    expect(newKeyId).not.toBe(key.id);
    expect(calls[3]).toMatchObject({ accessKeyId: newKeyId, params: { AccessKeyId: key.id } });
    for (const output of [rotated.stdout, rotated.stderr]) expect(output).not.toContain(key.secret);

    const record = JSON.parse(sandbox.read('.amplify-aws-roles/vault/dev.json'));
    expect(record.accessKeyId).toBe(newKeyId);
    expect(record.rotated).toEqual(expect.any(String));
    if (backend === 'keychain') expect(JSON.parse(keychainEntry('dev')!).accessKeyId).toBe(newKeyId);
    // The long-term keys themselves, as `credentials` hands them over (never cached).
    const printed = JSON.parse((await cli(['credentials', '--profile', 'dev'])).stdout);
    expect(printed.AccessKeyId).toBe(newKeyId);
    const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
    const asNew = await iamAs({ id: printed.AccessKeyId, secret: printed.SecretAccessKey });
    const listed = await asNew.send(new ListAccessKeysCommand({ UserName: 'dev' }));
    expect(listed.AccessKeyMetadata!.map((k) => k.AccessKeyId)).toEqual([newKeyId]);
    asNew.destroy();
    // The old key no longer signs: STS does not know it any more.
    const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
    const asOld = await stsAs(key);
    await expect(asOld.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({ name: 'InvalidClientTokenId' });
    asOld.destroy();

    await sts.resetRecording();
    const fresh = await dev.device.code();
    const session = await cli(['credentials', '--profile', 'biz', '--mfa-session', '--mfa-code', fresh, '--no-cache', '--format', 'json']);
    expect(session.stderr).toBe('');
    expect(JSON.parse(session.stdout).roleArn).toBe(ROLE_ARN);
    const sessionCalls = (await sts.requests()).filter((c) => c.action !== 'GetCallerIdentity');
    expect(sessionCalls.map((c) => [c.action, c.status])).toEqual([
      ['GetSessionToken', 200],
      ['AssumeRole', 200],
    ]);
    expect(sessionCalls[0]).toMatchObject({ accessKeyId: newKeyId, params: { SerialNumber: MFA_SERIAL, TokenCode: fresh } });
    // Signed by the MFA session the stand-in handed out, not by the long-term key.
    const mfaSession = sts
      .sessions()
      .filter((s) => s.origin === 'GetSessionToken')
      .pop()!;
    expect(sessionCalls[1].accessKeyId).toBe(mfaSession.accessKeyId);
    expect(mfaSession).toMatchObject({ principalArn: USER_ARN, mfa: true });
  });

  test('5. keys list masks the key id and shows dates; an orphaned record is marked; export-to-credentials-file undoes the move', async () => {
    const list = await cli(['keys', 'list', '--json']);
    const rows = JSON.parse(list.stdout);
    expect(rows).toEqual([
      {
        profile: 'dev',
        backend,
        accessKeyId: expect.stringMatching(/^AKIA…\w{4}$/),
        created: expect.any(String),
        rotated: expect.any(String),
        orphaned: false,
      },
    ]);
    expect(list.stdout).not.toMatch(/AKIA[A-Z0-9]{16}/);

    const exported = await cli(['keys', 'export-to-credentials-file', 'dev']);
    expect(exported.code).toBe(0);
    const text = sandbox.read('.aws/credentials');
    expect(text).toMatch(
      /^# Dev Corp\n\[dev\]\naws_access_key_id = AKIA\w+\naws_secret_access_key = \S+\nregion = us-east-1\n\n\[other\]\nfoo = bar\n$/,
    );
    expect(fs.existsSync(sandbox.path('.amplify-aws-roles/vault/dev.json'))).toBe(false);
    expect(keychainEntry('dev')).toBeUndefined();
    const chain = JSON.parse((await cli(['chain', '--profile', 'biz', '--json'])).stdout);
    expect(Object.keys(chain.chain[0])).toEqual(['static']);
  });
});
