import { canonicalJson, planDigest } from '../../../src/cache/planDigest';
import { fnv1a64Hex } from '../../../src/cache/fnv1a';
import type { CredentialChain } from '../../../src/plan/types';

const role = (extra: Record<string, unknown> = {}): CredentialChain => ({
  profile: 'biz',
  chain: [
    { static: { profile: 'dev', accessKeyId: 'AKIADEV' } },
    {
      assumeRole: {
        profile: 'biz',
        roleArn: 'arn:aws:iam::1:role/r',
        externalId: 'x',
        mfaSerial: 'arn:aws:iam::2:mfa/me',
        durationSeconds: 3600,
        ...extra,
      },
    },
  ],
});

describe('planDigest', () => {
  test('FNV-1a 64 matches the published test vectors', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });

  test('the same plan gives the same digest whatever the key order', () => {
    const reordered: CredentialChain = {
      chain: [
        { static: { accessKeyId: 'AKIADEV', profile: 'dev' } },
        {
          assumeRole: {
            durationSeconds: 3600,
            mfaSerial: 'arn:aws:iam::2:mfa/me',
            externalId: 'x',
            roleArn: 'arn:aws:iam::1:role/r',
            profile: 'biz',
          },
        },
      ],
      profile: 'biz',
    };
    expect(planDigest({ plan: reordered, region: 'eu-west-1' })).toBe(planDigest({ plan: role(), region: 'eu-west-1' }));
    expect(planDigest({ plan: role() })).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    expect(canonicalJson({ b: 1, a: [{ d: undefined, c: 'x' }] })).toBe('{"a":[{"c":"x"}],"b":1}');
  });

  test.each([
    ['external id', role({ externalId: 'y' })],
    ['MFA device', role({ mfaSerial: 'arn:aws:iam::2:mfa/other' })],
    ['duration', role({ durationSeconds: 900 })],
    ['session name', role({ sessionName: 's' })],
    ['role', role({ roleArn: 'arn:aws:iam::1:role/other' })],
  ])('a different %s gives a different digest', (_what, changed) => {
    expect(planDigest({ plan: changed })).not.toBe(planDigest({ plan: role() }));
  });

  test('the base provider, its command, SSO settings and the region all count', () => {
    const base = (chain0: CredentialChain['chain'][0]): CredentialChain => ({ profile: 'p', chain: [chain0] });
    const digests = [
      planDigest({ plan: base({ process: { profile: 'p', command: 'get-creds --a' } }) }),
      planDigest({ plan: base({ process: { profile: 'p', command: 'get-creds --b' } }) }),
      planDigest({ plan: base({ sso: { profile: 'p', startUrl: 'https://a', region: 'us-east-1', accountId: '1', roleName: 'r' } }) }),
      planDigest({ plan: base({ sso: { profile: 'p', startUrl: 'https://a', region: 'us-east-1', accountId: '1', roleName: 'r2' } }) }),
      planDigest({ plan: base({ webIdentity: { profile: 'p', roleArn: 'arn:aws:iam::1:role/w', tokenFile: '/t' } }) }),
      planDigest({ plan: base({ process: { profile: 'p', command: 'get-creds --a' } }), region: 'eu-west-1' }),
    ];
    expect(new Set(digests).size).toBe(digests.length);
  });
});
