import { mulberry32 } from './prng.js';
import { assertFiniteValues, assertPositiveInteger, at } from './validate.js';

/** Options for {@link signFlipPermutationP}. */
export interface PermutationOptions {
  /** Monte Carlo draws when n > {@link EXACT_SIGN_FLIP_LIMIT} (default 10 000). */
  iterations?: number;
  /** PRNG seed for the Monte Carlo branch (default 1). */
  seed?: number;
}

/** Largest n for which all 2ⁿ sign patterns are enumerated (2¹⁶ = 65 536 patterns). */
export const EXACT_SIGN_FLIP_LIMIT = 16;

/**
 * Two-sided paired sign-flip permutation test of H₀: the per-task differences are symmetric
 * about 0. Test statistic T = |Σ dᵢ|; the null distribution flips each dᵢ's sign independently.
 *
 *   - n ≤ 16: exact, p = #{s ∈ {±1}ⁿ : |Σ sᵢdᵢ| ≥ T} / 2ⁿ.
 *   - n > 16: Monte Carlo with B random sign vectors and the +1 correction,
 *     p = (1 + #{|Σ sᵢdᵢ| ≥ T}) / (B + 1), which never reports p = 0 and stays valid.
 *
 * Ties within 1e-9 relative to Σ|dᵢ| count as "≥" so float rounding cannot shrink p.
 * Example: five positive differences → exact p = 2/32 = 0.0625.
 *
 * Edge cases: empty input or all-zero differences → 1.
 *
 * @param diffs - Paired differences aᵢ − bᵢ, any units.
 * @returns A p-value in (0, 1].
 * @throws RangeError for a non-finite difference or iterations < 1.
 */
export function signFlipPermutationP(diffs: readonly number[], options: PermutationOptions = {}): number {
  const { iterations = 10_000, seed = 1 } = options;
  assertFiniteValues('diffs', diffs);
  assertPositiveInteger('iterations', iterations);
  const observed = Math.abs(diffs.reduce((sum, d) => sum + d, 0));
  const tolerance = 1e-9 * diffs.reduce((sum, d) => sum + Math.abs(d), 0);
  const threshold = observed - tolerance;
  if (diffs.length <= EXACT_SIGN_FLIP_LIMIT) {
    return exactSignFlip(diffs, threshold);
  }
  const rng = mulberry32(seed);
  let extreme = 0;
  for (let r = 0; r < iterations; r++) {
    let sum = 0;
    for (const d of diffs) sum += rng() < 0.5 ? -d : d;
    if (Math.abs(sum) >= threshold) extreme++;
  }
  return (extreme + 1) / (iterations + 1);
}

function exactSignFlip(diffs: readonly number[], threshold: number): number {
  const patterns = 2 ** diffs.length;
  let extreme = 0;
  for (let mask = 0; mask < patterns; mask++) {
    let sum = 0;
    for (let i = 0; i < diffs.length; i++) {
      const d = at(diffs, i);
      sum += mask & (1 << i) ? -d : d;
    }
    if (Math.abs(sum) >= threshold) extreme++;
  }
  return extreme / patterns;
}
