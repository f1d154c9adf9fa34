import { mulberry32, randomIndex, type Rng } from './prng.js';
import { assertFiniteValues, assertOpenUnit, assertPositiveInteger, at } from './validate.js';

/** Resampling settings shared by the bootstrap functions. */
export interface BootstrapOptions {
  /** Number of bootstrap resamples B (default 10 000). */
  iterations?: number;
  /** PRNG seed; equal seeds give identical intervals (default 1). */
  seed?: number;
  /** Two-sided confidence level 1 − α (default 0.95). */
  confidence?: number;
}

/** A point estimate with a percentile bootstrap interval, all in the data's own units. */
export interface BootstrapInterval {
  /** Point estimate computed on the original (not resampled) data. */
  mean: number;
  /** The α/2 quantile of the bootstrap distribution. */
  low: number;
  /** The 1 − α/2 quantile of the bootstrap distribution. */
  high: number;
}

/** How {@link clusterBootstrapMean} weighs clusters of unequal size. */
export type ClusterWeighting = 'cluster' | 'observation';

/** Options for {@link clusterBootstrapMean}. */
export interface ClusterBootstrapOptions extends BootstrapOptions {
  /**
   * `'cluster'` (default): mean of cluster means, so every task counts once.
   * `'observation'`: pooled mean of all values, so tasks with more repeats weigh more.
   */
  weighting?: ClusterWeighting;
}

const EMPTY: BootstrapInterval = { mean: Number.NaN, low: Number.NaN, high: Number.NaN };

/**
 * Quantile of ascending-sorted data by linear interpolation between order statistics
 * (Hyndman–Fan type 7, the R / NumPy default):
 *   h = (N − 1)q,  Q = x⌊h⌋ + (h − ⌊h⌋)(x⌈h⌉ − x⌊h⌋).
 *
 * @param sorted - Values in ascending order (not checked).
 * @param q - Quantile level in [0, 1].
 * @returns The interpolated quantile; NaN when `sorted` is empty.
 * @throws RangeError when `q` is outside [0, 1].
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) {
    throw new RangeError(`q must be in [0, 1], got ${q}`);
  }
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const below = Math.floor(h);
  const lower = at(sorted, below);
  const upper = at(sorted, Math.ceil(h));
  // Equal neighbours (infinite ratios included: ∞ − ∞ is NaN) need no interpolation.
  if (upper === lower) return lower;
  return lower + (h - below) * (upper - lower);
}

interface ResolvedOptions {
  iterations: number;
  rng: Rng;
  confidence: number;
}

function resolve(options: BootstrapOptions): ResolvedOptions {
  const { iterations = 10_000, seed = 1, confidence = 0.95 } = options;
  assertPositiveInteger('iterations', iterations);
  assertOpenUnit('confidence', confidence);
  return { iterations, rng: mulberry32(seed), confidence };
}

/**
 * Core of both bootstraps: the statistic of a resample is Σ totals / Σ weights over units drawn
 * with replacement, so clusters and pairs share one loop that costs O(B · units).
 */
function ratioBootstrap(
  totals: readonly number[],
  weights: readonly number[],
  options: BootstrapOptions,
): BootstrapInterval {
  const { iterations, rng, confidence } = resolve(options);
  const units = totals.length;
  if (units === 0) return EMPTY;
  const sumOf = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0);
  const mean = sumOf(totals) / sumOf(weights);
  const replicates = new Float64Array(iterations);
  for (let r = 0; r < iterations; r++) {
    let total = 0;
    let weight = 0;
    for (let u = 0; u < units; u++) {
      const pick = randomIndex(rng, units);
      total += at(totals, pick);
      weight += at(weights, pick);
    }
    replicates[r] = total / weight;
  }
  replicates.sort();
  const alpha = 1 - confidence;
  return { mean, low: quantileSorted(replicates, alpha / 2), high: quantileSorted(replicates, 1 - alpha / 2) };
}

/**
 * Cluster (block) bootstrap of a mean: clusters — typically tasks, each holding its repeated
 * runs' scores — are resampled whole with replacement, keeping a task's repeats together so the
 * interval reflects between-task variation instead of treating correlated repeats as independent.
 * The interval is the percentile interval [q_{α/2}, q_{1−α/2}] of B resampled means.
 *
 * Statistic, with cluster i holding values x_{i1..i m_i}:
 *   - weighting `'cluster'` (default): (1/K) Σ_i mean(x_i)
 *   - weighting `'observation'`: Σ_i Σ_j x_ij / Σ_i m_i
 *
 * Edge cases: no clusters → all fields NaN; one cluster → a zero-width interval at its mean.
 *
 * @param clusters - One array of finite scores per cluster, in the scores' own units.
 * @returns Mean and interval in the same units as the input scores.
 * @throws RangeError for an empty cluster, a non-finite score, iterations < 1, or confidence ∉ (0, 1).
 */
export function clusterBootstrapMean(
  clusters: readonly (readonly number[])[],
  options: ClusterBootstrapOptions = {},
): BootstrapInterval {
  const byObservation = options.weighting === 'observation';
  const totals: number[] = [];
  const weights: number[] = [];
  clusters.forEach((cluster, index) => {
    if (cluster.length === 0) {
      throw new RangeError(`clusters[${index}] is empty; a cluster needs at least one value`);
    }
    assertFiniteValues(`clusters[${index}]`, cluster);
    const sum = cluster.reduce((acc, value) => acc + value, 0);
    totals.push(byObservation ? sum : sum / cluster.length);
    weights.push(byObservation ? cluster.length : 1);
  });
  return ratioBootstrap(totals, weights, options);
}

/** One task's scores under two conditions (agents, configurations) being compared. */
export interface PairedScore {
  a: number;
  b: number;
}

/**
 * Paired bootstrap of a mean difference: the per-pair differences dᵢ = aᵢ − bᵢ are resampled
 * with replacement (pairs stay intact, so task difficulty cancels) and the interval is the
 * percentile interval of B resampled means of d. Point estimate: (1/N) Σ dᵢ.
 *
 * Edge case: no pairs → all fields NaN.
 *
 * @returns Mean difference a − b and interval, in the scores' own units; positive favours `a`.
 * @throws RangeError for a non-finite score, iterations < 1, or confidence ∉ (0, 1).
 */
export function pairedBootstrapDiff(
  pairs: readonly PairedScore[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const diffs = pairs.map((pair) => pair.a - pair.b);
  assertFiniteValues('pairs (a − b)', diffs);
  return ratioBootstrap(
    diffs,
    diffs.map(() => 1),
    options,
  );
}
