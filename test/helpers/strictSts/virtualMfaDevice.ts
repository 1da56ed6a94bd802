import { codeForStep, STEP_SECONDS, stepAt } from './oneTimeCodes';
import type { StrictSts } from './standIn';

/** Less than this left in the current step, and the previous step's code could expire on its way to STS. */
const SAFE_MARGIN_MS = 10_000;

/**
 * The person's authenticator app for one virtual MFA device: RFC 6238 codes from the device's seed, by STS's clock.
 * `code()` gives a code STS will accept now and that nobody has been given yet (STS accepts each code once); when
 * every code STS would accept now is used up, it moves STS's clock to the next 30-second step (where a person waits).
 */
export class VirtualMfaDevice {
  private readonly handedOut = new Set<number>();

  constructor(
    readonly serial: string,
    readonly base32Seed: string,
    private readonly sts: Pick<StrictSts, 'clock' | 'unspentSteps'>,
  ) {}

  codeAt(step: number): string {
    return codeForStep(this.base32Seed, step);
  }

  /** A code that no one has been given (nor has STS accepted) and that STS accepts now. */
  async code(): Promise<string> {
    for (;;) {
      const now = this.sts.clock.now();
      const current = stepAt(now);
      const leftInStep = (current + 1) * STEP_SECONDS * 1000 - now.getTime();
      const unspent = new Set(this.sts.unspentSteps(this.serial));
      // The current step's code, then the next one's (both stay valid for at least a step), then the previous one's.
      const candidates = [current, current + 1, ...(leftInStep > SAFE_MARGIN_MS ? [current - 1] : [])];
      const step = candidates.find((s) => unspent.has(s) && !this.handedOut.has(s));
      if (step !== undefined) {
        this.handedOut.add(step);
        return this.codeAt(step);
      }
      // The person would wait for the next step; STS's clock is moved there instead. A test then never sleeps up to
      // 30 s for a code, and whether it passes no longer depends on where in a step it started (a test that took four
      // codes of a new device ran past its 30 s timeout about one run in three).
      this.sts.clock.advance((leftInStep + 50) / 1000);
    }
  }

  /** A code STS has already accepted (to show that it refuses it a second time), or undefined when none was. */
  spentCode(): string | undefined {
    const unspent = new Set(this.sts.unspentSteps(this.serial));
    const current = stepAt(this.sts.clock.now());
    const spent = [current - 1, current, current + 1].find((s) => !unspent.has(s));
    return spent === undefined ? undefined : this.codeAt(spent);
  }
}
