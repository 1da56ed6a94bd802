import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 time-based one-time passwords as AWS's virtual MFA devices make them: HMAC-SHA1 over 30-second steps,
 * six digits, from the Base32 seed CreateVirtualMFADevice returns (the otpauth library computes them).
 */
export const STEP_SECONDS = 30;

/**
 * Steps either side of now that STS accepts. RFC 6238 section 5.2 recommends allowing a step of network delay, and
 * authenticator clocks drift; one step each way is what a real verifier tolerates. Each step's code is accepted once.
 */
export const STEPS_OF_DRIFT = 1;

export function stepAt(time: Date): number {
  return Math.floor(time.getTime() / 1000 / STEP_SECONDS);
}

export function codeForStep(base32Seed: string, step: number): string {
  return TOTP.generate({
    secret: Secret.fromBase32(base32Seed),
    algorithm: 'SHA1',
    digits: 6,
    period: STEP_SECONDS,
    timestamp: step * STEP_SECONDS * 1000,
  });
}

export type CodeVerdict = 'accepted' | 'unknown-device' | 'invalid' | 'reused';

/**
 * The stand-in's side: the seed of every virtual device created through it, and the steps whose code each device has
 * already had accepted. A code is accepted once per device and step, as STS does.
 */
export class OneTimeCodes {
  private readonly seeds = new Map<string, string>();
  private readonly spent = new Map<string, Set<number>>();

  /** A device created (again) with this serial: a new seed, and none of its steps spent yet. */
  remember(serial: string, base32Seed: string): void {
    this.seeds.set(serial, base32Seed);
    this.spent.delete(serial);
  }

  seedOf(serial: string): string | undefined {
    return this.seeds.get(serial);
  }

  /** Steps around `now` whose code this device could still use. */
  unspentSteps(serial: string, now: Date): number[] {
    const current = stepAt(now);
    const steps: number[] = [];
    for (let delta = -STEPS_OF_DRIFT; delta <= STEPS_OF_DRIFT; delta++)
      if (!this.spent.get(serial)?.has(current + delta)) steps.push(current + delta);
    return steps;
  }

  verify(serial: string, code: string, now: Date): CodeVerdict {
    const seed = this.seeds.get(serial);
    if (!seed) return 'unknown-device';
    const current = stepAt(now);
    for (let delta = -STEPS_OF_DRIFT; delta <= STEPS_OF_DRIFT; delta++) {
      if (codeForStep(seed, current + delta) !== code) continue;
      const spent = this.spent.get(serial) ?? new Set<number>();
      if (spent.has(current + delta)) return 'reused';
      spent.add(current + delta);
      this.spent.set(serial, spent);
      return 'accepted';
    }
    return 'invalid';
  }

  forget(): void {
    this.seeds.clear();
    this.spent.clear();
  }
}
