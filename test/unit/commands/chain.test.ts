import { runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// `amplify-aws-roles chain` as a user runs it: the built bin, a throwaway HOME. Build first (npx tsc -p .).
const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
const MFA = 'arn:aws:iam::210987654321:mfa/dev-user';
const SECRET = 'dev-secret-key-must-never-be-printed';
const TOKEN = 'session-token-must-never-be-printed';
const EXTERNAL_ID = 'external-id-9f3b';

const CONFIG = `[default]
region = us-east-1

[profile bizcorprole]
role_arn = ${ROLE}
source_profile = devcorpuser
mfa_serial = ${MFA}
external_id = ${EXTERNAL_ID}
duration_seconds = 3600

[profile devcorpuser]
region = us-east-1

[profile ci]
role_arn = arn:aws:iam::1:role/ci
credential_source = Environment

[profile loop1]
role_arn = arn:aws:iam::1:role/l1
source_profile = loop2

[profile loop2]
role_arn = arn:aws:iam::1:role/l2
source_profile = loop1

[profile lazy]
role_arn = arn:aws:iam::1:role/lazy
source_profile = half
`;
const CREDENTIALS = `[devcorpuser]
aws_access_key_id = AKIADEVCORPUSER0001
aws_secret_access_key = ${SECRET}

[default]
aws_access_key_id = AKIADEFAULT00000001
aws_secret_access_key = ${SECRET}
aws_session_token = ${TOKEN}

[half]
aws_access_key_id = AKIAHALF
`;

let sandbox: Sandbox;
beforeAll(() => (sandbox = makeSandbox({ '.aws/config': CONFIG, '.aws/credentials': CREDENTIALS })));
afterAll(() => sandbox.cleanup());

const outputs: string[] = [];
async function chain(args: string[], env: NodeJS.ProcessEnv = sandbox.env) {
  const result = await runCli(['chain', ...args], { env });
  outputs.push(result.stdout, result.stderr);
  return result;
}

test('human output: a numbered plan naming each profile, the key id, the role, MFA device and "external id set"', async () => {
  const result = await chain(['--profile', 'bizcorprole']);
  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatch(/"bizcorprole".* 2 steps/);
  expect(lines[1]).toMatch(/^\s*1\. .*profile "devcorpuser" \(AKIA…0001\)$/);
  expect(lines[2]).toMatch(new RegExp(`^\\s*2\\. assume ${ROLE} as .*"bizcorprole" \\(MFA ${MFA}, external id set, 3600 s\\)$`));
  expect(result.stdout).not.toContain(EXTERNAL_ID);
});

test('--json prints the plan as data', async () => {
  const result = await chain(['--profile', 'bizcorprole', '--json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toStrictEqual({
    profile: 'bizcorprole',
    chain: [
      { static: { profile: 'devcorpuser', accessKeyId: 'AKIA…0001' } },
      { assumeRole: { profile: 'bizcorprole', roleArn: ROLE, externalId: EXTERNAL_ID, mfaSerial: MFA, durationSeconds: 3600 } },
    ],
    sessions: [{ profile: 'bizcorprole', roleArn: ROLE, requestedSeconds: 3600, seconds: 3600, capped: false }],
  });
});

test('the profile comes from --profile, else AWS_PROFILE, else "default"', async () => {
  const fromEnv = await chain(['--json'], { ...sandbox.env, AWS_PROFILE: 'ci' });
  expect(JSON.parse(fromEnv.stdout)).toStrictEqual({
    profile: 'ci',
    chain: [
      { credentialSource: { profile: 'ci', name: 'Environment' } },
      { assumeRole: { profile: 'ci', roleArn: 'arn:aws:iam::1:role/ci' } },
    ],
    sessions: [{ profile: 'ci', roleArn: 'arn:aws:iam::1:role/ci', seconds: 3600, chainedBy: 'maybe-temporary-base', capped: false }],
  });
  const flagWins = await chain(['--json', '--profile', 'devcorpuser'], { ...sandbox.env, AWS_PROFILE: 'ci' });
  expect(JSON.parse(flagWins.stdout).profile).toBe('devcorpuser');
  const fallback = await chain(['--json']);
  expect(JSON.parse(fallback.stdout)).toStrictEqual({
    profile: 'default',
    chain: [{ static: { profile: 'default', accessKeyId: 'AKIA…0001' } }],
    sessions: [],
  });
});

test("each hop shows the session it will get: duration_seconds, STS's default, or one hour where role chaining caps it", async () => {
  const config = `${CONFIG}
[profile daylong]
role_arn = ${ROLE}
source_profile = devcorpuser
mfa_serial = ${MFA}
mfa_session_duration = 43200
duration_seconds = 43200

[profile direct]
role_arn = ${ROLE}
source_profile = devcorpuser
mfa_serial = ${MFA}
duration_seconds = 43200

[profile second]
role_arn = arn:aws:iam::333344445555:role/inner
source_profile = direct
duration_seconds = 7200
`;
  const box = makeSandbox({ '.aws/config': config, '.aws/credentials': CREDENTIALS });
  const show = async (profile: string) => (await chain(['--profile', profile], box.env)).stdout.trimEnd().split('\n');
  expect((await show('daylong'))[2]).toMatch(
    /\(MFA \S+, 3600 s: assumed with the MFA session's temporary credentials, so AWS caps duration_seconds = 43200 at one hour\)$/,
  );
  expect((await show('direct'))[2]).toMatch(/\(MFA \S+, 43200 s\)$/);
  const second = await show('second');
  expect(second[2]).toMatch(/as profile "direct" \(MFA \S+, 43200 s\)$/);
  expect(second[3]).toMatch(
    /^\s*3\. assume arn:aws:iam::333344445555:role\/inner as profile "second" \(3600 s: assumed with the previous role's session, so AWS caps duration_seconds = 7200 at one hour\)$/,
  );
  expect((await show('ci'))[2]).toMatch(/as profile "ci" \(3600 s, STS's default\)$/);
  const json = JSON.parse((await chain(['--profile', 'daylong', '--json'], box.env)).stdout);
  expect(json.sessions).toEqual([
    { profile: 'daylong', roleArn: ROLE, requestedSeconds: 43200, seconds: 3600, chainedBy: 'mfa-session', capped: true },
  ]);
  box.cleanup();
});

test('a missing profile: one sentence on stderr, exit 1, nothing on stdout', async () => {
  const result = await chain(['--profile', 'ghost']);
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  const [first, ...rest] = result.stderr.trimEnd().split('\n');
  expect(first).toBe(`Error: Profile "ghost" was not found in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}.`);
  expect(rest.join('\n')).not.toMatch(/\s+at /);
});

test.each([
  ['loop1', 'ProfileCycle', 'The source_profile chain of profile "loop1" has a cycle: loop1 -> loop2 -> loop1.'],
  ['lazy', 'PartialCredentials', 'Profile "half" (CREDENTIALS, line 10) has aws_access_key_id but no aws_secret_access_key.'],
  ['ghost', 'ProfileNotFound', 'Profile "ghost" was not found in CONFIG or CREDENTIALS.'],
])('with --json, the error for %s is {"error": ...} on stdout, exit 1', async (profile, code, message) => {
  const result = await chain(['--profile', profile, '--json']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe('');
  const expectedMessage = message.replace('CONFIG', sandbox.path('.aws/config')).replace('CREDENTIALS', sandbox.path('.aws/credentials'));
  expect(JSON.parse(result.stdout)).toEqual({ error: { code, message: expectedMessage, resolution: expect.any(String) } });
});

test('no secret key, session token or stack trace in any output above', () => {
  expect(outputs.length).toBeGreaterThan(10);
  for (const text of outputs) {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/\n\s+at .*\.js:\d+/);
  }
});
