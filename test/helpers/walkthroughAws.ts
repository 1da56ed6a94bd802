import { startAmplifyService, type AmplifyServiceStandIn } from '../e2e/helpers/amplifyService';
import { startMoto, type MotoServer } from './moto';
import { EXTERNAL_ID, ROLE_ARN } from './walkthrough';

/** The Dev Corp user of the walkthrough in moto (moto keeps one account: Biz Corp's role lives beside the user). */
export const WALKTHROUGH_USER = 'dev-user';
export const MOTO_ACCOUNT = ROLE_ARN.split(':')[4];

/**
 * The walkthrough's IAM as moto in checking mode needs it: Dev Corp's user with an access key and a policy allowing
 * sts:AssumeRole on the role, and the role trusting that user with the walkthrough's external id. Returns the key.
 */
export async function createWalkthroughIam(motoUrl: string): Promise<{ id: string; secret: string }> {
  const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, CreateRoleCommand, PutUserPolicyCommand } =
    await import('@aws-sdk/client-iam');
  const iam = new IAMClient({
    endpoint: motoUrl,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASETUP', secretAccessKey: 'setup' },
  });
  await iam.send(new CreateUserCommand({ UserName: WALKTHROUGH_USER }));
  const created = (await iam.send(new CreateAccessKeyCommand({ UserName: WALKTHROUGH_USER }))).AccessKey!;
  await iam.send(
    new PutUserPolicyCommand({
      UserName: WALKTHROUGH_USER,
      PolicyName: 'assume-bizcorp-role',
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }],
      }),
    }),
  );
  // moto matches the principal against the caller's exact ARN, so the user is listed beside the account root.
  const principal = { AWS: [`arn:aws:iam::${MOTO_ACCOUNT}:root`, `arn:aws:iam::${MOTO_ACCOUNT}:user/${WALKTHROUGH_USER}`] };
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE_ARN.split('/').pop(),
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: principal,
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } },
          },
        ],
      }),
    }),
  );
  return { id: created.AccessKeyId!, secret: created.SecretAccessKey! };
}

export interface WalkthroughAws {
  moto: MotoServer;
  amplifyApi: AmplifyServiceStandIn;
  /** Dev Corp's user's access key, made by moto. */
  key: { id: string; secret: string };
  stop(): Promise<void>;
}

/**
 * What `doctor` talks to, as real as this machine has it: moto in its checking mode (signatures, IAM policies and the
 * trust policy's sts:ExternalId enforced once the set-up calls are done) with the walkthrough's IAM, and the Amplify
 * API stand-in, where Biz Corp's account is an existing Gen 1 customer (app "shop", environment "prod").
 */
export async function startWalkthroughAws(): Promise<WalkthroughAws> {
  const moto = await startMoto({ initialNoAuthActionCount: 4 });
  const amplifyApi = await startAmplifyService();
  amplifyApi.seedGen1App('shop', 'prod');
  const key = await createWalkthroughIam(moto.url);
  return {
    moto,
    amplifyApi,
    key,
    async stop() {
      await moto.stop();
      await amplifyApi.stop();
    },
  };
}
