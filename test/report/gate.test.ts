import { describe, expect, it, test } from 'vitest';
import { formatGate, gate, parseGateConfig, parseMinFlags, resolveGateConfig, type GateConfig, type GateFile } from '../../src/report/gate.js';
import { select } from '../../src/report/pairing.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { attempt, resolvedAt, suite } from './fixtures.js';

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** 60 tasks, 40 resolved: the baseline of most cases. */
const base60 = suite('base', resolvedAt(60, range(0, 40)));
const same60 = suite('cand', resolvedAt(60, range(0, 40)));
const wide = resolveGateConfig({ margin: 0.1 });

function harnessErrors(n: number): ScoredAttempt[] {
  return range(0, n).map((i) => attempt({ agent: 'cand', task: `h${i}`, state: 'harness_error' }));
}

interface Case {
  name: string;
  candidate: ScoredAttempt[];
  baseline?: ScoredAttempt[];
  config?: GateConfig;
  verdict: string;
  exitCode: number;
  /** Every reason, each matched as a regex. */
  reasons: RegExp[];
}

const cases: Case[] = [
  { name: 'pass: same outcomes on 60 tasks, margin 0.1', candidate: same60, config: wide, verdict: 'pass', exitCode: 0, reasons: [] },
  {
    name: 'regression: the whole interval is beyond the margin',
    candidate: suite('cand', resolvedAt(60, range(0, 20))),
    config: wide,
    verdict: 'regression',
    exitCode: 1,
    reasons: [/^non-inferiority resolved \(margin 0\.1\): Δ −0\.333 \[−0\.\d+, −0\.\d+\] over 60 paired task\(s\), MDD 0\.\d+: the whole interval is beyond −0\.1$/],
  },
  {
    // 200 tasks, b = 20 only the baseline solved, c = 10 only the candidate: Δ = −0.05, MDD ≈ 0.076.
    name: 'regression: the lower bound is beyond the margin on enough tasks',
    baseline: suite('base', resolvedAt(200, range(0, 120))),
    candidate: suite('cand', resolvedAt(200, [...range(20, 120), ...range(120, 130)])),
    config: resolveGateConfig({ margin: 0.08 }),
    verdict: 'regression',
    exitCode: 1,
    reasons: [/^non-inferiority resolved \(margin 0\.08\): Δ −0\.050 \[−0\.\d+, [+−]0\.\d+\] over 200 paired task\(s\), MDD 0\.07\d: lower bound −0\.\d+ is beyond −0\.08$/],
  },
  {
    name: 'inconclusive: 10 tasks cannot resolve a 0.03 margin',
    baseline: suite('base', resolvedAt(10, range(0, 7))),
    candidate: suite('cand', resolvedAt(10, range(0, 7))),
    verdict: 'inconclusive',
    exitCode: 2,
    reasons: [
      /^non-inferiority resolved \(margin 0\.03\): Δ {2}0\.000 \[ 0\.000, {2}0\.000\] over 10 paired task\(s\), MDD 0\.451: too few paired tasks for the margin: the minimum detectable difference 0\.451 exceeds 0\.03; about 161 paired tasks would be needed at this variability$/,
    ],
  },
  {
    name: 'invalid: harness errors over the cap',
    candidate: [...same60, ...harnessErrors(3)],
    config: wide,
    verdict: 'invalid',
    exitCode: 2,
    reasons: [/^harness errors \(candidate\): 3 of 63 attempt\(s\) \(4\.8%\) ended in harness errors, above the 2\.0% cap: the run is invalid; rerun the failed attempts$/],
  },
  { name: 'harness errors within a raised cap pass', candidate: [...same60, ...harnessErrors(3)], config: resolveGateConfig({ margin: 0.1, max_harness_errors: 0.05 }), verdict: 'pass', exitCode: 0, reasons: [] },
  {
    name: 'regression: a confirmed cheat',
    candidate: same60.map((a) => (a.taskId === 't03' ? attempt({ agent: 'cand', task: 't03', resolved: true, cheated: true }) : a)),
    config: wide,
    verdict: 'regression',
    exitCode: 1,
    reasons: [/^no confirmed cheats: 1 of 60 candidate attempt\(s\) cheated: t03#0 \(test_tampering\)$/],
  },
  {
    name: 'regression: below a floor',
    candidate: same60,
    config: resolveGateConfig({ margin: 0.1, min: { resolved: 0.9 } }),
    verdict: 'regression',
    exitCode: 1,
    reasons: [/^min resolved ≥ 0\.9: candidate mean resolved 0\.667 \[0\.\d+, 0\.\d+\] over 60 task\(s\) < 0\.9$/],
  },
  {
    name: 'invalid: nothing overlaps',
    candidate: suite('cand', [true, true], { hash: 'changed' }),
    verdict: 'invalid',
    exitCode: 2,
    reasons: [/^pairing: nothing to compare: no task was run by both baseline \(base\) and candidate \(cand\) with the same content hash and image; 60 task\(s\) excluded, e\.g\. t00: content hash differs/],
  },
  {
    name: 'invalid wins over regression, and both are listed',
    candidate: [...suite('cand', resolvedAt(60, range(0, 20))), ...harnessErrors(5)],
    config: wide,
    verdict: 'invalid',
    exitCode: 2,
    reasons: [/^harness errors \(candidate\)/, /^non-inferiority resolved.*the whole interval is beyond −0\.1$/],
  },
  {
    name: 'regression: cost is lower-is-better',
    baseline: suite('base', resolvedAt(60, range(0, 40)), { cost: 0.1 }),
    candidate: suite('cand', resolvedAt(60, range(0, 40)), { cost: 0.3 }),
    config: resolveGateConfig({ metrics: [{ name: 'resolved', margin: 0.1 }, { name: 'cost_usd', margin: 0.05 }] }),
    verdict: 'regression',
    exitCode: 1,
    reasons: [/^non-inferiority cost_usd \(margin 0\.05\): Δ \+0\.200 \[\+0\.200, \+0\.200\] over 60 paired task\(s\), MDD 0\.000: the whole interval is beyond \+0\.05$/],
  },
  {
    name: 'inconclusive: a floor on a score nobody has',
    candidate: same60,
    config: resolveGateConfig({ margin: 0.1, min: { error_recovery: 0.5 } }),
    verdict: 'inconclusive',
    exitCode: 2,
    reasons: [/^min error_recovery ≥ 0\.5: the candidate has no value of error_recovery$/],
  },
];

describe('gate', () => {
  test.each(cases)('$name', ({ candidate, baseline = base60, config = resolveGateConfig(), verdict, exitCode, reasons }) => {
    const result = gate(select(candidate, 'cand'), select(baseline, 'base'), config);
    expect({ verdict: result.verdict, exitCode: result.exitCode }).toEqual({ verdict, exitCode });
    expect(result.reasons).toHaveLength(reasons.length);
    reasons.forEach((reason, i) => expect(result.reasons[i]).toMatch(reason));
  });

  it('lists every criterion, passed or not', () => {
    const result = gate(select(same60, 'cand'), select(base60, 'base'), resolveGateConfig({ margin: 0.1, min: { resolved: 0.5 } }));
    expect(result.criteria.map((c) => [c.name, c.status])).toEqual([
      ['harness errors (baseline)', 'pass'],
      ['harness errors (candidate)', 'pass'],
      ['pairing', 'pass'],
      ['no confirmed cheats', 'pass'],
      ['min resolved ≥ 0.5', 'pass'],
      ['non-inferiority resolved (margin 0.1)', 'pass'],
    ]);
    expect(result.criteria.at(-1)!.message).toMatch(/: lower bound  0\.000 is within −0\.1$/);
  });

  it('marks the tasks the candidate regressed on: solved by the baseline only, or cheated', () => {
    const candidate = suite('cand', resolvedAt(60, [...range(2, 40), 45]), { durationMs: 1500 }).map((a) =>
      a.taskId === 't05' ? attempt({ agent: 'cand', task: 't05', resolved: true, cheated: true }) : a,
    );
    const result = gate(select(candidate, 'cand'), select(base60, 'base'), wide);
    expect(result.tasks).toHaveLength(60);
    expect(result.tasks.filter((t) => t.regressed).map((t) => [t.task, t.reasons])).toEqual([
      ['t00', ['solved by the baseline only (baseline 1/1, candidate 0/1)']],
      ['t01', ['solved by the baseline only (baseline 1/1, candidate 0/1)']],
      ['t05', ['solved by the baseline only (baseline 1/1, candidate 0/1)', 'candidate cheated in repeat 0: test_tampering: changed a protected test file']],
    ]);
    expect(result.tasks[0]).toMatchObject({ durationMs: 1500, baseline: { resolved: 1, attempts: 1 }, candidate: { resolved: 0, attempts: 1, cheated: 0 } });
  });

  it('prints the verdict, every criterion and the regressed tasks', () => {
    const result = gate(select(suite('cand', resolvedAt(60, range(1, 40))), 'cand'), select(base60, 'base'), wide);
    const text = formatGate(result);
    expect(text).toMatch(/^gate: PASS \(exit 0\) — candidate cand vs baseline base\n/);
    expect(text).toContain('  PASS  no confirmed cheats: 0 of 60 candidate attempt(s) cheated');
    expect(text).toContain('Tasks: 60 paired, 1 regressed\n  t00: solved by the baseline only (baseline 1/1, candidate 0/1)\n');
  });
});

describe('gate config', () => {
  it('parses gate.yaml', () => {
    const text = 'margin: 0.05\nmax_harness_errors: 0.01\nmetrics:\n  - name: resolved\n  - name: composite\n    margin: 0.1\nmin:\n  resolved: 0.6\n';
    expect(parseGateConfig(text, 'gate.yaml')).toEqual({ margin: 0.05, max_harness_errors: 0.01, metrics: [{ name: 'resolved' }, { name: 'composite', margin: 0.1 }], min: { resolved: 0.6 } });
    expect(parseGateConfig('', 'empty.yaml')).toEqual({});
  });

  test.each([
    ['metrics:\n  - name: speed\n', /^gate\.yaml: metrics\.0\.name: expected a metric name: one of resolved, f2p/],
    ['margin: -1\n', /^gate\.yaml: margin: /],
    ['max_harness_errors: 2\n', /^gate\.yaml: max_harness_errors: /],
    ['treshold: 1\n', /^gate\.yaml: .*treshold/],
    ['min:\n  speed: 1\n', /^gate\.yaml: min\.speed: expected a metric name/],
    ['margin: [\n', /^gate\.yaml: not valid YAML: /],
  ])('rejects %j', (text, message) => {
    expect(() => parseGateConfig(text, 'gate.yaml')).toThrow(message);
  });

  test.each<[string, GateFile, Parameters<typeof resolveGateConfig>[1], GateConfig]>([
    ['defaults', {}, {}, { maxHarnessErrors: 0.02, metrics: [{ name: 'resolved', margin: 0.03 }], min: {} }],
    ['file', { margin: 0.05, max_harness_errors: 0.1, min: { resolved: 0.5 } }, {}, { maxHarnessErrors: 0.1, metrics: [{ name: 'resolved', margin: 0.05 }], min: { resolved: 0.5 } }],
    [
      'flags over file, metric margin over flags',
      { margin: 0.05, metrics: [{ name: 'resolved' }, { name: 'composite', margin: 0.2 }], min: { resolved: 0.5, composite: 0.4 } },
      { margin: 0.01, maxHarnessErrors: 0, min: { resolved: 0.7 } },
      { maxHarnessErrors: 0, metrics: [{ name: 'resolved', margin: 0.01 }, { name: 'composite', margin: 0.2 }], min: { resolved: 0.7, composite: 0.4 } },
    ],
  ])('resolves %s', (_name, file, flags, expected) => {
    expect(resolveGateConfig(file, flags)).toEqual(expected);
  });

  it('parses --min flags', () => {
    expect(parseMinFlags(['resolved=0.6', 'composite=0.5'])).toEqual({ resolved: 0.6, composite: 0.5 });
    expect(() => parseMinFlags(['speed=1'])).toThrow('Expected --min as metric=number with metric one of resolved, f2p');
    expect(() => parseMinFlags(['resolved=high'])).toThrow('got "resolved=high"');
  });
});
