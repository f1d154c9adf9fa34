import { assertCount } from './validate.js';

/**
 * Natural log of the binomial coefficient, ln C(n, k) = Σ_{i=1..k} ln((n − k + i) / i), summed
 * over the shorter side k' = min(k, n − k). Summing logs avoids the overflow of C(n, k) itself
 * (C(1000, 500) ≈ 10^299) at O(min(k, n − k)) cost.
 *
 * @returns ln C(n, k); 0 when k = 0 or k = n; −∞ when k > n (the coefficient is 0).
 * @throws RangeError when `n` or `k` is not a non-negative integer.
 */
export function logChoose(n: number, k: number): number {
  assertCount('n', n);
  assertCount('k', k);
  if (k > n) return -Infinity;
  const short = Math.min(k, n - k);
  let sum = 0;
  for (let i = 1; i <= short; i++) {
    sum += Math.log((n - short + i) / i);
  }
  return sum;
}

function assertProbability(p: number): void {
  if (!(p >= 0 && p <= 1)) {
    throw new RangeError(`p must be in [0, 1], got ${p}`);
  }
}

/**
 * Binomial cumulative probability P(X ≤ k) for X ~ Binomial(n, p):
 * Σ_{i=0..k} C(n, i) pⁱ (1 − p)^(n−i). Terms are accumulated in log space (log-sum-exp)
 * so large n does not underflow (0.5^2000 is 0 in doubles).
 *
 * Edge cases: k ≥ n → 1; p = 0 → 1; p = 1 → 1 only when k ≥ n, else 0; n = 0 → 1.
 *
 * @returns A probability in [0, 1].
 * @throws RangeError when `k` or `n` is not a non-negative integer or `p` is outside [0, 1].
 */
export function binomialCdf(k: number, n: number, p: number): number {
  assertCount('k', k);
  assertCount('n', n);
  assertProbability(p);
  if (k >= n || p === 0) return 1;
  if (p === 1) return 0;
  const logRatio = Math.log(p / (1 - p));
  const logTerms: number[] = [];
  let logTerm = n * Math.log1p(-p);
  for (let i = 0; i <= k; i++) {
    logTerms.push(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + logRatio;
  }
  // reduce rather than Math.max(...spread): spreading 10⁵+ arguments overflows the call stack.
  const peak = logTerms.reduce((max, term) => Math.max(max, term), -Infinity);
  const scaled = logTerms.reduce((sum, term) => sum + Math.exp(term - peak), 0);
  return Math.min(1, Math.exp(peak) * scaled);
}
