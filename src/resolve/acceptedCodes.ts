/**
 * One-time codes STS accepted in this process, per MFA device. STS accepts each code once (RFC 6238 section 5.2), so
 * a code it took is never sent again: a person is asked for the next one, and a code given on the command line or
 * in the environment ends in a sentence saying a fresh one is needed.
 */
const accepted = new Set<string>();

export function markCodeAccepted(mfaSerial: string, code: string): void {
  accepted.add(`${mfaSerial}\n${code}`);
}

export function wasCodeAccepted(mfaSerial: string, code: string): boolean {
  return accepted.has(`${mfaSerial}\n${code}`);
}
