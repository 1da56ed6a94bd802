import type { ProfileSet } from '../../../src/config/types';
import { planCredentialChain } from '../../../src/plan';

// Profiles in, plan out: the successful-plan rules, without files or network. The first cases are the
// smithy-rs assume-role test data in our plan's shape; the rest are botocore rules that data does not cover.
const keys = (id: string, extra: Record<string, string> = {}) => ({
  aws_access_key_id: id,
  aws_secret_access_key: `secret-of-${id}`,
  ...extra,
});
const ROLE = (letter: string) => `arn:aws:iam::123456789012:role/Role${letter}`;
const SESSIONS: ProfileSet = {
  corp: { sso_start_url: 'https://corp.awsapps.com/start', sso_region: 'us-east-1' },
  partial: { sso_start_url: 'https://partial.awsapps.com/start' },
};

interface Case {
  docs: string;
  profiles: ProfileSet;
  selected?: string;
  chain: unknown[];
}

const cases: Case[] = [
  {
    docs: 'a role_arn backed by static keys',
    profiles: { A: { role_arn: ROLE('A'), source_profile: 'B' }, B: keys('abc123') },
    chain: [{ static: { profile: 'B', accessKeyId: 'abc123' } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  },
  {
    docs: 'the selected profile ignores its own keys when it has role_arn and source_profile',
    profiles: { A: { ...keys('own'), role_arn: ROLE('A'), source_profile: 'B' }, B: keys('ghi890') },
    chain: [{ static: { profile: 'B', accessKeyId: 'ghi890' } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  },
  {
    docs: 'role_session_name becomes sessionName',
    profiles: { A: { role_arn: ROLE('A'), role_session_name: 'my_session_name', source_profile: 'B' }, B: keys('abc123') },
    chain: [
      { static: { profile: 'B', accessKeyId: 'abc123' } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A'), sessionName: 'my_session_name' } },
    ],
  },
  {
    docs: 'external_id becomes externalId',
    profiles: { A: { role_arn: ROLE('A'), external_id: 'my_external_id', source_profile: 'B' }, B: keys('abc123') },
    chain: [
      { static: { profile: 'B', accessKeyId: 'abc123' } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A'), externalId: 'my_external_id' } },
    ],
  },
  {
    docs: 'a profile that is its own source_profile assumes its role with its own keys',
    profiles: { A: { ...keys('abc123'), role_arn: ROLE('A'), source_profile: 'A' } },
    chain: [{ static: { profile: 'A', accessKeyId: 'abc123' } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  },
  ...(['Environment', 'Ec2InstanceMetadata', 'EcsContainer'] as const).map((name) => ({
    docs: `credential_source = ${name}`,
    profiles: { A: { role_arn: ROLE('A'), credential_source: name } },
    chain: [{ credentialSource: { profile: 'A', name } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  })),
  {
    docs: 'two chained roles, innermost first',
    profiles: { A: { role_arn: ROLE('A'), source_profile: 'B' }, B: { role_arn: ROLE('B'), source_profile: 'C' }, C: keys('mno456') },
    chain: [
      { static: { profile: 'C', accessKeyId: 'mno456' } },
      { assumeRole: { profile: 'B', roleArn: ROLE('B') } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A') } },
    ],
  },
  {
    docs: 'a source profile with static keys ends the chain even though it has role_arn',
    profiles: {
      A: { ...keys('bug_if_returned_a'), role_arn: ROLE('A'), source_profile: 'B' },
      B: { ...keys('profile_b_key'), role_arn: ROLE('B'), source_profile: 'C' },
      C: keys('bug_if_returned_c'),
    },
    chain: [{ static: { profile: 'B', accessKeyId: 'profile_b_key' } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  },
  {
    docs: 'web identity role',
    profiles: { A: { role_arn: ROLE('A'), web_identity_token_file: '/var/token.jwt' } },
    chain: [{ webIdentity: { profile: 'A', roleArn: ROLE('A'), tokenFile: '/var/token.jwt' } }],
  },
  {
    docs: 'web identity role with a session name',
    profiles: { A: { role_arn: ROLE('A'), web_identity_token_file: '/var/token.jwt', role_session_name: 'some_session_name' } },
    chain: [{ webIdentity: { profile: 'A', roleArn: ROLE('A'), tokenFile: '/var/token.jwt', sessionName: 'some_session_name' } }],
  },
  {
    docs: 'a web identity profile as a source profile',
    profiles: {
      A: { role_arn: ROLE('A'), source_profile: 'B' },
      B: { role_arn: ROLE('B'), web_identity_token_file: '/var/token.jwt', role_session_name: 's' },
    },
    chain: [
      { webIdentity: { profile: 'B', roleArn: ROLE('B'), tokenFile: '/var/token.jwt', sessionName: 's' } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A') } },
    ],
  },
  // Beyond the smithy-rs data: botocore behaviour.
  {
    docs: 'web_identity_token_file wins over source_profile (botocore hands such a profile to the web identity provider)',
    profiles: { A: { role_arn: ROLE('A'), web_identity_token_file: '/t', source_profile: 'B' }, B: keys('unused') },
    chain: [{ webIdentity: { profile: 'A', roleArn: ROLE('A'), tokenFile: '/t' } }],
  },
  {
    docs: 'static keys alone; a session token stays out of the plan like the secret',
    profiles: { dev: keys('AKIADEV', { aws_session_token: 'token-of-dev' }) },
    selected: 'dev',
    chain: [{ static: { profile: 'dev', accessKeyId: 'AKIADEV' } }],
  },
  {
    docs: 'credential_process alone',
    profiles: { p: { credential_process: '/usr/bin/get-creds --json' } },
    selected: 'p',
    chain: [{ process: { profile: 'p', command: '/usr/bin/get-creds --json' } }],
  },
  {
    docs: 'credential_process as a source profile',
    profiles: { A: { role_arn: ROLE('A'), source_profile: 'p' }, p: { credential_process: 'cmd' } },
    chain: [{ process: { profile: 'p', command: 'cmd' } }, { assumeRole: { profile: 'A', roleArn: ROLE('A') } }],
  },
  {
    docs: 'access keys come before credential_process in the same profile',
    profiles: { both: { ...keys('AKIABOTH'), credential_process: 'cmd' } },
    selected: 'both',
    chain: [{ static: { profile: 'both', accessKeyId: 'AKIABOTH' } }],
  },
  {
    docs: 'legacy SSO settings in the profile',
    profiles: { s: { sso_start_url: 'https://x/start', sso_region: 'eu-west-1', sso_account_id: '111122223333', sso_role_name: 'Dev' } },
    selected: 's',
    chain: [{ sso: { profile: 's', startUrl: 'https://x/start', region: 'eu-west-1', accountId: '111122223333', roleName: 'Dev' } }],
  },
  {
    docs: 'sso_session takes sso_start_url and sso_region from the [sso-session] section',
    profiles: { s: { sso_session: 'corp', sso_account_id: '111122223333', sso_role_name: 'Dev' } },
    selected: 's',
    chain: [
      {
        sso: {
          profile: 's',
          session: 'corp',
          startUrl: 'https://corp.awsapps.com/start',
          region: 'us-east-1',
          accountId: '111122223333',
          roleName: 'Dev',
        },
      },
    ],
  },
  {
    docs: 'sso_session whose section lacks sso_region, with sso_region in the profile',
    profiles: { s: { sso_session: 'partial', sso_region: 'ap-south-1', sso_account_id: '1', sso_role_name: 'R' } },
    selected: 's',
    chain: [
      {
        sso: {
          profile: 's',
          session: 'partial',
          startUrl: 'https://partial.awsapps.com/start',
          region: 'ap-south-1',
          accountId: '1',
          roleName: 'R',
        },
      },
    ],
  },
  {
    docs: 'the same value in the profile and its sso-session is fine',
    profiles: { s: { sso_session: 'corp', sso_region: 'us-east-1', sso_account_id: '1', sso_role_name: 'R' } },
    selected: 's',
    chain: [
      {
        sso: {
          profile: 's',
          session: 'corp',
          startUrl: 'https://corp.awsapps.com/start',
          region: 'us-east-1',
          accountId: '1',
          roleName: 'R',
        },
      },
    ],
  },
  {
    docs: 'an SSO profile as a source profile',
    profiles: { A: { role_arn: ROLE('A'), source_profile: 's' }, s: { sso_session: 'corp', sso_account_id: '1', sso_role_name: 'R' } },
    chain: [
      {
        sso: {
          profile: 's',
          session: 'corp',
          startUrl: 'https://corp.awsapps.com/start',
          region: 'us-east-1',
          accountId: '1',
          roleName: 'R',
        },
      },
      { assumeRole: { profile: 'A', roleArn: ROLE('A') } },
    ],
  },
  {
    docs: 'a credential_source role as a source profile',
    profiles: { A: { role_arn: ROLE('A'), source_profile: 'B' }, B: { role_arn: ROLE('B'), credential_source: 'Environment' } },
    chain: [
      { credentialSource: { profile: 'B', name: 'Environment' } },
      { assumeRole: { profile: 'B', roleArn: ROLE('B') } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A') } },
    ],
  },
  {
    docs: 'every assume-role option, at the bounds of duration_seconds',
    profiles: {
      A: {
        role_arn: ROLE('A'),
        source_profile: 'B',
        role_session_name: 'sa',
        external_id: 'ea',
        mfa_serial: 'arn:aws:iam::210987654321:mfa/u',
        duration_seconds: '43200',
      },
      B: { role_arn: ROLE('B'), source_profile: 'C', duration_seconds: '900' },
      C: keys('AKIAC'),
    },
    chain: [
      { static: { profile: 'C', accessKeyId: 'AKIAC' } },
      { assumeRole: { profile: 'B', roleArn: ROLE('B'), durationSeconds: 900 } },
      {
        assumeRole: {
          profile: 'A',
          roleArn: ROLE('A'),
          sessionName: 'sa',
          externalId: 'ea',
          mfaSerial: 'arn:aws:iam::210987654321:mfa/u',
          durationSeconds: 43200,
        },
      },
    ],
  },
  {
    docs: 'values are trimmed and empty values count as unset',
    profiles: {
      A: { role_arn: ` ${ROLE('A')} `, source_profile: ' B ', external_id: '', mfa_serial: '  ', duration_seconds: ' 3600 ' },
      B: keys('AKIAB'),
    },
    chain: [
      { static: { profile: 'B', accessKeyId: 'AKIAB' } },
      { assumeRole: { profile: 'A', roleArn: ROLE('A'), durationSeconds: 3600 } },
    ],
  },
  {
    docs: 'an empty role_arn does not make a role profile',
    profiles: { A: { ...keys('AKIAA'), role_arn: '', source_profile: 'B' } },
    chain: [{ static: { profile: 'A', accessKeyId: 'AKIAA' } }],
  },
  {
    docs: 'key names are matched exactly: upper-case ROLE_ARN is not role_arn',
    profiles: { A: { ...keys('AKIAA'), ROLE_ARN: ROLE('A'), Source_Profile: 'B' }, B: keys('AKIAB') },
    chain: [{ static: { profile: 'A', accessKeyId: 'AKIAA' } }],
  },
  {
    docs: 'credential_source without role_arn is ignored when the profile has keys (botocore reads it only for roles)',
    profiles: { A: { ...keys('AKIAA'), credential_source: 'Environment' } },
    chain: [{ static: { profile: 'A', accessKeyId: 'AKIAA' } }],
  },
  {
    docs: 'profile names that are Object.prototype members are ordinary names',
    profiles: { constructor: { role_arn: ROLE('A'), source_profile: 'toString' }, toString: keys('AKIAT') },
    selected: 'constructor',
    chain: [{ static: { profile: 'toString', accessKeyId: 'AKIAT' } }, { assumeRole: { profile: 'constructor', roleArn: ROLE('A') } }],
  },
];

describe('planCredentialChain: successful plans', () => {
  test.each(cases.map((c) => [c.docs, c] as const))('%s', (_docs, c) => {
    const selected = c.selected ?? 'A';
    // toStrictEqual: an optional field that is not configured must be absent, not undefined.
    expect(planCredentialChain(c.profiles, selected, { ssoSessions: SESSIONS })).toStrictEqual({ profile: selected, chain: c.chain });
  });

  test('no plan contains a secret key or session token', () => {
    for (const c of cases) {
      const json = JSON.stringify(planCredentialChain(c.profiles, c.selected ?? 'A', { ssoSessions: SESSIONS }));
      expect(json).not.toMatch(/secret-of-|token-of-/);
    }
  });

  test.each([2, 5, 20])('source_profile chains of any length (%i roles)', (length) => {
    const profiles: ProfileSet = { [`p${length}`]: keys('AKIALAST') };
    for (let i = 0; i < length; i++) profiles[`p${i}`] = { role_arn: ROLE(String(i)), source_profile: `p${i + 1}` };
    const plan = planCredentialChain(profiles, 'p0');
    expect(plan.chain[0]).toStrictEqual({ static: { profile: `p${length}`, accessKeyId: 'AKIALAST' } });
    expect(plan.chain.slice(1).map((step) => ('assumeRole' in step ? step.assumeRole.profile : '?'))).toEqual(
      Array.from({ length }, (_, i) => `p${length - 1 - i}`),
    );
  });

  test('the input profiles are not modified', () => {
    const profiles: ProfileSet = { A: { role_arn: ROLE('A'), source_profile: 'B' }, B: keys('AKIAB') };
    const before = JSON.stringify(profiles);
    planCredentialChain(profiles, 'A');
    expect(JSON.stringify(profiles)).toBe(before);
  });
});
