import { DETECTOR_IDS } from '../score/integrity/index.js';
import { INTEGRITY_VERDICTS, REVIEW_ITEMS, REVIEWER_FINDING_ID, latestVerdicts, type ReviewItem, type ReviewRecord } from '../store/reviews.js';
import type { ScoredAttempt } from '../store/types.js';
import { disagreements } from './adjudication.js';
import { cohenKappa, krippendorffAlpha, precisionRecallFromLabels, type PrecisionRecall } from './agreement/index.js';
import { calibration, type CalibrationRow } from './calibration.js';
import { consensus } from './consensus.js';

/** Cohen's kappa of one pair of reviewers on the attempts both judged. */
export interface PairKappa {
  reviewers: [string, string];
  /** Attempts both reviewers judged. */
  n: number;
  /** Share of those attempts with identical verdicts. */
  observedAgreement: number;
  /** Unweighted for integrity, quadratic-weighted for the 1–4 ratings; NaN when undefined. */
  kappa: number;
}

/** Inter-reviewer agreement on one rubric item. */
export interface ItemAgreement {
  item: ReviewItem;
  /** Level of measurement: nominal for integrity, ordinal for the ratings. */
  level: 'nominal' | 'ordinal';
  reviewers: string[];
  /** Attempts with a verdict on this item, and those judged by two or more reviewers. */
  attempts: number;
  pairable: number;
  /** Krippendorff's alpha over every reviewer (nominal / ordinal); NaN without pairable data or variation. */
  alpha: number;
  /** Cohen's kappa for each pair of reviewers with a common attempt. */
  kappa: PairKappa[];
}

/** One integrity detector judged against the reviewers' integrity consensus (reward hack = positive). */
export interface DetectorAgreement extends PrecisionRecall {
  detector: string;
  /** Attempts with an integrity consensus. */
  attempts: number;
}

/** Everything `crucible review agreement` reports. */
export interface AgreementReport {
  reviews: number;
  reviewers: string[];
  items: ItemAgreement[];
  detectors: DetectorAgreement[];
  calibration: CalibrationRow[];
  /** Size of the adjudication queue (any disagreement). */
  disagreements: number;
}

function itemAgreement(item: ReviewItem, latest: readonly ReviewRecord[]): ItemAgreement {
  const mine = latest.filter((r) => r.item === item);
  const reviewers = [...new Set(mine.map((r) => r.reviewer))].sort();
  const attempts = [...new Set(mine.map((r) => r.attemptId))].sort();
  const value = (r: ReviewRecord): string | number => (item === 'integrity' ? r.verdict : Number(r.verdict));
  const lookup = new Map(mine.map((r) => [`${r.attemptId}\0${r.reviewer}`, value(r)]));
  const units = attempts.map((id) => reviewers.map((who) => lookup.get(`${id}\0${who}`) ?? null));
  const kappa: PairKappa[] = [];
  reviewers.forEach((a, i) => {
    for (const b of reviewers.slice(i + 1)) {
      const shared = attempts.filter((id) => lookup.has(`${id}\0${a}`) && lookup.has(`${id}\0${b}`));
      if (shared.length === 0) continue;
      const ra = shared.map((id) => lookup.get(`${id}\0${a}`)!);
      const rb = shared.map((id) => lookup.get(`${id}\0${b}`)!);
      const value = item === 'integrity'
        ? cohenKappa(ra, rb, { categories: [...INTEGRITY_VERDICTS] })
        : cohenKappa(ra, rb, { weights: 'quadratic', categories: [1, 2, 3, 4] });
      kappa.push({ reviewers: [a, b], n: shared.length, observedAgreement: shared.filter((_, k) => ra[k] === rb[k]).length / shared.length, kappa: value });
    }
  });
  return {
    item,
    level: item === 'integrity' ? 'nominal' : 'ordinal',
    reviewers,
    attempts: attempts.length,
    pairable: units.filter((u) => u.filter((v) => v !== null).length >= 2).length,
    alpha: krippendorffAlpha(units, item === 'integrity' ? 'nominal' : 'ordinal'),
    kappa,
  };
}

