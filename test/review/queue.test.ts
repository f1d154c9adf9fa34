import { describe, expect, it } from 'vitest';
import { buildQueue, doubtfulReasons, flaggedReasons, stratifiedSample } from '../../src/review/queue.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { attempt } from '../report/fixtures.js';
import { finding, score } from './fixtures.js';

function withScores(a: ScoredAttempt, extra: Partial<ScoredAttempt>): ScoredAttempt {
  return { ...a, ...extra, scores: [...a.scores, ...(extra.scores ?? [])] };
}

const clean = attempt({ task: 'clean', resolved: true, scores: { structure: 1 } });
const cases: Array<[string, ScoredAttempt, string[]]> = [
  ['resolved with structure below 1', attempt({ task: 'a', resolved: true, scores: { structure: 0.5 } }), ['resolved-structure']],
  ['unresolved with structure below 1 is not doubtful for it', attempt({ task: 'b', resolved: false, scores: { structure: 0.5 } }), []],
  ['scope drift above 0.2', withScores(attempt({ task: 'c' }), { scores: [score('coherence', 0.7, { scope_drift: 0.25 })] }), ['scope-drift']],
  ['scope drift of exactly 0.2 is not', withScores(attempt({ task: 'd' }), { scores: [score('coherence', 0.7, { scope_drift: 0.2 })] }), []],
  ['a claim the grade contradicts', withScores(attempt({ task: 'e' }), { scores: [score('coherence', 0.7, { claim_inconsistent: 1 })] }), ['claim-contradicted']],
  ['a suspected finding', withScores(attempt({ task: 'f' }), { findings: [finding('network_attempt')] }), ['suspected-finding']],
  ['a confirmed finding is flagged, not doubtful', withScores(attempt({ task: 'g' }), { findings: [finding('test_tampering', true, 'critical')] }), []],
  ['a clean attempt', clean, []],
];

describe('review queue rules', () => {
  it.each(cases)('doubtful: %s', (_name, a, reasons) => {
    expect(doubtfulReasons(a)).toEqual(reasons);
  });

  it('marks attempts of weak or flaky tasks as doubtful', () => {
    const flags = new Map([['clean', new Set<'weak' | 'flaky'>(['weak', 'flaky'])]]);
    expect(doubtfulReasons(clean, flags)).toEqual(['task-weak', 'task-flaky']);
  });

  it('flags every distinct finding, confirmed or suspected', () => {
    const a = withScores(attempt({ task: 'h' }), { findings: [finding('git_snooping', true, 'critical'), finding('git_snooping'), finding('network_attempt')] });
    expect(flaggedReasons(a)).toEqual(['finding:git_snooping', 'finding:network_attempt']);
  });

  it('queues flagged and doubtful finished attempts with all their reasons, never harness errors', () => {
    const flagged = withScores(attempt({ task: 'f' }), { findings: [finding('network_attempt')] });
    const doubtful = attempt({ task: 'a', resolved: true, scores: { structure: 0.5 } });
    const broken = withScores(attempt({ task: 'x', state: 'harness_error' }), { findings: [finding('network_attempt')] });
    const all = [clean, flagged, doubtful, broken];
    expect(buildQueue(all, { sample: 0 })).toEqual([
      { attemptId: doubtful.id, reasons: ['resolved-structure'] },
      { attemptId: flagged.id, reasons: ['finding:network_attempt', 'suspected-finding'] },
    ]);
    expect(buildQueue(all, { sample: 0, include: ['flagged'] })).toEqual([{ attemptId: flagged.id, reasons: ['finding:network_attempt'] }]);
    expect(buildQueue(all, { sample: 0, include: [] })).toEqual([]);
    expect(buildQueue(all, { sample: 1, include: [] }).map((e) => e.attemptId).sort()).toEqual([clean.id, flagged.id, doubtful.id].sort());
  });
});

describe('stratified sample', () => {
  const population = [
    ...Array.from({ length: 20 }, (_, i) => attempt({ agent: 'a', task: `d${i}`, kind: 'debug' })),
    ...Array.from({ length: 10 }, (_, i) => attempt({ agent: 'a', task: `r${i}`, kind: 'refactor' })),
    ...Array.from({ length: 3 }, (_, i) => attempt({ agent: 'b', task: `d${i}`, kind: 'debug' })),
  ];
  const count = (list: ScoredAttempt[], agent: string, kind: string) => list.filter((a) => a.agentSpec === agent && a.taskKind === kind).length;

  it('draws ceil(fraction × size) from every agent × task-kind stratum', () => {
    const sample = stratifiedSample(population, 0.1, 7);
    expect([count(sample, 'a', 'debug'), count(sample, 'a', 'refactor'), count(sample, 'b', 'debug')]).toEqual([2, 1, 1]);
    expect(new Set(sample.map((a) => a.id)).size).toBe(sample.length);
  });

  it('is deterministic by seed and independent of input order', () => {
    const ids = (list: ScoredAttempt[]) => list.map((a) => a.id).sort();
    const one = stratifiedSample(population, 0.3, 7);
    expect(ids(stratifiedSample([...population].reverse(), 0.3, 7))).toEqual(ids(one));
    const seeds = [1, 2, 3, 4, 5].map((seed) => ids(stratifiedSample(population, 0.3, seed)).join());
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('covers everything at 1, nothing at 0, and refuses a fraction outside [0, 1]', () => {
    expect(stratifiedSample(population, 1, 1)).toHaveLength(population.length);
    expect(stratifiedSample(population, 0, 1)).toEqual([]);
    expect(() => stratifiedSample(population, 1.5, 1)).toThrow('Expected the sample fraction to be in [0, 1], got 1.5');
  });
});
