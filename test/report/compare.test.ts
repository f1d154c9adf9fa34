import { describe, expect, it, test } from 'vitest';
import { compare, detectableDifference, formatCompare, pairedMetrics, tasksNeeded } from '../../src/report/compare.js';
import { ReportError } from '../../src/report/errors.js';
import { pairSelections, select } from '../../src/report/pairing.js';
import { minimumDetectableDifference, zeroEventUpperBound } from '../../src/report/stats.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { attempt, repeats, resolvedAt, suite, taskName } from './fixtures.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function run(a: ScoredAttempt[], b: ScoredAttempt[], seed = 1) {
  return compare(select(a, 'A'), select(b, 'B'), { seed });
}

describe('compare with one repeat per task (K = 1)', () => {
  // McNemar's documented case: b = 1 task only A solved, c = 9 tasks only B solved → p = 2·11/1024.
  const result = run(suite('A', resolvedAt(10, [0]), { cost: 0.1, latency: 500 }), suite('B', resolvedAt(10, range(1, 10)), { cost: 0.3, latency: 800 }));
  const resolved = result.metrics.find((m) => m.metric === 'resolved')!;

  it('uses the exact McNemar test for resolved, b = A-only and c = B-only', () => {
    expect(result.singleRepeat).toBe(true);
    expect(result.mcnemar).toEqual({ b: 1, c: 9, p: expect.closeTo(22 / 1024, 12) });
    expect(resolved).toMatchObject({ test: 'mcnemar-exact', p: expect.closeTo(22 / 1024, 12), tasks: 10, baseline: 0.1, candidate: 0.9, delta: expect.closeTo(0.8, 12) });
    expect(resolved.low).toBeLessThan(0.8);
    expect(resolved.high).toBeGreaterThan(0.8);
  });

  it('puts cost and latency beside quality, as B − A', () => {
    expect(result.metrics.map((m) => m.metric)).toEqual(['resolved', 'cost_usd', 'latency_ms']);
    expect(result.metrics.find((m) => m.metric === 'cost_usd')).toMatchObject({ delta: expect.closeTo(0.2, 12), higherIsBetter: false, test: 'sign-flip' });
    expect(result.metrics.find((m) => m.metric === 'latency_ms')).toMatchObject({ delta: 300, low: 300, high: 300 });
  });

  it('lists the per-task flips', () => {
    expect(result.flips.onlyA.map((f) => f.task)).toEqual(['t00']);
    expect(result.flips.onlyB.map((f) => f.task)).toEqual(range(1, 10).map(taskName));
    expect(result.flips.onlyA[0]).toEqual({ task: 't00', a: { resolved: 1, attempts: 1 }, b: { resolved: 0, attempts: 1 } });
  });

  it('reports the minimum detectable difference from the per-task differences', () => {
    const diffs = [-1, ...range(1, 10).map(() => 1)];
    const mean = diffs.reduce((s, d) => s + d, 0) / 10;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / 9);
    expect(resolved.mdd).toBeCloseTo(minimumDetectableDifference({ sd, n: 10 }), 12);
  });

  it('prints a table, the McNemar counts, flips and exclusions', () => {
    const text = formatCompare(run([...suite('A', [true, false]), attempt({ agent: 'A', task: 'gone' })], suite('B', [false, true])));
    expect(text).toMatch(/^A = A: 3 finished attempt\(s\)/);
    expect(text).toMatch(/\n  metric +n +A +B +Δ B−A +95% interval +p +MDD\n  resolved +2 +0\.500 +0\.500 + 0\.000 +\[/);
    expect(text).toContain('1.000 (McNemar)');
    expect(text).toContain('McNemar (K = 1): b = 1 solved only by A, c = 1 solved only by B, p = 1.0000');
    expect(text).toContain('Solved only by A (1): t00\nSolved only by B (1): t01');
    expect(text).toContain('Excluded (1):\n  gone [A]: only in A\n');
  });
});

