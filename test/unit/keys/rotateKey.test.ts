import type { SecretPayload } from '../../../src/vault/fileCipher';
import { rotateVaultKey, type RotationApi } from '../../../src/keys/rotateKey';
import { SourceKeyVault } from '../../../src/vault/vaultStore';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';
import { rejectionOf as thrown } from '../../helpers/toolError';

// Rotation's failure paths against a fake IAM: whichever step fails, a working key is stored and the sentence says which.
const USER = 'arn:aws:iam::123456789012:user/dev';
const OLD = { accessKeyId: 'AKIAROTATEOLD0000001', secretAccessKey: 'rotate-old-secret-0001' };
const NEW = { accessKeyId: 'AKIAROTATENEW0000002', secretAccessKey: 'rotate-new-secret-0002' };

function fakeIam(fail: Partial<Record<'create' | 'prove' | 'deleteOld' | 'deleteNew', boolean>> = {}) {
  const live = new Set([OLD.accessKeyId]);
  const calls: string[] = [];
  const api: RotationApi = {
    async callerIdentity(keys: SecretPayload) {
      calls.push(`GetCallerIdentity ${keys.accessKeyId}`);
      if (keys.accessKeyId === NEW.accessKeyId && fail.prove) throw new Error('InvalidClientTokenId');
      if (!live.has(keys.accessKeyId)) throw new Error('InvalidClientTokenId');
      return { arn: USER, account: '123456789012' };
    },
    async createAccessKey(signer) {
      calls.push(`CreateAccessKey by ${signer.accessKeyId}`);
      if (fail.create) throw new Error('LimitExceeded: two keys already.');
      live.add(NEW.accessKeyId);
      return NEW;
    },
    async deleteAccessKey(signer, id) {
      calls.push(`DeleteAccessKey ${id} by ${signer.accessKeyId}`);
      if ((id === OLD.accessKeyId && fail.deleteOld) || (id === NEW.accessKeyId && fail.deleteNew)) throw new Error('AccessDenied.');
      live.delete(id);
    },
  };
  return { api, live, calls };
}

describe('keys rotate', () => {
  let sandbox: Sandbox;
  let vault: SourceKeyVault;
  beforeEach(async () => {
    sandbox = makeSandbox();
    vault = new SourceKeyVault({ home: sandbox.home, env: {}, passphrase: async () => 'rotate pass', scryptCost: { N: 1024 } });
    await vault.add('dev', OLD, { backend: 'file' });
  });
  afterEach(() => sandbox.cleanup());
  const stored = async () => (await vault.open('dev')).accessKeyId;
  const options = { proofAttempts: 2, proofDelayMs: 1 };

  test('create (signed by the old key), prove, store, then delete the old key signed by the new one', async () => {
    const iam = fakeIam();
    const outcome = await rotateVaultKey(vault, 'dev', iam.api, options);
    expect(outcome).toMatchObject({
      profile: 'dev',
      user: USER,
      oldAccessKeyId: OLD.accessKeyId,
      record: { accessKeyId: NEW.accessKeyId, rotated: expect.any(String) },
    });
    expect(iam.calls).toEqual([
      `GetCallerIdentity ${OLD.accessKeyId}`,
      `CreateAccessKey by ${OLD.accessKeyId}`,
      `GetCallerIdentity ${NEW.accessKeyId}`,
      `DeleteAccessKey ${OLD.accessKeyId} by ${NEW.accessKeyId}`,
    ]);
    expect([...iam.live]).toEqual([NEW.accessKeyId]);
    expect(await stored()).toBe(NEW.accessKeyId);
  });

  test('CreateAccessKey refused: the old key stays stored and live, and the sentence says so', async () => {
    const error = await thrown(rotateVaultKey(vault, 'dev', fakeIam({ create: true }).api, options));
    expect(error.message).toBe(
      `IAM did not create a new access key for ${USER}: LimitExceeded: two keys already. The stored key AKIA…0001 is unchanged and live.`,
    );
    expect(await stored()).toBe(OLD.accessKeyId);
  });

  test('the new key cannot be proven: it is deleted again, the old one stays stored and live', async () => {
    const iam = fakeIam({ prove: true });
    const error = await thrown(rotateVaultKey(vault, 'dev', iam.api, options));
    expect(error.message).toBe(
      'Rotating the key of profile "dev" failed: the new key AKIA…0002 could not be proven with GetCallerIdentity (InvalidClientTokenId); the new key AKIA…0002 was deleted again. The stored key AKIA…0001 is unchanged and live.',
    );
    expect([...iam.live]).toEqual([OLD.accessKeyId]);
    expect(await stored()).toBe(OLD.accessKeyId);
  });

  test('the old key cannot be deleted: the new key is stored and live, and the sentence names the old one to delete', async () => {
    const iam = fakeIam({ deleteOld: true });
    const error = await thrown(rotateVaultKey(vault, 'dev', iam.api, options));
    expect(error.code).toBe('RotationOldKeyKept');
    expect(error.message).toBe(
      'The new key AKIA…0002 of profile "dev" is stored and live, but the old key AKIA…0001 could not be deleted: AccessDenied.',
    );
    expect(error.resolution).toContain(`aws iam delete-access-key --access-key-id ${OLD.accessKeyId}`);
    expect(await stored()).toBe(NEW.accessKeyId);
  });

  test("keys that are not an IAM user's are refused before anything is created", async () => {
    const iam = fakeIam();
    iam.api.callerIdentity = async () => ({ arn: 'arn:aws:iam::123456789012:root', account: '123456789012' });
    const error = await thrown(rotateVaultKey(vault, 'dev', iam.api, options));
    expect(error.code).toBe('RotationNotForThisKey');
    expect(iam.calls).toEqual([]);
  });
});
