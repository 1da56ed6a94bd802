import type { ProfileOrigin, ProfileSet } from '../../../src/config/types';
import { ToolError } from '../../../src/errors';
import { ChainPlanError, planCredentialChain } from '../../../src/plan';

// Every configuration mistake the planner reports: its own code, one sentence naming the profile (and the
// file and line when known), what the profile lacks, and never a secret.
const keys = (id: string) => ({ aws_access_key_id: id, aws_secret_access_key: `secret-of-${id}` });
const ROLE = 'arn:aws:iam::123456789012:role/R';
const CONFIG = '/home/u/.aws/config';
const SESSIONS: ProfileSet = {
  corp: { sso_start_url: 'https://corp/start', sso_region: 'us-east-1' },
  nourl: { sso_region: 'us-east-1' },
  noregion: { sso_start_url: 'https://corp/start' },
};

/** Profile "X" is defined at line 10 + its position in the set: every message can be checked for its place. */
function originsOf(profiles: ProfileSet): Record<string, ProfileOrigin> {
  return Object.fromEntries(Object.keys(profiles).map((name, index) => [name, { file: CONFIG, line: 10 + index }]));
}

function planError(profiles: ProfileSet, selected: string, withOrigins = true): ChainPlanError {
  try {
    planCredentialChain(profiles, selected, { ssoSessions: SESSIONS, ...(withOrigins ? { origins: originsOf(profiles) } : {}) });
  } catch (error) {
    expect(error).toBeInstanceOf(ChainPlanError);
    return error as ChainPlanError;
  }
  throw new Error('expected a planning error');
}

interface ErrorCase {
  rule: string;
  profiles: ProfileSet;
  selected?: string;
  code: string;
  message: RegExp;
  /** The profile that needs the fix, and what it lacks. */
  profile: string;
  missing: string | RegExp;
}

const at = (line: number) => `\\(${CONFIG.replace(/\./g, '\\.')}, line ${line}\\)`;

