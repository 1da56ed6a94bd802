import type { ProfileSet } from '../../src/config/types';
import { classifyProfile, planCredentialChain, type ProfileSummary } from '../../src/plan';

// classifyProfile, for `profiles`: the kind follows from the plan, and a profile that cannot be planned is
// `incomplete` with what it lacks (and where, when the fault is in another profile).
const keys = (id: string) => ({ aws_access_key_id: id, aws_secret_access_key: `secret-of-${id}` });
const ROLE = 'arn:aws:iam::123456789012:role/R';
const SESSIONS: ProfileSet = { corp: { sso_start_url: 'https://corp/start', sso_region: 'us-east-1' } };
const profiles: ProfileSet = {
  keys: { ...keys('AKIAK'), region: 'eu-west-1' },
  role: { role_arn: ROLE, source_profile: 'keys', mfa_serial: 'arn:aws:iam::1:mfa/u', external_id: 'the-external-id', region: 'us-east-1' },
  chained: { role_arn: ROLE, source_profile: 'cs' },
  cs: { role_arn: ROLE, credential_source: 'Ec2InstanceMetadata' },
  proc: { credential_process: 'cmd' },
  web: { role_arn: ROLE, web_identity_token_file: '/t' },
  sso: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'R' },
  legacySso: { sso_start_url: 'u', sso_region: 'r', sso_account_id: '1', sso_role_name: 'R' },
  selfRole: { ...keys('AKIAS'), role_arn: ROLE, source_profile: 'selfRole' },
  half: { aws_access_key_id: 'AKIAH' },
  viaHalf: { role_arn: ROLE, source_profile: 'half' },
  orphan: { role_arn: ROLE, source_profile: 'ghost' },
  empty: { region: 'us-east-1' },
  loopA: { role_arn: ROLE, source_profile: 'loopB' },
  loopB: { role_arn: ROLE, source_profile: 'loopA' },
  both: { role_arn: ROLE, source_profile: 'keys', credential_source: 'Environment' },
  badSource: { role_arn: ROLE, credential_source: 'Laptop' },
  noSource: { role_arn: ROLE },
  badDuration: { role_arn: ROLE, source_profile: 'keys', duration_seconds: '60' },
  ssoLogin: { sso_session: 'corp' },
  ssoNoSession: { sso_session: 'gone', sso_account_id: '1', sso_role_name: 'R' },
  csOnly: { credential_source: 'Environment' },
  tokenOnly: { web_identity_token_file: '/t' },
};

const expected: Array<[string, Partial<ProfileSummary>]> = [
  ['keys', { kind: 'static', externalId: false, region: 'eu-west-1' }],
  ['role', { kind: 'assume-role', roleArn: ROLE, sourceProfile: 'keys', mfaSerial: 'arn:aws:iam::1:mfa/u', externalId: true, region: 'us-east-1' }],
  ['chained', { kind: 'assume-role', sourceProfile: 'cs' }],
  ['cs', { kind: 'credential-source', credentialSource: 'Ec2InstanceMetadata' }],
  ['proc', { kind: 'process' }],
  ['web', { kind: 'web-identity', roleArn: ROLE }],
  ['sso', { kind: 'sso' }],
  ['legacySso', { kind: 'sso' }],
  ['selfRole', { kind: 'assume-role' }],
  ['half', { kind: 'incomplete', missing: 'aws_secret_access_key' }],
  ['viaHalf', { kind: 'incomplete', missing: 'aws_secret_access_key in profile "half"' }],
  ['orphan', { kind: 'incomplete', missing: 'source profile "ghost"' }],
  ['empty', { kind: 'incomplete', missing: 'credentials (access keys, role_arn, credential_process or SSO settings)' }],
  ['loopA', { kind: 'incomplete', missing: 'a source profile outside the cycle loopA -> loopB -> loopA' }],
  ['both', { kind: 'incomplete', missing: 'a single role source (it has both source_profile and credential_source)' }],
  ['badSource', { kind: 'incomplete', missing: 'a credential_source of Environment, Ec2InstanceMetadata, EcsContainer' }],
  ['noSource', { kind: 'incomplete', missing: 'source_profile or credential_source' }],
  ['badDuration', { kind: 'incomplete', missing: 'a duration_seconds from 900 to 43200' }],
  ['ssoLogin', { kind: 'incomplete', missing: 'sso_account_id, sso_role_name' }],
  ['ssoNoSession', { kind: 'incomplete', missing: 'an [sso-session gone] section' }],
  ['csOnly', { kind: 'incomplete', missing: 'role_arn (credential_source only sources a role)' }],
  ['tokenOnly', { kind: 'incomplete', missing: 'role_arn (for web_identity_token_file)' }],
];

describe('classifyProfile', () => {
  test.each(expected)('%s', (name, summary) => {
    expect(classifyProfile(profiles, name, SESSIONS)).toMatchObject({ name, ...summary });
  });

  test('every profile of the set is covered above', () => {
    expect(expected.map(([name]) => name).sort()).toEqual(Object.keys(profiles).filter((n) => n !== 'loopB').sort());
  });

  test('kind and plan agree: a classified profile plans, an incomplete one does not', () => {
    for (const name of Object.keys(profiles)) {
      const { kind } = classifyProfile(profiles, name, SESSIONS);
      const plan = () => planCredentialChain(profiles, name, { ssoSessions: SESSIONS });
      if (kind === 'incomplete') expect(plan).toThrow();
      else expect(plan).not.toThrow();
    }
  });

  test('optional fields are absent when not set; external_id shows only as present', () => {
    const summary = classifyProfile(profiles, 'role', SESSIONS);
    expect(Object.keys(classifyProfile(profiles, 'proc'))).toEqual(['name', 'kind', 'externalId']);
    expect(JSON.stringify(summary)).not.toContain('the-external-id');
    expect(JSON.stringify(Object.keys(profiles).map((name) => classifyProfile(profiles, name, SESSIONS)))).not.toMatch(/secret-of-/);
  });

  test('without the sso-session sections, an sso_session profile is incomplete', () => {
    expect(classifyProfile(profiles, 'sso')).toMatchObject({ kind: 'incomplete', missing: 'an [sso-session corp] section' });
  });
});
