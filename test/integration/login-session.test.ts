import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../helpers/cli';
import { credentialsUnderDeadline, didNotAnswer } from '../helpers/deadline';
import { findMotoPython, useMoto } from '../helpers/moto';
import { newLoginSession, startSigninStandIn, type LoginSession, type SigninStandIn } from '../helpers/signinStandIn';
import { BIZ_ACCOUNT, DEV_ACCOUNT, ROLE_ARN, walkthroughSandbox } from '../helpers/walkthrough';

// `aws login` sessions (login_session, AWS CLI 2.32+) as a base and as the source_profile of a role, through the SDK's
// own fromLoginCredentials, against a stand-in of the sign-in token endpoint (AWS_ENDPOINT_URL_SIGNIN) and moto. The
// login cache is written by botocore's own cache class, exactly as the AWS CLI writes it, and read back by botocore
// after our refresh: both see one session. These talk to moto directly: the sign-in stand-in hands out keys of its own
// (an aws login session is the console user's), which no IAM holds and the strict STS stand-in does not model.
const SESSION = `arn:aws:iam::${DEV_ACCOUNT}:user/dev-user`;
const LOGIN_CONFIG = `
[profile devlogin]
login_session = ${SESSION}
region = us-east-1

[profile bizlogin]
role_arn = ${ROLE_ARN}
source_profile = devlogin
duration_seconds = 7200
region = us-east-1
`;
const CACHED_KEY = 'ASIALOGINCACHED00001';

/** Python with botocore (the AWS CLI's library); moto's interpreter has it. */
function botocore(script: string, env: NodeJS.ProcessEnv, input: unknown): unknown {
  const out = execFileSync(findMotoPython(), ['-c', script], { env, input: JSON.stringify(input), encoding: 'utf8' });
  return JSON.parse(out);
}

/** The AWS CLI's own writer: botocore's JSONFileCache under the login cache folder, keyed by the SHA-256 of the session. */
const CLI_SAVE = `
import json, sys
from botocore.utils import JSONFileCache, LoginTokenLoader, get_login_token_cache_directory
data = json.load(sys.stdin)
LoginTokenLoader(JSONFileCache(get_login_token_cache_directory())).save_token(data['session'], data['token'])
print('{}')
`;
/** The AWS CLI's own reader: what credentials `aws --profile devlogin` would use from the cache. */
const CLI_LOAD = `
import json, sys
from botocore.credentials import LoginCredentialFetcher
from botocore.utils import JSONFileCache, LoginTokenLoader, get_login_token_cache_directory
data = json.load(sys.stdin)
loader = LoginTokenLoader(JSONFileCache(get_login_token_cache_directory()))
creds = LoginCredentialFetcher(session_name=data['session'], token_loader=loader, client_creator=None).load_cached_credentials()
print(json.dumps({'credentials': creds, 'refreshToken': loader.load_token(data['session'])['refreshToken']}))
`;

