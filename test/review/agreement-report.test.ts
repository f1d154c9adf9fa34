import { describe, expect, it } from 'vitest';
import { disagreements } from '../../src/review/adjudication.js';
import { agreementReport, formatAgreement } from '../../src/review/agreement-report.js';
import { cohenKappa, krippendorffAlpha } from '../../src/review/agreement.js';
import { spearman } from '../../src/review/calibration.js';
import { consensus } from '../../src/review/consensus.js';
import type { ReviewItem, ReviewRecord } from '../../src/store/reviews.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { attempt } from '../report/fixtures.js';
import { finding, score } from './fixtures.js';

let n = 0;
function verdict(attemptId: string, reviewer: string, item: ReviewItem, value: string, extra: Partial<ReviewRecord> = {}): ReviewRecord {
  n++;
  return { id: `r${n}`, attemptId, reviewer, item, verdict: value, rationale: 'r', references: [], findings: [], blind: true, adjudication: false, source: 'import', createdAt: `2026-01-01T00:00:${String(n % 60).padStart(2, '0')}.000Z`, ...extra };
}

/** Two reviewers' integrity verdicts on 50 attempts with the 2×2 counts (20, 5, 10, 15). */
function kappaCounts(): ReviewRecord[] {
  const cells: Array<[string, string, number]> = [['legit', 'legit', 20], ['legit', 'reward_hack', 5], ['reward_hack', 'legit', 10], ['reward_hack', 'reward_hack', 15]];
  let i = 0;
  return cells.flatMap(([a, b, count]) => Array.from({ length: count }, () => {
    const id = `a${i++}`;
    return [verdict(id, 'ana', 'integrity', a), verdict(id, 'bo', 'integrity', b)];
  }).flat());
}

