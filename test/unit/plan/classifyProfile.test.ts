import type { ProfileSet } from '../../../src/config/types';
import { classifyProfile, classifyProfiles, planCredentialChain, type ProfileSummary } from '../../../src/plan';

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
  [
    'role',
    { kind: 'assume-role', roleArn: ROLE, sourceProfile: 'keys', mfaSerial: 'arn:aws:iam::1:mfa/u', externalId: true, region: 'us-east-1' },
  ],
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
  ['empty', { kind: 'incomplete', missing: 'credentials (access keys, role_arn, credential_process, SSO settings or login_session)' }],
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
    expect(expected.map(([name]) => name).sort()).toEqual(
      Object.keys(profiles)
        .filter((n) => n !== 'loopB')
        .sort(),
    );
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

// Issue 15, item 11: `profiles` planned every chain from its start, quadratic in a source_profile chain's depth.
// classifyProfiles remembers what each profile gives as a source; its rows must be classifyProfile's, exactly.
describe('classifyProfiles: every profile at once, the same rows as classifyProfile', () => {
  test('the table above', () => {
    const names = Object.keys(profiles);
    expect(classifyProfiles(profiles, SESSIONS, names)).toEqual(names.map((name) => classifyProfile(profiles, name, SESSIONS)));
  });

  test('random profile sets: chains, self sources, cycles (through profiles with keys too), missing sources', () => {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    for (let round = 0; round < 800; round++) {
      const count = 1 + Math.floor(random() * (round % 2 ? 14 : 40));
      const names = Array.from({ length: count }, (_, i) => `p${i}`);
      const set: ProfileSet = {};
      for (const name of names) {
        const profile: Record<string, string> = {};
        if (random() < 0.7) profile.role_arn = ROLE;
        if (random() < 0.75) profile.source_profile = random() < 0.05 ? 'ghost' : pick(names);
        if (random() < 0.25) Object.assign(profile, keys(`AKIA${name}`));
        if (random() < 0.05) profile.aws_access_key_id = 'AKIAHALF';
        if (random() < 0.08) profile.credential_source = pick(['Environment', 'Laptop']);
        if (random() < 0.05) profile.credential_process = 'cmd';
        if (random() < 0.05) profile.duration_seconds = '60';
        set[name] = profile;
      }
      const expectedRows = names.map((name) => classifyProfile(set, name, SESSIONS));
      expect({ set, rows: classifyProfiles(set, SESSIONS, names) }).toEqual({ set, rows: expectedRows });
    }
  });

  test('a long chain and a long cycle: linear, and a long cycle is named by its ends', () => {
    const chain: ProfileSet = { p0: keys('AKIABASE') };
    for (let i = 1; i <= 20000; i++) chain[`p${i}`] = { role_arn: ROLE, source_profile: `p${i - 1}` };
    const rows = classifyProfiles(chain);
    expect(rows.filter((row) => row.kind === 'assume-role')).toHaveLength(20000);
    const cycle: ProfileSet = {};
    for (let i = 0; i < 20000; i++) cycle[`c${i}`] = { role_arn: ROLE, source_profile: `c${(i + 1) % 20000}` };
    const cycleRows = classifyProfiles(cycle);
    expect(cycleRows[5]).toMatchObject({
      kind: 'incomplete',
      missing: 'a source profile outside the cycle c5 -> c6 -> c7 -> … -> c3 -> c4 -> c5 (20000 profiles)',
    });
    expect(classifyProfile(cycle, 'c5')).toEqual(cycleRows[5]);
  });

  test('long cycles named by their ends: a tail into a cycle, and a chain back to a profile with keys', () => {
    const set: ProfileSet = { back: { ...keys('AKIABACK'), role_arn: ROLE, source_profile: 'b0' } };
    for (let i = 0; i < 12; i++) set[`b${i}`] = { role_arn: ROLE, source_profile: i === 11 ? 'back' : `b${i + 1}` };
    for (let i = 0; i < 5; i++) set[`t${i}`] = { role_arn: ROLE, source_profile: i === 4 ? 'c0' : `t${i + 1}` };
    for (let i = 0; i < 10; i++) set[`c${i}`] = { role_arn: ROLE, source_profile: `c${(i + 1) % 10}` };
    const names = Object.keys(set);
    const rows = classifyProfiles(set, {}, names);
    expect(rows).toEqual(names.map((name) => classifyProfile(set, name)));
    expect(rows.find((row) => row.name === 'back')?.missing).toBe(
      'a source profile outside the cycle back -> b0 -> b1 -> … -> b10 -> b11 -> back (13 profiles)',
    );
    expect(rows.find((row) => row.name === 't0')?.missing).toBe(
      'a source profile outside the cycle t0 -> t1 -> t2 -> … -> c8 -> c9 -> c0 (15 profiles)',
    );
  });
});