function detectorAgreement(attempts: readonly ScoredAttempt[], reviews: readonly ReviewRecord[]): DetectorAgreement[] {
  const byId = new Map(attempts.map((a) => [a.id, a]));
  const judged = consensus(reviews).filter((c) => c.item === 'integrity' && c.value !== undefined && byId.has(c.attemptId));
  const seen = new Set(attempts.flatMap((a) => a.findings.map((f) => f.id)).filter((id) => id !== REVIEWER_FINDING_ID));
  const detectors = [...new Set<string>([...DETECTOR_IDS, ...seen])];
  const reviewed = judged.map((c) => c.value === 'reward_hack');
  const flags = (id: string | undefined) =>
    judged.map((c) => byId.get(c.attemptId)!.findings.some((f) => f.id !== REVIEWER_FINDING_ID && (id === undefined || f.id === id)));
  return [
    ...detectors.map((detector) => ({ detector, attempts: judged.length, ...precisionRecallFromLabels(flags(detector), reviewed) })),
    { detector: 'any detector', attempts: judged.length, ...precisionRecallFromLabels(flags(undefined), reviewed) },
  ];
}

/**
 * The agreement report over a database's reviews: per rubric item Krippendorff's alpha (nominal
 * for integrity, ordinal for 1–4) and Cohen's kappa per reviewer pair (quadratic-weighted for
 * 1–4), on each reviewer's latest verdict; each integrity detector's precision and recall against
 * the reviewers' integrity consensus (positive = reward hack); the calibration of automated
 * scores against the consensus; the size of the adjudication queue.
 */
export function agreementReport(attempts: readonly ScoredAttempt[], reviews: readonly ReviewRecord[]): AgreementReport {
  const latest = latestVerdicts(reviews);
  return {
    reviews: reviews.length,
    reviewers: [...new Set(reviews.map((r) => r.reviewer))].sort(),
    items: REVIEW_ITEMS.map((item) => itemAgreement(item, latest)),
    detectors: detectorAgreement(attempts, reviews),
    calibration: calibration(attempts, consensus(reviews)),
    disagreements: disagreements(reviews).length,
  };
}

const num = (v: number, digits = 3): string => (Number.isFinite(v) ? v.toFixed(digits) : '—');

/** The agreement report for a person (ends with a newline); undefined values print as —. */
export function formatAgreement(report: AgreementReport): string {
  const lines = [`${report.reviews} review(s) by ${report.reviewers.length} reviewer(s): ${report.reviewers.join(', ') || 'none'}`, '', 'Agreement between reviewers (latest verdict of each):'];
  for (const it of report.items) {
    lines.push(`  ${it.item.padEnd(18)} α (${it.level}) ${num(it.alpha)}  on ${it.pairable} of ${it.attempts} attempt(s) judged by ≥ 2`);
    for (const k of it.kappa) lines.push(`    κ${it.level === 'ordinal' ? ' (quadratic)' : ''} ${k.reviewers.join(' / ')}: ${num(k.kappa)} on ${k.n} attempt(s), ${num(k.observedAgreement * 100, 0)}% identical`);
  }
  lines.push('', 'Integrity detectors against reviewer verdicts (positive = reward_hack):', `  ${'detector'.padEnd(20)} ${'TP'.padStart(3)} ${'FP'.padStart(3)} ${'FN'.padStart(3)}  precision  recall`);
  for (const d of report.detectors) {
    if (d.truePositives + d.falsePositives + d.falseNegatives === 0 && d.detector !== 'any detector') continue;
    lines.push(`  ${d.detector.padEnd(20)} ${String(d.truePositives).padStart(3)} ${String(d.falsePositives).padStart(3)} ${String(d.falseNegatives).padStart(3)}  ${num(d.precision).padStart(9)}  ${num(d.recall).padStart(6)}`);
  }
  lines.push('', 'Calibration of automated scores against the reviewers (Spearman ρ; mean score per rating):');
  for (const c of report.calibration) {
    lines.push(`  ${c.item.padEnd(18)} ${c.score.padEnd(19)} n ${String(c.n).padStart(3)}  ρ ${num(c.spearman).padStart(6)}  ${c.buckets.map((b) => `${b.bucket}: ${num(b.meanScore, 2)} (${b.n})`).join('  ')}`.trimEnd());
  }
  lines.push('', `Adjudication queue: ${report.disagreements} disagreement(s) (crucible review adjudicate)`);
  return `${lines.join('\n')}\n`;
}
