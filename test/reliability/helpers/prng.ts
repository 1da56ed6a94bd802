/**
 * A seeded pseudo-random generator (mulberry32), so that a failing fuzz or crash run reproduces:
 * RELIABILITY_SEED=<seed printed by the failure> npm run test:reliability
 */
export interface Random {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  /** Integer in [min, max]. */
  between(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

export function seedFromEnv(fallback: number): number {
  const configured = Number(process.env.RELIABILITY_SEED);
  return Number.isInteger(configured) && configured > 0 ? configured : fallback;
}

export function makeRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    seed,
    next,
    int: (n) => Math.floor(next() * n),
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
  };
  return random;
}
