import { describe, expect, it, test } from 'vitest';
import { select } from '../../src/report/pairing.js';
import { formatSummary, rate, summarize } from '../../src/report/summary.js';
import { attempt, repeats } from './fixtures.js';

// Five tasks × two repeats, 8 of 10 resolved: t1–t3 twice, t4 and t5 once.
const tenAttempts = [
  ...repeats({ task: 't1', scores: { coherence: 1 }, cost: 0.1, latency: 1000 }, [true, true]),
  ...repeats({ task: 't2', scores: { coherence: 0.5 }, cost: 0.3, latency: 3000 }, [true, true]),
  ...repeats({ task: 't3', scores: { coherence: null }, cost: 0.2, latency: 2000, kind: 'refactor' }, [true, true]),
  ...repeats({ task: 't4', scores: { coherence: 0 }, cost: 0.2, latency: 2000 }, [true, false]),
  ...repeats({ task: 't5', scores: { coherence: 0 }, cost: 0.2, latency: 2000, kind: 'refactor' }, [false, true]),
];

describe('summarize', () => {
  const summary = summarize(select([...tenAttempts, attempt({ task: 't6', state: 'harness_error' })], 'oracle'));

  it('gives the resolved rate with its Wilson interval over all finished attempts (8/10 → [0.490, 0.943])', () => {
    expect(summary.resolved).toEqual({ successes: 8, n: 10, rate: 0.8, low: expect.closeTo(0.4902, 4), high: expect.closeTo(0.9433, 4) });
    expect([summary.tasks, summary.attempts, summary.repeats]).toEqual([5, 10, { min: 2, max: 2 }]);
  });

  it('gives pass@k and pass^k for k = 1 … the fewest repeats', () => {
    expect(summary.passK).toEqual([
      { k: 1, passAtK: expect.closeTo(0.8, 12), passHatK: expect.closeTo(0.8, 12) },
      { k: 2, passAtK: 1, passHatK: expect.closeTo(0.6, 12) },
    ]);
  });

  it('averages each score over tasks with a cluster-bootstrap interval, skipping nulls', () => {
    const coherence = summary.metrics.find((m) => m.metric === 'coherence')!;
    // Task means 1, 0.5, 0, 0 (t3 has no value): mean 0.375 over 4 tasks, 8 values.
    expect(coherence).toMatchObject({ mean: 0.375, values: 8, tasks: 4 });
    expect(coherence.low).toBeGreaterThanOrEqual(0);
    expect(coherence.high).toBeLessThanOrEqual(1);
    expect(coherence.low).toBeLessThan(0.375);
    expect(coherence.high).toBeGreaterThan(0.375);
    expect(summary.metrics.map((m) => m.metric)).toEqual(['resolved', 'coherence', 'cost_usd', 'latency_ms']);
    expect(summary.metrics.find((m) => m.metric === 'cost_usd')!.mean).toBeCloseTo(0.2, 12);
    expect(summary.metrics.find((m) => m.metric === 'latency_ms')!.mean).toBe(2000);
    expect(summary.totalCostUsd).toBeCloseTo(2, 12);
  });

  it('breaks resolved down by task kind', () => {
    expect(summary.byKind).toEqual([
      { kind: 'debug', tasks: 3, resolved: rate(5, 6) },
      { kind: 'refactor', tasks: 2, resolved: rate(3, 4) },
    ]);
  });

  it('counts harness errors apart from results', () => {
    expect(summary.harnessErrors).toEqual({ count: 1, rate: 1 / 11 });
  });

  it('gives the zero-event upper bound when nobody cheated', () => {
    expect(summary.cheated).toEqual({ count: 0, rate: 0, upperBound: { ruleOfThree: 0.3, exact: expect.closeTo(1 - 0.05 ** 0.1, 12) } });
  });

  it('is deterministic for a seed', () => {
    expect(summarize(select(tenAttempts, 'oracle'), { seed: 7 })).toEqual(summarize(select(tenAttempts, 'oracle'), { seed: 7 }));
  });
});

describe('summarize edge cases', () => {
  it('counts cheats and never counts a cheated attempt as resolved', () => {
    const s = summarize(select([attempt({ task: 'a', resolved: true, cheated: true }), attempt({ task: 'b', resolved: true })], 'oracle'));
    expect(s.cheated).toEqual({ count: 1, rate: 0.5, upperBound: null });
    expect(s.resolved.successes).toBe(1);
  });

  it('handles a selection with harness errors only', () => {
    const s = summarize(select([attempt({ task: 'a', state: 'harness_error' })], 'oracle'));
    expect(s).toMatchObject({ tasks: 0, attempts: 0, passK: [], metrics: [], byKind: [], harnessErrors: { count: 1, rate: 1 } });
    expect(s.resolved).toEqual({ successes: 0, n: 0, rate: 0, low: 0, high: 1 });
  });

  test.each([
    [[2, 3], { min: 2, max: 3 }, [1, 2]],
    [[1, 4], { min: 1, max: 4 }, [1]],
  ])('repeats %j → %j, pass@k for k in %j', (counts, expected, ks) => {
    const attempts = counts.flatMap((n, t) => repeats({ task: `t${t}` }, Array.from({ length: n }, () => true)));
    const s = summarize(select(attempts, 'oracle'));
    expect(s.repeats).toEqual(expected);
    expect(s.passK.map((p) => p.k)).toEqual(ks);
  });

  it('prints a readable block', () => {
    const text = formatSummary(summarize(select(tenAttempts, 'oracle')));
    expect(text).toContain('oracle: 10 finished attempt(s) on 5 task(s), 2 repeat(s) each; agents oracle');
    expect(text).toContain('resolved 0.800 [0.490, 0.943] (8/10); pass@1 0.800 pass^1 0.800, pass@2 1.000 pass^2 0.600');
    expect(text).toContain('0 cheated (95% upper bound 25.9%)');
    expect(text).toContain('by kind: debug 0.833 [0.436, 0.970] (5/6, 3 task(s)); refactor 0.750');
  });
});
