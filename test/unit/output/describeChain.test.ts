import { describeChain, describeHopDuration, printablePlan } from '../../../src/output/describeChain';
import type { ChainBase, CredentialChain } from '../../../src/plan/types';
import type { HopSession } from '../../../src/plan/sessionDurations';

// `chain` prints the plan for people (numbered steps) and for scripts (--json, the data itself); both show an access
// key id only masked.

const KEY = 'AKIAIOSFODNN7EXAMPLE';
const hop = (over: Partial<HopSession> = {}): HopSession => ({
  profile: 'biz',
  roleArn: 'arn:aws:iam::123456789012:role/deployer',
  seconds: 3600,
  capped: false,
  ...over,
});

describe('describeChain: each base in words', () => {
  test.each<[string, ChainBase, string]>([
    ['static keys, masked', { static: { profile: 'dev', accessKeyId: KEY } }, 'access keys of profile "dev" (AKIA…MPLE)'],
    ['vault keys, masked', { vault: { profile: 'dev', accessKeyId: KEY } }, 'access keys of profile "dev" from the vault (AKIA…MPLE)'],
    [
      'credential_source',
      { credentialSource: { profile: 'ec2', name: 'Ec2InstanceMetadata' } },
      'credential_source Ec2InstanceMetadata (profile "ec2")',
    ],
    ['credential_process', { process: { profile: 'p', command: 'op read aws' } }, 'credential_process of profile "p": op read aws'],
    [
      'SSO',
      {
        sso: {
          profile: 's',
          startUrl: 'https://d-123.awsapps.com/start',
          region: 'eu-west-1',
          accountId: '111122223333',
          roleName: 'Admin',
        },
      },
      'SSO https://d-123.awsapps.com/start, account 111122223333, role Admin (profile "s")',
    ],
    [
      'aws login',
      { login: { profile: 'l', session: 'arn:aws:iam::111122223333:user/me' } },
      'aws login session arn:aws:iam::111122223333:user/me (profile "l")',
    ],
    [
      'web identity',
      { webIdentity: { profile: 'w', roleArn: 'arn:aws:iam::1:role/ci', tokenFile: '/run/token' } },
      'web identity token /run/token for arn:aws:iam::1:role/ci (profile "w")',
    ],
  ])('%s', (_name, base, words) => {
    const text = describeChain({ profile: 'p', chain: [base] }, []);
    expect(text).toBe(`Profile "p" resolves in 1 step:\n  1. ${words}`);
    expect(text).not.toContain(KEY);
  });
});

describe('describeChain: the roles after the base', () => {
  test('numbered from 2, with MFA, external id (never its value), session name, source identity and duration', () => {
    const plan: CredentialChain = {
      profile: 'biz',
      chain: [
        { static: { profile: 'dev', accessKeyId: KEY } },
        {
          assumeRole: {
            profile: 'middle',
            roleArn: 'arn:aws:iam::111111111111:role/jump',
            mfaSerial: 'arn:aws:iam::210987654321:mfa/dev',
            externalId: 'secret-ish-external-id',
          },
        },
        {
          assumeRole: {
            profile: 'biz',
            roleArn: 'arn:aws:iam::123456789012:role/deployer',
            sessionName: 'ci-run',
            sourceIdentity: 'alice',
            durationSeconds: 7200,
          },
        },
      ],
    };
    const text = describeChain(plan, [
      hop({ requestedSeconds: undefined }),
      hop({ requestedSeconds: 7200, seconds: 3600, capped: true, chainedBy: 'previous-role' }),
    ]);
    expect(text.split('\n')).toEqual([
      'Profile "biz" resolves in 3 steps:',
      '  1. access keys of profile "dev" (AKIA…MPLE)',
      '  2. assume arn:aws:iam::111111111111:role/jump as profile "middle" (MFA arn:aws:iam::210987654321:mfa/dev, external id set, 3600 s, STS\'s default)',
      '  3. assume arn:aws:iam::123456789012:role/deployer as profile "biz" (session ci-run, source identity alice, 3600 s: assumed with the previous role\'s session, so AWS caps duration_seconds = 7200 at one hour)',
    ]);
    expect(text).not.toContain('secret-ish-external-id');
  });
});

describe('describeHopDuration', () => {
  test('the profile duration, STS default, a cap, or a cap that depends on the base', () => {
    expect(describeHopDuration(hop({ requestedSeconds: 900, seconds: 900 }))).toBe('900 s');
    expect(describeHopDuration(hop())).toBe("3600 s, STS's default");
    expect(describeHopDuration(hop({ requestedSeconds: 43200, seconds: 3600, capped: true, chainedBy: 'mfa-session' }))).toBe(
      "3600 s: assumed with the MFA session's temporary credentials, so AWS caps duration_seconds = 43200 at one hour",
    );
    expect(describeHopDuration(hop({ requestedSeconds: 7200, seconds: 7200, chainedBy: 'maybe-temporary-base' }))).toBe(
      "7200 s, or 3600 s when the base's credentials are temporary (role chaining)",
    );
    // At or under an hour, a base that may be temporary changes nothing.
    expect(describeHopDuration(hop({ requestedSeconds: 3600, seconds: 3600, chainedBy: 'maybe-temporary-base' }))).toBe('3600 s');
  });
});

describe('printablePlan: chain --json', () => {
  test('static and vault key ids masked, everything else as planned, the plan itself untouched', () => {
    const role = { assumeRole: { profile: 'biz', roleArn: 'arn:aws:iam::123456789012:role/deployer' } };
    for (const base of [{ static: { profile: 'dev', accessKeyId: KEY } }, { vault: { profile: 'dev', accessKeyId: KEY } }] as ChainBase[]) {
      const plan: CredentialChain = { profile: 'biz', chain: [base, role] };
      const before = JSON.stringify(plan);
      const printed = printablePlan(plan);
      expect(JSON.stringify(printed)).toBe(before.replace(KEY, 'AKIA…MPLE'));
      expect(JSON.stringify(plan)).toBe(before);
    }
  });

  test('bases without a key id are passed as they are', () => {
    const plan: CredentialChain = { profile: 'p', chain: [{ process: { profile: 'p', command: 'x' } }] };
    expect(printablePlan(plan)).toEqual(plan);
  });
});
