import { createHash } from 'node:crypto';
import { runCli } from '../helpers/cli';
import { credentialsUnderDeadline } from '../helpers/deadline';
import { ssoSessionProfiles, startSsoPortal, type SsoPortalStandIn } from '../helpers/ssoPortal';
import { useSts } from '../helpers/sts';
import { BIZ_ACCOUNT, walkthroughSandbox } from '../helpers/walkthrough';

// SSO profiles as a base, through the SDK's fromSSO, against a stand-in of the portal API (AWS_ENDPOINT_URL_SSO):
// the token comes from ~/.aws/sso/cache as `aws sso login` leaves it; a role profile on top is assumed with the
// strict STS stand-in, signed by the SSO role's keys (a session it knows as SSO's); a portal that stalls ends at the
// deadline in one sentence.
const SSO_ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/Deployer`;
const ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/sso-target`;
const LEGACY_URL = 'https://example.awsapps.com/start';
const SSO_CONFIG = `
[profile ssodev]
sso_start_url = ${LEGACY_URL}
sso_region = us-east-1
sso_account_id = 123456789012
sso_role_name = Deployer
region = us-east-1

${ssoSessionProfiles()}
[profile ssorole]
role_arn = ${ROLE_ARN}
source_profile = ssodev
region = us-east-1

[profile ssolong]
role_arn = ${ROLE_ARN}
source_profile = ssodev
duration_seconds = 7200
region = us-east-1
`;

describe('SSO profiles as the base of a chain', () => {
  const sts = useSts({ resetRecording: true });
  let portal: SsoPortalStandIn;
  beforeAll(async () => {
    // The permission set's role, and a role that trusts it (same account: the trust policy alone lets it in).
    const sdk = await import('@aws-sdk/client-iam');
    const trust = (principal: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    await sts
      .iam(BIZ_ACCOUNT)
      .send(new sdk.CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trust(`arn:aws:iam::${BIZ_ACCOUNT}:root`) }));
    await sts
      .iam(BIZ_ACCOUNT)
      .send(
        new sdk.CreateRoleCommand({ RoleName: 'sso-target', AssumeRolePolicyDocument: trust(SSO_ROLE_ARN), MaxSessionDuration: 43200 }),
      );
  });
  beforeEach(async () => {
    portal = await startSsoPortal();
    // The portal hands out a session of the permission set's role, as IAM Identity Center does.
    const issued = await sts.ssoRoleCredentials(SSO_ROLE_ARN);
    portal.credentials = {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration.getTime(),
    };
  });
  afterEach(async () => portal.close());

  /** The walkthrough's files plus the SSO profiles, and the tokens `aws sso login` would have cached. */
  function sandbox() {
    const s = walkthroughSandbox({ sts, extraConfig: SSO_CONFIG });
    const token = (key: string, accessToken: string) =>
      s.write(
        `.aws/sso/cache/${createHash('sha1').update(key).digest('hex')}.json`,
        JSON.stringify({ startUrl: LEGACY_URL, region: 'us-east-1', accessToken, expiresAt: '2099-01-01T00:00:00Z' }),
        0o600,
      );
    token(LEGACY_URL, 'legacy-profile-token');
    token('corp', 'sso-session-token');
    s.env.AWS_ENDPOINT_URL_SSO = portal.url;
    return s;
  }

  test.each([
    ['ssodev', 'legacy-profile-token'],
    ['ssosession', 'sso-session-token'],
  ])("profile %s: the portal's role credentials, asked for with the cached token", async (profile, token) => {
    const s = sandbox();
    const result = await runCli(['credentials', '--profile', profile], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({
      Version: 1,
      AccessKeyId: portal.credentials.accessKeyId,
      SecretAccessKey: portal.credentials.secretAccessKey,
      SessionToken: portal.credentials.sessionToken,
    });
    expect(new Date(printed.Expiration).getTime()).toBe(portal.credentials.expiration);
    expect(portal.requests).toEqual([{ accountId: '123456789012', roleName: 'Deployer', token }]);
  });

  test("a role profile whose source_profile is an SSO profile: AssumeRole signed by the SSO role's key", async () => {
    const s = sandbox();
    const result = await runCli(['credentials', '--profile', 'ssorole'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const assumed = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(assumed).toHaveLength(1);
    expect(assumed[0]).toMatchObject({
      accessKeyId: portal.credentials.accessKeyId,
      status: 200,
      params: expect.objectContaining({ RoleArn: ROLE_ARN }),
    });
    const printed = JSON.parse(result.stdout);
    expect(printed.AccessKeyId).toMatch(/^ASIA/);
    expect(printed.AccessKeyId).not.toBe(portal.credentials.accessKeyId);
    expect(portal.requests).toHaveLength(1);
  });

  test('SSO role credentials are temporary: a role on top with duration_seconds = 7200 is asked for 3600 s, and that is said', async () => {
    const s = sandbox();
    const result = await runCli(['credentials', '--profile', 'ssolong'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(result.stderr).toBe(
      'Warning: AWS limits role sessions assumed with temporary credentials (role chaining) to one hour: profile "ssolong" is assumed with the temporary credentials of profile "ssodev", so its role credentials last 3600 s, not duration_seconds = 7200.\n',
    );
    expect(result.code).toBe(0);
    expect((await sts.requests()).filter((r) => r.action === 'AssumeRole').map((r) => [r.params.DurationSeconds, r.status])).toEqual([
      ['3600', 200],
    ]);
  });

  test.each<['hang' | 'headersOnly']>([['hang'], ['headersOnly']])(
    'a portal that stalls (%s): one sentence naming it at the deadline, and the process ends',
    async (mode) => {
      portal.mode = mode;
      const s = sandbox();
      const { result, ms } = await credentialsUnderDeadline(s, 'ssodev');
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr.split('\n')[0]).toBe(
        `Error: Could not get SSO credentials for profile "ssodev": the SSO portal ${portal.url} did not answer within 2 seconds.`,
      );
      expect(ms).toBeGreaterThanOrEqual(2000);
      expect(ms).toBeLessThan(2000 + 12_000);
    },
    30_000,
  );
});
