import { loadAwsConfig } from '../../../src/config';
import { ChainPlanError, classifyProfile, planCredentialChain } from '../../../src/plan';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// From ini text to plan: files written into a throwaway HOME, read by loadAwsConfig, planned.
let sandbox: Sandbox;
beforeEach(() => (sandbox = makeSandbox()));
afterEach(() => sandbox.cleanup());

function planFromFiles(config: string, credentials: string, profile?: string) {
  sandbox.write('.aws/config', config);
  sandbox.write('.aws/credentials', credentials);
  const files = loadAwsConfig({ env: sandbox.env, profile });
  return {
    files,
    plan: () => planCredentialChain(files.profiles, files.profile, { origins: files.origins, ssoSessions: files.ssoSessions, files }),
  };
}

function errorOf(run: () => unknown): ChainPlanError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ChainPlanError);
    return error as ChainPlanError;
  }
  throw new Error('expected a planning error');
}

const WALKTHROUGH_CONFIG = `[profile bizcorprole]
role_arn = arn:aws:iam::123456789012:role/amplify-deployer
source_profile = devcorpuser
mfa_serial = arn:aws:iam::210987654321:mfa/dev-user
external_id = ext-1234
region = us-east-1

[profile devcorpuser]
region = us-east-1
`;
const DEV_KEYS = '[devcorpuser]\naws_access_key_id = AKIADEVCORPUSER0001\naws_secret_access_key = dev-secret-never-printed\n';

test('the walkthrough: role in the config file, keys in the credentials file', () => {
  const { plan } = planFromFiles(WALKTHROUGH_CONFIG, DEV_KEYS, 'bizcorprole');
  const result = plan();
  expect(result).toStrictEqual({
    profile: 'bizcorprole',
    chain: [
      { static: { profile: 'devcorpuser', accessKeyId: 'AKIADEVCORPUSER0001' } },
      {
        assumeRole: {
          profile: 'bizcorprole',
          roleArn: 'arn:aws:iam::123456789012:role/amplify-deployer',
          externalId: 'ext-1234',
          mfaSerial: 'arn:aws:iam::210987654321:mfa/dev-user',
        },
      },
    ],
  });
  expect(JSON.stringify(result)).not.toContain('dev-secret-never-printed');
});

test('AWS_PROFILE selects the profile when --profile is not given; default otherwise', () => {
  sandbox.write('.aws/config', WALKTHROUGH_CONFIG);
  sandbox.write('.aws/credentials', `${DEV_KEYS}[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = d\n`);
  const viaEnv = loadAwsConfig({ env: { ...sandbox.env, AWS_PROFILE: 'bizcorprole' } });
  expect(planCredentialChain(viaEnv.profiles, viaEnv.profile).chain).toHaveLength(2);
  const fallback = loadAwsConfig({ env: sandbox.env });
  expect(planCredentialChain(fallback.profiles, fallback.profile).chain).toStrictEqual([
    { static: { profile: 'default', accessKeyId: 'AKIADEFAULT' } },
  ]);
});

test('comments, odd spacing and upper-case keys read as the SDKs read them', () => {
  const config =
    '# roles\n[profile  a ]\nROLE_ARN=arn:aws:iam::1:role/a ; trailing comment\nSource_Profile   =   b\n[profile b]\nregion=eu-west-1\n';
  const { plan } = planFromFiles(config, '[b]\nAWS_ACCESS_KEY_ID = AKIAB\naws_secret_access_key = s\n', 'a');
  expect(plan().chain).toStrictEqual([
    { static: { profile: 'b', accessKeyId: 'AKIAB' } },
    { assumeRole: { profile: 'a', roleArn: 'arn:aws:iam::1:role/a' } },
  ]);
});

test('a profile split over both files: keys from the credentials file, role from the config file', () => {
  const { plan } = planFromFiles(
    '[profile self]\nrole_arn = arn:aws:iam::1:role/self\nsource_profile = self\n',
    '[self]\naws_access_key_id = AKIASELF\naws_secret_access_key = s\n',
    'self',
  );
  expect(plan().chain).toStrictEqual([
    { static: { profile: 'self', accessKeyId: 'AKIASELF' } },
    { assumeRole: { profile: 'self', roleArn: 'arn:aws:iam::1:role/self' } },
  ]);
});

