import { runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { useSts } from '../helpers/sts';

// An STS that checks signatures, IAM policies and the trust policy's sts:ExternalId condition, as AWS does: the
// strict stand-in in front of moto.
describe('STS that checks signatures and the trust policy', () => {
  const sts = useSts({ walkthrough: false });
  let key: { id: string; secret: string };
  const roleArn = 'arn:aws:iam::123456789012:role/deployer';
  beforeAll(async () => {
    const { CreateUserCommand, CreateAccessKeyCommand, CreateRoleCommand, PutUserPolicyCommand } = await import('@aws-sdk/client-iam');
    const iam = sts.iam('123456789012');
    await iam.send(new CreateUserCommand({ UserName: 'dev' }));
    const created = (await iam.send(new CreateAccessKeyCommand({ UserName: 'dev' }))).AccessKey!;
    key = { id: created.AccessKeyId!, secret: created.SecretAccessKey! };
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'dev',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }],
        }),
      }),
    );
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'deployer',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: 'arn:aws:iam::123456789012:root' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'sts:ExternalId': 'the-right-id' } },
            },
          ],
        }),
      }),
    );
  });

  function sandboxWith(externalId: string, secret: string) {
    const sandbox = makeSandbox({
      '.aws/config': `[profile biz]\nrole_arn = ${roleArn}\nsource_profile = dev\nexternal_id = ${externalId}\n`,
      '.aws/credentials': `[dev]\naws_access_key_id = ${key.id}\naws_secret_access_key = ${secret}\n`,
    });
    sandbox.env.AWS_ENDPOINT_URL_STS = sts.url;
    return sandbox;
  }

  test('the right external id and keys get credentials', async () => {
    const sandbox = sandboxWith('the-right-id', key.secret);
    const result = await runCli(['credentials', '--profile', 'biz', '--format', 'json'], { env: sandbox.env });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/"accessKeyId": "ASIA/);
    sandbox.cleanup();
  });

  test('a wrong external id is refused with a sentence pointing at the trust policy and external id', async () => {
    const sandbox = sandboxWith('a-wrong-id', key.secret);
    const result = await runCli(['credentials', '--profile', 'biz'], { env: sandbox.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    const [message, hint] = result.stderr.trim().split('\n');
    expect(message).toBe(
      `Error: STS denied the credentials of profile "dev" to assume ${roleArn} for profile "biz": User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: ${roleArn}.`,
    );
    expect(hint).toMatch(/trust policy .* the external id/);
    expect(result.stderr).not.toContain(key.secret);
    sandbox.cleanup();
  });

  test('a wrong secret key is refused with a sentence about the source keys, and nothing is cached', async () => {
    const sandbox = sandboxWith('the-right-id', 'not-the-secret');
    const result = await runCli(['credentials', '--profile', 'biz'], { env: sandbox.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: STS rejected the credentials of profile "dev" \(SignatureDoesNotMatch\)/);
    expect(result.stderr).toMatch(/aws_secret_access_key/);
    expect(result.stderr).not.toContain('not-the-secret');
    const cache = await runCli(['cache', '--json'], { env: sandbox.env });
    expect(JSON.parse(cache.stdout).entries).toEqual([]);
    sandbox.cleanup();
  });
});
