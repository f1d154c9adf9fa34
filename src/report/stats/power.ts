import { normalQuantile } from './normal.js';
import { assertCount, assertNonNegative, assertOpenUnit } from './validate.js';

/** Design parameters shared by the minimum-detectable-difference functions. */
export interface PowerOptions {
  /** Number of paired tasks n. */
  n: number;
  /** Two-sided significance level α (default 0.05). */
  alpha?: number;
  /** Desired power 1 − β (default 0.8). */
  power?: number;
}

/** Options for {@link minimumDetectableDifference}. */
export interface ContinuousPowerOptions extends PowerOptions {
  /** Standard deviation of the per-task differences aᵢ − bᵢ, in score units. */
  sd: number;
}

/** Options for {@link minimumDetectableDifferenceBinary}. */
export interface BinaryPowerOptions extends PowerOptions {
  /** Expected fraction of tasks where the two agents' pass/fail outcomes differ, p_d ∈ [0, 1]. */
  discordanceRate: number;
}

function zScores(alpha: number, power: number): { zAlpha: number; zPower: number } {
  assertOpenUnit('alpha', alpha);
  assertOpenUnit('power', power);
  return { zAlpha: normalQuantile(1 - alpha / 2), zPower: normalQuantile(power) };
}

/**
 * Smallest true mean paired difference a two-sided z-test on n per-task differences detects
 * with the requested power (normal approximation):
 *
 *   MDD = (z_{1−α/2} + z_{1−β}) · sd / √n.
 *
 * At α = 0.05 and power 0.8 the multiplier is 1.960 + 0.842 ≈ 2.802; e.g. sd = 1, n = 100 → 0.280.
 *
 * Edge cases: n = 0 → +∞ (nothing is detectable without data); sd = 0 with n > 0 → 0.
 *
 * @returns The difference in the same units as `sd` (score points, or a fraction for rates).
 * @throws RangeError when n is not a non-negative integer, sd is negative/non-finite, or α, power ∉ (0, 1).
 */
export function minimumDetectableDifference(options: ContinuousPowerOptions): number {
  const { sd, n, alpha = 0.05, power = 0.8 } = options;
  assertNonNegative('sd', sd);
  assertCount('n', n);
  const { zAlpha, zPower } = zScores(alpha, power);
  if (n === 0) return Infinity;
  return ((zAlpha + zPower) * sd) / Math.sqrt(n);
}

/**
 * Smallest true difference in pass rates δ = p₁₀ − p₀₁ that a two-sided McNemar test on n paired
 * binary outcomes detects with the requested power, given the discordance rate p_d = p₁₀ + p₀₁.
 * Uses Connor's (1987) normal approximation, whose per-task difference has variance p_d under H₀
 * and p_d − δ² under H₁:
 *
 *   √n · δ = z_{1−α/2} · √p_d + z_{1−β} · √(p_d − δ²),
 *
 * solved in closed form (the root of the squared equation with √n·δ ≥ z_{1−α/2}√p_d):
 *
 *   δ = [z_{1−α/2} √(n·p_d) + z_{1−β} √(p_d (n + z²_{1−β} − z²_{1−α/2}))] / (n + z²_{1−β}).
 *
 * Example: p_d = 0.2, n = 100 → δ ≈ 0.124 (the cruder (z_{1−α/2}+z_{1−β})·√(p_d/n) gives 0.125).
 *
 * Edge cases, all returning +∞ ("no difference is detectable"): n = 0; p_d = 0 (no discordant
 * pairs, so McNemar has nothing to count); n + z²_{1−β} < z²_{1−α/2} (too few tasks); and δ > p_d,
 * since |p₁₀ − p₀₁| can never exceed p₁₀ + p₀₁.
 *
 * @returns δ as an absolute difference in proportions (0.1 = ten percentage points), or +∞.
 * @throws RangeError when n is not a non-negative integer, p_d ∉ [0, 1], α ∉ (0, 1), or power ∉ [0.5, 1)
 *   (below 0.5 the closed form picks the wrong root).
 */
export function minimumDetectableDifferenceBinary(options: BinaryPowerOptions): number {
  const { discordanceRate: pd, n, alpha = 0.05, power = 0.8 } = options;
  assertCount('n', n);
  if (!(pd >= 0 && pd <= 1)) {
    throw new RangeError(`discordanceRate must be in [0, 1], got ${pd}`);
  }
  if (!(power >= 0.5)) {
    throw new RangeError(`power must be at least 0.5 for the binary MDD, got ${power}`);
  }
  const { zAlpha, zPower } = zScores(alpha, power);
  const slack = n + zPower ** 2 - zAlpha ** 2;
  if (n === 0 || pd === 0 || slack < 0) return Infinity;
  const delta = (zAlpha * Math.sqrt(n * pd) + zPower * Math.sqrt(pd * slack)) / (n + zPower ** 2);
  return delta > pd ? Infinity : delta;
}

/** Upper confidence bounds on a failure rate after observing zero failures. */
export interface ZeroEventBound {
  /** The rule of three, min(1, 3/n): the usual approximation of the 95% bound. */
  ruleOfThree: number;
  /** Exact one-sided 95% (Clopper–Pearson) bound, 1 − 0.05^(1/n). */
  exact: number;
}

/**
 * One-sided 95% upper bound on an event rate when 0 events were seen in n independent trials:
 * the largest p with (1 − p)ⁿ ≥ 0.05, i.e. exact = 1 − 0.05^(1/n), and its rule-of-three
 * approximation 3/n (from −ln 0.05 ≈ 2.996). Example: n = 100 → exact 0.0295, rule 0.03.
 *
 * Edge cases: n = 0 → both 1 (no trials bound nothing); the rule is capped at 1 for n < 3.
 *
 * @param n - Number of trials, all of which were event-free.
 * @returns Rates as fractions in (0, 1].
 * @throws RangeError when n is not a non-negative integer.
 */
export function zeroEventUpperBound(n: number): ZeroEventBound {
  assertCount('n', n);
  if (n === 0) return { ruleOfThree: 1, exact: 1 };
  return { ruleOfThree: Math.min(1, 3 / n), exact: 1 - 0.05 ** (1 / n) };
}
