import { maskKeyId, maskKeyIds } from '../../src/credentials';

// Key ids are shown only masked (chain, cache, doctor, error sentences): enough to tell two keys apart, never the id.

describe('maskKeyId', () => {
  test('the first four and the last four characters of an id', () => {
    expect(maskKeyId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
    expect(maskKeyId('ASIA123456789')).toBe('ASIA…6789');
  });

  test('eight characters or fewer show nothing (the two halves would be the whole id)', () => {
    expect(maskKeyId('AKIA1234')).toBe('****');
    expect(maskKeyId('')).toBe('****');
  });
});

describe('maskKeyIds: inside free text', () => {
  test('every access-key-shaped word is masked, the rest stays', () => {
    expect(maskKeyIds('mfa-session:biz:AKIAIOSFODNN7EXAMPLE:arn:aws:iam::210987654321:mfa/dev')).toBe(
      'mfa-session:biz:AKIA…MPLE:arn:aws:iam::210987654321:mfa/dev',
    );
    expect(maskKeyIds('AKIAIOSFODNN7EXAMPLE then ASIAZZZZYYYYXXXXWWWW')).toBe('AKIA…MPLE then ASIA…WWWW');
  });

  test('words under 16 characters, in lower case or inside longer words are not key ids', () => {
    const text = 'PROFILEBIZCORP1 akiaiosfodnn7example xAKIAIOSFODNN7EXAMPLE';
    expect(maskKeyIds(text)).toBe('PROFILEBIZCORP1 akiaiosfodnn7example xAKIAIOSFODNN7EXAMPLE');
  });
});