function cliToken(session: LoginSession, expiresAt: Date, refreshToken: string) {
  return {
    accessToken: {
      accessKeyId: CACHED_KEY,
      secretAccessKey: 'login-cached-secret',
      sessionToken: 'login-cached-token',
      accountId: DEV_ACCOUNT,
      expiresAt: expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
    tokenType: 'aws_sigv4',
    clientId: session.clientId,
    refreshToken,
    idToken: 'header.payload.signature',
    dpopKey: session.dpopKeyPem,
  };
}

describe('aws login sessions', () => {
  const moto = useMoto({ resetRecording: true });
  let session: LoginSession;
  let signin: SigninStandIn;
  beforeEach(async () => {
    session = newLoginSession();
    signin = await startSigninStandIn(session, 'refresh-0');
  });
  afterEach(async () => signin.close());

  /** The walkthrough's files plus the login profiles, and the session `aws login` left, expiring at `expiresAt`. */
  function sandbox(expiresAt: Date | undefined, cacheFolder?: (home: string) => string) {
    const s = walkthroughSandbox({ motoUrl: moto.url, extraConfig: LOGIN_CONFIG });
    s.env.AWS_ENDPOINT_URL_SIGNIN = signin.url;
    if (cacheFolder) s.env.AWS_LOGIN_CACHE_DIRECTORY = cacheFolder(s.home);
    if (expiresAt) botocore(CLI_SAVE, s.env, { session: SESSION, token: cliToken(session, expiresAt, 'refresh-0') });
    const folder = s.env.AWS_LOGIN_CACHE_DIRECTORY ?? path.join(s.home, '.aws', 'login', 'cache');
    const file = path.join(folder, `${createHash('sha256').update(SESSION).digest('hex')}.json`);
    return Object.assign(s, { cacheFile: file });
  }

  test('profiles and chain: a login profile is of kind login, a role on top of it an assume-role', async () => {
    const s = sandbox(undefined);
    const profiles = await runCli(['profiles', '--json'], { env: s.env });
    const table = await runCli(['profiles'], { env: s.env });
    const chain = await runCli(['chain', '--profile', 'bizlogin'], { env: s.env });
    const chainJson = await runCli(['chain', '--profile', 'devlogin', '--json'], { env: s.env });
    const config = await runCli(['config', '--json', '--profile', 'devlogin'], { env: s.env });
    s.cleanup();
    const rows = JSON.parse(profiles.stdout) as Array<{ name: string; kind: string; loginSession?: string; sourceProfile?: string }>;
    expect(rows.find((r) => r.name === 'devlogin')).toMatchObject({ kind: 'login', loginSession: SESSION });
    expect(rows.find((r) => r.name === 'bizlogin')).toMatchObject({ kind: 'assume-role', sourceProfile: 'devlogin' });
    expect(table.stdout).toMatch(/^devlogin\s+login\s/m);
    expect(chain.stdout).toBe(
      `Profile "bizlogin" resolves in 2 steps:\n  1. aws login session ${SESSION} (profile "devlogin")\n  2. assume ${ROLE_ARN} as profile "bizlogin" (3600 s: assumed with temporary credentials, so AWS caps duration_seconds = 7200 at one hour)\n`,
    );
    expect(JSON.parse(chainJson.stdout)).toEqual({
      profile: 'devlogin',
      chain: [{ login: { profile: 'devlogin', session: SESSION } }],
      sessions: [],
    });
    expect(JSON.parse(config.stdout).profiles.devlogin).toEqual({ login_session: SESSION, region: 'us-east-1' });
  });

  test('a fresh session: its credentials and account, read from the cache with no call to the sign-in service', async () => {
    const s = sandbox(new Date(Date.now() + 10 * 60_000));
    const result = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({
      Version: 1,
      AccessKeyId: CACHED_KEY,
      SessionToken: 'login-cached-token',
      AccountId: DEV_ACCOUNT,
    });
    expect(signin.requests).toEqual([]);
  });

  test('a role on top: AssumeRole signed by the login key, one hour at most (a chained session), named after the signed-in user and the project', async () => {
    const s = sandbox(new Date(Date.now() + 10 * 60_000));
    const result = await runCli(['credentials', '--profile', 'bizlogin', '--format', 'json'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({
      code: 0,
      stderr:
        'Warning: AWS limits role sessions assumed with temporary credentials (role chaining) to one hour: profile "bizlogin" is assumed with the temporary credentials of profile "devlogin", so its role credentials last 3600 s, not duration_seconds = 7200.\n',
    });
    const assumed = (await moto.requests()).filter((r) => r.action === 'AssumeRole');
    expect(assumed).toHaveLength(1);
    expect(assumed[0].accessKeyId).toBe(CACHED_KEY);
    expect(assumed[0].params).toMatchObject({ RoleArn: ROLE_ARN, DurationSeconds: '3600', RoleSessionName: 'dev-user@app' });
    const printed = JSON.parse(result.stdout);
    expect(printed).toMatchObject({ profile: 'bizlogin', roleArn: ROLE_ARN, accountId: BIZ_ACCOUNT, fromCache: false });
    expect(printed.accessKeyId).not.toBe(CACHED_KEY);
  });

  test("an expired access token is refreshed with the SDK's DPoP proof; the rotated token goes back into the file, where the AWS CLI reads the same credentials", async () => {
    const s = sandbox(new Date(Date.now() - 60_000));
    const first = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app') });
    const again = await runCli(['credentials', '--profile', 'devlogin', '--no-cache'], { env: s.env, cwd: s.project('app') });
    const cli = botocore(CLI_LOAD, s.env, { session: SESSION }) as { credentials: Record<string, string>; refreshToken: string };
    const mode = fs.statSync(s.cacheFile).mode & 0o777;
    const token = JSON.parse(fs.readFileSync(s.cacheFile, 'utf8'));
    s.cleanup();
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(signin.requests).toEqual([
      { clientId: session.clientId, grantType: 'refresh_token', refreshToken: 'refresh-0', dpop: 'valid', outcome: 'refreshed' },
    ]);
    const refreshed = signin.issued[0];
    expect(JSON.parse(first.stdout)).toMatchObject({
      AccessKeyId: refreshed.accessKeyId,
      SessionToken: refreshed.sessionToken,
      AccountId: DEV_ACCOUNT,
    });
    // The second run found the refreshed session in the file: no second refresh (which would spend the new refresh token).
    expect(JSON.parse(again.stdout).AccessKeyId).toBe(refreshed.accessKeyId);
    expect(cli.credentials).toMatchObject({
      access_key: refreshed.accessKeyId,
      secret_key: refreshed.secretAccessKey,
      token: refreshed.sessionToken,
      account_id: DEV_ACCOUNT,
    });
    expect(cli.refreshToken).toBe(signin.refreshToken);
    // Everything else the AWS CLI wrote is kept; the file stays private.
    expect(token).toMatchObject({
      clientId: session.clientId,
      dpopKey: session.dpopKeyPem,
      idToken: 'header.payload.signature',
      tokenType: 'aws_sigv4',
    });
    expect(mode).toBe(0o600);
  });

  test('AWS_LOGIN_CACHE_DIRECTORY: the session is read and refreshed there', async () => {
    const s = sandbox(new Date(Date.now() - 60_000), (home) => path.join(home, 'login-elsewhere'));
    const result = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app') });
    const written = JSON.parse(fs.readFileSync(s.cacheFile, 'utf8'));
    const defaultFolder = fs.existsSync(path.join(s.home, '.aws', 'login'));
    s.cleanup();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(s.cacheFile.startsWith(path.join(s.home, 'login-elsewhere'))).toBe(true);
    expect(JSON.parse(result.stdout).AccessKeyId).toBe(signin.issued[0].accessKeyId);
    expect(written.refreshToken).toBe(signin.refreshToken);
    expect(defaultFolder).toBe(false);
  });

  test('two of our processes refreshing the same session at once: one refresh, both get its credentials', async () => {
    const s = sandbox(new Date(Date.now() - 60_000));
    const [a, b] = await Promise.all([
      runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('one') }),
      runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('two') }),
    ]);
    s.cleanup();
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    expect(signin.requests.map((r) => r.outcome)).toEqual(['refreshed']);
    expect(JSON.parse(a.stdout).AccessKeyId).toBe(signin.issued[0].accessKeyId);
    expect(JSON.parse(b.stdout).AccessKeyId).toBe(signin.issued[0].accessKeyId);
  });

  test('no session on this machine: one sentence, and what to run', async () => {
    const s = sandbox(undefined);
    const result = await runCli(['credentials', '--profile', 'bizlogin'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Error: Profile "devlogin" signs in with aws login as ${SESSION}, but this machine has no session for it (${s.cacheFile} does not exist).\nRun "aws login --profile devlogin".\n`,
    );
    expect(await moto.requests()).toEqual([]);
  });

  test('a session file that is a named pipe (a link nobody meant): refused at once in one sentence, never opened for a blocking read', async () => {
    const s = sandbox(undefined);
    fs.mkdirSync(path.dirname(s.cacheFile), { recursive: true });
    execFileSync('mkfifo', [s.cacheFile]);
    const result = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app'), timeoutMs: 15_000 });
    s.cleanup();
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `Error: The aws login session of profile "devlogin" (${SESSION}) in ${s.cacheFile} could not be read (it is a named pipe, not a regular file).\nRun "aws login --profile devlogin".\n`,
    );
    expect(await moto.requests()).toEqual([]);
  });

  test('a session the sign-in service no longer refreshes: one sentence, and what to run', async () => {
    signin.mode = 'expired';
    const s = sandbox(new Date(Date.now() - 60_000));
    const result = await runCli(['credentials', '--profile', 'bizlogin'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `Error: The aws login session of profile "devlogin" (${SESSION}) can no longer be refreshed: Your session has expired. Please reauthenticate.\nRun "aws login --profile devlogin".\n`,
    );
    expect(await moto.requests()).toEqual([]);
  });

  test('a sign-in endpoint that stalls: one sentence naming it at the deadline', async () => {
    signin.mode = 'hang';
    const s = sandbox(new Date(Date.now() - 60_000));
    const { result, ms } = await credentialsUnderDeadline(s, 'devlogin');
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')[0]).toMatch(
      didNotAnswer(`Error: Could not get aws login credentials for profile "devlogin": the sign-in endpoint ${signin.url}`),
    );
    expect(ms).toBeLessThan(2000 + 12_000);
  }, 30_000);

  test('the stand-in says no: a DPoP proof made with another key, and a refresh token used twice', async () => {
    const other = newLoginSession();
    const s = sandbox(new Date(Date.now() - 60_000));
    // The cache file names another key than the one the session was opened with: the proof is signed with it.
    const token = JSON.parse(fs.readFileSync(s.cacheFile, 'utf8'));
    fs.writeFileSync(s.cacheFile, JSON.stringify({ ...token, dpopKey: other.dpopKeyPem }));
    const wrongKey = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app') });
    fs.writeFileSync(s.cacheFile, JSON.stringify(token));
    const refreshed = await runCli(['credentials', '--profile', 'devlogin'], { env: s.env, cwd: s.project('app') });
    // The old refresh token again (a copy of the file from before the refresh).
    fs.writeFileSync(s.cacheFile, JSON.stringify(token));
    const reused = await runCli(['credentials', '--profile', 'devlogin', '--no-cache'], { env: s.env, cwd: s.project('app') });
    s.cleanup();
    expect(signin.requests.map((r) => [r.dpop, r.outcome])).toEqual([
      ["a key other than the session's", 'refused'],
      ['valid', 'refreshed'],
      ['valid', 'refused'],
    ]);
    expect(wrongKey.code).toBe(1);
    expect(refreshed.code).toBe(0);
    expect(reused.code).toBe(1);
    expect(reused.stderr).toMatch(/can no longer be refreshed: Your session has expired/);
  });
});
