import { EXTERNAL_ID, ROLE_ARN } from './walkthrough';

/** The Dev Corp user of the walkthrough in moto (moto keeps one account: Biz Corp's role lives beside the user). */
export const WALKTHROUGH_USER = 'dev-user';
export const MOTO_ACCOUNT = ROLE_ARN.split(':')[4];

/**
 * The walkthrough's IAM as moto in checking mode needs it: Dev Corp's user with an access key and a policy allowing
 * sts:AssumeRole on the role, and the role trusting that user with the walkthrough's external id. Returns the key.
 */
export async function createWalkthroughIam(motoUrl: string): Promise<{ id: string; secret: string }> {
  const { IAMClient, CreateUserCommand, CreateAccessKeyCommand, CreateRoleCommand, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
  const iam = new IAMClient({ endpoint: motoUrl, region: 'us-east-1', credentials: { accessKeyId: 'AKIASETUP', secretAccessKey: 'setup' } });
  await iam.send(new CreateUserCommand({ UserName: WALKTHROUGH_USER }));
  const created = (await iam.send(new CreateAccessKeyCommand({ UserName: WALKTHROUGH_USER }))).AccessKey!;
  await iam.send(new PutUserPolicyCommand({ UserName: WALKTHROUGH_USER, PolicyName: 'assume-bizcorp-role', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }] }) }));
  // moto matches the principal against the caller's exact ARN, so the user is listed beside the account root.
  const principal = { AWS: [`arn:aws:iam::${MOTO_ACCOUNT}:root`, `arn:aws:iam::${MOTO_ACCOUNT}:user/${WALKTHROUGH_USER}`] };
  await iam.send(
    new CreateRoleCommand({
      RoleName: ROLE_ARN.split('/').pop(),
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', Condition: { StringEquals: { 'sts:ExternalId': EXTERNAL_ID } } }] }),
    }),
  );
  return { id: created.AccessKeyId!, secret: created.SecretAccessKey! };
}
