import type { ScoredAttempt } from '../../store/types.js';
import { isResolved, mean } from '../metrics.js';
import { mulberry32, pairedBootstrapDiff, quantileSorted, randomIndex } from '../stats.js';
import type { BootstrapInterval, BootstrapOptions, PairedScore } from '../stats.js';

/** A ratio of two mean rates with a percentile bootstrap interval; `ratio` is null when the denominator is 0. */
export interface RatioInterval {
  ratio: number | null;
  low: number | null;
  high: number | null;
}

/** One unit (a task, an origin task) observed under two conditions: resolved rates over its repeats. */
export interface PairedRates {
  /** What the unit is: a task id, or an origin task id. */
  unit: string;
  /** Resolved rate under the condition being tested (faults, a variant). */
  treated: number;
  /** Resolved rate under the reference condition (no faults, the origin task). */
  reference: number;
  treatedAttempts: number;
  referenceAttempts: number;
}

/** The fraction of attempts resolved (cheated attempts never are); NaN for none. */
export function resolvedRate(attempts: readonly ScoredAttempt[]): number {
  return mean(attempts.map((a) => (isResolved(a) ? 1 : 0)));
}

/** What a paired comparison of resolved rates yields. */
export interface PairedSummary {
  /** Units with attempts under both conditions. */
  units: number;
  treatedAttempts: number;
  referenceAttempts: number;
  /** Mean over units of the per-unit resolved rate under each condition. */
  treatedRate: number;
  referenceRate: number;
  /** treated − reference, paired per unit, with a bootstrap interval over units. */
  difference: BootstrapInterval;
  /** treated / reference (ratio of the mean rates), with a bootstrap interval over units. */
  ratio: RatioInterval;
}

/**
 * Percentile bootstrap of Σ treated / Σ reference over units resampled with replacement (pairs
 * stay intact). Resamples whose reference sum is 0 have no ratio: ∞ when the treated sum is
 * positive, dropped when both are 0 (no information either way).
 */
export function pairedRatioBootstrap(pairs: readonly PairedScore[], options: BootstrapOptions = {}): RatioInterval {
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
  const a = pairs.map((p) => p.a);
  const b = pairs.map((p) => p.b);
  if (pairs.length === 0 || sum(b) === 0) return { ratio: null, low: null, high: null };
  const iterations = options.iterations ?? 10_000;
  const alpha = 1 - (options.confidence ?? 0.95);
  const rng = mulberry32(options.seed ?? 1);
  const kept: number[] = [];
  for (let r = 0; r < iterations; r++) {
    let top = 0;
    let bottom = 0;
    for (let u = 0; u < pairs.length; u++) {
      const pick = randomIndex(rng, pairs.length);
      top += a[pick]!;
      bottom += b[pick]!;
    }
    if (bottom > 0) kept.push(top / bottom);
    else if (top > 0) kept.push(Number.POSITIVE_INFINITY);
  }
  kept.sort((x, y) => x - y);
  return { ratio: sum(a) / sum(b), low: quantileSorted(kept, alpha / 2), high: quantileSorted(kept, 1 - alpha / 2) };
}

/** Difference and ratio of resolved rates over units paired under two conditions. */
export function summarizePairs(pairs: readonly PairedRates[], options: BootstrapOptions = {}): PairedSummary {
  const scores = pairs.map((p) => ({ a: p.treated, b: p.reference }));
  return {
    units: pairs.length,
    treatedAttempts: pairs.reduce((s, p) => s + p.treatedAttempts, 0),
    referenceAttempts: pairs.reduce((s, p) => s + p.referenceAttempts, 0),
    treatedRate: mean(pairs.map((p) => p.treated)),
    referenceRate: mean(pairs.map((p) => p.reference)),
    difference: pairedBootstrapDiff(scores, options),
    ratio: pairedRatioBootstrap(scores, options),
  };
}

/** Groups values by a key, keys in first-seen order. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
