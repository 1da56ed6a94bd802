/**
 * The rules the strict stand-in enforces, each by name so that a test can switch one off and show that it is that
 * rule, and not something else, that says no (test/integration/strict-sts.test.ts).
 */
export const STRICT_RULES = {
  /** The signing key is an active IAM user key or a live session the stand-in handed out, and the signature is its. */
  signatures: 'who signed: a known key, a live session, a matching SigV4 signature',
  /** DurationSeconds, RoleSessionName, ExternalId, SerialNumber and TokenCode fit the API reference. */
  parameters: 'parameters as the STS API reference constrains them',
  /** GetSessionToken needs an IAM user's long-term key. */
  'session-token-from-temporary': 'GetSessionToken refuses temporary credentials',
  /** A session made from temporary credentials (role chaining) lasts at most one hour. */
  'role-chaining': 'role chaining: at most 3600 s from temporary credentials',
  /** TokenCode is the current code of the caller's own virtual device, accepted once per device and 30-second step. */
  'one-time-codes': "one-time codes: the device's TOTP, each accepted once",
  /** The role exists in IAM. */
  'role-exists': 'the role must exist in IAM',
  /** DurationSeconds is at most the role's MaxSessionDuration. */
  'max-session-duration': "the role's MaxSessionDuration holds",
  /** The trust policy allows the caller: Principal, sts:ExternalId, aws:MultiFactorAuthPresent, aws:MultiFactorAuthAge. */
  'trust-policy': "the role's trust policy",
  /** The caller's own policies allow sts:AssumeRole on the role (always across accounts). */
  'caller-policy': "the caller's identity-based policies",
} as const;

export type StrictRule = keyof typeof STRICT_RULES;
