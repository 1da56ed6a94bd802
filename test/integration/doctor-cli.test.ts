import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProjectCacheStore } from '../../src/cache';
import { runCli, type CliResult } from '../helpers/cli';
import { cachedText } from '../helpers/seedCache';
import { startAmplifyService, type AmplifyServiceStandIn } from '../e2e/helpers/amplifyService';
import { makeSandbox, type Sandbox } from '../helpers/sandbox';
import { useSts } from '../helpers/sts';
import { EXTERNAL_ID, MFA_SERIAL, ROLE_ARN, walkthroughConfig } from '../helpers/walkthrough';

// `doctor` against the strict STS stand-in (signatures, the trust policy's external id and MFA, one-time codes), with
// the walkthrough's role and Dev Corp user in moto's IAM. Each fixture is the walkthrough's setup with exactly one mistake.
interface Json {
  profile: string;
  ok: boolean;
  checks: { id: string; status: 'pass' | 'warn' | 'fail' | 'skip'; message: string; fix?: string }[];
}

const BIZ_ACCOUNT = ROLE_ARN.split(':')[4];

describe('amplify-aws-roles doctor', () => {
  // Each test is a new dev-user with a device of its own, so that no test waits for another's one-time code.
  const sts = useSts({ newDeviceEachTest: true, resetRecording: true });
  let amplifyApi: AmplifyServiceStandIn;
  const sandboxes: Sandbox[] = [];
  const key = {
    get id() {
      return sts.walkthrough.user.accessKeyId;
    },
    get secret() {
      return sts.walkthrough.user.secretAccessKey;
    },
  };
  const code = () => sts.walkthrough.user.device.code();

  beforeAll(async () => {
    amplifyApi = await startAmplifyService();
    // Biz Corp's account is an existing Gen 1 customer (one test takes the app away).
    amplifyApi.seedGen1App('shop', 'prod');
  });
  afterAll(async () => {
    for (const sandbox of sandboxes) sandbox.cleanup();
    await amplifyApi?.stop();
  });

  /** The walkthrough's two files; `change` introduces the one mistake of a fixture. */
  function fixture(
    change: {
      config?: (text: string) => string;
      credentials?: (text: string) => string | undefined;
      credentialsMode?: number;
      secret?: string;
    } = {},
  ): Sandbox {
    const config = walkthroughConfig();
    const credentials = `[devcorpuser]\naws_access_key_id = ${key.id}\naws_secret_access_key = ${change.secret ?? key.secret}\n`;
    const sandbox = makeSandbox();
    sandboxes.push(sandbox);
    const configText = change.config ? change.config(config) : config;
    if (configText !== '') sandbox.write('.aws/config', configText, 0o600);
    const credentialsText = change.credentials ? change.credentials(credentials) : credentials;
    if (credentialsText !== undefined) sandbox.write('.aws/credentials', credentialsText, change.credentialsMode ?? 0o600);
    sandbox.env.AWS_ENDPOINT_URL_STS = sts.url;
    sandbox.env.AWS_ENDPOINT_URL_AMPLIFY = amplifyApi.url;
    sandbox.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    return sandbox;
  }

  function project(sandbox: Sandbox): string {
    const root = sandbox.path('app');
    fs.mkdirSync(path.join(root, 'amplify', '.config'), { recursive: true });
    fs.writeFileSync(path.join(root, 'amplify', '.config', 'project-config.json'), JSON.stringify({ projectName: 'app', version: '3.1' }));
    return fs.realpathSync(root);
  }

  async function doctor(sandbox: Sandbox, args?: string[], cwd?: string): Promise<CliResult & { report: Json }> {
    const result = await runCli(['doctor', ...(args ?? ['--profile', 'bizcorprole', '--mfa-code', await code()]), '--json'], {
      env: sandbox.env,
      cwd: cwd ?? sandbox.home,
      timeoutMs: 60000,
    });
    // Secrets never appear, whatever the outcome.
    for (const secret of [key.secret, 'not-the-secret-key']) {
      expect(result.stdout).not.toContain(secret);
      expect(result.stderr).not.toContain(secret);
    }
    return { ...result, report: JSON.parse(result.stdout) as Json };
  }

  function check(report: Json, id: string) {
    const found = report.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no check "${id}" in ${JSON.stringify(report)}`);
    return found;
  }

  /** Every check but the named ones passed. */
  function othersPassed(report: Json, except: string[]) {
    // The walkthrough keeps devcorpuser's keys in plain text, which doctor always warns about (see the vault tests).
    // The sandbox home has never run the Amplify CLI: amplify-plugin is skipped (test/unit/doctor/amplifyPluginCheck.test.ts and the e2e suite test it).
    const others = report.checks.filter((c) => ![...except, 'plaintext-keys', 'amplify-plugin', 'takeover'].includes(c.id));
    expect(others.filter((c) => c.status !== 'pass')).toEqual([]);
  }

  test('all good: every check passes, exit 0, the new credentials are cached for the project, no secret printed', async () => {
    const sandbox = fixture();
    const root = project(sandbox);
    const given = await code();
    const { code: exit, report, stderr, stdout } = await doctor(sandbox, ['--profile', 'bizcorprole', '--mfa-code', given], root);
    expect(stderr).toBe('');
    expect(exit).toBe(0);
    expect(report.profile).toBe('bizcorprole');
    expect(report.ok).toBe(true);
    // The offline checks first (cache, vault and plugin included), then the three that call AWS.
    expect(report.checks.map((c) => c.id)).toEqual([
      'config-file',
      'credentials-file',
      'plaintext-keys',
      'project',
      'profile',
      'role-arn',
      'source-profile',
      'mfa-serial',
      'region',
      'external-id',
      'plan',
      'session-duration',
      'cache',
      'vault',
      'amplify-plugin',
      'takeover',
      'source-keys',
      'assume-role',
      'gen1-app',
    ]);
    expect(check(report, 'session-duration').message).toBe(`Role sessions last: ${ROLE_ARN} 3600 s (STS's default).`);
    expect(check(report, 'amplify-plugin')).toMatchObject({
      status: 'skip',
      message: expect.stringContaining('The Amplify CLI has not run with this home'),
    });
    // Our own command line is not the Amplify CLI: the takeover line says where to look (the e2e runs it inside).
    expect(check(report, 'takeover')).toMatchObject({ status: 'skip', message: expect.stringContaining('amplify aws doctor') });
    othersPassed(report, []);
    // Asked with the role's credentials from the cache (no second AssumeRole), as the CLI 14.5 asks before init.
    expect(check(report, 'gen1-app')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(
        /^Account 123456789012 has a Gen 1 app with a backend environment \(shop d[0-9a-f]+, environment "prod"\)/,
      ),
    });
    const listed = amplifyApi.requests.filter((r) => r.operation === 'ListApps');
    expect(listed[listed.length - 1].accessKeyId).toBe(
      new ProjectCacheStore({ home: sandbox.home }).get({ kind: 'project', root }, 'bizcorprole')!.accessKeyId,
    );
    expect(check(report, 'plaintext-keys')).toMatchObject({
      status: 'warn',
      fix: 'amplify-aws-roles keys add devcorpuser --from-credentials-file',
    });
    expect(check(report, 'source-keys').message).toBe(
      `The access keys of "devcorpuser" (${key.id.slice(0, 4)}…${key.id.slice(-4)}) work: they belong to ${sts.walkthrough.user.arn}.`,
    );
    expect(check(report, 'assume-role').message).toMatch(
      new RegExp(`^Assumed ${ROLE_ARN}; the new credentials \\(ASIA…\\w{4}\\) expire at \\S+Z \\(in \\d+ min\\)\\.$`),
    );
    expect(check(report, 'cache').message).toBe(
      `No cached credentials for profile "bizcorprole" (project ${root}): the next command gets new ones from STS.`,
    );
    // What was cached (and so really obtained) never shows up in the output.
    const cached = new ProjectCacheStore({ home: sandbox.home }).get({ kind: 'project', root }, 'bizcorprole')!;
    expect(cached.sessionToken.length).toBeGreaterThan(20);
    expect(stdout).not.toContain(cached.sessionToken);
    expect(stdout).not.toContain(cached.secretAccessKey);
    // The source keys signed GetCallerIdentity, and the role was assumed with the external id and the MFA code.
    const calls = (await sts.requests()).filter((r) => r.accessKeyId === key.id);
    expect(calls.map((r) => r.action)).toEqual(expect.arrayContaining(['GetCallerIdentity', 'AssumeRole']));
    const assume = calls.filter((r) => r.action === 'AssumeRole').pop()!;
    expect(assume.params).toMatchObject({ RoleArn: ROLE_ARN, ExternalId: EXTERNAL_ID, SerialNumber: MFA_SERIAL, TokenCode: given });
  });

  test('gen1-app: an account with no Gen 1 app that has a backend environment is a warning saying what still works', async () => {
    const sandbox = fixture();
    const root = project(sandbox);
    const seeded = [...amplifyApi.apps.entries()];
    amplifyApi.apps.clear();
    try {
      const { code: exit, report } = await doctor(sandbox, ['--profile', 'bizcorprole', '--mfa-code', await code()], root);
      expect(exit).toBe(0);
      expect(check(report, 'gen1-app')).toMatchObject({
        status: 'warn',
        message: `Account 123456789012 (role ${ROLE_ARN}) has no Gen 1 app with a backend environment: Amplify CLI 14.5 and later refuse "amplify init" there ("no longer accept new customers").`,
        fix: expect.stringContaining('"amplify pull --appId APP_ID --envName ENV" of an app that exists there still works'),
      });
    } finally {
      for (const [id, entry] of seeded) amplifyApi.apps.set(id, entry);
    }
  });

  test('all good, as text: one line per check and a verdict', async () => {
    const sandbox = fixture();
    const result = await runCli(['doctor', '--profile', 'bizcorprole', '--mfa-code', await code()], {
      env: sandbox.env,
      cwd: sandbox.home,
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('Checking profile "bizcorprole"');
    expect(lines.filter((l) => /^pass {2}\S/.test(l))).toHaveLength(16);
    expect(lines.filter((l) => /^warn {2}plaintext-keys/.test(l))).toHaveLength(1);
    expect(lines[lines.length - 1]).toBe('Everything needed works (1 warning).');
    expect(result.stdout).not.toContain(key.secret);
  });

  test('missing config file: config-file fails, the profile checks are skipped', async () => {
    const sandbox = fixture({ config: () => '' });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(check(report, 'config-file')).toEqual({
      id: 'config-file',
      status: 'fail',
      message: `${sandbox.path('.aws/config')} does not exist, and profile "bizcorprole" is not in ${sandbox.path('.aws/credentials')} either.`,
      fix: `Create ${sandbox.path('.aws/config')} with a [profile bizcorprole] section (role_arn, source_profile, region), as the walkthrough shows.`,
    });
    expect(check(report, 'profile')).toEqual({ id: 'profile', status: 'skip', message: 'Skipped because config-file failed.' });
    expect(check(report, 'assume-role')).toMatchObject({ status: 'skip', message: 'Skipped because config-file failed.' });
  });

  test('credentials file readable by others: a warning with the chmod fix, exit 0', async () => {
    const sandbox = fixture({ credentialsMode: 0o644 });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(check(report, 'credentials-file')).toEqual({
      id: 'credentials-file',
      status: 'warn',
      message: `${sandbox.path('.aws/credentials')} has mode 644: your group and every user can read or change it.`,
      fix: `chmod 600 ${sandbox.path('.aws/credentials')}`,
    });
    othersPassed(report, ['credentials-file']);
  });

  test('unknown profile: profile fails, names the close one, or else the profiles that exist', async () => {
    const sandbox = fixture();
    const { code, report } = await doctor(sandbox, ['--profile', 'bizcorp-role', '--mfa-code', '123456']);
    expect(code).toBe(1);
    expect(report.profile).toBe('bizcorp-role');
    expect(check(report, 'profile')).toEqual({
      id: 'profile',
      status: 'fail',
      message: `Profile "bizcorp-role" (chosen by --profile) is not defined in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}; did you mean "bizcorprole"?`,
      fix: 'Use --profile bizcorprole.',
    });
    const far = await doctor(sandbox, ['--profile', 'production', '--mfa-code', '123456']);
    expect(check(far.report, 'profile')).toEqual({
      id: 'profile',
      status: 'fail',
      message: `Profile "production" (chosen by --profile) is not defined in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}.`,
      fix: `Pass --profile with one of: bizcorprole, devcorpuser; or add a [profile production] section to ${sandbox.path('.aws/config')}.`,
    });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['profile']);
    expect(check(report, 'cache').message).toBe('Skipped because profile failed.');
  });

  test('AWS_PROFILE chooses the profile when --profile is not given', async () => {
    const sandbox = fixture();
    sandbox.env.AWS_PROFILE = 'bizcorprole';
    const { code, report } = await doctor(sandbox, ['--mfa-code', await sts.walkthrough.user.device.code()]);
    expect(code).toBe(0);
    expect(check(report, 'profile').message).toBe(
      `Profile "bizcorprole" (chosen by AWS_PROFILE) is defined in ${sandbox.path('.aws/config')}, line 1.`,
    );
  });

  test('malformed role_arn: role-arn fails, the source keys are still checked, assume-role is skipped', async () => {
    const sandbox = fixture({ config: (text) => text.replace(`::${BIZ_ACCOUNT}:`, '::12345678901:') });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'role-arn')).toMatchObject({
      status: 'fail',
      message: `role_arn = arn:aws:iam::12345678901:role/amplify-deployer in [profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) is not a role ARN: the account id "12345678901" is not 12 digits.`,
      fix: expect.stringContaining('arn:aws:iam::<Biz Corp account id, 12 digits>:role/<role name>'),
    });
    expect(check(report, 'source-keys').status).toBe('pass');
    expect(check(report, 'assume-role')).toMatchObject({ status: 'skip', message: 'Skipped because role-arn failed.' });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['role-arn']);
  });

  test('source_profile names a profile that does not exist: source-profile fails, the plan and STS checks are skipped', async () => {
    const sandbox = fixture({ config: (text) => text.replace('source_profile = devcorpuser', 'source_profile = devcorpusr') });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'source-profile')).toEqual({
      id: 'source-profile',
      status: 'fail',
      message: `source_profile = devcorpusr in [profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) names a profile that is not in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}; did you mean "devcorpuser"?`,
      // The typo is corrected where it is, never made permanent by adding a [devcorpusr] section.
      fix: `Change it to "source_profile = devcorpuser" under [profile bizcorprole] in ${sandbox.path('.aws/config')}.`,
    });
    for (const id of ['plan', 'source-keys', 'assume-role'])
      expect(check(report, id)).toMatchObject({ status: 'skip', message: 'Skipped because source-profile failed.' });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['source-profile']);
  });

  test('source profile without access keys: source-profile fails with where to add them', async () => {
    const sandbox = fixture({ credentials: () => '[devcorpuser]\n# the keys were never pasted here\n' });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'source-profile')).toEqual({
      id: 'source-profile',
      status: 'fail',
      message: 'Source profile "devcorpuser" of profile "bizcorprole" has no access keys.',
      fix: `Add aws_access_key_id and aws_secret_access_key (your IAM user's access keys) under [devcorpuser] in ${sandbox.path('.aws/credentials')}.`,
    });
    expect(check(report, 'assume-role').message).toBe('Skipped because source-profile failed.');
  });

  test('malformed mfa_serial (the user ARN instead of the MFA device ARN): mfa-serial fails', async () => {
    const userArn = MFA_SERIAL.replace(':mfa/', ':user/');
    const sandbox = fixture({ config: (text) => text.replace(`mfa_serial = ${MFA_SERIAL}`, `mfa_serial = ${userArn}`) });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'mfa-serial')).toMatchObject({
      status: 'fail',
      message: `mfa_serial = ${userArn} in [profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) is not an MFA device ARN: it names "user", not mfa/NAME.`,
      fix: expect.stringContaining('arn:aws:iam::<Dev Corp account id, 12 digits>:mfa/<device name>'),
    });
    expect(check(report, 'assume-role').message).toBe('Skipped because mfa-serial failed.');
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['mfa-serial']);
  });

  test('no region: region fails, everything else works', async () => {
    const sandbox = fixture({
      config: (text) =>
        text.replace('external_id = walkthrough-external-id-7c2e\nregion = us-east-1\n', 'external_id = walkthrough-external-id-7c2e\n'),
    });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'region')).toEqual({
      id: 'region',
      status: 'fail',
      message: `[profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) has no region, so Amplify does not know where to deploy.`,
      fix: `Add "region = us-east-1" (your Amplify project's region) under [profile bizcorprole] in ${sandbox.path('.aws/config')}.`,
    });
    othersPassed(report, ['region']);
  });

  test("wrong secret key: source-keys fails with STS's sentence, assume-role is skipped, nothing is cached", async () => {
    const sandbox = fixture({ secret: 'not-the-secret-key' });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'source-keys')).toEqual({
      id: 'source-keys',
      status: 'fail',
      message:
        'STS rejected the credentials of profile "devcorpuser" (SignatureDoesNotMatch) when trying to check the identity of profile "devcorpuser".',
      fix: 'Check aws_access_key_id and aws_secret_access_key in your credentials file (for keys in the vault: "amplify-aws-roles keys list"); the keys may have been deactivated or rotated.',
    });
    expect(check(report, 'assume-role').message).toBe('Skipped because source-keys failed.');
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['source-keys']);
    expect(cachedText(sandbox.home)).toBeUndefined();
  });

  test("wrong external id: the source keys work, assume-role fails with STS's AccessDenied sentence", async () => {
    const sandbox = fixture({ config: (text) => text.replace(`external_id = ${EXTERNAL_ID}`, 'external_id = not-the-agreed-id') });
    const { code, report } = await doctor(sandbox);
    expect(code).toBe(1);
    expect(check(report, 'source-keys').status).toBe('pass');
    expect(check(report, 'assume-role')).toMatchObject({
      status: 'fail',
      message: `STS denied the credentials of profile "devcorpuser" to assume ${ROLE_ARN} for profile "bizcorprole": User: ${sts.walkthrough.user.arn} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}.`,
      fix: expect.stringMatching(/trust policy .* the external id/),
    });
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['assume-role']);
    expect(check(report, 'cache').message).toMatch(/^No cached credentials for profile "bizcorprole"/);
  });

  test('MFA needed and no code (no terminal): assume-role fails saying how to pass one', async () => {
    const sandbox = fixture();
    const { code, report } = await doctor(sandbox, ['--profile', 'bizcorprole']);
    expect(code).toBe(1);
    expect(check(report, 'assume-role')).toEqual({
      id: 'assume-role',
      status: 'fail',
      message: `Profile "bizcorprole" needs an MFA code (device ${MFA_SERIAL}) and there is no terminal to ask for it.`,
      fix: 'Pass --mfa-code CODE or set AMPLIFY_AWS_ROLES_MFA_CODE=CODE.',
    });
  });

  test('a malformed --mfa-code or a --project that is not a project is a usage error (exit 2 / 1), before any check', async () => {
    const sandbox = fixture();
    const badCode = await runCli(['doctor', '--profile', 'bizcorprole', '--mfa-code', '12ab'], { env: sandbox.env });
    expect(badCode.code).toBe(2);
    expect(badCode.stderr).toBe(
      'Error: The MFA code given by --mfa-code must be exactly 6 digits.\nPass the current 6-digit code shown by your MFA device.\n',
    );
    const badProject = await runCli(['doctor', '--profile', 'bizcorprole', '--project', sandbox.home, '--json'], { env: sandbox.env });
    expect(badProject.code).toBe(1);
    expect(JSON.parse(badProject.stdout).error.code).toBe('NotAnAmplifyProject');
  });
});