const cases: ErrorCase[] = [
  {
    rule: 'missing profile',
    profiles: { other: keys('AKIAO') },
    selected: 'nope',
    code: 'ProfileNotFound',
    message: /^Profile "nope" was not found\.$/,
    profile: 'nope',
    missing: 'a [profile nope] section',
  },
  {
    rule: 'missing profile named like an Object.prototype member',
    profiles: {},
    selected: 'constructor',
    code: 'ProfileNotFound',
    message: /^Profile "constructor" was not found/,
    profile: 'constructor',
    missing: /constructor/,
  },
  {
    rule: 'missing source profile',
    profiles: { A: { role_arn: ROLE, source_profile: 'ghost' } },
    code: 'SourceProfileNotFound',
    message: new RegExp(`^Profile "A" ${at(10)} uses source_profile "ghost", which does not exist\\.$`),
    profile: 'A',
    missing: 'source profile "ghost"',
  },
  {
    rule: 'missing source profile named like an Object.prototype member',
    profiles: { A: { role_arn: ROLE, source_profile: 'hasOwnProperty' } },
    code: 'SourceProfileNotFound',
    message: /source_profile "hasOwnProperty", which does not exist/,
    profile: 'A',
    missing: /hasOwnProperty/,
  },
  {
    rule: 'source profile with no credentials (empty)',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: {} },
    code: 'SourceProfileNoCredentials',
    message: new RegExp(`^Profile "A" uses source_profile "B", but profile "B" ${at(11)} has no credentials`),
    profile: 'B',
    missing: /^credentials/,
  },
  {
    rule: 'source profile with only a region, two links down',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: { role_arn: ROLE, source_profile: 'C' }, C: { region: 'us-east-1' } },
    code: 'SourceProfileNoCredentials',
    message: /^Profile "B" uses source_profile "C", but profile "C" .*line 12\) has no credentials/,
    profile: 'C',
    missing: /^credentials/,
  },
  {
    rule: 'partial keys: id without secret',
    profiles: { A: { aws_access_key_id: 'AKIA1' } },
    code: 'PartialCredentials',
    message: new RegExp(`^Profile "A" ${at(10)} has aws_access_key_id but no aws_secret_access_key\\.$`),
    profile: 'A',
    missing: 'aws_secret_access_key',
  },
  {
    rule: 'partial keys: secret without id',
    profiles: { A: { aws_secret_access_key: 'secret-of-nobody' } },
    code: 'PartialCredentials',
    message: /^Profile "A" .* has aws_secret_access_key but no aws_access_key_id\.$/,
    profile: 'A',
    missing: 'aws_access_key_id',
  },
  {
    rule: 'partial keys in a source profile (id only)',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: { aws_access_key_id: 'AKIAB' } },
    code: 'PartialCredentials',
    message: /^Profile "B" .*line 11\) has aws_access_key_id but no aws_secret_access_key/,
    profile: 'B',
    missing: 'aws_secret_access_key',
  },
  {
    rule: 'partial keys in a source profile that also has role_arn (keys still end the chain)',
    profiles: {
      A: { role_arn: ROLE, source_profile: 'B' },
      B: { role_arn: ROLE, source_profile: 'C', aws_secret_access_key: 'secret-of-b' },
      C: keys('AKIAC'),
    },
    code: 'PartialCredentials',
    message: /^Profile "B" .* has aws_secret_access_key but no aws_access_key_id/,
    profile: 'B',
    missing: 'aws_access_key_id',
  },
  {
    rule: 'partial keys in a self-referencing profile',
    profiles: { A: { role_arn: ROLE, source_profile: 'A', aws_access_key_id: 'AKIAA' } },
    code: 'PartialCredentials',
    message: /^Profile "A" .* has aws_access_key_id but no aws_secret_access_key/,
    profile: 'A',
    missing: 'aws_secret_access_key',
  },
  {
    rule: 'source_profile and credential_source together',
    profiles: { A: { role_arn: ROLE, source_profile: 'B', credential_source: 'Environment' }, B: keys('AKIAB') },
    code: 'ConflictingSource',
    message: new RegExp(`^Profile "A" ${at(10)} has both source_profile and credential_source`),
    profile: 'A',
    missing: /single role source/,
  },
  {
    rule: 'role_arn without source_profile or credential_source',
    profiles: { A: { role_arn: ROLE, mfa_serial: 'arn:aws:iam::1:mfa/u' } },
    code: 'MissingRoleSource',
    message: /^Profile "A" .* has role_arn but neither source_profile nor credential_source/,
    profile: 'A',
    missing: 'source_profile or credential_source',
  },
  {
    rule: 'role_arn without a source, own keys notwithstanding',
    profiles: { A: { ...keys('AKIAA'), role_arn: ROLE } },
    code: 'MissingRoleSource',
    message: /neither source_profile nor credential_source/,
    profile: 'A',
    missing: 'source_profile or credential_source',
  },
  {
    rule: 'unknown credential_source',
    profiles: { A: { role_arn: ROLE, credential_source: 'Laptop' } },
    code: 'InvalidCredentialSource',
    message: /^Profile "A" .* has credential_source = Laptop, which is not one of Environment, Ec2InstanceMetadata, EcsContainer\.$/,
    profile: 'A',
    missing: /credential_source of Environment/,
  },
  {
    rule: 'credential_source names are case-sensitive',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: { role_arn: ROLE, credential_source: 'environment' } },
    code: 'InvalidCredentialSource',
    message: /^Profile "B" .*line 11\) has credential_source = environment/,
    profile: 'B',
    missing: /credential_source/,
  },
  {
    rule: 'cycle of two',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: { role_arn: ROLE, source_profile: 'A' } },
    code: 'ProfileCycle',
    message: /^The source_profile chain of profile "A" has a cycle: A -> B -> A\.$/,
    profile: 'A',
    missing: /cycle A -> B -> A/,
  },
  {
    rule: 'cycle back to a selected profile that has keys of its own (they are ignored, as its role is wanted)',
    profiles: { A: { ...keys('AKIAA'), role_arn: ROLE, source_profile: 'B' }, B: { role_arn: ROLE, source_profile: 'A' } },
    code: 'ProfileCycle',
    message: /cycle: A -> B -> A\./,
    profile: 'A',
    missing: /cycle/,
  },
  {
    rule: 'cycle of three',
    profiles: {
      A: { role_arn: ROLE, source_profile: 'B' },
      B: { role_arn: ROLE, source_profile: 'C' },
      C: { role_arn: ROLE, source_profile: 'A' },
    },
    code: 'ProfileCycle',
    message: /cycle: A -> B -> C -> A\./,
    profile: 'A',
    missing: /cycle/,
  },
  {
    rule: 'cycle that does not pass through the selected profile',
    profiles: {
      A: { role_arn: ROLE, source_profile: 'B' },
      B: { role_arn: ROLE, source_profile: 'C' },
      C: { role_arn: ROLE, source_profile: 'B' },
    },
    code: 'ProfileCycle',
    message: /of profile "A" has a cycle: A -> B -> C -> B\./,
    profile: 'A',
    missing: /cycle/,
  },
  {
    rule: 'a profile that is its own source_profile without keys',
    profiles: { A: { role_arn: ROLE, source_profile: 'A' } },
    code: 'SelfSourceWithoutKeys',
    message: new RegExp(`^Profile "A" ${at(10)} names itself as source_profile but has no access keys of its own\\.$`),
    profile: 'A',
    missing: /access keys/,
  },
  {
    rule: 'a self-referencing source profile without keys',
    profiles: { A: { role_arn: ROLE, source_profile: 'B' }, B: { role_arn: ROLE, source_profile: 'B', credential_process: 'cmd' } },
    code: 'SelfSourceWithoutKeys',
    message: /^Profile "B" .* names itself as source_profile/,
    profile: 'B',
    missing: /access keys/,
  },
  {
    rule: 'no credentials at all',
    profiles: { A: { region: 'us-east-1' } },
    code: 'NoCredentials',
    message: /^Profile "A" .* has no credentials: no access keys, role_arn, credential_process, SSO settings or login_session\.$/,
    profile: 'A',
    missing: /^credentials/,
  },
  {
    rule: 'upper-case key names are not the SDK keys',
    profiles: { A: { AWS_ACCESS_KEY_ID: 'AKIAA', AWS_SECRET_ACCESS_KEY: 'secret-of-upper' } },
    code: 'NoCredentials',
    message: /^Profile "A" .* has no credentials/,
    profile: 'A',
    missing: /^credentials/,
  },
  {
    rule: 'credential_source without role_arn',
    profiles: { A: { credential_source: 'Environment' } },
    code: 'MissingRoleArn',
    message: /^Profile "A" .* has credential_source but no role_arn/,
    profile: 'A',
    missing: /^role_arn/,
  },
  {
    rule: 'web_identity_token_file without role_arn (even with keys: botocore tries web identity first)',
    profiles: { A: { ...keys('AKIAA'), web_identity_token_file: '/t' } },
    code: 'MissingWebIdentityRoleArn',
    message: /^Profile "A" .* has web_identity_token_file but no role_arn/,
    profile: 'A',
    missing: /^role_arn/,
  },
  ...['an hour', '3600.5', '1e4', '-900', '0x384'].map((value) => ({
    rule: `duration_seconds = ${value} is not a whole number`,
    profiles: { A: { role_arn: ROLE, source_profile: 'B', duration_seconds: value }, B: keys('AKIAB') },
    code: 'InvalidDuration',
    message: new RegExp(
      `^Profile "A" ${at(10)} has duration_seconds = ${value.replace(/\./g, '\\.')}; it must be a whole number of seconds from 900 to 43200\\.$`,
    ),
    profile: 'A',
    missing: /duration_seconds from 900 to 43200/,
  })),
  ...['899', '43201', '0'].map((value) => ({
    rule: `duration_seconds = ${value} is out of range`,
    profiles: {
      A: { role_arn: ROLE, source_profile: 'B' },
      B: { role_arn: ROLE, source_profile: 'C', duration_seconds: value },
      C: keys('AKIAC'),
    },
    code: 'InvalidDuration',
    message: new RegExp(`^Profile "B" .*line 11\\) has duration_seconds = ${value};`),
    profile: 'B',
    missing: /duration_seconds/,
  })),
  {
    rule: 'sso_session naming a missing section',
    profiles: { A: { sso_session: 'nope', sso_account_id: '1', sso_role_name: 'R' } },
    code: 'SsoSessionNotFound',
    message: /^Profile "A" .* names sso_session "nope", but there is no \[sso-session nope\] section\.$/,
    profile: 'A',
    missing: 'an [sso-session nope] section',
  },
  {
    rule: 'legacy SSO without sso_region',
    profiles: { A: { sso_start_url: 'https://x', sso_account_id: '1', sso_role_name: 'R' } },
    code: 'IncompleteSso',
    message: /^Profile "A" .* is an SSO profile without sso_region\.$/,
    profile: 'A',
    missing: 'sso_region',
  },
  {
    rule: 'legacy SSO with only an account id',
    profiles: { A: { sso_account_id: '1' } },
    code: 'IncompleteSso',
    message: /without sso_start_url, sso_region, sso_role_name\.$/,
    profile: 'A',
    missing: 'sso_start_url, sso_region, sso_role_name',
  },
  {
    rule: 'sso-session section without sso_start_url',
    profiles: { A: { sso_session: 'nourl', sso_account_id: '1', sso_role_name: 'R' } },
    code: 'IncompleteSso',
    message: /is an SSO profile \(with \[sso-session nourl\]\) without sso_start_url\.$/,
    profile: 'A',
    missing: 'sso_start_url',
  },
  {
    rule: 'sso-session section without sso_region',
    profiles: { A: { sso_session: 'noregion', sso_account_id: '1', sso_role_name: 'R' } },
    code: 'IncompleteSso',
    message: /without sso_region\.$/,
    profile: 'A',
    missing: 'sso_region',
  },
  {
    rule: 'SSO login settings without an account or role',
    profiles: { A: { sso_session: 'corp' } },
    code: 'IncompleteSso',
    message: /without sso_account_id, sso_role_name\.$/,
    profile: 'A',
    missing: 'sso_account_id, sso_role_name',
  },
  {
    rule: 'a profile value that contradicts its sso-session',
    profiles: { A: { sso_session: 'corp', sso_start_url: 'https://other/start', sso_account_id: '1', sso_role_name: 'R' } },
    code: 'SsoSessionConflict',
    message: /^Profile "A" .* sets sso_start_url to a different value than its \[sso-session corp\] section\.$/,
    profile: 'A',
    missing: /sso_start_url/,
  },
];

