import { runCli } from '../../helpers/cli';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// `amplify-aws-roles profiles` as a user runs it: the built bin, a throwaway HOME. Build first (npx tsc -p .).
const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
const MFA = 'arn:aws:iam::210987654321:mfa/dev-user';
const SECRET = 'secret-key-must-never-be-printed';
const TOKEN = 'session-token-must-never-be-printed';
const EXTERNAL_ID = 'external-id-value-not-shown';

const CONFIG = `[profile bizcorprole]
role_arn = ${ROLE}
source_profile = devcorpuser
mfa_serial = ${MFA}
external_id = ${EXTERNAL_ID}
region = eu-west-1

[profile devcorpuser]
region = us-east-1

[profile broken]
role_arn = arn:aws:iam::1:role/broken
source_profile = nowhere

[profile sso]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Dev

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
`;
const CREDENTIALS = `[devcorpuser]
aws_access_key_id = AKIADEVCORPUSER0001
aws_secret_access_key = ${SECRET}

[ci-only]
aws_access_key_id = AKIACIONLY000000001
aws_secret_access_key = ${SECRET}
aws_session_token = ${TOKEN}

[half]
aws_secret_access_key = ${SECRET}
`;

let sandbox: Sandbox;
beforeAll(() => (sandbox = makeSandbox({ '.aws/config': CONFIG, '.aws/credentials': CREDENTIALS })));
afterAll(() => sandbox.cleanup());

test('--json: every profile of both files, sorted, with kind, role, MFA, external id presence and region', async () => {
  const result = await runCli(['profiles', '--json'], { env: sandbox.env });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toStrictEqual([
    {
      name: 'bizcorprole',
      kind: 'assume-role',
      roleArn: ROLE,
      sourceProfile: 'devcorpuser',
      mfaSerial: MFA,
      externalId: true,
      region: 'eu-west-1',
    },
    {
      name: 'broken',
      kind: 'incomplete',
      missing: 'source profile "nowhere"',
      roleArn: 'arn:aws:iam::1:role/broken',
      sourceProfile: 'nowhere',
      externalId: false,
    },
    { name: 'ci-only', kind: 'static', externalId: false },
    { name: 'devcorpuser', kind: 'static', externalId: false, region: 'us-east-1' },
    { name: 'half', kind: 'incomplete', missing: 'aws_access_key_id', externalId: false },
    { name: 'sso', kind: 'sso', externalId: false },
  ]);
  expect(result.stdout + result.stderr).not.toMatch(new RegExp(`${SECRET}|${TOKEN}|${EXTERNAL_ID}`));
});

test('human output: an aligned table, incomplete profiles saying what is missing', async () => {
  const result = await runCli(['profiles'], { env: sandbox.env });
  expect(result.code).toBe(0);
  const [header, ...rows] = result.stdout.trimEnd().split('\n');
  expect(header).toMatch(/^PROFILE\s+KIND\s+ROLE\s+MFA\s+EXTERNAL ID\s+REGION$/);
  expect(rows.map((row) => row.split(/\s+/)[0])).toEqual(['bizcorprole', 'broken', 'ci-only', 'devcorpuser', 'half', 'sso']);
  // Aligned: every column starts where its heading starts.
  const starts = ['KIND', 'ROLE', 'MFA', 'EXTERNAL ID'].map((heading) => header.indexOf(heading));
  for (const row of rows) {
    for (const start of starts) {
      expect(row[start - 1]).toBe(' ');
      expect(row[start]).toMatch(/\S/);
    }
  }
  const row = (name: string) => rows.find((r) => r.startsWith(`${name} `))!;
  expect(row('bizcorprole')).toMatch(new RegExp(`assume-role\\s+${ROLE}\\s+${MFA}\\s+yes\\s+eu-west-1$`));
  expect(row('broken')).toMatch(/incomplete \(missing source profile "nowhere"\)\s+arn:aws:iam::1:role\/broken\s+-\s+-\s+-$/);
  expect(row('half')).toMatch(/incomplete \(missing aws_access_key_id\)/);
  expect(row('devcorpuser')).toMatch(/static\s+-\s+-\s+-\s+us-east-1$/);
  expect(result.stdout + result.stderr).not.toMatch(new RegExp(`${SECRET}|${TOKEN}|${EXTERNAL_ID}`));
});

test('no files: a sentence naming both files (or [] with --json), exit 0', async () => {
  const empty = makeSandbox();
  const human = await runCli(['profiles'], { env: empty.env });
  expect(human.code).toBe(0);
  expect(human.stdout.trim()).toBe(`No profiles in ${empty.path('.aws/config')} or ${empty.path('.aws/credentials')}.`);
  const json = await runCli(['profiles', '--json'], { env: empty.env });
  expect(JSON.parse(json.stdout)).toEqual([]);
  empty.cleanup();
});

test('a malformed file is an error naming the file and line, exit 1', async () => {
  const bad = makeSandbox({ '.aws/config': '[profile ok]\nregion = us-east-1\n[profile broken\n' });
  const result = await runCli(['profiles', '--json'], { env: bad.env });
  expect(result.code).toBe(1);
  expect(JSON.parse(result.stdout).error.message).toBe(`${bad.path('.aws/config')}, line 3: Profile definition must end with ']'.`);
  bad.cleanup();
});
