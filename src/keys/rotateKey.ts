import { ToolError } from '../errors';
import type { SecretPayload } from '../vault/fileCipher';
import type { SourceKeyVault } from '../vault/vaultStore';
import type { VaultRecord } from '../vault/vaultRecord';
import { maskKeyId } from '../credentials';

/**
 * Rotates a vault profile's IAM access key: CreateAccessKey signed by the current key, the new key proven with
 * GetCallerIdentity (it must be the same IAM user), the vault record replaced in one atomic write, and only then
 * DeleteAccessKey of the old key, signed by the new one. Whatever step fails, the vault holds a key that works,
 * and the error says which key is live.
 */
export interface RotationApi {
  callerIdentity(keys: SecretPayload): Promise<{ arn: string; account: string }>;
  createAccessKey(signer: SecretPayload): Promise<SecretPayload>;
  deleteAccessKey(signer: SecretPayload, accessKeyId: string): Promise<void>;
}

export interface RotationOutcome {
  profile: string;
  user: string;
  oldAccessKeyId: string;
  record: VaultRecord;
}

/** New keys take a few seconds to be accepted everywhere in AWS: the proof is retried before it is judged. */
async function proveNewKey(
  api: RotationApi,
  keys: SecretPayload,
  user: string,
  attempts: number,
  delayMs: number,
): Promise<string | undefined> {
  let last = 'no answer';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const identity = await api.callerIdentity(keys);
      if (identity.arn === user) return undefined;
      last = `it identifies as ${identity.arn}, not ${user}`;
    } catch (error) {
      last = (error as Error).message;
    }
    if (attempt < attempts) await new Promise((r) => setTimeout(r, delayMs * attempt));
  }
  return last;
}

export async function rotateVaultKey(
  vault: SourceKeyVault,
  profile: string,
  api: RotationApi,
  options: { proofAttempts?: number; proofDelayMs?: number } = {},
): Promise<RotationOutcome> {
  const current = await vault.open(profile);
  const old: SecretPayload = { accessKeyId: current.accessKeyId, secretAccessKey: current.secretAccessKey };
  const oldKey = maskKeyId(old.accessKeyId);
  const live = () => whatTheVaultHolds(vault, profile, old.accessKeyId);
  const identity = await api.callerIdentity(old);
  if (!/:user\//.test(identity.arn)) {
    throw new ToolError(
      'RotationNotForThisKey',
      `The keys of profile "${profile}" belong to ${identity.arn}, not an IAM user; only an IAM user's access key is rotated here. Nothing was changed.`,
    );
  }
  const fresh = await api.createAccessKey(old).catch((error: Error) => {
    throw new ToolError('RotationCreateFailed', `IAM did not create a new access key for ${identity.arn}: ${error.message} ${live()}`, {
      resolution: 'An IAM user has at most two access keys: delete an unused one in IAM first.',
    });
  });
  const newKey = maskKeyId(fresh.accessKeyId);
  const undoNewKey = async (why: string): Promise<never> => {
    // Signed by the old key, else by the new one itself (the old key may be gone: another rotation deleted it).
    const cleaned = await api
      .deleteAccessKey(old, fresh.accessKeyId)
      .catch(() => api.deleteAccessKey(fresh, fresh.accessKeyId))
      .then(
        () => `the new key ${newKey} was deleted again`,
        () => `the new key ${newKey} could not be deleted: delete it in IAM`,
      );
    throw new ToolError('RotationFailed', `Rotating the key of profile "${profile}" failed: ${why}; ${cleaned}. ${live()}`);
  };
  const unproven = await proveNewKey(api, fresh, identity.arn, options.proofAttempts ?? 6, options.proofDelayMs ?? 1500);
  if (unproven) return undoNewKey(`the new key ${newKey} could not be proven with GetCallerIdentity (${unproven})`);
  let record: VaultRecord;
  try {
    record = await vault.replace(profile, fresh, { passphrase: current.passphrase, replacing: old.accessKeyId });
  } catch (error) {
    // The keychain entry already holds the new key and could not be put back: that key stays live, never deleted.
    if ((error as ToolError).code === 'KeychainEntryAhead') {
      throw new ToolError(
        'RotationFailed',
        `Rotating the key of profile "${profile}" failed half-way: ${(error as Error).message} Both keys are live in IAM.`,
        { resolution: (error as ToolError).resolution },
      );
    }
    return undoNewKey(`the vault could not store the new key (${(error as Error).message})`);
  }
  try {
    await api.deleteAccessKey(fresh, old.accessKeyId);
  } catch (error) {
    throw new ToolError(
      'RotationOldKeyKept',
      `The new key ${newKey} of profile "${profile}" is stored and live, but the old key ${oldKey} could not be deleted: ${(error as Error).message}`,
      {
        resolution: `Delete ${old.accessKeyId} of ${identity.arn} in IAM (aws iam delete-access-key --access-key-id ${old.accessKeyId}).`,
      },
    );
  }
  return { profile, user: identity.arn, oldAccessKeyId: old.accessKeyId, record };
}

