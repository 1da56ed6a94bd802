import * as fs from 'node:fs';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { mfaCodeProvider } from '../../src/prompts/mfaCode';
import { resolveProfileCredentials } from '../../src/resolve';
import { ROOT, runCli } from '../helpers/cli';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { createDevUser, useSts, type DevUser } from '../helpers/sts';
import { BIZ_ACCOUNT, DEV_ACCOUNT } from '../helpers/walkthrough';

const EXTERNAL_ID = 'walkthrough-partner-id-41';

/**
 * The walkthrough from start to end against the strict STS stand-in, with the headline setup: a role allowed
 * 12-hour sessions, a profile asking for them, and an MFA session for the working day. setup-role makes both halves
 * in moto's IAM; the user then gets credentials with one code from the virtual device, works a day on the MFA
 * session (role sessions capped at an hour by role chaining, said once), and runs a long job under `exec --server`,
 * renewed without a code.
 */
describe('the walkthrough end to end: setup-role, credentials, a working day, exec --server', () => {
  const sts = useSts({ walkthrough: false });
  let sandbox: Sandbox;
  let user: DevUser;

  beforeAll(async () => {
    const bizAdmin = await createDevUser(sts, 'bizadmin', { account: BIZ_ACCOUNT });
    const devAdmin = await createDevUser(sts, 'devadmin', { account: DEV_ACCOUNT });
    user = await createDevUser(sts, 'dev-user');
    sandbox = makeSandbox();
    sandbox.write(
      '.aws/credentials',
      `[bizadmin]\naws_access_key_id = ${bizAdmin.accessKeyId}\naws_secret_access_key = ${bizAdmin.secretAccessKey}\n\n[devadmin]\naws_access_key_id = ${devAdmin.accessKeyId}\naws_secret_access_key = ${devAdmin.secretAccessKey}\n`,
      0o600,
    );
    sandbox.write('.aws/config', '[default]\nregion = us-east-1\n', 0o600);
    sandbox.env.AWS_ENDPOINT_URL = sts.url;
    sandbox.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  });
  afterAll(() => sandbox?.cleanup());

  test('one code for the day, even with duration_seconds = 43200; renewals from the MFA session; nothing refused by STS', async () => {
    const flags = [
      'setup-role',
      '--dev-account',
      DEV_ACCOUNT,
      '--biz-account',
      BIZ_ACCOUNT,
      '--role-name',
      'amplify-deployer',
      '--external-id',
      EXTERNAL_ID,
      '--dev-user',
      'dev-user',
      '--categories',
      'auth',
      '--max-session-duration',
      '43200',
      '--duration-seconds',
      '43200',
    ];
    const biz = await runCli([...flags, '--apply-biz', '--profile', 'bizadmin'], { env: sandbox.env, cwd: sandbox.home });
    expect({ code: biz.code, stderr: biz.stderr }).toEqual({ code: 0, stderr: '' });
    const dev = await runCli([...flags, '--apply-dev', '--profile', 'devadmin', '--write-config'], { env: sandbox.env, cwd: sandbox.home });
    expect({ code: dev.code, stderr: dev.stderr }).toEqual({ code: 0, stderr: '' });
    expect(dev.stdout).not.toContain('Warning: Profile "bizcorprole" asks for');
    // The Dev Corp user puts the keys in place and turns on the MFA session for the working day.
    fs.appendFileSync(
      sandbox.path('.aws/credentials'),
      `\n[devcorpuser]\naws_access_key_id = ${user.accessKeyId}\naws_secret_access_key = ${user.secretAccessKey}\n`,
    );
    fs.writeFileSync(
      sandbox.path('.aws/config'),
      sandbox.read('.aws/config').replace('duration_seconds = 43200\n', 'duration_seconds = 43200\nmfa_session_duration = 43200\n'),
    );
    const project = sandbox.path('app');
    fs.mkdirSync(path.join(project, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(
      path.join(project, 'amplify', '.config', 'project-config.json'),
      JSON.stringify({ projectName: 'app', version: '3.1' }),
    );

    // 09:00: one code, the MFA session, the role for an hour (role chaining), said once.
    const first = await runCli(['credentials', '--profile', 'bizcorprole', '--mfa-code', await user.device.code()], {
      env: sandbox.env,
      cwd: project,
    });
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(
      /^Warning: AWS limits role sessions assumed with temporary credentials \(role chaining\) to one hour: profile "bizcorprole" is assumed with its MFA session/,
    );

    // 10:00 to 17:00: every hour the role's credentials run out and are renewed from the MFA session, without a code.
    const start = sts.clock.now().getTime();
    let asked = 0;
    const noCode = mfaCodeProvider(async () => {
      asked++;
      return user.device.code();
    }, false);
    for (let hour = 1; hour <= 8; hour++) {
      const now = () => new Date(start + hour * 3600e3 + 60e3);
      sts.clock.advanceTo(now());
      const result = await resolveProfileCredentials({
        env: sandbox.env,
        cwd: project,
        profile: 'bizcorprole',
        now,
        mfa: noCode,
        stdin: new PassThrough(),
        stderr: new PassThrough(),
      });
      expect(result.fromCache).toBe(false);
    }
    expect(asked).toBe(0);

    // A long job: exec --server renews the role's credentials from the MFA session as the child asks, quietly (the
    // cap was said when the session started).
    const out = sandbox.path('server-child.json');
    const job = await runCli(
      [
        'exec',
        '--profile',
        'bizcorprole',
        '--server',
        '--',
        process.execPath,
        path.join(ROOT, 'test', 'fixtures', 'server-child.js'),
        out,
        '',
        '3',
      ],
      { env: sandbox.env, cwd: project, timeoutMs: 90000 },
    );
    expect({ code: job.code, stderr: job.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(fs.readFileSync(out, 'utf8')).rounds).toHaveLength(3);

    const calls = (await sts.requests()).filter((r) => r.params.Version === '2011-06-15' && r.action !== 'GetCallerIdentity');
    expect(calls.filter((r) => r.refused)).toEqual([]);
    expect(calls.filter((r) => r.params.TokenCode !== undefined).map((r) => r.action)).toEqual(['GetSessionToken']);
    const assumed = calls.filter((r) => r.action === 'AssumeRole');
    expect(assumed.length).toBeGreaterThanOrEqual(1 + 8 + 2);
    expect(new Set(assumed.map((r) => r.params.DurationSeconds))).toEqual(new Set(['3600']));
  }, 120000);
});
