import { runCli } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { BIZ_ACCOUNT, EXTERNAL_ID, MFA_SERIAL, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

// Resolution against the strict STS stand-in in front of moto: what reached STS is read back from its recording.
describe('resolving role profiles against STS (strict stand-in)', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });

  const assumeCalls = async () => (await sts.requests()).filter((r) => r.action === 'AssumeRole');
  const code = () => sts.walkthrough.user.device.code();

  test('sends ExternalId, SerialNumber and TokenCode, signed with the source profile keys, and prints credential_process JSON', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const given = await code();
    const result = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', given], {
      env: sandbox.env,
      cwd: sandbox.project('app'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(Object.keys(printed).sort()).toEqual(['AccessKeyId', 'AccountId', 'Expiration', 'SecretAccessKey', 'SessionToken', 'Version']);
    expect(printed.Version).toBe(1);
    const calls = await assumeCalls();
    expect(calls).toHaveLength(1);
    expect(calls[0].params).toMatchObject({ RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, SerialNumber: MFA_SERIAL, TokenCode: given });
    // Who and which project: the user its MFA device is named after, at the Amplify project "app".
    expect(calls[0].params.RoleSessionName).toBe('dev-user@app');
    expect(calls[0].accessKeyId).toBe(sts.walkthrough.user.accessKeyId);
    sandbox.cleanup();
  });

  test("each hop of a chain is signed with the previous hop's credentials", async () => {
    // outer (Biz Corp) trusts Dev Corp without conditions and may assume inner (a third account), which trusts outer.
    const sdk = await import('@aws-sdk/client-iam');
    const trust = (principal: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    const allow = (resource: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: resource }] });
    const outer = `arn:aws:iam::${BIZ_ACCOUNT}:role/outer`;
    await sts
      .iam(BIZ_ACCOUNT)
      .send(new sdk.CreateRoleCommand({ RoleName: 'outer', AssumeRolePolicyDocument: trust('arn:aws:iam::210987654321:root') }));
    await sts.iam(BIZ_ACCOUNT).send(
      new sdk.PutRolePolicyCommand({
        RoleName: 'outer',
        PolicyName: 'inner',
        PolicyDocument: allow('arn:aws:iam::333344445555:role/inner'),
      }),
    );
    await sts.iam('333344445555').send(new sdk.CreateRoleCommand({ RoleName: 'inner', AssumeRolePolicyDocument: trust(outer) }));
    await sts
      .iam('210987654321')
      .send(new sdk.PutUserPolicyCommand({ UserName: sts.walkthrough.user.name, PolicyName: 'outer', PolicyDocument: allow(outer) }));
    await sts.resetRecording();
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: [
        '[profile second-hop]',
        'role_arn = arn:aws:iam::333344445555:role/inner',
        'source_profile = plain-role',
        'role_session_name = inner-session',
        '',
        '[profile plain-role]',
        `role_arn = ${outer}`,
        'source_profile = devcorpuser',
        '',
      ].join('\n'),
    });
    const result = await runCli(['credentials', '--profile', 'second-hop', '--format', 'json'], {
      env: sandbox.env,
      cwd: sandbox.project('app'),
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const calls = await assumeCalls();
    expect(calls.map((c) => c.params.RoleArn)).toEqual([outer, 'arn:aws:iam::333344445555:role/inner']);
    expect(calls[0].accessKeyId).toBe(sts.walkthrough.user.accessKeyId);
    // The stand-in knows the session it handed out for the first hop: the second hop is signed with it.
    const firstHop = sts.sessions().filter((s) => s.principalArn.startsWith(`arn:aws:sts::${BIZ_ACCOUNT}:assumed-role/outer/`));
    expect(calls[1].accessKeyId).toBe(firstHop[firstHop.length - 1].accessKeyId);
    expect(calls[1].params.RoleSessionName).toBe('inner-session');
    expect(JSON.parse(result.stdout).roleArn).toBe('arn:aws:iam::333344445555:role/inner');
    sandbox.cleanup();
  });

  test('two resolutions in one project make one AssumeRole; two projects make two; reset-cache renews only its project', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const appA = sandbox.project('app-a');
    const appB = sandbox.project('app-b');
    const resolve = async (cwd: string, mfa = true) =>
      runCli(['credentials', '--profile', 'bizcorprole', ...(mfa ? ['--mfa-code', await code()] : [])], { env: sandbox.env, cwd });
    const first = await resolve(appA);
    const second = await resolve(appA, false); // no code needed: the cache answers
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout));
    expect(await assumeCalls()).toHaveLength(1);

    expect((await resolve(appB)).code).toBe(0);
    expect(await assumeCalls()).toHaveLength(2);

    const reset = await runCli(['reset-cache'], { env: sandbox.env, cwd: appA });
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Removed 1 cached/);
    expect((await resolve(appB, false)).code).toBe(0); // B still cached
    expect(await assumeCalls()).toHaveLength(2);
    const again = await resolve(appA);
    expect(again.code).toBe(0);
    expect(await assumeCalls()).toHaveLength(3);
    for (const output of [first, second, reset, again]) expect(output.stderr).not.toContain(sts.walkthrough.user.secretAccessKey);
    sandbox.cleanup();
  });

  test('without a code and without a terminal the error says how to pass one, and nothing reaches STS', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const result = await runCli(['credentials', '--profile', 'bizcorprole'], { env: { ...sandbox.env }, cwd: sandbox.project('app') });
    // Jest's child has no controlling terminal, so /dev/tty cannot be opened.
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/needs an MFA code .*--mfa-code/s);
    expect(await assumeCalls()).toHaveLength(0);
    sandbox.cleanup();
  });

  test('an unreachable endpoint is one sentence naming the endpoint', async () => {
    const sandbox = walkthroughSandbox({ motoUrl: 'http://127.0.0.1:9' });
    const result = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', '123456'], {
      env: sandbox.env,
      cwd: sandbox.project('app'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Error: Could not reach the STS endpoint http:\/\/127\.0\.0\.1:9 /);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    sandbox.cleanup();
  });

  test('--format env prints export lines; whoami shows the assumed identity without secrets', async () => {
    const sandbox = walkthroughSandbox({ sts });
    const cwd = sandbox.project('app');
    const env = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await code(), '--format', 'env'], {
      env: sandbox.env,
      cwd,
    });
    expect(env.stdout).toMatch(
      /^export AWS_ACCESS_KEY_ID=ASIA\w+\nexport AWS_SECRET_ACCESS_KEY=.+\nexport AWS_SESSION_TOKEN=.+\nexport AWS_CREDENTIAL_EXPIRATION=\d{4}-/,
    );
    const secret = /AWS_SECRET_ACCESS_KEY=(.+)/.exec(env.stdout)![1];
    const whoami = await runCli(['whoami', '--profile', 'bizcorprole', '--json'], { env: sandbox.env, cwd });
    expect(whoami.code).toBe(0);
    const identity = JSON.parse(whoami.stdout);
    expect(identity).toMatchObject({ profile: 'bizcorprole', account: '123456789012', source: 'cache' });
    expect(identity.arn).toMatch(/^arn:aws:sts::123456789012:assumed-role\/amplify-deployer\//);
    expect(whoami.stdout + whoami.stderr).not.toContain(secret.replace(/'/g, ''));
    sandbox.cleanup();
  });
});