/**
 * The last sentence of a failed rotation, from the record as it is now (read again, not remembered): another
 * `keys rotate` may have replaced the key meanwhile, and then the key this one started from is no longer live.
 */
function whatTheVaultHolds(vault: SourceKeyVault, profile: string, oldAccessKeyId: string): string {
  let record: VaultRecord | undefined;
  try {
    record = vault.get(profile);
  } catch (error) {
    return `The vault record could not be read again (${(error as Error).message.replace(/\.$/, '')}).`;
  }
  if (!record) return `The vault no longer holds keys for profile "${profile}" (removed by another process meanwhile).`;
  // What `open` gives back is the entry, not the record's key id: say what the entry holds when they differ.
  const entry = record.backend === 'keychain' ? safely(() => vault.entryKeyId(profile)) : record.accessKeyId;
  if (entry !== undefined && entry !== record.accessKeyId) {
    return `The OS keychain entry holds ${maskKeyId(entry)} but the vault record names ${maskKeyId(record.accessKeyId)}; see "keys list".`;
  }
  if (record.accessKeyId === oldAccessKeyId) return `The stored key ${maskKeyId(oldAccessKeyId)} is unchanged and live.`;
  return `The vault now holds ${maskKeyId(record.accessKeyId)}, stored meanwhile by another process (another rotation); ${maskKeyId(oldAccessKeyId)} is no longer the stored key.`;
}

function safely<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The RotationApi over the AWS SDK (STS for the identity, IAM for the keys); loaded only by `keys rotate`. */
export function sdkRotationApi(options: { env: NodeJS.ProcessEnv; profile: string; region?: string }): RotationApi {
  const { iamTarget, iamErrorToToolError } = require('../iam/iamApi') as typeof import('../iam/iamApi');
  const { callerIdentity } = require('../resolve/callerIdentity') as typeof import('../resolve/callerIdentity');
  const target = iamTarget(options.env, 'aws');
  const endpoint = target.endpoint ?? 'https://iam.amazonaws.com';
  const iam = async <T>(
    signer: SecretPayload,
    action: string,
    run: (sdk: typeof import('@aws-sdk/client-iam'), client: import('@aws-sdk/client-iam').IAMClient) => Promise<T>,
  ): Promise<T> => {
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const sdk = require('@aws-sdk/client-iam') as typeof import('@aws-sdk/client-iam');
    const client = new sdk.IAMClient({
      region: target.region,
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      credentials: { ...signer },
      maxAttempts: 4,
      retryMode: 'standard',
    });
    try {
      return await run(sdk, client);
    } catch (error) {
      throw iamErrorToToolError(error, { action, profile: options.profile, endpoint });
    } finally {
      client.destroy();
    }
  };
  return {
    callerIdentity: (keys) => callerIdentity(keys, { env: options.env, profile: options.profile, region: options.region }),
    createAccessKey: (signer) =>
      iam(signer, 'create an access key', async (sdk, client) => {
        const key = (await client.send(new sdk.CreateAccessKeyCommand({}))).AccessKey;
        if (!key?.AccessKeyId || !key.SecretAccessKey) throw new ToolError('IamError', 'IAM answered CreateAccessKey without a key.');
        return { accessKeyId: key.AccessKeyId, secretAccessKey: key.SecretAccessKey };
      }),
    deleteAccessKey: (signer, accessKeyId) =>
      iam(signer, `delete access key ${maskKeyId(accessKeyId)}`, async (sdk, client) => {
        await client.send(new sdk.DeleteAccessKeyCommand({ AccessKeyId: accessKeyId }));
      }),
  };
}