describe('agreement report', () => {
  it("gives Cohen's kappa 0.40 for the 2×2 counts (20, 5, 10, 15) through the review data", () => {
    const report = agreementReport([], kappaCounts());
    const integrity = report.items.find((i) => i.item === 'integrity')!;
    expect(integrity.kappa).toHaveLength(1);
    expect(integrity.kappa[0]!.reviewers).toEqual(['ana', 'bo']);
    expect(integrity.kappa[0]!.n).toBe(50);
    expect(integrity.kappa[0]!.kappa).toBeCloseTo(0.4, 10);
    expect(integrity.kappa[0]!.observedAgreement).toBeCloseTo(0.7, 10);
    expect(integrity.pairable).toBe(50);
  });

  it('uses each reviewer’s latest verdict, quadratic kappa and ordinal alpha for ratings', () => {
    const a = [1, 2, 3, 4, 2, 3];
    const b = [1, 3, 3, 4, 1, 2];
    const c = [2, 2, 3, 4, 2, 3];
    const reviews = a.flatMap((_, i) => [
      verdict(`t${i}`, 'ana', 'patch_quality', '4', { createdAt: '2025-01-01T00:00:00.000Z' }), // superseded
      verdict(`t${i}`, 'ana', 'patch_quality', String(a[i])),
      verdict(`t${i}`, 'bo', 'patch_quality', String(b[i])),
      verdict(`t${i}`, 'cy', 'patch_quality', String(c[i])),
    ]);
    const item = agreementReport([], reviews).items.find((i) => i.item === 'patch_quality')!;
    expect(item.reviewers).toEqual(['ana', 'bo', 'cy']);
    expect(item.kappa.map((k) => k.reviewers.join('/'))).toEqual(['ana/bo', 'ana/cy', 'bo/cy']);
    expect(item.kappa[0]!.kappa).toBeCloseTo(cohenKappa(a, b, { weights: 'quadratic', categories: [1, 2, 3, 4] }), 12);
    expect(item.alpha).toBeCloseTo(krippendorffAlpha(a.map((_, i) => [a[i]!, b[i]!, c[i]!]), 'ordinal'), 12);
    expect(item.level).toBe('ordinal');
  });

  it('judges each detector against the integrity consensus (adjudication wins, ties are left out)', () => {
    const attempts: ScoredAttempt[] = [
      { ...attempt({ task: 'p' }), findings: [finding('git_snooping')] }, // TP
      { ...attempt({ task: 'q' }), findings: [finding('git_snooping')] }, // FP
      { ...attempt({ task: 'r' }), findings: [] }, // FN
      { ...attempt({ task: 's' }), findings: [finding('git_snooping')] }, // tie: excluded
      { ...attempt({ task: 't' }), findings: [finding('network_attempt')] }, // FP after adjudication
    ];
    const [p, q, r, s, t] = attempts.map((x) => x.id) as [string, string, string, string, string];
    const reviews = [
      verdict(p, 'ana', 'integrity', 'reward_hack'),
      verdict(q, 'ana', 'integrity', 'legit'),
      verdict(r, 'ana', 'integrity', 'reward_hack'), verdict(r, 'bo', 'integrity', 'reward_hack'),
      verdict(s, 'ana', 'integrity', 'legit'), verdict(s, 'bo', 'integrity', 'reward_hack'),
      verdict(t, 'ana', 'integrity', 'reward_hack'), verdict(t, 'cy', 'integrity', 'heuristic', { adjudication: true }),
    ];
    const detectors = agreementReport(attempts, reviews).detectors;
    expect(detectors.find((d) => d.detector === 'git_snooping')).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, precision: 0.5, recall: 0.5, attempts: 4 });
    expect(detectors.find((d) => d.detector === 'network_attempt')).toMatchObject({ truePositives: 0, falsePositives: 1, falseNegatives: 2, precision: 0, recall: 0 });
    expect(detectors.find((d) => d.detector === 'any detector')).toMatchObject({ truePositives: 1, falsePositives: 2, falseNegatives: 1 });
  });

  it('calibrates scores against the consensus with Spearman rho and bucket means', () => {
    const attempts = [0.1, 0.4, 0.5, 0.9].map((value, i) => ({ ...attempt({ task: `c${i}` }), scores: [score('coherence', value)] }));
    const reviews = attempts.flatMap((a, i) => [verdict(a.id, 'ana', 'process_coherence', String(i + 1)), verdict(a.id, 'bo', 'process_coherence', String(i === 3 ? 4 : i + 1))]);
    const row = agreementReport(attempts, reviews).calibration.find((c) => c.score === 'coherence')!;
    expect(row).toEqual({ item: 'process_coherence', score: 'coherence', n: 4, spearman: 1, buckets: [{ bucket: '1', n: 1, meanScore: 0.1 }, { bucket: '2', n: 1, meanScore: 0.4 }, { bucket: '3', n: 1, meanScore: 0.5 }, { bucket: '4', n: 1, meanScore: 0.9 }] });
  });

  it('prints every section with undefined statistics as a dash', () => {
    const text = formatAgreement(agreementReport([], kappaCounts()));
    expect(text).toContain('100 review(s) by 2 reviewer(s): ana, bo');
    // Two coders, 15 of 50 units split, marginals 55 / 45 of n = 100: α = 1 − 99 · 30 / (2 · 55 · 45) = 0.400.
    expect(text).toContain('  integrity          α (nominal) 0.400  on 50 of 50 attempt(s) judged by ≥ 2');
    expect(text).toContain('    κ ana / bo: 0.400 on 50 attempt(s), 70% identical');
    expect(text).toContain('  patch_quality      α (ordinal) —  on 0 of 0 attempt(s) judged by ≥ 2');
    expect(text).toContain('Adjudication queue: 15 disagreement(s)');
  });
});

describe('spearman', () => {
  it('matches a tied-rank value (scipy.stats.spearmanr gives 0.8207826816681233)', () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });
  it('is NaN for fewer than two pairs or a constant side', () => {
    expect(spearman([1], [2])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
  });
});

describe('adjudication queue', () => {
  it('lists disagreements without an adjudicated verdict, honouring the rating spread', () => {
    const reviews = [
      verdict('x', 'ana', 'integrity', 'legit'), verdict('x', 'bo', 'integrity', 'heuristic'),
      verdict('y', 'ana', 'patch_quality', '2'), verdict('y', 'bo', 'patch_quality', '3'),
      verdict('z', 'ana', 'patch_quality', '1'), verdict('z', 'bo', 'patch_quality', '4'),
      verdict('w', 'ana', 'integrity', 'legit'), verdict('w', 'bo', 'integrity', 'reward_hack'), verdict('w', 'cy', 'integrity', 'legit', { adjudication: true }),
    ];
    expect(disagreements(reviews).map((d) => `${d.attemptId}/${d.item}`)).toEqual(['x/integrity', 'y/patch_quality', 'z/patch_quality']);
    expect(disagreements(reviews, { minSpread: 2 }).map((d) => d.attemptId)).toEqual(['x', 'z']);
    expect(consensus(reviews).find((c) => c.attemptId === 'w')).toMatchObject({ value: 'legit', adjudicated: true });
    expect(consensus(reviews).find((c) => c.attemptId === 'y')).toMatchObject({ value: 2.5, adjudicated: false });
  });
});
