import { describe, expect, it } from 'vitest';
import {
  binomialCdf,
  clusterBootstrapMean,
  logChoose,
  mcnemarExact,
  meanPassAtK,
  meanPassHatK,
  minimumDetectableDifference,
  minimumDetectableDifferenceBinary,
  mulberry32,
  normalQuantile,
  pairedBootstrapDiff,
  passAtK,
  passHatK,
  quantileSorted,
  randomIndex,
  signFlipPermutationP,
  wilson,
  zeroEventUpperBound,
} from '../../src/report/stats.js';

// Exact rational references built with BigInt, independent of the floating-point code under test.
function choose(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let result = 1n;
  for (let i = 1; i <= k; i++) result = (result * BigInt(n - k + i)) / BigInt(i);
  return result;
}

function ratio(numerator: bigint, denominator: bigint): number {
  const scale = 10n ** 30n;
  return Number((numerator * scale) / denominator) / 1e30;
}

function exactBinomialHalfCdf(k: number, n: number): number {
  let tail = 0n;
  for (let i = 0; i <= k; i++) tail += choose(n, i);
  return ratio(tail, 2n ** BigInt(n));
}

describe('wilson', () => {
  it.each([
    { successes: 8, n: 10, rate: 0.8, low: 0.49015684672, high: 0.94331905202 },
    // At 0/n and n/n the bounds have closed forms z²/(n + z²) and n/(n + z²).
    { successes: 0, n: 10, rate: 0, low: 0, high: 1.96 ** 2 / (10 + 1.96 ** 2) },
    { successes: 10, n: 10, rate: 1, low: 10 / (10 + 1.96 ** 2), high: 1 },
    { successes: 50, n: 100, rate: 0.5, low: 0.40382982859, high: 0.59617017141 },
  ])('$successes/$n → [$low, $high]', ({ successes, n, rate, low, high }) => {
    const interval = wilson(successes, n);
    expect(interval.rate).toBeCloseTo(rate, 12);
    expect(interval.low).toBeCloseTo(low, 9);
    expect(interval.high).toBeCloseTo(high, 9);
  });

  it('reproduces the published 8/10 interval [0.490, 0.943]', () => {
    const { low, high } = wilson(8, 10);
    expect(low).toBeCloseTo(0.49, 3);
    expect(high).toBeCloseTo(0.943, 3);
  });

  it('returns the whole unit interval with rate 0 when n = 0', () => {
    expect(wilson(0, 0)).toEqual({ rate: 0, low: 0, high: 1 });
  });

  it.each([
    [0, 10],
    [3, 10],
    [9, 10],
    [1, 1],
    [17, 40],
  ])('%i/%i contains the rate and stays inside [0, 1]', (successes, n) => {
    const { rate, low, high } = wilson(successes, n);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThanOrEqual(1);
    expect(low).toBeLessThanOrEqual(rate);
    expect(high).toBeGreaterThanOrEqual(rate);
  });

  it('widens as z grows and collapses to the rate at z = 0', () => {
    const narrow = wilson(8, 10, 1.645);
    const wide = wilson(8, 10, 2.576);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
    expect(wilson(8, 10, 0)).toEqual({ rate: 0.8, low: 0.8, high: 0.8 });
  });

  it.each([
    { successes: 11, n: 10 },
    { successes: -1, n: 10 },
    { successes: 1.5, n: 10 },
    { successes: 1, n: Number.NaN },
  ])('rejects successes=$successes, n=$n', ({ successes, n }) => {
    expect(() => wilson(successes, n)).toThrow(RangeError);
  });

  it('rejects a negative z', () => {
    expect(() => wilson(1, 2, -1)).toThrow(RangeError);
  });
});