describe('planCredentialChain: errors', () => {
  test.each(cases.map((c) => [c.rule, c] as const))('%s', (_rule, c) => {
    const error = planError(c.profiles, c.selected ?? 'A');
    expect(error).toBeInstanceOf(ToolError);
    expect(error.code).toBe(c.code);
    expect(error.exitCode).toBe(1);
    expect(error.message).toMatch(c.message);
    expect(error.message).toContain(`"${c.profile}"`);
    expect(error.message.split('\n')).toHaveLength(1);
    expect(error.message).toMatch(/\.$/);
    expect(error.profile).toBe(c.profile);
    if (typeof c.missing === 'string') expect(error.missing).toBe(c.missing);
    else expect(error.missing).toMatch(c.missing);
    expect(`${error.message} ${error.resolution ?? ''} ${error.missing}`).not.toMatch(/secret-of-/);
  });

  test('each rule has its own code', () => {
    const codeByRule = new Map<string, string>();
    for (const c of cases) codeByRule.set(c.code, c.rule);
    expect([...codeByRule.keys()].sort()).toEqual(
      [
        'ConflictingSource',
        'IncompleteSso',
        'InvalidCredentialSource',
        'InvalidDuration',
        'MissingRoleArn',
        'MissingRoleSource',
        'MissingWebIdentityRoleArn',
        'NoCredentials',
        'PartialCredentials',
        'ProfileCycle',
        'ProfileNotFound',
        'SelfSourceWithoutKeys',
        'SourceProfileNoCredentials',
        'SourceProfileNotFound',
        'SsoSessionConflict',
        'SsoSessionNotFound',
      ].sort(),
    );
  });

  test('without origins, messages name the profile without a place', () => {
    const error = planError({ A: { role_arn: ROLE, source_profile: 'ghost' } }, 'A', false);
    expect(error.message).toBe('Profile "A" uses source_profile "ghost", which does not exist.');
  });

  test('"not found" names both files when they are given', () => {
    expect(() => planCredentialChain({}, 'dev', { files: { configFile: '/c', credentialsFile: '/k' } })).toThrow(
      'Profile "dev" was not found in /c or /k.',
    );
  });

  test('the errors print as JSON with code, message and resolution only', () => {
    const error = planError({ A: { role_arn: ROLE, source_profile: 'ghost' } }, 'A');
    expect(Object.keys(error.toJSON()).sort()).toEqual(['code', 'message', 'resolution']);
  });
});
