import { bizTrustPolicy, devAssumeRolePolicy } from '../../../src/iam/crossAccountPolicies';
import { BIZ_ACCOUNT, DEV_ACCOUNT, EXTERNAL_ID, ROLE_ARN } from '../walkthrough';
import { stepAt } from './oneTimeCodes';
import type { StrictSts } from './standIn';
import { VirtualMfaDevice } from './virtualMfaDevice';

/** A Dev Corp IAM user as the walkthrough has Dev Corp create one: an access key, a virtual MFA device, the assume policy. */
export interface DevUser {
  name: string;
  arn: string;
  accessKeyId: string;
  secretAccessKey: string;
  mfaSerial: string;
  device: VirtualMfaDevice;
}

/** The walkthrough in moto's IAM: Biz Corp's role amplify-deployer and Dev Corp's user dev-user who may assume it. */
export interface Walkthrough {
  roleArn: string;
  externalId: string;
  /** dev-user, with device arn:aws:iam::210987654321:mfa/dev-user (the walkthrough config's mfa_serial). */
  user: DevUser;
  /** Another Dev Corp user allowed to assume the role (and whatever `policyArns` allow), with a device of its own: codes that do not compete. */
  newUser(name: string, options?: { policyArns?: string[] }): Promise<DevUser>;
  /** Gives dev-user a new virtual MFA device of the same name (same serial, new seed): its codes are its own. */
  renewDevice(): Promise<DevUser>;
}

export const DEV_POLICY_NAME = 'amplify-deployer-assume';

/** A new virtual MFA device named `name`, enabled for the user the way the console does it (two consecutive codes). */
async function enabledDevice(sts: StrictSts, account: string, userName: string, name: string): Promise<VirtualMfaDevice> {
  const sdk = await import('@aws-sdk/client-iam');
  const iam = sts.iam(account);
  const created = (await iam.send(new sdk.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice!;
  const device = new VirtualMfaDevice(created.SerialNumber!, Buffer.from(created.Base32StringSeed!).toString('utf8'), sts);
  // Codes of older steps than any STS accepts now: enabling the device spends none of them.
  const step = stepAt(sts.clock.now());
  await iam.send(
    new sdk.EnableMFADeviceCommand({
      UserName: userName,
      SerialNumber: device.serial,
      AuthenticationCode1: device.codeAt(step - 3),
      AuthenticationCode2: device.codeAt(step - 2),
    }),
  );
  return device;
}

/** A Dev Corp user in moto's IAM with a key, an enabled virtual MFA device and the policies named. */
export async function createDevUser(
  sts: StrictSts,
  name: string,
  options: { account?: string; policyArns?: string[] } = {},
): Promise<DevUser> {
  const sdk = await import('@aws-sdk/client-iam');
  const account = options.account ?? DEV_ACCOUNT;
  const iam = sts.iam(account);
  const user = (await iam.send(new sdk.CreateUserCommand({ UserName: name }))).User!;
  const key = (await iam.send(new sdk.CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const device = await enabledDevice(sts, account, name, name);
  for (const policyArn of options.policyArns ?? [])
    await iam.send(new sdk.AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  return { name, arn: user.Arn!, accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey!, mfaSerial: device.serial, device };
}

/**
 * Creates the walkthrough's two halves with the documents setup-role writes (src/iam/crossAccountPolicies): the
 * role trusts Dev Corp's account root with the external id and MFA; Dev Corp's managed policy lets its user assume it.
 */
export async function provisionWalkthrough(sts: StrictSts): Promise<Walkthrough> {
  const sdk = await import('@aws-sdk/client-iam');
  const trust = bizTrustPolicy({ partition: 'aws', devAccount: DEV_ACCOUNT, principal: 'account', externalId: EXTERNAL_ID, mfa: true });
  await sts
    .iam(BIZ_ACCOUNT)
    .send(new sdk.CreateRoleCommand({ RoleName: ROLE_ARN.split('/').pop()!, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = (
    await sts
      .iam(DEV_ACCOUNT)
      .send(new sdk.CreatePolicyCommand({ PolicyName: DEV_POLICY_NAME, PolicyDocument: JSON.stringify(devAssumeRolePolicy(ROLE_ARN)) }))
  ).Policy!;
  const newUser = (name: string, options: { policyArns?: string[] } = {}) =>
    createDevUser(sts, name, { policyArns: [policy.Arn!, ...(options.policyArns ?? [])] });
  const walkthrough: Walkthrough = {
    roleArn: ROLE_ARN,
    externalId: EXTERNAL_ID,
    user: await newUser('dev-user'),
    newUser,
    async renewDevice() {
      const sdk = await import('@aws-sdk/client-iam');
      const { name, mfaSerial } = walkthrough.user;
      await sts.iam(DEV_ACCOUNT).send(new sdk.DeactivateMFADeviceCommand({ UserName: name, SerialNumber: mfaSerial }));
      await sts.iam(DEV_ACCOUNT).send(new sdk.DeleteVirtualMFADeviceCommand({ SerialNumber: mfaSerial }));
      walkthrough.user = { ...walkthrough.user, device: await enabledDevice(sts, DEV_ACCOUNT, name, name) };
      return walkthrough.user;
    },
  };
  return walkthrough;
}
