import { binomialCdf } from './binomial.js';
import { assertCount } from './validate.js';

/**
 * Exact two-sided McNemar test for paired binary outcomes (two agents on the same tasks).
 * Only discordant pairs carry information; under H₀ each is equally likely to favour either
 * agent, so with m = b + c:
 *
 *   p = min(1, 2 · P(X ≤ min(b, c))),  X ~ Binomial(m, ½).
 *
 * Example: b = 1, c = 9 → 2 · 11/1024 ≈ 0.0215.
 *
 * Edge cases: b = c = 0 (no discordant pairs) → 1; b = c → 1 (the doubled tail exceeds 1).
 *
 * @param b - Pairs where only A succeeded.
 * @param c - Pairs where only B succeeded.
 * @returns A two-sided p-value in [0, 1]; it underflows to 0 only for tables more lopsided than
 *   about 1 : 1000 in discordant pairs, where it is below 10⁻³⁰⁰ anyway.
 * @throws RangeError when `b` or `c` is not a non-negative integer.
 */
export function mcnemarExact(b: number, c: number): number {
  assertCount('b', b);
  assertCount('c', c);
  const discordant = b + c;
  if (discordant === 0) return 1;
  return Math.min(1, 2 * binomialCdf(Math.min(b, c), discordant, 0.5));
}
