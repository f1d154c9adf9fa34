/** Confusion counts of a detector judged against a human reviewer (the reference). */
export interface DetectionCounts {
  /** Items the detector flagged and the reviewer confirmed. */
  truePositives: number;
  /** Items the detector flagged but the reviewer rejected. */
  falsePositives: number;
  /** Items the reviewer flagged that the detector missed. */
  falseNegatives: number;
}

/** Detection counts with the derived agreement rates, each a fraction in [0, 1] or NaN. */
export interface PrecisionRecall extends DetectionCounts {
  /** TP / (TP + FP): share of the detector's flags the reviewer agreed with. */
  precision: number;
  /** TP / (TP + FN): share of the reviewer's flags the detector found. */
  recall: number;
  /** Harmonic mean 2PR / (P + R) = 2TP / (2TP + FP + FN). */
  f1: number;
}

function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Precision, recall and F1 of a detector against reviewer judgements:
 *
 *   precision = TP / (TP + FP),  recall = TP / (TP + FN),  F1 = 2TP / (2TP + FP + FN).
 *
 * Zero denominators give NaN rather than 0, because "the detector flagged nothing" is not the
 * same as "every flag was wrong": precision is NaN when TP + FP = 0, recall when TP + FN = 0, and
 * F1 when TP + FP + FN = 0. F1 is defined whenever either side flagged something.
 *
 * @returns The counts echoed back plus the three rates (fractions, not percentages).
 * @throws RangeError when a count is not a non-negative integer.
 */
export function precisionRecall(counts: DetectionCounts): PrecisionRecall {
  const { truePositives: tp, falsePositives: fp, falseNegatives: fn } = counts;
  assertCount('truePositives', tp);
  assertCount('falsePositives', fp);
  assertCount('falseNegatives', fn);
  const ratio = (numerator: number, denominator: number): number =>
    denominator === 0 ? Number.NaN : numerator / denominator;
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    f1: ratio(2 * tp, 2 * tp + fp + fn),
  };
}

/**
 * {@link precisionRecall} from per-item flags: detected[i] is the detector's verdict on item i,
 * reviewed[i] the reviewer's. Items neither flagged (true negatives) do not enter any rate.
 *
 * @returns As {@link precisionRecall}; all rates NaN for empty input.
 * @throws RangeError when the arrays differ in length.
 */
export function precisionRecallFromLabels(
  detected: readonly boolean[],
  reviewed: readonly boolean[],
): PrecisionRecall {
  if (detected.length !== reviewed.length) {
    throw new RangeError(`label arrays differ in length: ${detected.length} vs ${reviewed.length}`);
  }
  const counts: DetectionCounts = { truePositives: 0, falsePositives: 0, falseNegatives: 0 };
  detected.forEach((flagged, item) => {
    const confirmed = reviewed[item] === true;
    if (flagged && confirmed) counts.truePositives++;
    else if (flagged) counts.falsePositives++;
    else if (confirmed) counts.falseNegatives++;
  });
  return precisionRecall(counts);
}