test('sso_session resolves through the [sso-session] section of the config file', () => {
  const config =
    '[profile s]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-central-1\n';
  const { plan } = planFromFiles(config, '', 's');
  expect(plan().chain).toStrictEqual([
    {
      sso: {
        profile: 's',
        session: 'corp',
        startUrl: 'https://corp.awsapps.com/start',
        region: 'eu-central-1',
        accountId: '111122223333',
        roleName: 'Dev',
      },
    },
  ]);
});

test('errors name the file and line of the profile section', () => {
  const config = '[default]\nregion = us-east-1\n\n[profile app]\nrole_arn = arn:aws:iam::1:role/app\nsource_profile = base\n';
  const { plan, files } = planFromFiles(config, '\n[base]\naws_access_key_id = AKIABASE\n', 'app');
  const partial = errorOf(plan);
  expect(partial.code).toBe('PartialCredentials');
  expect(partial.message).toBe(`Profile "base" (${files.credentialsFile}, line 2) has aws_access_key_id but no aws_secret_access_key.`);

  const { plan: plan2, files: files2 } = planFromFiles(config.replace('source_profile = base', 'source_profile = gone'), '', 'app');
  const missing = errorOf(plan2);
  expect(missing.code).toBe('SourceProfileNotFound');
  expect(missing.message).toBe(`Profile "app" (${files2.configFile}, line 4) uses source_profile "gone", which does not exist.`);
});

test('a cycle written across both files', () => {
  const { plan } = planFromFiles('[profile a]\nrole_arn = arn:a\nsource_profile = b\n', '[b]\nrole_arn = arn:b\nsource_profile = a\n', 'a');
  expect(errorOf(plan).message).toBe('The source_profile chain of profile "a" has a cycle: a -> b -> a.');
});

test('a missing profile names both files', () => {
  const { plan, files } = planFromFiles(WALKTHROUGH_CONFIG, DEV_KEYS, 'ghost');
  expect(errorOf(plan).message).toBe(`Profile "ghost" was not found in ${files.configFile} or ${files.credentialsFile}.`);
});

test('duration_seconds from the file: valid, then invalid', () => {
  const good = planFromFiles(
    WALKTHROUGH_CONFIG.replace('region = us-east-1\n', 'region = us-east-1\nduration_seconds = 7200\n'),
    DEV_KEYS,
    'bizcorprole',
  );
  expect(good.plan().chain[1]).toMatchObject({ assumeRole: { durationSeconds: 7200 } });
  const bad = planFromFiles(
    WALKTHROUGH_CONFIG.replace('region = us-east-1\n', 'region = us-east-1\nduration_seconds = 2h\n'),
    DEV_KEYS,
    'bizcorprole',
  );
  expect(errorOf(bad.plan).message).toBe(
    `Profile "bizcorprole" (${bad.files.configFile}, line 1) has duration_seconds = 2h; it must be a whole number of seconds from 900 to 43200.`,
  );
});

test('classifyProfile over every profile read from the files', () => {
  const config = `${WALKTHROUGH_CONFIG}
[profile broken]
role_arn = arn:aws:iam::1:role/broken
source_profile = half
[profile sso]
sso_session = corp
sso_account_id = 1
sso_role_name = R
[sso-session corp]
sso_start_url = https://corp/start
sso_region = us-east-1
`;
  const { files } = planFromFiles(config, `${DEV_KEYS}[half]\naws_secret_access_key = half-secret\n`);
  const kinds = Object.keys(files.profiles)
    .sort()
    .map((name) => classifyProfile(files.profiles, name, files.ssoSessions))
    .map(({ name, kind, missing }) => [name, kind, missing]);
  expect(kinds).toEqual([
    ['bizcorprole', 'assume-role', undefined],
    ['broken', 'incomplete', 'aws_access_key_id in profile "half"'],
    ['devcorpuser', 'static', undefined],
    ['half', 'incomplete', 'aws_access_key_id'],
    ['sso', 'sso', undefined],
  ]);
});
