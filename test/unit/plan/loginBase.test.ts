import { describeKind } from '../../../src/amplify/profileChoice';
import { classifyProfile, classifyProfiles, planCredentialChain } from '../../../src/plan';
import { describeChain } from '../../../src/output/describeChain';
import { hopSessions } from '../../../src/plan/sessionDurations';
import { sourceUserOf } from '../../../src/resolve/sessionName';
import { runCli } from '../../helpers/cli';
import { makeSandbox } from '../../helpers/sandbox';

const SESSION = 'arn:aws:iam::210987654321:user/dev-user';
const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
const keys = { aws_access_key_id: 'AKIAEXAMPLE000000001', aws_secret_access_key: 's' };

describe('login_session profiles in the plan', () => {
  const profiles = {
    devlogin: { login_session: SESSION, region: 'us-east-1' },
    bizlogin: { role_arn: ROLE, source_profile: 'devlogin' },
    keysfirst: { ...keys, login_session: SESSION },
    loginfirst: { login_session: SESSION, credential_process: 'echo {}' },
  };

  test('a login base, and a role on top of it', () => {
    expect(planCredentialChain(profiles, 'devlogin')).toEqual({
      profile: 'devlogin',
      chain: [{ login: { profile: 'devlogin', session: SESSION } }],
    });
    expect(planCredentialChain(profiles, 'bizlogin').chain).toEqual([
      { login: { profile: 'devlogin', session: SESSION } },
      { assumeRole: { profile: 'bizlogin', roleArn: ROLE } },
    ]);
    const plan = planCredentialChain(profiles, 'bizlogin');
    expect(
      describeChain(
        plan,
        hopSessions(plan, () => false),
      ),
    ).toBe(
      `Profile "bizlogin" resolves in 2 steps:\n  1. aws login session ${SESSION} (profile "devlogin")\n  2. assume ${ROLE} as profile "bizlogin" (3600 s, STS's default)`,
    );
  });

  test("botocore's order: access keys before login_session, login_session before credential_process", () => {
    expect(Object.keys(planCredentialChain(profiles, 'keysfirst').chain[0])).toEqual(['static']);
    expect(Object.keys(planCredentialChain(profiles, 'loginfirst').chain[0])).toEqual(['login']);
  });

  test('kinds: login, and assume-role on top; profiles and the chooser agree with the planner', () => {
    const rows = classifyProfiles(profiles);
    expect(rows.map((r) => [r.name, r.kind])).toEqual([
      ['devlogin', 'login'],
      ['bizlogin', 'assume-role'],
      ['keysfirst', 'static'],
      ['loginfirst', 'login'],
    ]);
    for (const name of Object.keys(profiles)) expect(classifyProfile(profiles, name)).toEqual(rows.find((r) => r.name === name));
    expect(rows[0].loginSession).toBe(SESSION);
    expect(describeKind(rows[0])).toBe('aws login session');
  });

  test('the user of the default RoleSessionName: the IAM user the session signed in as (before any MFA device)', () => {
    const withDevice = {
      ...profiles,
      mfarole: { role_arn: ROLE, source_profile: 'devlogin', mfa_serial: 'arn:aws:iam::210987654321:mfa/other-name' },
      ops: { login_session: 'arn:aws:iam::210987654321:user/ops/jane' },
    };
    expect(sourceUserOf(planCredentialChain(withDevice, 'mfarole'))).toBe('dev-user');
    expect(sourceUserOf(planCredentialChain(withDevice, 'ops'))).toBe('jane');
  });
});

describe('doctor on a login profile', () => {
  test('the plan check names the session; without a session on this machine, the source check says what to run (no network call)', async () => {
    const s = makeSandbox({
      '.aws/config': `[profile devlogin]\nlogin_session = ${SESSION}\nregion = us-east-1\n\n[profile bizlogin]\nrole_arn = ${ROLE}\nsource_profile = devlogin\nregion = us-east-1\n`,
    });
    s.env.AWS_ENDPOINT_URL_STS = 'http://127.0.0.1:9';
    const result = await runCli(['doctor', '--profile', 'bizlogin', '--json'], { env: s.env, cwd: s.home });
    s.cleanup();
    const report = JSON.parse(result.stdout) as { checks: Array<{ id: string; status: string; message: string; fix?: string }> };
    const check = (id: string) => report.checks.find((c) => c.id === id)!;
    expect(check('source-profile')).toMatchObject({
      status: 'pass',
      message: 'Source profile "devlogin" has no access keys of its own; its credentials (kind login) assume the role.',
    });
    expect(check('plan')).toMatchObject({
      status: 'pass',
      message: `Kind assume-role: the aws login session of "devlogin" (${SESSION}), then AssumeRole ${ROLE}.`,
    });
    expect(check('source-keys')).toMatchObject({ status: 'fail', fix: 'Run "aws login --profile devlogin".' });
    expect(check('source-keys').message).toMatch(
      /^Profile "devlogin" signs in with aws login as .*, but this machine has no session for it \(.*\.aws\/login\/cache\/[0-9a-f]{64}\.json does not exist\)\.$/,
    );
    expect(check('assume-role')).toMatchObject({ status: 'skip', message: 'Skipped because source-keys failed.' });
  });
});
