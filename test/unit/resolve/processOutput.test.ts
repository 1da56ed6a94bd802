import { parseProcessOutput } from '../../../src/resolve/bases/processCredentials';
import { toolErrorOf } from '../../helpers/toolError';

describe("a credential_process's Expiration", () => {
  const now = new Date('2026-12-01T10:00:00Z');
  const printed = (expiration: unknown) =>
    JSON.stringify({ Version: 1, AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: expiration });

  test('an ISO 8601 string is the expiry', () => {
    expect(parseProcessOutput(printed('2026-12-01T11:00:00Z'), 'p', now).expiration).toEqual(new Date('2026-12-01T11:00:00Z'));
  });

  // String(2030) is "2030", which Date reads as 2030-01-01: a number must not pass for a date, nor a one-item list.
  test.each([[2030], [['2030-01-01T00:00:00Z']], [{ year: 2030 }]])('%j, not a string, is refused', (expiration) => {
    expect(toolErrorOf(() => parseProcessOutput(printed(expiration), 'p', now)).message).toBe(
      'The credential_process of profile "p" printed an Expiration that is not an ISO 8601 date.',
    );
  });
});