describe('compare with repeats (K > 1)', () => {
  it('uses the paired bootstrap and the sign-flip test: five tasks all better → p = 2/32', () => {
    const a = range(0, 5).flatMap((t) => repeats({ agent: 'A', task: taskName(t) }, [false, false]));
    const b = range(0, 5).flatMap((t) => repeats({ agent: 'B', task: taskName(t) }, [true, true]));
    const result = run(a, b);
    expect(result.singleRepeat).toBe(false);
    expect(result.mcnemar).toBeNull();
    expect(result.metrics[0]).toMatchObject({ metric: 'resolved', test: 'sign-flip', p: 0.0625, delta: 1, low: 1, high: 1, tasks: 5 });
  });

  test.each([
    // Per-task resolved rates A vs B and the exact sign-flip p (enumerated by hand).
    ['+1, +0.5, −0.5', [[0, 2, 2, 2], [0, 1, 2, 2], [2, 1, 2, 2]], 6 / 8],
    ['+1, +1, +1', [[0, 2, 2, 2], [0, 2, 2, 2], [0, 2, 2, 2]], 2 / 8],
    ['0, 0', [[1, 1, 2, 2], [0, 0, 2, 2]], 1],
  ])('diffs %s → p = %s', (_label, tasks, p) => {
    // Each row: [A resolved, B resolved, A repeats, B repeats] with repeats ≥ 2.
    const a = tasks.flatMap(([ar, , an], t) => repeats({ agent: 'A', task: taskName(t) }, range(0, an!).map((i) => i < ar!)));
    const b = tasks.flatMap(([, br, , bn], t) => repeats({ agent: 'B', task: taskName(t) }, range(0, bn!).map((i) => i < br!)));
    const resolved = run(a, b).metrics[0]!;
    expect(resolved.test).toBe('sign-flip');
    expect(resolved.p).toBeCloseTo(p, 12);
  });

  it('falls back to sign-flip when repeats differ between sides', () => {
    const result = run(suite('A', [true, false, true]), [...suite('B', [true, true, true]), attempt({ agent: 'B', task: 't00', repeat: 1 })]);
    expect(result.singleRepeat).toBe(false);
    expect(result.metrics[0]!.test).toBe('sign-flip');
  });

  it('lists flips with counts: solved at least once by one side and never by the other', () => {
    const a = [...repeats({ agent: 'A', task: 'x' }, [true, false]), ...repeats({ agent: 'A', task: 'y' }, [false, false])];
    const b = [...repeats({ agent: 'B', task: 'x' }, [false, false]), ...repeats({ agent: 'B', task: 'y' }, [false, true])];
    const result = run(a, b);
    expect(result.flips).toEqual({
      onlyA: [{ task: 'x', a: { resolved: 1, attempts: 2 }, b: { resolved: 0, attempts: 2 } }],
      onlyB: [{ task: 'y', a: { resolved: 0, attempts: 2 }, b: { resolved: 1, attempts: 2 } }],
    });
    expect(formatCompare(result)).toContain('Solved only by A (1): x (A 1/2, B 0/2)');
  });
});

describe('compare details', () => {
  it('skips tasks where either side has no value (null scores)', () => {
    const a = [attempt({ agent: 'A', task: 'x', scores: { error_recovery: 0.5 } }), attempt({ agent: 'A', task: 'y', scores: { error_recovery: null } })];
    const b = [attempt({ agent: 'B', task: 'x', scores: { error_recovery: 1 } }), attempt({ agent: 'B', task: 'y', scores: { error_recovery: 1 } })];
    expect(run(a, b).metrics.find((m) => m.metric === 'error_recovery')).toMatchObject({ tasks: 1, baseline: 0.5, candidate: 1, delta: 0.5, mdd: Infinity, sd: Number.NaN });
  });

  test.each([
    ['no variation on a [0, 1] metric → the zero-event floor', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], true, minimumDetectableDifference({ sd: Math.sqrt(zeroEventUpperBound(10).exact), n: 10 })],
    ['no variation on cost → 0', [0.5, 0.5, 0.5], false, 0],
    ['one task → ∞', [1], true, Infinity],
    ['no task → ∞', [], true, Infinity],
  ])('detectableDifference: %s', (_label, diffs, unit, expected) => {
    expect(detectableDifference(diffs, unit)).toBeCloseTo(expected, 12);
  });

  it('tasksNeeded: the fewest tasks whose MDD fits the margin', () => {
    // sd > 0: n = ⌈((z₀.₉₇₅ + z₀.₈) · sd / margin)²⌉ = ⌈(2.8016 · 0.5 / 0.1)²⌉ = 197.
    expect(tasksNeeded(0.5, true, 0.1)).toBe(197);
    // sd = 0 on a [0, 1] metric: the zero-event floor shrinks with n, so search: 161 fits 0.03 and 160 does not.
    expect(tasksNeeded(0, true, 0.03)).toBe(161);
    expect(detectableDifference(Array(161).fill(0), true)).toBeLessThanOrEqual(0.03);
    expect(detectableDifference(Array(160).fill(0), true)).toBeGreaterThan(0.03);
    expect(tasksNeeded(Number.NaN, true, 0.03)).toBe(Infinity);
    expect(tasksNeeded(0.5, true, 0)).toBe(Infinity);
  });

  it('is reproducible for a seed and serialises to JSON', () => {
    const a = suite('A', resolvedAt(30, range(0, 20)));
    const b = suite('B', resolvedAt(30, range(5, 28)));
    expect(run(a, b, 3)).toEqual(run(a, b, 3));
    const json = JSON.parse(JSON.stringify(run(a, b)));
    expect(json.metrics[0].metric).toBe('resolved');
  });

  it('refuses selections with no task in common', () => {
    expect(() => run(suite('A', [true]), [attempt({ agent: 'B', task: 't00', hash: 'other' })])).toThrow(ReportError);
    expect(() => run(suite('A', [true]), [attempt({ agent: 'B', task: 't00', hash: 'other' })])).toThrow(/no task was run by both A \(A\) and B \(B\)/);
  });

  it('pairedMetrics computes only the requested metrics', () => {
    const { pairs } = pairSelections(select(suite('A', [true, false]), 'A'), select(suite('B', [true, true]), 'B'));
    expect(pairedMetrics(pairs, ['resolved']).metrics.map((m) => m.metric)).toEqual(['resolved']);
  });
});
