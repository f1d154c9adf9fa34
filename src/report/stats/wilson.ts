import { assertCount, assertNonNegative } from './validate.js';

/** A proportion with a two-sided confidence interval; all three values are in [0, 1]. */
export interface ProportionInterval {
  /** Observed proportion successes / n. */
  rate: number;
  /** Lower confidence bound. */
  low: number;
  /** Upper confidence bound. */
  high: number;
}

/**
 * Wilson score interval for a binomial proportion. With p̂ = s/n:
 *
 *   centre = (p̂ + z²/(2n)) / (1 + z²/n)
 *   half   = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²))
 *   [low, high] = centre ∓ half
 *
 * Unlike the Wald interval it stays inside [0, 1] and does not collapse to a point at 0/n or n/n,
 * which matters for the small per-task repeat counts an agent evaluation has.
 * Example: 8/10 at z = 1.96 → rate 0.8, [0.490, 0.943].
 *
 * Edge case: n = 0 carries no information, so the result is `{ rate: 0, low: 0, high: 1 }` —
 * the whole unit interval — rather than NaN, so tables still render a (maximally wide) interval.
 *
 * @param successes - Number of successes s, an integer in [0, n].
 * @param n - Number of trials, a non-negative integer.
 * @param z - Standard-normal quantile for the confidence level (1.96 ≈ 95% two-sided).
 * @returns Proportions (unitless fractions in [0, 1]), not percentages.
 * @throws RangeError when the counts are not integers, successes > n, or z is negative/non-finite.
 */
export function wilson(successes: number, n: number, z = 1.96): ProportionInterval {
  assertCount('successes', successes);
  assertCount('n', n);
  assertNonNegative('z', z);
  if (successes > n) {
    throw new RangeError(`successes (${successes}) cannot exceed n (${n})`);
  }
  if (n === 0) return { rate: 0, low: 0, high: 1 };
  const rate = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (rate + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((rate * (1 - rate)) / n + z2 / (4 * n * n));
  // Clamp only float noise: mathematically the bounds already lie in [0, 1].
  return { rate, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
