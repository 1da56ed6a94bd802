import { runCli } from '../helpers/cli';
import { makeSandbox } from '../helpers/sandbox';
import { createDevUser, useSts } from '../helpers/sts';
import { BIZ_ACCOUNT } from '../helpers/walkthrough';

// credential_process as a base: run, validated, and used to sign the AssumeRole.
describe('credential_process bases', () => {
  const sts = useSts({ walkthrough: false });

  const printer = (json: object) =>
    `${process.execPath} -e "process.stdout.write(JSON.stringify(${JSON.stringify(json).replace(/"/g, '\\"')}))"`;

  test('a role whose source is a credential_process is signed with the keys the process printed', async () => {
    // The process prints the access key of a user IAM knows; the role trusts that user.
    const sdk = await import('@aws-sdk/client-iam');
    const user = await createDevUser(sts, 'process-user', { account: BIZ_ACCOUNT });
    await sts.iam(BIZ_ACCOUNT).send(
      new sdk.CreateRoleCommand({
        RoleName: 'r',
        AssumeRolePolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: { AWS: user.arn }, Action: 'sts:AssumeRole' }],
        }),
      }),
    );
    const expiration = new Date(Date.now() + 3600e3).toISOString();
    const sandbox = makeSandbox({
      '.aws/config': `[profile role]\nrole_arn = arn:aws:iam::${BIZ_ACCOUNT}:role/r\nsource_profile = proc\n[profile proc]\ncredential_process = ${printer({ Version: 1, AccessKeyId: user.accessKeyId, SecretAccessKey: user.secretAccessKey, Expiration: expiration })}\n`,
    });
    sandbox.env.AWS_ENDPOINT_URL_STS = sts.url;
    const result = await runCli(['credentials', '--profile', 'role', '--format', 'json'], { env: sandbox.env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const calls = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(calls.at(-1)).toMatchObject({ accessKeyId: user.accessKeyId, status: 200 });
    sandbox.cleanup();
  });

  test.each([
    ['exits non-zero', `${process.execPath} -e "process.exit(3)"`, /credential_process of profile "proc" exited with code 3/],
    ['prints no JSON', `${process.execPath} -e "console.log('hello')"`, /printed output that is not JSON/],
    ['has the wrong Version', printer({ Version: 2, AccessKeyId: 'A', SecretAccessKey: 'S' }), /unsupported Version \(2; expected 1\)/],
    ['lacks the secret', printer({ Version: 1, AccessKeyId: 'A' }), /printed no SecretAccessKey/],
    [
      'returns expired credentials',
      printer({ Version: 1, AccessKeyId: 'A', SecretAccessKey: 'S', Expiration: '2001-01-01T00:00:00Z' }),
      /already expired/,
    ],
  ])('a process that %s is one clear sentence', async (_label, command, message) => {
    const sandbox = makeSandbox({ '.aws/config': `[profile proc]\ncredential_process = ${command}\n` });
    const result = await runCli(['credentials', '--profile', 'proc'], { env: sandbox.env });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stdout).toBe('');
    sandbox.cleanup();
  });
});
