import { mergeParsed, parseAwsIni } from '../../src/config';
import { ToolError } from '../../src/errors';
import { classifyProfile, planCredentialChain } from '../../src/plan';

// From ini text to plan: every chain rule, as the AWS CLI applies it, without any network call.
function plan(config: string, credentials: string, profile: string) {
  const merged = mergeParsed(parseAwsIni(config, { file: '/h/.aws/config', kind: 'config' }), parseAwsIni(credentials, { file: '/h/.aws/credentials', kind: 'credentials' }));
  return planCredentialChain(merged.profiles, profile, { origins: merged.origins, ssoSessions: merged.ssoSessions, files: { configFile: '/h/.aws/config', credentialsFile: '/h/.aws/credentials' } });
}

function planError(config: string, credentials: string, profile: string): ToolError {
  try {
    plan(config, credentials, profile);
  } catch (error) {
    expect(error).toBeInstanceOf(ToolError);
    return error as ToolError;
  }
  throw new Error('expected a planning error');
}

const KEYS = (name: string, id = `AKIA${name.toUpperCase().padEnd(16, 'X').slice(0, 16)}`) => `[${name}]\naws_access_key_id = ${id}\naws_secret_access_key = secret-of-${name}\n`;

describe('successful plans', () => {
  test('static keys', () => {
    expect(plan('', KEYS('dev', 'AKIADEV'), 'dev')).toEqual({ profile: 'dev', chain: [{ static: { profile: 'dev', accessKeyId: 'AKIADEV' } }] });
  });

  test('the walkthrough role with every optional field', () => {
    const config = '[profile biz]\nrole_arn = arn:aws:iam::123456789012:role/r\nsource_profile = dev\nmfa_serial = arn:aws:iam::210987654321:mfa/u\nexternal_id = ext\nrole_session_name = s1\nduration_seconds = 3600\n';
    expect(plan(config, KEYS('dev', 'AKIADEV'), 'biz')).toEqual({
      profile: 'biz',
      chain: [
        { static: { profile: 'dev', accessKeyId: 'AKIADEV' } },
        { assumeRole: { profile: 'biz', roleArn: 'arn:aws:iam::123456789012:role/r', sessionName: 's1', externalId: 'ext', mfaSerial: 'arn:aws:iam::210987654321:mfa/u', durationSeconds: 3600 } },
      ],
    });
  });

  test('the plan never contains a secret', () => {
    expect(JSON.stringify(plan('[profile biz]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = dev\n', KEYS('dev'), 'biz'))).not.toContain('secret-of-dev');
  });

  test('source_profile chains of any length, in order', () => {
    const config = ['[profile a]\nrole_arn = arn:a\nsource_profile = b', '[profile b]\nrole_arn = arn:b\nsource_profile = c', '[profile c]\nrole_arn = arn:c\nsource_profile = d'].join('\n');
    const result = plan(config, KEYS('d', 'AKIAD'), 'a');
    expect(result.chain).toEqual([
      { static: { profile: 'd', accessKeyId: 'AKIAD' } },
      { assumeRole: { profile: 'c', roleArn: 'arn:c' } },
      { assumeRole: { profile: 'b', roleArn: 'arn:b' } },
      { assumeRole: { profile: 'a', roleArn: 'arn:a' } },
    ]);
  });

  test('a source profile with static keys ends the chain even if it has role_arn', () => {
    const config = '[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n';
    expect(plan(config, KEYS('b', 'AKIAB'), 'a').chain).toEqual([{ static: { profile: 'b', accessKeyId: 'AKIAB' } }, { assumeRole: { profile: 'a', roleArn: 'arn:a' } }]);
  });

  test('a profile may name itself as source_profile when it has static keys', () => {
    const config = '[profile self]\nrole_arn = arn:self\nsource_profile = self\n';
    expect(plan(config, KEYS('self', 'AKIASELF'), 'self').chain).toEqual([{ static: { profile: 'self', accessKeyId: 'AKIASELF' } }, { assumeRole: { profile: 'self', roleArn: 'arn:self' } }]);
  });

  test('a profile with role_arn ignores its own static keys otherwise', () => {
    const config = '[profile a]\nrole_arn = arn:a\nsource_profile = b\n';
    expect(plan(config, KEYS('a', 'AKIAA') + KEYS('b', 'AKIAB'), 'a').chain[0]).toEqual({ static: { profile: 'b', accessKeyId: 'AKIAB' } });
  });

  test.each(['Environment', 'Ec2InstanceMetadata', 'EcsContainer'])('credential_source = %s', (name) => {
    expect(plan(`[profile a]\nrole_arn = arn:a\ncredential_source = ${name}\n`, '', 'a').chain).toEqual([{ credentialSource: { profile: 'a', name } }, { assumeRole: { profile: 'a', roleArn: 'arn:a' } }]);
  });

  test('credential_process, alone and as a source', () => {
    expect(plan('[profile p]\ncredential_process = /bin/echo hi\n', '', 'p').chain).toEqual([{ process: { profile: 'p', command: '/bin/echo hi' } }]);
    expect(plan('[profile a]\nrole_arn = arn:a\nsource_profile = p\n[profile p]\ncredential_process = cmd\n', '', 'a').chain[0]).toEqual({ process: { profile: 'p', command: 'cmd' } });
  });

  test('sso with an sso-session section, and legacy sso keys', () => {
    const config = '[profile s]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n';
    expect(plan(config, '', 's').chain).toEqual([{ sso: { profile: 's', session: 'corp', startUrl: 'https://corp.awsapps.com/start', accountId: '111122223333', roleName: 'Dev' } }]);
    const legacy = '[profile l]\nsso_start_url = https://x/start\nsso_region = eu-west-1\nsso_account_id = 1\nsso_role_name = R\n';
    expect(plan(legacy, '', 'l').chain).toEqual([{ sso: { profile: 'l', startUrl: 'https://x/start', accountId: '1', roleName: 'R' } }]);
  });

  test('web identity', () => {
    expect(plan('[profile w]\nrole_arn = arn:w\nweb_identity_token_file = /t/token\nrole_session_name = ws\n', '', 'w').chain).toEqual([
      { webIdentity: { profile: 'w', roleArn: 'arn:w', tokenFile: '/t/token', sessionName: 'ws' } },
    ]);
  });

  test('dotted profile names work end to end', () => {
    expect(plan('[profile my.dev]\nrole_arn = arn:x\nsource_profile = base.keys\n', KEYS('base.keys', 'AKIAB'), 'my.dev').chain).toHaveLength(2);
  });
});

