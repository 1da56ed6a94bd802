import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';
import { setupRoleArgs } from '../../helpers/walkthrough';

// setup-role --require-source-identity: Biz Corp's trust policy demands a source identity (so CloudTrail names the
// developer behind every session, chained ones included), Dev Corp's policy allows setting one, and the role profile
// sets source_identity to the developer's name.
describe('setup-role --require-source-identity', () => {
  const args = [...setupRoleArgs(), '--json'];

  test("the trust policy requires a source identity, Dev Corp may set one, and the role profile sets the user's name", async () => {
    const s = makeSandbox();
    const result = await runCli([...args, '--dev-user', 'dev-user', '--require-source-identity'], { env: s.env });
    const plain = await runCli([...args, '--dev-user', 'dev-user'], { env: s.env });
    s.cleanup();
    expect(result.code).toBe(0);
    const outcome = JSON.parse(result.stdout);
    expect(outcome.trustPolicy.Statement[0]).toMatchObject({
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' }, StringLike: { 'sts:SourceIdentity': '*' } },
    });
    expect(outcome.plan.roleProfile.keys.source_identity).toBe('dev-user');
    expect(outcome.devPolicy.Statement[0]).toMatchObject({
      Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
      Resource: 'arn:aws:iam::123456789012:role/amplify-deployer',
    });
    // Without the flag nothing changes.
    const before = JSON.parse(plain.stdout);
    expect(before.trustPolicy.Statement[0].Action).toBe('sts:AssumeRole');
    expect(JSON.stringify(before)).not.toContain('SourceIdentity');
    expect(JSON.stringify(before)).not.toContain('source_identity');
  });

  test('the name comes from --dev-user, else the MFA device; with neither, one sentence and exit 2', async () => {
    const s = makeSandbox();
    const fromDevice = await runCli([...args, '--mfa-serial', 'arn:aws:iam::210987654321:mfa/jane', '--require-source-identity'], {
      env: s.env,
    });
    const neither = await runCli([...args, '--no-mfa', '--require-source-identity'], { env: s.env });
    s.cleanup();
    expect(JSON.parse(fromDevice.stdout).plan.roleProfile.keys.source_identity).toBe('jane');
    expect(neither.code).toBe(2);
    expect(JSON.parse(neither.stdout).error.message).toBe(
      "--dev-user is required with --require-source-identity: the role profile sets source_identity to the Dev Corp user's name.",
    );
  });
});
