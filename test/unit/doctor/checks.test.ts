import { configFileCheck, credentialsFileCheck } from '../../../src/doctor/fileChecks';
import { gatherFacts } from '../../../src/doctor/gatherFacts';
import { planCheck, profileCheck } from '../../../src/doctor/profileChecks';
import { externalIdCheck, mfaSerialCheck, regionCheck, roleArnCheck, sourceProfileCheck } from '../../../src/doctor/settingChecks';
import { externalIdProblem, iamArnProblem, isHardwareMfaSerial, regionProblem } from '../../../src/doctor/settingShapes';
import { makeSandbox, type Sandbox } from '../../helpers/sandbox';

// The offline checks: pure functions of the facts gathered from the two files.
describe('setting shapes', () => {
  test.each([
    ['arn:aws:iam::123456789012:role/amplify-deployer', undefined],
    ['arn:aws:iam::123456789012:role/teams/amplify/deployer', undefined],
    ['arn:aws-us-gov:iam::123456789012:role/deployer', undefined],
    ['arn:aws-cn:iam::123456789012:role/a+b=c,d.e@f_g-h', undefined],
    ['123456789012:role/deployer', 'it must look like arn:aws:iam::123456789012:role/NAME'],
    ['arn:aws:iam::12345678901:role/deployer', 'the account id "12345678901" is not 12 digits'],
    ['arn:aws:iam::1234-5678-9012:role/deployer', 'the account id "1234-5678-9012" is not 12 digits'],
    ['arn:aws:sts::123456789012:assumed-role/deployer/s', 'the service is "sts", not iam'],
    ['arn:aws:iam:us-east-1:123456789012:role/deployer', 'IAM ARNs have no region, but this one has "us-east-1"'],
    ['arn:amazon:iam::123456789012:role/deployer', 'the partition "amazon" is not aws, aws-cn or aws-us-gov'],
    ['arn:aws:iam::123456789012:user/deployer', 'it names "user", not role/NAME'],
    ['arn:aws:iam::123456789012:role/', 'it has no role name after "role/"'],
    [
      'arn:aws:iam::123456789012:role/amplify deployer',
      'the role name or path "amplify deployer" has characters IAM does not allow (letters, digits and +=,.@_- only)',
    ],
    [`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, 'the role name is 65 characters long; IAM allows 64'],
  ])('role ARN %s', (value, problem) => {
    expect(iamArnProblem(value, 'role')).toBe(problem);
  });

  test('MFA device ARNs and hardware serial numbers', () => {
    expect(iamArnProblem('arn:aws:iam::210987654321:mfa/dev-user', 'mfa')).toBeUndefined();
    expect(iamArnProblem('arn:aws:iam::210987654321:user/dev-user', 'mfa')).toBe('it names "user", not mfa/NAME');
    expect(isHardwareMfaSerial('GAHT12345678')).toBe(true);
    expect(isHardwareMfaSerial('arn:aws:iam::1:mfa/x')).toBe(false);
    expect(isHardwareMfaSerial('123456')).toBe(false);
  });

  test.each([
    ['us-east-1', undefined],
    ['eu-central-2', undefined],
    ['us-gov-west-1', undefined],
    ['cn-northwest-1', undefined],
    ['us-isob-east-1', undefined],
    ['us-east1', 'it does not look like an AWS region such as us-east-1 or eu-west-2'],
    ['US-EAST-1', 'it does not look like an AWS region such as us-east-1 or eu-west-2'],
    ['virginia', 'it does not look like an AWS region such as us-east-1 or eu-west-2'],
  ])('region %s', (value, problem) => {
    expect(regionProblem(value)).toBe(problem);
  });

  test('external ids: 2 to 1224 of letters, digits and +=,.@:/-_; bad characters are named, the value is not repeated', () => {
    expect(externalIdProblem('walkthrough-external-id-7c2e')).toBeUndefined();
    expect(externalIdProblem('a+b=c,d.e@f:g/h-i_j')).toBeUndefined();
    expect(externalIdProblem('x')).toBe('it is 1 characters long; STS accepts 2 to 1224');
    expect(externalIdProblem('x'.repeat(1225))).toBe('it is 1225 characters long; STS accepts 2 to 1224');
    expect(externalIdProblem('our id#1 ok')).toBe('it contains a space, "#"; STS accepts only letters, digits and +=,.@:/-_');
  });
});

describe('offline checks', () => {
  const ROLE = 'arn:aws:iam::123456789012:role/amplify-deployer';
  const MFA = 'arn:aws:iam::210987654321:mfa/dev-user';
  const GOOD_CONFIG = `[profile bizcorprole]\nrole_arn = ${ROLE}\nsource_profile = devcorpuser\nmfa_serial = ${MFA}\nexternal_id = walkthrough-id\nregion = us-east-1\n\n[profile devcorpuser]\nregion = us-east-1\n`;
  const GOOD_CREDENTIALS = '[devcorpuser]\naws_access_key_id = AKIAUNITTEST00000001\naws_secret_access_key = unit-secret-never-shown\n';
  let sandbox: Sandbox;
  const made: Sandbox[] = [];
  afterEach(() => made.splice(0).forEach((s) => s.cleanup()));

  function factsFor(
    files: { config?: string; credentials?: string; credentialsMode?: number; configMode?: number },
    profile = 'bizcorprole',
    env: NodeJS.ProcessEnv = {},
  ) {
    sandbox = makeSandbox();
    made.push(sandbox);
    if (files.config !== undefined) sandbox.write('.aws/config', files.config, files.configMode ?? 0o600);
    if (files.credentials !== undefined) sandbox.write('.aws/credentials', files.credentials, files.credentialsMode ?? 0o600);
    return gatherFacts({ env: { ...sandbox.env, ...env }, profile }, 'linux');
  }

  test('the walkthrough setup passes every offline check; messages carry no secret', () => {
    const facts = factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS });
    const outcomes = [
      configFileCheck,
      credentialsFileCheck,
      profileCheck,
      roleArnCheck,
      sourceProfileCheck,
      mfaSerialCheck,
      regionCheck,
      externalIdCheck,
      planCheck,
    ].map((check) => check(facts));
    expect(outcomes.map((o) => o.status)).toEqual(Array(9).fill('pass'));
    expect(planCheck(facts).message).toBe(
      `Kind assume-role: the access keys of "devcorpuser" (AKIA…0001), then AssumeRole ${ROLE} with MFA and an external id.`,
    );
    expect(sourceProfileCheck(facts).message).toBe('Source profile "devcorpuser" has access keys (AKIA…0001).');
    expect(JSON.stringify(outcomes)).not.toMatch(/unit-secret|walkthrough-id|AKIAUNITTEST00000001/);
  });

  test('a config file that holds secret keys and is readable by others is a warning', () => {
    const facts = factsFor({
      config: `${GOOD_CONFIG}[profile other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = other-secret\n`,
      configMode: 0o640,
      credentials: GOOD_CREDENTIALS,
    });
    expect(configFileCheck(facts)).toEqual({
      status: 'warn',
      message: `${sandbox.path('.aws/config')} holds aws_secret_access_key and has mode 640: your group can read or change it.`,
      fix: `chmod 600 ${sandbox.path('.aws/config')} (or move the keys to ${sandbox.path('.aws/credentials')}).`,
    });
    // Without secret keys in it, a readable config file is normal.
    expect(configFileCheck(factsFor({ config: GOOD_CONFIG, configMode: 0o644, credentials: GOOD_CREDENTIALS }))).toEqual({
      status: 'pass',
      message: `${sandbox.path('.aws/config')} exists (2 profiles).`,
    });
  });

  test('no config file: a warning when the profile lives in the credentials file, a failure otherwise', () => {
    const inCredentials = factsFor({ credentials: `[bizcorprole]\nrole_arn = ${ROLE}\nsource_profile = devcorpuser\n${GOOD_CREDENTIALS}` });
    expect(configFileCheck(inCredentials)).toMatchObject({
      status: 'warn',
      message: `${sandbox.path('.aws/config')} does not exist; profile "bizcorprole" is read from ${sandbox.path('.aws/credentials')} only.`,
    });
    expect(configFileCheck(factsFor({ credentials: GOOD_CREDENTIALS })).status).toBe('fail');
  });

  test('AWS_CONFIG_FILE is named, and a path that is a folder fails', () => {
    factsFor({ credentials: GOOD_CREDENTIALS });
    const elsewhere = sandbox.write('elsewhere/cfg', GOOD_CONFIG);
    expect(configFileCheck(gatherFacts({ env: { ...sandbox.env, AWS_CONFIG_FILE: elsewhere }, profile: 'bizcorprole' }, 'linux'))).toEqual({
      status: 'pass',
      message: `${elsewhere} (from AWS_CONFIG_FILE) exists (2 profiles).`,
    });
    const folder = sandbox.path('.aws');
    expect(
      configFileCheck(gatherFacts({ env: { ...sandbox.env, AWS_CONFIG_FILE: folder }, profile: 'bizcorprole' }, 'linux')),
    ).toMatchObject({ status: 'fail', message: `Could not read ${folder}: it is a folder.` });
  });

  test('a malformed line fails the check of the file it is in, naming the line', () => {
    const facts = factsFor({ config: GOOD_CONFIG, credentials: '[devcorpuser\naws_access_key_id = AKIA\n' });
    // The config file is fine, but nothing was parsed: no profile count (it once said "0 profiles" of a file with two).
    expect(configFileCheck(facts)).toEqual({ status: 'pass', message: `${sandbox.path('.aws/config')} exists.` });
    expect(credentialsFileCheck(facts)).toMatchObject({
      status: 'fail',
      message: `${sandbox.path('.aws/credentials')}, line 1: Profile definition must end with ']'.`,
    });
  });

  test('credentials file modes: 600 passes, group- or world-readable warns, missing warns naming the source profile', () => {
    expect(credentialsFileCheck(factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS })).message).toBe(
      `${sandbox.path('.aws/credentials')} exists with mode 600.`,
    );
    expect(credentialsFileCheck(factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS, credentialsMode: 0o640 }))).toMatchObject({
      status: 'warn',
      message: `${sandbox.path('.aws/credentials')} has mode 640: your group can read or change it.`,
    });
    expect(
      credentialsFileCheck(factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS, credentialsMode: 0o604 })).message,
    ).toContain('mode 604: every user can read or change it');
    expect(credentialsFileCheck(factsFor({ config: GOOD_CONFIG }))).toMatchObject({
      status: 'warn',
      fix: expect.stringContaining('with a [devcorpuser] section'),
    });
  });

  test('the default profile and an unknown profile', () => {
    const facts = factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS }, '');
    expect(facts.profile).toBe('default');
    expect(profileCheck(facts)).toEqual({
      status: 'fail',
      message: `Profile "default" (the default profile) is not defined in ${sandbox.path('.aws/config')} or ${sandbox.path('.aws/credentials')}.`,
      fix: `Pass --profile with one of: bizcorprole, devcorpuser; or add a [default] section to ${sandbox.path('.aws/config')}.`,
    });
  });

  test('a static-keys profile: the role settings do not apply', () => {
    const facts = factsFor({ config: GOOD_CONFIG, credentials: GOOD_CREDENTIALS }, 'devcorpuser');
    expect(roleArnCheck(facts)).toEqual({
      status: 'skip',
      message: 'Profile "devcorpuser" has no role_arn (kind: static), so there is no role to check.',
    });
    expect(sourceProfileCheck(facts).status).toBe('skip');
    expect(mfaSerialCheck(facts)).toEqual({
      status: 'skip',
      message: 'Profile "devcorpuser" has no mfa_serial: the role is assumed without MFA.',
    });
    expect(externalIdCheck(facts).status).toBe('skip');
    expect(planCheck(facts).message).toBe('Kind static: the access keys of "devcorpuser" (AKIA…0001).');
  });

  test('source profiles: half a key pair, no source at all, credential_source, a chained role profile', () => {
    const halfKey = factsFor({ config: GOOD_CONFIG, credentials: '[devcorpuser]\naws_access_key_id = AKIAUNITTEST00000001\n' });
    expect(sourceProfileCheck(halfKey)).toEqual({
      status: 'fail',
      message: 'Source profile "devcorpuser" has aws_access_key_id but no aws_secret_access_key.',
      fix: `Add aws_secret_access_key under [devcorpuser] in ${sandbox.path('.aws/credentials')}.`,
    });

    const noSource = factsFor({ config: GOOD_CONFIG.replace('source_profile = devcorpuser\n', ''), credentials: GOOD_CREDENTIALS });
    expect(sourceProfileCheck(noSource)).toEqual({
      status: 'fail',
      message: `[profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) has role_arn but no source_profile, so there are no keys to assume the role with.`,
      fix: `Add "source_profile = devcorpuser" (the profile holding your IAM user's access keys) under [profile bizcorprole] in ${sandbox.path('.aws/config')}.`,
    });

    const instance = factsFor({
      config: GOOD_CONFIG.replace('source_profile = devcorpuser', 'credential_source = Ec2InstanceMetadata'),
      credentials: GOOD_CREDENTIALS,
    });
    expect(sourceProfileCheck(instance)).toEqual({
      status: 'skip',
      message: 'Profile "bizcorprole" assumes its role with credential_source = Ec2InstanceMetadata, not a source profile.',
    });

    const chained = factsFor(
      {
        config: `${GOOD_CONFIG}[profile outer]\nrole_arn = arn:aws:iam::111122223333:role/outer\nsource_profile = bizcorprole\nregion = eu-west-1\n`,
        credentials: GOOD_CREDENTIALS,
      },
      'outer',
    );
    expect(sourceProfileCheck(chained)).toMatchObject({
      status: 'pass',
      message: 'Source profile "bizcorprole" has no access keys of its own; its credentials (kind assume-role) assume the role.',
    });
    expect(planCheck(chained).message).toBe(
      `Kind assume-role: the access keys of "devcorpuser" (AKIA…0001), then AssumeRole ${ROLE} with MFA and an external id, then AssumeRole arn:aws:iam::111122223333:role/outer.`,
    );
  });

  test("the plan check reports the planner's sentence for rules the setting checks do not cover", () => {
    const cycle = factsFor(
      {
        config:
          '[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = b\n[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = a\n',
      },
      'a',
    );
    expect(planCheck(cycle)).toMatchObject({
      status: 'fail',
      message: 'The source_profile chain of profile "a" has a cycle: a -> b -> a.',
    });
  });

  test('mfa_serial: a hardware serial number warns, garbage fails', () => {
    expect(mfaSerialCheck(factsFor({ config: GOOD_CONFIG.replace(MFA, 'GAHT12345678'), credentials: GOOD_CREDENTIALS })).status).toBe(
      'warn',
    );
    expect(mfaSerialCheck(factsFor({ config: GOOD_CONFIG.replace(MFA, '123456'), credentials: GOOD_CREDENTIALS }))).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('is not an MFA device ARN: it must look like arn:aws:iam::123456789012:mfa/NAME'),
    });
  });

  test('region: missing fails unless AWS_REGION provides one (then it warns), malformed fails', () => {
    const config = GOOD_CONFIG.replace('external_id = walkthrough-id\nregion = us-east-1\n', 'external_id = walkthrough-id\n');
    expect(regionCheck(factsFor({ config, credentials: GOOD_CREDENTIALS })).status).toBe('fail');
    expect(regionCheck(factsFor({ config, credentials: GOOD_CREDENTIALS }, 'bizcorprole', { AWS_REGION: 'eu-west-1' }))).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('only AWS_REGION=eu-west-1 provides one'),
    });
    expect(
      regionCheck(
        factsFor({ config: GOOD_CONFIG.replace('region = us-east-1\n\n', 'region = us-east1\n\n'), credentials: GOOD_CREDENTIALS }),
      ),
    ).toMatchObject({
      status: 'fail',
      message: `region = us-east1 in [profile bizcorprole] (${sandbox.path('.aws/config')}, line 1): it does not look like an AWS region such as us-east-1 or eu-west-2.`,
    });
  });

  test('external_id with characters STS refuses fails without repeating the value', () => {
    const outcome = externalIdCheck(
      factsFor({ config: GOOD_CONFIG.replace('walkthrough-id', 'walkthrough id!'), credentials: GOOD_CREDENTIALS }),
    );
    expect(outcome).toMatchObject({
      status: 'fail',
      message: `external_id in [profile bizcorprole] (${sandbox.path('.aws/config')}, line 1) is not a valid external id: it contains a space, "!"; STS accepts only letters, digits and +=,.@:/-_.`,
    });
    expect(outcome.message).not.toContain('walkthrough id!');
  });
});