describe('errors: one sentence each, naming the profile', () => {
  const cases: Array<[string, string, string, string, string, RegExp]> = [
    ['missing profile', '', '', 'nope', 'ProfileNotFound', /Profile "nope" was not found in \/h\/\.aws\/config or \/h\/\.aws\/credentials/],
    ['missing source profile', '[profile a]\nrole_arn = arn:a\nsource_profile = ghost\n', '', 'a', 'SourceProfileNotFound', /Profile "a" \(\/h\/\.aws\/config, line 1\) uses source_profile "ghost", which does not exist/],
    ['source profile without credentials', '[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nregion = us-east-1\n', '', 'a', 'SourceProfileNoCredentials', /source_profile "b" \(\/h\/\.aws\/config, line 4\), which has no credentials/],
    ['partial keys (id only)', '', '[k]\naws_access_key_id = AKIA1\n', 'k', 'PartialCredentials', /Profile "k" .* has aws_access_key_id but no aws_secret_access_key/],
    ['partial keys (secret only) in a source', '[profile a]\nrole_arn = arn:a\nsource_profile = k\n', '[k]\naws_secret_access_key = s\n', 'a', 'PartialCredentials', /no aws_access_key_id/],
    ['source_profile and credential_source together', '[profile a]\nrole_arn = arn:a\nsource_profile = b\ncredential_source = Environment\n', KEYS('b'), 'a', 'ConflictingSource', /both source_profile and credential_source/],
    ['unknown credential_source', '[profile a]\nrole_arn = arn:a\ncredential_source = Laptop\n', '', 'a', 'InvalidCredentialSource', /credential_source = Laptop, which is not one of Environment, Ec2InstanceMetadata, EcsContainer/],
    ['cycle', '[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n[profile c]\nrole_arn = arn:c\nsource_profile = a\n', '', 'a', 'ProfileCycle', /has a cycle: a -> b -> c -> a\./],
    ['self reference without keys', '[profile a]\nrole_arn = arn:a\nsource_profile = a\n', '', 'a', 'SelfSourceWithoutKeys', /names itself as source_profile but has no access keys/],
    ['role without any source', '[profile a]\nrole_arn = arn:a\n', '', 'a', 'MissingRoleSource', /neither source_profile nor credential_source/],
    ['no credentials at all', '[profile a]\nregion = us-east-1\n', '', 'a', 'NoCredentials', /Profile "a" .* has no credentials/],
    ['credential_source without role_arn', '[profile a]\ncredential_source = Environment\n', '', 'a', 'MissingRoleArn', /credential_source but no role_arn/],
    ['duration not a number', '[profile a]\nrole_arn = arn:a\nsource_profile = b\nduration_seconds = an hour\n', KEYS('b'), 'a', 'InvalidDuration', /duration_seconds = an hour; it must be a whole number of seconds from 900 to 43200/],
    ['duration out of range', '[profile a]\nrole_arn = arn:a\nsource_profile = b\nduration_seconds = 60\n', KEYS('b'), 'a', 'InvalidDuration', /duration_seconds = 60/],
    ['sso-session section missing', '[profile s]\nsso_session = nope\nsso_account_id = 1\nsso_role_name = R\n', '', 's', 'SsoSessionNotFound', /no \[sso-session nope\] section/],
    ['legacy sso incomplete', '[profile s]\nsso_start_url = https://x\n', '', 's', 'IncompleteSso', /without sso_account_id, sso_role_name, sso_region/],
  ];
  test.each(cases)('%s', (_label, config, credentials, profile, code, message) => {
    const error = planError(config, credentials, profile);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).not.toContain('secret-of');
  });
});

