import { runCli } from '../helpers/cli';
import { bizTrustPolicy, devAssumeRolePolicy } from '../../src/iam/crossAccountPolicies';
import { useSts } from '../helpers/sts';
import { BIZ_ACCOUNT, DEV_ACCOUNT, EXTERNAL_ID, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

// Who did it, in Biz Corp's CloudTrail: the RoleSessionName and SourceIdentity that reach STS (the strict stand-in's recording) for
// the walkthrough's profile. The default name is the IAM user (from mfa_serial) at the Amplify project, the same on
// every call; role_session_name and source_identity are sent as the profile sets them; no extra STS call anywhere.
describe('role session names and source identity', () => {
  // A new virtual device per test: its codes are its own.
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const code = () => sts.walkthrough.user.device.code();
  const assumed = async () => (await sts.requests()).filter((r) => r.action === 'AssumeRole').map((r) => r.params);

  test('the walkthrough profile: "dev-user@app", the same on every call, and a warm call asks STS nothing', async () => {
    const s = walkthroughSandbox({ sts });
    const cwd = s.project('app');
    const first = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code(), '--no-cache'], { env: s.env, cwd });
    const second = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code(), '--no-cache'], { env: s.env, cwd });
    const warm = await runCli(['credentials', '--profile', 'bizcorprole', '--format', 'json'], { env: s.env, cwd });
    const outside = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code()], { env: s.env, cwd: s.home });
    s.cleanup();
    expect([first.code, second.code, warm.code, outside.code]).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(warm.stdout).fromCache).toBe(true);
    const params = await assumed();
    expect(params.map((p) => p.RoleSessionName)).toEqual(['dev-user@app', 'dev-user@app', 'dev-user@amplify-aws-roles']);
    expect(params.map((p) => p.SourceIdentity)).toEqual([undefined, undefined, undefined]);
    expect((await sts.requests()).map((r) => r.action)).toEqual(['AssumeRole', 'AssumeRole', 'AssumeRole']);
  });

  test('through an MFA session (GetSessionToken, then AssumeRole): the same name', async () => {
    const s = walkthroughSandbox({ sts });
    const result = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code(), '--mfa-session'], {
      env: s.env,
      cwd: s.project('myapp'),
    });
    s.cleanup();
    expect(result.code).toBe(0);
    expect((await sts.requests()).map((r) => r.action)).toEqual(['GetSessionToken', 'AssumeRole']);
    expect((await assumed())[0].RoleSessionName).toBe('dev-user@myapp');
  });

  test('role_session_name and source_identity are sent as set; source_identity is part of the plan (a change is a new session)', async () => {
    // Setting a source identity needs sts:SetSourceIdentity on both sides: the role as setup-role --require-source-identity makes it.
    const sdk = await import('@aws-sdk/client-iam');
    const trust = (sourceIdentity: boolean) =>
      JSON.stringify(
        bizTrustPolicy({
          partition: 'aws',
          devAccount: DEV_ACCOUNT,
          principal: 'account',
          externalId: EXTERNAL_ID,
          mfa: true,
          sourceIdentity,
        }),
      );
    await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: 'amplify-deployer', PolicyDocument: trust(true) }));
    await sts.iam(DEV_ACCOUNT).send(
      new sdk.PutUserPolicyCommand({
        UserName: sts.walkthrough.user.name,
        PolicyName: 'set-source-identity',
        PolicyDocument: JSON.stringify(devAssumeRolePolicy(ROLE_ARN, true)),
      }),
    );
    await sts.resetRecording();
    const s = walkthroughSandbox({ sts });
    const cwd = s.project('app');
    const config = s.read('.aws/config');
    s.write(
      '.aws/config',
      config.replace('region = us-east-1\n', 'region = us-east-1\nrole_session_name = release-pipeline\nsource_identity = dev-user\n'),
    );
    const chain = await runCli(['chain', '--profile', 'bizcorprole'], { env: s.env });
    const first = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code()], { env: s.env, cwd });
    const warm = await runCli(['credentials', '--profile', 'bizcorprole', '--format', 'json'], { env: s.env, cwd });
    s.write('.aws/config', config.replace('region = us-east-1\n', 'region = us-east-1\nsource_identity = dev-user@laptop\n'));
    const edited = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code(), '--format', 'json'], {
      env: s.env,
      cwd,
    });
    s.cleanup();
    await sts.iam(BIZ_ACCOUNT).send(new sdk.UpdateAssumeRolePolicyCommand({ RoleName: 'amplify-deployer', PolicyDocument: trust(false) }));
    expect(chain.stdout).toContain(
      "(MFA arn:aws:iam::210987654321:mfa/dev-user, external id set, session release-pipeline, source identity dev-user, 3600 s, STS's default)",
    );
    expect([first.code, warm.code, edited.code]).toEqual([0, 0, 0]);
    expect([JSON.parse(warm.stdout).fromCache, JSON.parse(edited.stdout).fromCache]).toEqual([true, false]);
    const params = await assumed();
    expect(params.map((p) => [p.RoleSessionName, p.SourceIdentity])).toEqual([
      ['release-pipeline', 'dev-user'],
      ['dev-user@app', 'dev-user@laptop'],
    ]);
    expect(params[0].RoleArn).toBe(ROLE_ARN);
  });

  test('a source_identity STS would refuse: one sentence naming the profile and line, before any STS call', async () => {
    const s = walkthroughSandbox({ sts });
    s.write('.aws/config', s.read('.aws/config').replace('region = us-east-1\n', 'region = us-east-1\nsource_identity = aws:dev user\n'));
    const result = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toBe(
      `Error: Profile "bizcorprole" (${s.path('.aws/config')}, line 1) has source_identity = aws:dev user; STS takes 2 to 64 letters, digits and _+=,.@- (and nothing starting with "aws:").`,
    );
    expect(await sts.requests()).toEqual([]);
  });
});
