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
  /** Deletes dev-user and creates it again: new keys and a new virtual device of the same name (its codes are its own). */
  renewUser(): Promise<DevUser>;
}

export const DEV_POLICY_NAME = 'amplify-deployer-assume';

/** A Dev Corp user in moto's IAM with a key, an enabled virtual MFA device and the policies named. */
export async function createDevUser(sts: StrictSts, name: string, options: { account?: string; policyArns?: string[] } = {}): Promise<DevUser> {
  const sdk = await import('@aws-sdk/client-iam');
  const account = options.account ?? DEV_ACCOUNT;
  const iam = sts.iam(account);
  const user = (await iam.send(new sdk.CreateUserCommand({ UserName: name }))).User!;
  const key = (await iam.send(new sdk.CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  const device = (await iam.send(new sdk.CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))).VirtualMFADevice!;
  const serial = device.SerialNumber!;
  const mfa = new VirtualMfaDevice(serial, Buffer.from(device.Base32StringSeed!).toString('utf8'), sts);
  // IAM enables a virtual device with two consecutive codes, as the console asks for them (older steps than any STS accepts now).
  const step = stepAt(sts.clock.now());
  await iam.send(new sdk.EnableMFADeviceCommand({ UserName: name, SerialNumber: serial, AuthenticationCode1: mfa.codeAt(step - 3), AuthenticationCode2: mfa.codeAt(step - 2) }));
  for (const policyArn of options.policyArns ?? []) await iam.send(new sdk.AttachUserPolicyCommand({ UserName: name, PolicyArn: policyArn }));
  return { name, arn: user.Arn!, accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey!, mfaSerial: serial, device: mfa };
}

/**
 * Creates the walkthrough's two halves with the documents setup-role writes (src/iam/crossAccountPolicies): the
 * role trusts Dev Corp's account root with the external id and MFA; Dev Corp's managed policy lets its user assume it.
 */
export async function provisionWalkthrough(sts: StrictSts): Promise<Walkthrough> {
  const sdk = await import('@aws-sdk/client-iam');
  const trust = bizTrustPolicy({ partition: 'aws', devAccount: DEV_ACCOUNT, principal: 'account', externalId: EXTERNAL_ID, mfa: true });
  await sts.iam(BIZ_ACCOUNT).send(new sdk.CreateRoleCommand({ RoleName: ROLE_ARN.split('/').pop()!, AssumeRolePolicyDocument: JSON.stringify(trust) }));
  const policy = (await sts.iam(DEV_ACCOUNT).send(new sdk.CreatePolicyCommand({ PolicyName: DEV_POLICY_NAME, PolicyDocument: JSON.stringify(devAssumeRolePolicy(ROLE_ARN)) }))).Policy!;
  const newUser = (name: string, options: { policyArns?: string[] } = {}) => createDevUser(sts, name, { policyArns: [policy.Arn!, ...(options.policyArns ?? [])] });
  const walkthrough: Walkthrough = {
    roleArn: ROLE_ARN,
    externalId: EXTERNAL_ID,
    user: await newUser('dev-user'),
    newUser,
    async renewUser() {
      await deleteDevUser(sts, walkthrough.user);
      walkthrough.user = await newUser('dev-user');
      return walkthrough.user;
    },
  };
  return walkthrough;
}

/** Removes a user the way IAM wants it removed: keys, device, policies, then the user. */
export async function deleteDevUser(sts: StrictSts, user: DevUser, account = DEV_ACCOUNT): Promise<void> {
  const sdk = await import('@aws-sdk/client-iam');
  const iam = sts.iam(account);
  const UserName = user.name;
  for (const key of (await iam.send(new sdk.ListAccessKeysCommand({ UserName }))).AccessKeyMetadata ?? []) await iam.send(new sdk.DeleteAccessKeyCommand({ UserName, AccessKeyId: key.AccessKeyId! }));
  await iam.send(new sdk.DeactivateMFADeviceCommand({ UserName, SerialNumber: user.mfaSerial }));
  await iam.send(new sdk.DeleteVirtualMFADeviceCommand({ SerialNumber: user.mfaSerial }));
  for (const attached of (await iam.send(new sdk.ListAttachedUserPoliciesCommand({ UserName }))).AttachedPolicies ?? []) await iam.send(new sdk.DetachUserPolicyCommand({ UserName, PolicyArn: attached.PolicyArn! }));
  for (const name of (await iam.send(new sdk.ListUserPoliciesCommand({ UserName }))).PolicyNames ?? []) await iam.send(new sdk.DeleteUserPolicyCommand({ UserName, PolicyName: name }));
  await iam.send(new sdk.DeleteUserCommand({ UserName }));
}