describe('passAtK', () => {
  it.each([
    { n: 10, c: 3, k: 5, expected: 1 - 21 / 252 },
    { n: 10, c: 3, k: 1, expected: 0.3 },
    { n: 10, c: 0, k: 5, expected: 0 },
    { n: 10, c: 10, k: 1, expected: 1 },
    { n: 10, c: 6, k: 5, expected: 1 },
    { n: 5, c: 1, k: 5, expected: 1 },
  ])('pass@$k with n=$n, c=$c → $expected', ({ n, c, k, expected }) => {
    expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it('reproduces the known pass@5 value 0.9167 for n=10, c=3', () => {
    expect(passAtK(10, 3, 5)).toBeCloseTo(0.9167, 4);
  });

  it.each([
    { n: 200, c: 13, k: 100 },
    { n: 200, c: 1, k: 10 },
    { n: 50, c: 25, k: 20 },
  ])('matches the exact binomial ratio for n=$n, c=$c, k=$k without overflow', ({ n, c, k }) => {
    const expected = 1 - ratio(choose(n - c, k), choose(n, k));
    expect(passAtK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it('equals c/n at k = 1 for every c', () => {
    for (let c = 0; c <= 7; c++) expect(passAtK(7, c, 1)).toBeCloseTo(c / 7, 12);
  });

  it.each([
    { n: 3, c: 1, k: 5, why: 'k > n' },
    { n: 0, c: 0, k: 1, why: 'n = 0' },
    { n: 5, c: 6, k: 1, why: 'c > n' },
    { n: 5, c: 1, k: 0, why: 'k = 0' },
    { n: 5, c: 1.5, k: 1, why: 'fractional c' },
  ])('rejects $why', ({ n, c, k }) => {
    expect(() => passAtK(n, c, k)).toThrow(RangeError);
  });
});

describe('passHatK', () => {
  it.each([
    { n: 10, c: 3, k: 2, expected: 1 / 15 },
    { n: 10, c: 3, k: 3, expected: 1 / 120 },
    { n: 10, c: 3, k: 4, expected: 0 },
    { n: 10, c: 3, k: 1, expected: 0.3 },
    { n: 10, c: 10, k: 5, expected: 1 },
    { n: 8, c: 6, k: 4, expected: ratio(choose(6, 4), choose(8, 4)) },
  ])('pass^$k with n=$n, c=$c → $expected', ({ n, c, k, expected }) => {
    expect(passHatK(n, c, k)).toBeCloseTo(expected, 12);
  });

  it('reproduces the known pass^2 value 0.0667 for n=10, c=3', () => {
    expect(passHatK(10, 3, 2)).toBeCloseTo(0.0667, 4);
  });

  it('never exceeds pass@k, falls while k ≤ c and is 0 beyond c', () => {
    for (let k = 1; k <= 10; k++) {
      expect(passHatK(10, 7, k)).toBeLessThanOrEqual(passAtK(10, 7, k));
      if (k > 1 && k <= 7) expect(passHatK(10, 7, k)).toBeLessThan(passHatK(10, 7, k - 1));
      if (k > 7) expect(passHatK(10, 7, k)).toBe(0);
    }
  });

  it('rejects k > n', () => {
    expect(() => passHatK(2, 2, 3)).toThrow(RangeError);
  });
});

describe('mean pass@k / pass^k over tasks', () => {
  const tasks = [
    { n: 10, c: 3 },
    { n: 5, c: 5 },
    { n: 4, c: 0 },
  ];

  it('averages per-task estimates with equal task weight', () => {
    expect(meanPassAtK(tasks, 1)).toBeCloseTo((0.3 + 1 + 0) / 3, 12);
    expect(meanPassAtK(tasks, 2)).toBeCloseTo((1 - 21 / 45 + 1 + 0) / 3, 12);
    expect(meanPassHatK(tasks, 2)).toBeCloseTo((1 / 15 + 1 + 0) / 3, 12);
  });

  it('returns NaN for no tasks', () => {
    expect(meanPassAtK([], 1)).toBeNaN();
    expect(meanPassHatK([], 1)).toBeNaN();
  });

  it('rejects a task with fewer attempts than k', () => {
    expect(() => meanPassAtK(tasks, 5)).toThrow(/k \(5\) cannot exceed n \(4\)/);
  });
});

describe('logChoose and binomialCdf', () => {
  it.each([
    { n: 10, k: 3, expected: Math.log(120) },
    { n: 5, k: 0, expected: 0 },
    { n: 5, k: 5, expected: 0 },
    { n: 3, k: 5, expected: -Infinity },
    { n: 1000, k: 500, expected: Math.log(Number(choose(1000, 500))) },
  ])('ln C($n, $k)', ({ n, k, expected }) => {
    expect(logChoose(n, k)).toBeCloseTo(expected, 8);
  });

  it.each([
    { k: 3, n: 10, p: 0.3, expected: 0.6496107184 },
    { k: 0, n: 10, p: 0.5, expected: 1 / 1024 },
    { k: 1000, n: 2000, p: 0.5, expected: exactBinomialHalfCdf(1000, 2000) },
    { k: 900, n: 2000, p: 0.5, expected: exactBinomialHalfCdf(900, 2000) },
    { k: 10, n: 10, p: 0.3, expected: 1 },
    { k: 0, n: 0, p: 0.3, expected: 1 },
    { k: 2, n: 5, p: 0, expected: 1 },
    { k: 4, n: 5, p: 1, expected: 0 },
  ])('P(X ≤ $k | n=$n, p=$p)', ({ k, n, p, expected }) => {
    expect(binomialCdf(k, n, p)).toBeCloseTo(expected, 10);
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => binomialCdf(1, 2, 1.5)).toThrow(RangeError);
  });
});

describe('mcnemarExact', () => {
  it.each([
    { b: 1, c: 9, expected: 0.021484375 },
    { b: 9, c: 1, expected: 0.021484375 },
    { b: 0, c: 5, expected: 0.0625 },
    { b: 3, c: 12, expected: (2 * 576) / 32768 },
    { b: 0, c: 0, expected: 1 },
    { b: 5, c: 5, expected: 1 },
    { b: 4, c: 5, expected: 1 },
    { b: 900, c: 1100, expected: 2 * exactBinomialHalfCdf(900, 2000) },
  ])('b=$b, c=$c → p=$expected', ({ b, c, expected }) => {
    expect(mcnemarExact(b, c)).toBeCloseTo(expected, 12);
  });

  it('reproduces the known p = 0.0215 for b=1, c=9', () => {
    expect(mcnemarExact(1, 9)).toBeCloseTo(0.0215, 4);
  });

  it('rejects negative and fractional counts', () => {
    expect(() => mcnemarExact(-1, 3)).toThrow(RangeError);
    expect(() => mcnemarExact(1, 2.5)).toThrow(RangeError);
  });
});

describe('normalQuantile', () => {
  it.each([
    { p: 0.975, z: 1.959963984540054 },
    { p: 0.025, z: -1.959963984540054 },
    { p: 0.8, z: 0.8416212335729143 },
    { p: 0.5, z: 0 },
    { p: 0.01, z: -2.3263478740408408 },
    { p: 0.999, z: 3.090232306167813 },
    { p: 1e-10, z: -6.361340902404056 },
  ])('Φ⁻¹($p) = $z', ({ p, z }) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 8);
  });

  it('returns infinities at the ends of [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });

  it('is antisymmetric about 0.5', () => {
    for (const p of [0.001, 0.02, 0.1, 0.3]) {
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 12);
    }
  });

  it.each([-0.1, 1.1, Number.NaN])('rejects p = %d', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('mulberry32', () => {
  const draws = (seed: number, count: number): number[] => {
    const rng = mulberry32(seed);
    return Array.from({ length: count }, () => rng());
  };

  it('repeats its sequence for a repeated seed and differs across seeds', () => {
    expect(draws(42, 20)).toEqual(draws(42, 20));
    expect(draws(42, 20)).not.toEqual(draws(43, 20));
  });

  it('produces values in [0, 1) with mean near 1/2', () => {
    const values = draws(7, 20_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean).toBeCloseTo(0.5, 2);
  });

  it('reduces seeds modulo 2^32 and rejects fractional seeds', () => {
    expect(draws(-1, 5)).toEqual(draws(2 ** 32 - 1, 5));
    expect(() => mulberry32(1.5)).toThrow(RangeError);
  });

  it('randomIndex covers every index of the range and nothing outside it', () => {
    const rng = mulberry32(3);
    const seen = new Set(Array.from({ length: 500 }, () => randomIndex(rng, 6)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('quantileSorted', () => {
  it.each([
    { sorted: [1, 2, 3, 4], q: 0.5, expected: 2.5 },
    { sorted: [1, 2, 3, 4], q: 0, expected: 1 },
    { sorted: [1, 2, 3, 4], q: 1, expected: 4 },
    { sorted: [0, 10], q: 0.25, expected: 2.5 },
    { sorted: [10], q: 0.3, expected: 10 },
  ])('q=$q of $sorted → $expected', ({ sorted, q, expected }) => {
    expect(quantileSorted(sorted, q)).toBeCloseTo(expected, 12);
  });

  it('returns NaN for no data and rejects q outside [0, 1]', () => {
    expect(quantileSorted([], 0.5)).toBeNaN();
    // Infinite ratios (a resample with no reference success): ∞, never ∞ − ∞ = NaN.
    expect(quantileSorted([1, Infinity, Infinity], 0.9)).toBe(Infinity);
    expect(quantileSorted([1, 2, Infinity], 0.75)).toBe(Infinity);
    expect(() => quantileSorted([1], 1.5)).toThrow(RangeError);
  });
});

describe('clusterBootstrapMean', () => {
  const tasks = [
    [1, 1, 0],
    [0, 0, 0],
    [1, 1, 1],
    [1, 0, 1],
    [0, 1, 0],
    [1, 1, 1],
    [0, 0, 1],
    [1, 0, 0],
  ];

  it('estimates the mean of task means and brackets it', () => {
    const result = clusterBootstrapMean(tasks, { iterations: 4000, seed: 11 });
    expect(result.mean).toBeCloseTo(13 / 24, 12);
    expect(result.low).toBeLessThan(result.mean);
    expect(result.high).toBeGreaterThan(result.mean);
    expect(result.low).toBeGreaterThanOrEqual(0);
    expect(result.high).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed', () => {
    const options = { iterations: 2000, seed: 5 };
    expect(clusterBootstrapMean(tasks, options)).toEqual(clusterBootstrapMean(tasks, options));
  });

  it('weighs by cluster or by observation as asked', () => {
    const uneven = [[1], [0, 0, 0]];
    expect(clusterBootstrapMean(uneven, { iterations: 10 }).mean).toBeCloseTo(0.5, 12);
    expect(clusterBootstrapMean(uneven, { iterations: 10, weighting: 'observation' }).mean).toBeCloseTo(0.25, 12);
  });

  it('keeps repeats together: perfectly correlated repeats add no precision', () => {
    const outcomes = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
    const repeated = outcomes.map((outcome) => Array.from({ length: 10 }, () => outcome));
    const once = outcomes.map((outcome) => [outcome]);
    const flattened = repeated.flat().map((value) => [value]);
    const options = { iterations: 3000, seed: 9 };
    const clustered = clusterBootstrapMean(repeated, options);
    expect(clustered).toEqual(clusterBootstrapMean(once, options));
    const naive = clusterBootstrapMean(flattened, options);
    expect(naive.high - naive.low).toBeLessThan(0.5 * (clustered.high - clustered.low));
  });

  it('agrees with the normal-theory interval for a large sample of singletons', () => {
    const rng = mulberry32(2024);
    const values = Array.from({ length: 400 }, () => rng() * 10);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1);
    const halfWidth = 1.959964 * Math.sqrt(variance / values.length);
    const result = clusterBootstrapMean(
      values.map((value) => [value]),
      { iterations: 5000, seed: 3 },
    );
    expect((result.high - result.low) / 2).toBeGreaterThan(0.9 * halfWidth);
    expect((result.high - result.low) / 2).toBeLessThan(1.1 * halfWidth);
  });

  it('widens with the confidence level', () => {
    const at80 = clusterBootstrapMean(tasks, { confidence: 0.8, seed: 4 });
    const at99 = clusterBootstrapMean(tasks, { confidence: 0.99, seed: 4 });
    expect(at99.high - at99.low).toBeGreaterThan(at80.high - at80.low);
  });

  it.each([
    { name: 'a single cluster', clusters: [[0.2, 0.4]], mean: 0.3 },
    { name: 'identical clusters', clusters: [[1, 0], [0, 1], [1, 0]], mean: 0.5 },
  ])('gives a zero-width interval for $name', ({ clusters, mean }) => {
    const result = clusterBootstrapMean(clusters, { iterations: 200 });
    expect(result.mean).toBeCloseTo(mean, 12);
    expect(result.low).toBe(result.mean);
    expect(result.high).toBe(result.mean);
  });

  it('returns NaN fields for no clusters', () => {
    const result = clusterBootstrapMean([]);
    expect(result.mean).toBeNaN();
    expect(result.low).toBeNaN();
    expect(result.high).toBeNaN();
  });

  it.each([
    { name: 'an empty cluster', clusters: [[1], []], options: {} },
    { name: 'a NaN score', clusters: [[1, Number.NaN]], options: {} },
    { name: 'zero iterations', clusters: [[1]], options: { iterations: 0 } },
    { name: 'confidence 1', clusters: [[1]], options: { confidence: 1 } },
    { name: 'a fractional seed', clusters: [[1]], options: { seed: 0.5 } },
  ])('rejects $name', ({ clusters, options }) => {
    expect(() => clusterBootstrapMean(clusters, options)).toThrow(RangeError);
  });
});

describe('pairedBootstrapDiff', () => {
  const pairs = [
    { a: 1, b: 0 },
    { a: 0.5, b: 0.2 },
    { a: 0.3, b: 0.4 },
    { a: 0.9, b: 0.6 },
    { a: 0.7, b: 0.7 },
    { a: 0.2, b: 0.1 },
  ];

  it('estimates the mean of a − b and brackets it', () => {
    const result = pairedBootstrapDiff(pairs, { iterations: 4000, seed: 8 });
    expect(result.mean).toBeCloseTo(1.6 / 6, 12);
    expect(result.low).toBeLessThan(result.mean);
    expect(result.high).toBeGreaterThan(result.mean);
    expect(result.low).toBeGreaterThanOrEqual(-0.1);
    expect(result.high).toBeLessThanOrEqual(1);
  });

  it('is reproducible for a seed', () => {
    expect(pairedBootstrapDiff(pairs, { seed: 2 })).toEqual(pairedBootstrapDiff(pairs, { seed: 2 }));
  });

  it('cancels task difficulty: a constant difference gives a zero-width interval', () => {
    const shifted = [0.1, 0.9, 0.4, 0.6, 0.2].map((b) => ({ a: b + 0.05, b }));
    const result = pairedBootstrapDiff(shifted, { iterations: 500 });
    expect(result.mean).toBeCloseTo(0.05, 12);
    expect(result.low).toBeCloseTo(0.05, 12);
    expect(result.high).toBeCloseTo(0.05, 12);
  });

  it('returns NaN fields for no pairs', () => {
    expect(pairedBootstrapDiff([]).mean).toBeNaN();
  });

  it('rejects non-finite scores', () => {
    expect(() => pairedBootstrapDiff([{ a: Infinity, b: 0 }])).toThrow(RangeError);
  });
});

describe('signFlipPermutationP', () => {
  it.each([
    { diffs: [1, 2, 3, 4, 5], expected: 2 / 32 },
    { diffs: [3, 1, 1], expected: 2 / 8 },
    { diffs: [2, -1], expected: 1 },
    { diffs: [1, -1], expected: 1 },
    { diffs: [1], expected: 1 },
    { diffs: [0, 0, 0], expected: 1 },
    { diffs: [], expected: 1 },
    // Ten +1s and one −1: |Σ| ≥ 9 needs at most one or at least ten flipped signs.
    { diffs: [...Array.from({ length: 10 }, () => 1), -1], expected: 24 / 2048 },
    { diffs: Array.from({ length: 16 }, () => 0.1), expected: 2 / 65536 },
  ])('exact p for $diffs → $expected', ({ diffs, expected }) => {
    expect(signFlipPermutationP(diffs)).toBeCloseTo(expected, 12);
  });

  it('is invariant to negating every difference', () => {
    const diffs = [0.3, -0.1, 0.25, 0.05, -0.2, 0.4];
    expect(signFlipPermutationP(diffs)).toBe(signFlipPermutationP(diffs.map((d) => -d)));
  });

  it('approximates the exact p by Monte Carlo beyond 16 differences', () => {
    // 14 × (+1), 6 × (−1): p = 2 Σ_{m≤6} C(20, m) / 2^20 = 120920 / 1048576.
    const diffs = [...Array.from({ length: 14 }, () => 1), ...Array.from({ length: 6 }, () => -1)];
    const p = signFlipPermutationP(diffs, { iterations: 20_000, seed: 13 });
    expect(Math.abs(p - 120920 / 1048576)).toBeLessThan(0.01);
  });

  it('never reports zero thanks to the +1 correction', () => {
    const diffs = Array.from({ length: 40 }, () => 1);
    expect(signFlipPermutationP(diffs, { iterations: 999 })).toBeCloseTo(1 / 1000, 12);
  });

  it('is reproducible for a seed in the Monte Carlo branch', () => {
    const rng = mulberry32(77);
    const diffs = Array.from({ length: 30 }, () => rng() - 0.4);
    const options = { iterations: 3000, seed: 21 };
    expect(signFlipPermutationP(diffs, options)).toBe(signFlipPermutationP(diffs, options));
  });

  it('rejects non-finite differences and zero iterations', () => {
    expect(() => signFlipPermutationP([1, Number.NaN])).toThrow(RangeError);
    expect(() => signFlipPermutationP([1], { iterations: 0 })).toThrow(RangeError);
  });
});

describe('minimumDetectableDifference', () => {
  it.each([
    { sd: 1, n: 100, alpha: 0.05, power: 0.8, expected: 0.28015852 },
    { sd: 0.5, n: 25, alpha: 0.05, power: 0.8, expected: 0.28015852 },
    { sd: 1, n: 100, alpha: 0.01, power: 0.9, expected: (2.5758293035489 + 1.2815515655446) / 10 },
    { sd: 0, n: 10, alpha: 0.05, power: 0.8, expected: 0 },
  ])('sd=$sd, n=$n, α=$alpha, power=$power → $expected', ({ sd, n, alpha, power, expected }) => {
    expect(minimumDetectableDifference({ sd, n, alpha, power })).toBeCloseTo(expected, 7);
  });

  it('defaults to α = 0.05 and power = 0.8', () => {
    expect(minimumDetectableDifference({ sd: 2, n: 16 })).toBeCloseTo((2.80158522 * 2) / 4, 7);
  });

  it('is infinite with no tasks', () => {
    expect(minimumDetectableDifference({ sd: 1, n: 0 })).toBe(Infinity);
  });

  it.each([
    { sd: -1, n: 10 },
    { sd: 1, n: 2.5 },
    { sd: 1, n: 10, alpha: 0 },
    { sd: 1, n: 10, power: 1 },
  ])('rejects %o', (options) => {
    expect(() => minimumDetectableDifference(options)).toThrow(RangeError);
  });
});

describe('minimumDetectableDifferenceBinary', () => {
  const zAlpha = 1.959963984540054;
  const zPower = 0.8416212335729143;

  it('gives δ ≈ 0.1238 for p_d = 0.2, n = 100', () => {
    expect(minimumDetectableDifferenceBinary({ discordanceRate: 0.2, n: 100 })).toBeCloseTo(0.1238193, 6);
  });

  it.each([
    { discordanceRate: 0.2, n: 100 },
    { discordanceRate: 0.1, n: 500 },
    { discordanceRate: 0.5, n: 40 },
    { discordanceRate: 0.05, n: 2000 },
  ])("solves Connor's equation for p_d=$discordanceRate, n=$n", ({ discordanceRate: pd, n }) => {
    const delta = minimumDetectableDifferenceBinary({ discordanceRate: pd, n });
    expect(delta).toBeGreaterThan(0);
    expect(delta).toBeLessThanOrEqual(pd);
    const lhs = Math.sqrt(n) * delta;
    const rhs = zAlpha * Math.sqrt(pd) + zPower * Math.sqrt(pd - delta * delta);
    expect(lhs).toBeCloseTo(rhs, 6);
  });

  it('shrinks as n grows', () => {
    const sizes = [50, 100, 200, 400];
    const deltas = sizes.map((n) => minimumDetectableDifferenceBinary({ discordanceRate: 0.3, n }));
    for (let i = 1; i < deltas.length; i++) expect(deltas[i]).toBeLessThan(deltas[i - 1] ?? 0);
  });

  it.each([
    { why: 'no tasks', discordanceRate: 0.2, n: 0 },
    { why: 'no discordance', discordanceRate: 0, n: 100 },
    { why: 'δ would exceed p_d', discordanceRate: 0.2, n: 5 },
    { why: 'n below z² slack', discordanceRate: 1, n: 2 },
  ])('is infinite when $why', ({ discordanceRate, n }) => {
    expect(minimumDetectableDifferenceBinary({ discordanceRate, n })).toBe(Infinity);
  });

  it.each([
    { discordanceRate: 1.2, n: 10 },
    { discordanceRate: 0.2, n: 10, power: 0.4 },
    { discordanceRate: 0.2, n: -1 },
  ])('rejects %o', (options) => {
    expect(() => minimumDetectableDifferenceBinary(options)).toThrow(RangeError);
  });
});

describe('zeroEventUpperBound', () => {
  it.each([
    { n: 100, ruleOfThree: 0.03, exact: 0.0295130496 },
    { n: 300, ruleOfThree: 0.01, exact: 1 - 0.05 ** (1 / 300) },
    { n: 1, ruleOfThree: 1, exact: 0.95 },
    { n: 0, ruleOfThree: 1, exact: 1 },
  ])('n=$n → rule $ruleOfThree, exact $exact', ({ n, ruleOfThree, exact }) => {
    const bound = zeroEventUpperBound(n);
    expect(bound.ruleOfThree).toBeCloseTo(ruleOfThree, 10);
    expect(bound.exact).toBeCloseTo(exact, 10);
  });

  it('makes observing zero events exactly 5% likely at the exact bound', () => {
    for (const n of [5, 30, 250]) expect((1 - zeroEventUpperBound(n).exact) ** n).toBeCloseTo(0.05, 12);
  });

  it('rejects a fractional n', () => {
    expect(() => zeroEventUpperBound(2.5)).toThrow(RangeError);
  });
});
