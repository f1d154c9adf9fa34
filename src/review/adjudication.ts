import type { ReviewItem, ReviewRecord } from '../store/reviews.js';
import { consensus } from './consensus.js';

/** Reviewers who disagree on one item of one attempt, with no adjudicated verdict yet. */
export interface Disagreement {
  attemptId: string;
  item: ReviewItem;
  verdicts: Array<{ reviewer: string; verdict: string }>;
}

/**
 * The adjudication queue: attempt × item pairs where the reviewers' latest verdicts differ — any
 * two different integrity verdicts, or ratings whose highest and lowest differ by `minSpread` or
 * more (default 1: any difference) — and no adjudicated verdict exists yet.
 * @throws RangeError when `minSpread` is not an integer in 1–3.
 */
export function disagreements(reviews: readonly ReviewRecord[], options: { minSpread?: number } = {}): Disagreement[] {
  const minSpread = options.minSpread ?? 1;
  if (!Number.isInteger(minSpread) || minSpread < 1 || minSpread > 3) throw new RangeError(`Expected the rating spread to be 1, 2 or 3, got ${minSpread}`);
  return consensus(reviews)
    .filter((c) => !c.adjudicated && c.verdicts.length >= 2)
    .filter((c) => {
      if (c.item === 'integrity') return new Set(c.verdicts.map((v) => v.verdict)).size > 1;
      const ratings = c.verdicts.map((v) => Number(v.verdict));
      return Math.max(...ratings) - Math.min(...ratings) >= minSpread;
    })
    .map((c) => ({ attemptId: c.attemptId, item: c.item, verdicts: c.verdicts }));
}
