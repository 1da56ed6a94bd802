import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { runCli } from '../helpers/cli';
import { credentialsUnderDeadline, didNotAnswer } from '../helpers/deadline';
import { findMotoPython } from '../helpers/moto';
import { startSsoOidc, type SsoOidcStandIn } from '../helpers/ssoOidc';
import { SSO_SESSION_START_URL, ssoSessionProfiles, startSsoPortal, type SsoPortalStandIn } from '../helpers/ssoPortal';
import { useSts } from '../helpers/sts';
import { BIZ_ACCOUNT, walkthroughSandbox } from '../helpers/walkthrough';

// An sso-session profile whose access token has expired but whose refresh token is still good: the SDK refreshes it
// at the SSO OIDC endpoint (a stand-in, AWS_ENDPOINT_URL_SSO_OIDC), writes the new token back into ~/.aws/sso/cache
// where the AWS CLI's reader (botocore) finds it, and then gets the role's credentials from the portal stand-in.
// A stall at either endpoint is named as that endpoint.
const START_URL = SSO_SESSION_START_URL;
// The permission set's role (what the portal hands out a session of) and a role that trusts it.
const SSO_ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/Deployer`;
const ROLE_ARN = `arn:aws:iam::${BIZ_ACCOUNT}:role/sso-target`;
const CLIENT = { clientId: 'oidc-client-id', clientSecret: 'oidc-client-secret-never-printed' };
const SSO_CONFIG = `
${ssoSessionProfiles('sso_registration_scopes = sso:account:access\n')}
[profile ssorole]
role_arn = ${ROLE_ARN}
source_profile = ssosession
region = us-east-1
`;

/** What `aws sso login` leaves, written by botocore's own cache class (the AWS CLI's format), and read back by its loader. */
const CLI_SAVE = `
import json, os, sys
from botocore.utils import JSONFileCache, SSOTokenLoader
data = json.load(sys.stdin)
SSOTokenLoader(JSONFileCache(os.path.expanduser('~/.aws/sso/cache'))).save_token(data['startUrl'], data['token'], session_name='corp')
print('{}')
`;
const CLI_LOAD = `
import json, os, sys
from botocore.utils import JSONFileCache, SSOTokenLoader
token = SSOTokenLoader(JSONFileCache(os.path.expanduser('~/.aws/sso/cache')))(${JSON.stringify(START_URL)}, session_name='corp')
print(json.dumps(token))
`;

function botocore(script: string, env: NodeJS.ProcessEnv, input: unknown = {}): Record<string, string> {
  return JSON.parse(execFileSync(findMotoPython(), ['-c', script], { env, input: JSON.stringify(input), encoding: 'utf8' }));
}

describe('SSO token refresh (sso-session profiles)', () => {
  const sts = useSts({ resetRecording: true });
  let portal: SsoPortalStandIn;
  let oidc: SsoOidcStandIn;
  beforeAll(async () => {
    const sdk = await import('@aws-sdk/client-iam');
    const trust = (principal: string) =>
      JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    await sts
      .iam(BIZ_ACCOUNT)
      .send(new sdk.CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trust(`arn:aws:iam::${BIZ_ACCOUNT}:root`) }));
    await sts.iam(BIZ_ACCOUNT).send(new sdk.CreateRoleCommand({ RoleName: 'sso-target', AssumeRolePolicyDocument: trust(SSO_ROLE_ARN) }));
  });
  beforeEach(async () => {
    portal = await startSsoPortal();
    // A session of the permission set's role, as IAM Identity Center hands it out (the strict stand-in knows it).
    const issued = await sts.ssoRoleCredentials(SSO_ROLE_ARN);
    portal.credentials = {
      accessKeyId: issued.accessKeyId,
      secretAccessKey: issued.secretAccessKey,
      sessionToken: issued.sessionToken,
      expiration: issued.expiration.getTime(),
    };
    oidc = await startSsoOidc(CLIENT, 'sso-refresh-0');
  });
  afterEach(async () => {
    await portal.close();
    await oidc.close();
  });

  function sandbox(expiresAt: Date) {
    const s = walkthroughSandbox({ sts, extraConfig: SSO_CONFIG });
    Object.assign(s.env, { AWS_ENDPOINT_URL_SSO: portal.url, AWS_ENDPOINT_URL_SSO_OIDC: oidc.url });
    const token = {
      startUrl: START_URL,
      region: 'us-east-1',
      accessToken: 'sso-access-expired',
      expiresAt: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      registrationExpiresAt: '2099-01-01T00:00:00Z',
      refreshToken: 'sso-refresh-0',
    };
    botocore(CLI_SAVE, s.env, { startUrl: START_URL, token });
    return Object.assign(s, { cacheFile: s.path(`.aws/sso/cache/${createHash('sha1').update('corp').digest('hex')}.json`) });
  }

  test("an expired access token: refreshed at the OIDC endpoint, written back where the AWS CLI reads it, then the role's credentials", async () => {
    const s = sandbox(new Date(Date.now() - 60_000));
    const result = await runCli(['credentials', '--profile', 'ssorole'], { env: s.env, cwd: s.project('app') });
    const cli = botocore(CLI_LOAD, s.env);
    const mode = fs.statSync(s.cacheFile).mode & 0o777;
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(oidc.requests).toEqual([
      { clientId: CLIENT.clientId, grantType: 'refresh_token', refreshToken: 'sso-refresh-0', outcome: 'refreshed' },
    ]);
    // The portal was asked with the new token, and the role on top was assumed with the portal's key.
    expect(portal.requests).toEqual([{ accountId: '123456789012', roleName: 'Deployer', token: oidc.issued[0] }]);
    const assumed = (await sts.requests()).filter((r) => r.action === 'AssumeRole');
    expect(assumed.map((r) => r.accessKeyId)).toEqual([portal.credentials.accessKeyId]);
    expect(JSON.parse(result.stdout)).toMatchObject({ Version: 1, AccountId: '123456789012' });
    // The AWS CLI's loader reads the new token, the rotated refresh token and everything else it wrote.
    expect(cli).toMatchObject({
      accessToken: oidc.issued[0],
      refreshToken: oidc.refreshToken,
      clientId: CLIENT.clientId,
      clientSecret: CLIENT.clientSecret,
      registrationExpiresAt: '2099-01-01T00:00:00Z',
      startUrl: START_URL,
      region: 'us-east-1',
    });
    expect(new Date(cli.expiresAt).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(mode).toBe(0o600);
  });

  test('a token with time left is used as it is: no call to the OIDC endpoint', async () => {
    const s = sandbox(new Date(Date.now() + 60 * 60_000));
    const result = await runCli(['credentials', '--profile', 'ssosession'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(result.code).toBe(0);
    expect(oidc.requests).toEqual([]);
    expect(portal.requests.map((r) => r.token)).toEqual(['sso-access-expired']);
  });

  test.each<['hang' | 'headersOnly']>([['hang'], ['headersOnly']])(
    'an OIDC endpoint that stalls (%s): the sentence names the SSO OIDC endpoint, not the portal',
    async (mode) => {
      oidc.mode = mode;
      const s = sandbox(new Date(Date.now() - 60_000));
      const { result, ms } = await credentialsUnderDeadline(s, 'ssosession');
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n')[0]).toMatch(
        didNotAnswer(`Error: Could not get SSO credentials for profile "ssosession": the SSO OIDC endpoint ${oidc.url}`),
      );
      expect(portal.requests).toEqual([]);
      expect(ms).toBeLessThan(2000 + 12_000);
    },
    30_000,
  );

  test('after a refresh, a portal that stalls is still named as the portal', async () => {
    portal.mode = 'hang';
    const s = sandbox(new Date(Date.now() - 60_000));
    const result = await runCli(['credentials', '--profile', 'ssosession'], {
      env: { ...s.env, AMPLIFY_AWS_ROLES_STS_TIMEOUT: '2' },
      cwd: s.project('app'),
      timeoutMs: 30_000,
    });
    s.cleanup();
    expect(oidc.requests.map((r) => r.outcome)).toEqual(['refreshed']);
    expect(result.stderr.split('\n')[0]).toMatch(
      new RegExp(`^Error: Could not get SSO credentials for profile "ssosession": the SSO portal ${portal.url} did not answer`),
    );
  }, 30_000);

  test("the stand-in says no to a refresh token it did not issue last: the SDK's sentence, and what to run", async () => {
    oidc.refreshToken = 'another-refresh-token';
    const s = sandbox(new Date(Date.now() - 60_000));
    const result = await runCli(['credentials', '--profile', 'ssosession'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(oidc.requests.map((r) => r.outcome)).toEqual(['refused']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error: Could not get SSO credentials for profile "ssosession": Token is expired. To refresh this SSO session run \'aws sso login\' with the corresponding profile.\nRun "aws sso login --profile ssosession" and try again.\n',
    );
    expect(portal.requests).toEqual([]);
  });
});
