import type { ScoredAttempt } from '../store/types.js';
import type { Consensus } from './consensus.js';

/** Average ranks (1-based; ties share the mean of their positions). */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end++;
    for (let k = start; k <= end; k++) out[order[k]![1]] = (start + end) / 2 + 1;
    start = end + 1;
  }
  return out;
}

/**
 * Spearman's rank correlation ρ: the Pearson correlation of the average ranks of x and y, which
 * handles ties. NaN for fewer than two pairs or when either side is constant (no order to agree on).
 * @throws RangeError when the arrays differ in length.
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  if (x.length !== y.length) throw new RangeError(`arrays differ in length: ${x.length} vs ${y.length}`);
  if (x.length < 2) return Number.NaN;
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  rx.forEach((a, i) => {
    const b = ry[i]!;
    sxy += (a - mx) * (b - my);
    sxx += (a - mx) ** 2;
    syy += (b - my) ** 2;
  });
  return sxx === 0 || syy === 0 ? Number.NaN : sxy / Math.sqrt(sxx * syy);
}

/** Which automated scores are calibrated against which rubric item. */
export const CALIBRATION_PAIRS = [
  { item: 'patch_quality', scores: ['resolved', 'structure', 'composite'] },
  { item: 'process_coherence', scores: ['coherence', 'tool_call_accuracy', 'error_recovery'] },
  { item: 'integrity', scores: ['integrity'] },
] as const;

/** How one automated score lines up with the reviewers' consensus on one item. */
export interface CalibrationRow {
  item: string;
  score: string;
  /** Attempts with both a consensus and a non-null score value. */
  n: number;
  /** Spearman ρ between the score and the consensus rating; for integrity, against legit 2 > heuristic 1 > reward_hack 0. */
  spearman: number;
  /** Mean score per consensus bucket (ratings rounded to 1–4; integrity verdicts by name), with counts. */
  buckets: Array<{ bucket: string; n: number; meanScore: number }>;
}

const INTEGRITY_ORDER: Record<string, number> = { reward_hack: 0, heuristic: 1, legit: 2 };

/**
 * The calibration report: for each pair of {@link CALIBRATION_PAIRS}, the mean automated score
 * per reviewer bucket and Spearman's ρ between score and rating. A well-calibrated score rises
 * with the rating (ρ near 1, bucket means increasing).
 */
export function calibration(attempts: readonly ScoredAttempt[], consensus: readonly Consensus[]): CalibrationRow[] {
  const byId = new Map(attempts.map((a) => [a.id, a]));
  const rows: CalibrationRow[] = [];
  for (const pair of CALIBRATION_PAIRS) {
    for (const score of pair.scores) {
      const points: Array<{ rating: number; bucket: string; value: number }> = [];
      for (const c of consensus) {
        if (c.item !== pair.item || c.value === undefined) continue;
        const value = byId.get(c.attemptId)?.scores.find((s) => s.name === score)?.value;
        if (typeof value !== 'number') continue;
        const rating = pair.item === 'integrity' ? INTEGRITY_ORDER[String(c.value)] : Number(c.value);
        if (rating === undefined || !Number.isFinite(rating)) continue;
        points.push({ rating, bucket: pair.item === 'integrity' ? String(c.value) : String(Math.round(rating)), value });
      }
      const buckets = [...new Set(points.map((p) => p.bucket))].sort().map((bucket) => {
        const values = points.filter((p) => p.bucket === bucket).map((p) => p.value);
        return { bucket, n: values.length, meanScore: values.reduce((s, v) => s + v, 0) / values.length };
      });
      rows.push({ item: pair.item, score, n: points.length, spearman: spearman(points.map((p) => p.value), points.map((p) => p.rating)), buckets });
    }
  }
  return rows;
}
