import * as crypto from 'node:crypto';
import type { SecretPayload } from '../../../src/vault/fileCipher';
import type { RotationApi } from '../../../src/keys/rotateKey';
import { rememberSecrets } from './secretScan';

/**
 * IAM for one user, as far as rotation needs it: keys sign only while they exist, at most two keys. `gate` holds a
 * chosen call until the test releases it, so two rotations interleave exactly as the test says.
 */
export function iamStandIn(first: SecretPayload) {
  const USER = 'arn:aws:iam::123456789012:user/dev';
  const keys = new Map([[first.accessKeyId, first.secretAccessKey]]);
  let made = 0;
  const signs = (signer: SecretPayload) => {
    if (keys.get(signer.accessKeyId) !== signer.secretAccessKey) throw new Error('The security token included in the request is invalid.');
  };
  const api = (gate: { beforeCreate?: Promise<void> } = {}): RotationApi => ({
    async callerIdentity(signer) {
      signs(signer);
      return { arn: USER, account: '123456789012' };
    },
    async createAccessKey(signer) {
      await gate.beforeCreate;
      signs(signer);
      if (keys.size >= 2) throw new Error('Cannot exceed quota for AccessKeysPerUser: 2.');
      const fresh = {
        accessKeyId: `AKIAROTATED${String(++made).padStart(9, '0')}`,
        secretAccessKey: `rotated-secret-${made}-${crypto.randomBytes(8).toString('hex')}`,
      };
      rememberSecrets(fresh.secretAccessKey);
      keys.set(fresh.accessKeyId, fresh.secretAccessKey);
      return fresh;
    },
    async deleteAccessKey(signer, accessKeyId) {
      signs(signer);
      if (!keys.delete(accessKeyId)) throw new Error(`The Access Key with id ${accessKeyId} cannot be found.`);
    },
  });
  return { api, keys };
}