describe('classifyProfile', () => {
  const config = [
    '[profile role]\nrole_arn = arn:r\nsource_profile = keys\nmfa_serial = arn:m\nexternal_id = e\nregion = eu-west-1',
    '[profile cs]\nrole_arn = arn:r\ncredential_source = Environment',
    '[profile orphan]\nrole_arn = arn:r\nsource_profile = ghost',
    '[profile proc]\ncredential_process = x',
    '[profile web]\nrole_arn = arn:w\nweb_identity_token_file = /t',
    '[profile sso]\nsso_start_url = u\nsso_region = r\nsso_account_id = 1\nsso_role_name = n',
    '[profile empty]\nregion = us-east-1',
  ].join('\n');
  const merged = mergeParsed(parseAwsIni(config, { file: 'c', kind: 'config' }), parseAwsIni(`${KEYS('keys')}[half]\naws_access_key_id = AKIA\n`, { file: 'k', kind: 'credentials' }));
  test.each([
    ['role', { kind: 'assume-role', roleArn: 'arn:r', mfaSerial: 'arn:m', externalId: true, region: 'eu-west-1', sourceProfile: 'keys' }],
    ['cs', { kind: 'credential-source' }],
    ['orphan', { kind: 'incomplete', missing: 'source_profile "ghost" does not exist' }],
    ['proc', { kind: 'process' }],
    ['web', { kind: 'web-identity' }],
    ['sso', { kind: 'sso' }],
    ['keys', { kind: 'static', externalId: false }],
    ['half', { kind: 'incomplete', missing: 'aws_secret_access_key' }],
    ['empty', { kind: 'incomplete' }],
  ])('%s', (name, expected) => {
    expect(classifyProfile(merged.profiles, name, merged.ssoSessions)).toMatchObject({ name, ...expected });
  });
});
