import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runCli } from '../helpers/cli';
import { useSts } from '../helpers/sts';
import { EXTERNAL_ID, MFA_SERIAL, walkthroughSandbox } from '../helpers/walkthrough';
import { SIGNIN_TOKEN, standInFederation } from '../helpers/federation';

describe('console: the federated sign-in URL for the role', () => {
  const sts = useSts({ resetRecording: true, newDeviceEachTest: true });
  const code = () => sts.walkthrough.user.device.code();

  test("--print: GetSigninToken gets the role's temporary credentials and the URL carries the token and destination, field by field", async () => {
    const federation = await standInFederation();
    const sandbox = walkthroughSandbox({ sts });
    const cwd = sandbox.project('app');
    const env = { ...sandbox.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url };
    const printed = await runCli(['console', '--profile', 'bizcorprole', '--print', '--duration', '3600', '--mfa-code', await code()], {
      env,
      cwd,
    });
    expect({ code: printed.code, stderr: printed.stderr }).toEqual({ code: 0, stderr: '' });
    // The token request: exactly the role's cached credentials.
    const cached = JSON.parse((await runCli(['credentials', '--profile', 'bizcorprole', '--format', 'json'], { env, cwd })).stdout);
    expect(federation.requests).toHaveLength(1);
    const tokenRequest = federation.requests[0];
    expect([...tokenRequest.keys()].sort()).toEqual(['Action', 'Session', 'SessionDuration']);
    expect(tokenRequest.get('Action')).toBe('getSigninToken');
    expect(tokenRequest.get('SessionDuration')).toBe('3600');
    expect(JSON.parse(tokenRequest.get('Session')!)).toEqual({
      sessionId: cached.accessKeyId,
      sessionKey: cached.secretAccessKey,
      sessionToken: cached.sessionToken,
    });
    expect(cached.accessKeyId).toMatch(/^ASIA/);
    // The login URL.
    const url = new URL(printed.stdout.trim());
    expect(`${url.origin}${url.pathname}`).toBe(federation.url);
    expect([...url.searchParams.keys()]).toEqual(['Action', 'Issuer', 'Destination', 'SigninToken']);
    expect(url.searchParams.get('Action')).toBe('login');
    expect(url.searchParams.get('Issuer')).toBe('amplify-aws-roles');
    expect(url.searchParams.get('Destination')).toBe('https://us-east-1.console.aws.amazon.com/console/home?region=us-east-1');
    expect(url.searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);
    // The URL is all it prints: no key, no token.
    for (const secret of [sts.walkthrough.user.secretAccessKey, cached.secretAccessKey, cached.sessionToken])
      expect(printed.stdout).not.toContain(secret);
    await federation.close();
    sandbox.cleanup();
  });

  test("--amplify opens the project's app in the Amplify console of its region; the browser gets the URL, the terminal does not", async () => {
    const federation = await standInFederation();
    const sandbox = walkthroughSandbox({
      sts,
      extraConfig: `[profile shortrole]\nrole_arn = arn:aws:iam::123456789012:role/amplify-deployer\nsource_profile = devcorpuser\nmfa_serial = ${MFA_SERIAL}\nexternal_id = ${EXTERNAL_ID}\nduration_seconds = 1800\nregion = us-east-1\n`,
    });
    const cwd = sandbox.project('app');
    sandbox.write('app/amplify/.config/local-env-info.json', JSON.stringify({ envName: 'dev' }));
    sandbox.write(
      'app/amplify/team-provider-info.json',
      JSON.stringify({ dev: { awscloudformation: { Region: 'eu-west-2', AmplifyAppId: 'd1a2b3c4example' } } }),
    );
    const opened = sandbox.path('opened-url');
    const env = {
      ...sandbox.env,
      AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url,
      BROWSER: `${process.execPath} ${path.join(ROOT, 'test', 'fixtures', 'record-browser.js')}`,
      RECORD_BROWSER_FILE: opened,
    };
    const result = await runCli(['console', '--profile', 'shortrole', '--amplify', '--mfa-code', await code()], { env, cwd });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^Opened the AWS console as arn:aws:iam::123456789012:role\/amplify-deployer in your browser/);
    expect(result.stdout).not.toContain(SIGNIN_TOKEN);
    for (let i = 0; i < 50 && !fs.existsSync(opened); i++) await new Promise((r) => setTimeout(r, 100));
    const url = new URL(fs.readFileSync(opened, 'utf8'));
    expect(url.searchParams.get('Destination')).toBe(
      'https://eu-west-2.console.aws.amazon.com/amplify/home?region=eu-west-2#/d1a2b3c4example',
    );
    expect(url.searchParams.get('SigninToken')).toBe(SIGNIN_TOKEN);
    // The profile's duration_seconds is the console session's length.
    expect(federation.requests[0].get('SessionDuration')).toBe('1800');
    await federation.close();
    sandbox.cleanup();
  });

  test('bad input and a refusing endpoint: one sentence, non-zero exit, no secret', async () => {
    const federation = await standInFederation();
    const sandbox = walkthroughSandbox({ sts });
    const cwd = sandbox.project('app');
    const env = { ...sandbox.env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: federation.url };
    const both = await runCli(['console', '--profile', 'bizcorprole', '--amplify', '--destination', 'https://console.aws.amazon.com/s3/'], {
      env,
      cwd,
    });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/^Error: Give --amplify or --destination, not both\./) });
    const short = await runCli(['console', '--profile', 'bizcorprole', '--duration', '60'], { env, cwd });
    expect(short).toMatchObject({ code: 2, stderr: expect.stringMatching(/--duration must be from 900 to 43200 seconds, not 60/) });
    const plain = await runCli(['console', '--profile', 'bizcorprole', '--print', '--mfa-code', '123456'], {
      env: { ...env, AMPLIFY_AWS_ROLES_FEDERATION_ENDPOINT: 'http://example.com/federation' },
      cwd,
    });
    expect(plain).toMatchObject({ code: 2, stderr: expect.stringMatching(/must be an https:\/\/ URL/) });
    const noApp = await runCli(['console', '--profile', 'bizcorprole', '--amplify', '--mfa-code', '123456'], { env, cwd });
    expect(noApp.code).toBe(1);
    expect(noApp.stderr).toMatch(/has no current environment|has no app id/);
    expect(await sts.requests()).toHaveLength(0);
    federation.status.code = 400;
    const refused = await runCli(['console', '--profile', 'bizcorprole', '--print', '--mfa-code', await code()], { env, cwd });
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(
      /^Error: The AWS federation endpoint http:\/\/127\.0\.0\.1:\d+ gave no sign-in token for profile "bizcorprole" \(HTTP 400\)\./,
    );
    const session = JSON.parse(federation.requests[0].get('Session')!);
    for (const secret of [sts.walkthrough.user.secretAccessKey, session.sessionKey, session.sessionToken])
      expect(refused.stderr).not.toContain(secret);
    await federation.close();
    sandbox.cleanup();
  });
});
