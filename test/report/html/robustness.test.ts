import { describe, expect, it } from 'vitest';
import { renderIndex } from '../../../src/report/html/render-index.js';
import { differenceBar, renderRobustness } from '../../../src/report/html/robustness.js';
import { robustnessReport } from '../../../src/report/robustness.js';
import type { Finding } from '../../../src/score/types.js';
import type { ScoredAttempt } from '../../../src/store/types.js';
import type { ExitStatus } from '../../../src/trajectory/schema.js';
import { HOSTILE } from '../../helpers/synthetic-db.js';
import { attempt, type AttemptSpec } from '../fixtures.js';

const OPTIONS = { seed: 3, iterations: 2000 };
const PLAN = 'abc123abc123';

/** A fixture attempt plus what robustness reads: exit status, the submit's cannot-comply claim (coherence metric), findings. */
function robust(spec: AttemptSpec & { exitStatus?: ExitStatus; cannotComply?: boolean; finding?: Finding }): ScoredAttempt {
  const { exitStatus, cannotComply, finding, ...rest } = spec;
  const a = attempt({ ...rest, scores: { ...rest.scores, coherence: 0.5 } });
  a.scores.find((s) => s.name === 'coherence')!.metrics = { cannot_comply: cannotComply ? 1 : 0 };
  if (exitStatus) a.exitStatus = exitStatus;
  if (finding) {
    a.findings.push(finding);
    a.cheated = a.cheated || finding.confirmed;
  }
  return a;
}

const canary: Finding = { id: 'canary_compliance', severity: 'critical', confirmed: true, message: 'canary reproduced', evidence: [] };
const faults = (task: string, label: string, resolved: boolean, repeat = 0, agent = 'oracle') => attempt({ agent, task, repeat, resolved, labels: { faults: label } });
const variant = (task: string, strategy: string, extra: Partial<Parameters<typeof robust>[0]> = {}) =>
  robust({ task: `${task}--${strategy}`, labels: { faults: 'none', origin: task, strategy, origin_hash: `hash-${task}` }, ...extra });

/**
 * By hand, agent `oracle`: with the plan t1 resolves 1 of 2 repeats, t2 0, t3 1; without it t1,
 * t2, t3 resolve: per-task rates [0.5, 0, 1] vs [1, 1, 1], Δ = −0.5, ratio = 1.5 / 3 = 0.5.
 * Misleading variants: t1 resolved, t2 not, origins both resolved: Δ = −0.5.
 * Impossible: one reported cannot-comply, one submitted a change (forced), one flagged for
 * tampering, one hit the step limit: over the 3 that submitted (or were flagged) cheat 2/3,
 * cannot-comply 1/3; gave up 1 of 4. Injection: 1 of 3 complied.
 */
const ATTEMPTS: ScoredAttempt[] = [
  faults('t1', PLAN, true, 0),
  faults('t1', PLAN, false, 1),
  faults('t2', PLAN, false),
  faults('t3', PLAN, true),
  faults('t1', 'none', true),
  faults('t2', 'none', true),
  faults('t3', 'none', true),
  faults('t9', PLAN, true),
  variant('t1', 'misleading', { resolved: true }),
  variant('t2', 'misleading', { resolved: false }),
  variant('t1', 'impossible', { cannotComply: true }),
  variant('t2', 'impossible', { cannotComply: false }),
  variant('t3', 'impossible', { cheated: true }),
  variant('t1', 'impossible', { repeat: 1, exitStatus: 'step_limit' }),
  variant('t1', 'injection', { finding: canary }),
  variant('t2', 'injection', { resolved: true }),
  variant('t3', 'injection', {}),
  attempt({ task: 't2', repeat: 3, state: 'harness_error', labels: { faults: PLAN } }),
];

/** The markup of one table (by class) of the section. */
function tableOf(markup: string, name: string): string {
  const match = markup.match(new RegExp(`<table class="robustness ${name}">.*?</table>`, 's'));
  expect(match, `table ${name}`).not.toBeNull();
  return match![0];
}

describe('robustness section', () => {
  const report = robustnessReport(ATTEMPTS, OPTIONS);
  const markup = renderRobustness(report, ['noop', 'oracle']).value;

  it('shows the fault pairing: tasks paired and unpaired, both rates, Δ and ratio with their bootstrap intervals', () => {
    const row = report.faults[0]!;
    const faultsTable = tableOf(markup, 'faults');
    expect(faultsTable.match(/<tr class="robustness-row">/g)).toHaveLength(1);
    expect(faultsTable).toContain('<td class="agent"><a href="#agent-1">oracle</a></td><td class="mono">abc123abc123</td>');
    expect(faultsTable).toContain('<td class="num">3 <span class="muted">(+1 unpaired)</span></td>');
    expect(faultsTable).toContain('<td class="num">0.500 <span class="muted">n 4</span></td><td class="num">1.000 <span class="muted">n 3</span></td>');
    const [low, high] = [row.difference.low, row.difference.high].map((x) => (x < 0 ? `−${(-x).toFixed(3)}` : x > 0 ? `+${x.toFixed(3)}` : '0.000'));
    expect(row.difference.low).toBeLessThan(-0.5);
    expect(faultsTable).toContain(`−0.500 <span class="muted">[${low}, ${high}]</span>`);
    expect(faultsTable).toContain(`0.500 <span class="muted">[${row.ratio.low!.toFixed(3)}, ${row.ratio.high!.toFixed(3)}]</span>`);
    expect(faultsTable).toContain(`<title>Δ −0.500 [${low}, ${high}]</title>`);
  });

  it('names a spec that ran with two configurations per configuration, linking each row to the spec', () => {
    const withConfig = (x: ScoredAttempt, prompt_variant: string): ScoredAttempt => ({ ...x, agentConfig: { prompt_variant } });
    const split = renderRobustness(robustnessReport([withConfig(faults('t1', PLAN, true), 'terse'), withConfig(faults('t1', 'none', true), 'verbose')], OPTIONS), ['noop', 'oracle']).value;
    expect(tableOf(split, 'faults')).toMatch(/<td class="agent"><a href="#agent-1">oracle \[config [0-9a-f]{6}\]<\/a><\/td>/);
  });

  it('shows variant robustness per strategy, never pairing impossible variants', () => {
    const variants = tableOf(markup, 'variants');
    expect(variants.match(/<tr class="robustness-row">/g)).toHaveLength(2);
    expect(variants).toContain('<td>injection</td>');
    expect(variants).toContain('<td>misleading</td><td class="num">2</td><td class="num">0.500 <span class="muted">n 2</span></td><td class="num">1.000 <span class="muted">n 2</span></td><td class="num">−0.500');
    expect(variants).not.toContain('impossible');
  });

  it('shows the cheat and cannot-comply rates on impossible variants with Wilson intervals', () => {
    const impossible = tableOf(markup, 'impossible');
    // The attempt that hit the step limit claimed nothing: not in the cheat rate's denominator.
    expect(impossible).toContain('<td class="num">3</td><td class="num" title="1 flagged by an integrity finding, 1 submitted as solved"><span class="bad">2</span></td>');
    // Wilson 95%: 2/3 → [0.208, 0.939]; 1/3 → [0.061, 0.792]; gave up 1/4 → [0.046, 0.699].
    expect(impossible).toContain('0.667 <span class="muted">[0.208, 0.939]</span>');
    expect(impossible).toContain('<td class="num">1</td><td class="num">0.333 <span class="muted">[0.061, 0.792]</span></td>');
    expect(impossible).toContain('<td class="num">1 <span class="muted">of 4</span></td><td class="num">0.250 <span class="muted">[0.046, 0.699]</span></td>');
    // Bars for the cheat and cannot-comply rates; the gave-up rate is text only.
    expect(impossible.match(/<svg class="interval-bar"/g)).toHaveLength(2);
  });

  it('shows the prompt-injection compliance rate with its Wilson interval', () => {
    const injection = tableOf(markup, 'injection');
    // 1/3 → [0.061, 0.792].
    expect(injection).toContain('<td class="num">3</td><td class="num"><span class="bad">1</span></td><td class="num">0.333 <span class="muted">[0.061, 0.792]</span></td>');
    expect(injection).toContain('<title>0.333 [0.061, 0.792]</title>');
  });

  it('says harness errors are left out and never draws an empty table', () => {
    expect(markup).toContain('1 attempt(s) that ended in a harness error are left out');
    expect(markup).not.toContain('class="empty-note"');
  });

  it('replaces each table without data by a sentence saying what would fill it', () => {
    const none = renderRobustness(robustnessReport([attempt({ task: 't1', resolved: true })], OPTIONS), ['oracle']).value;
    expect(none).not.toContain('<table');
    expect(none.match(/<p class="empty-note">/g)).toHaveLength(4);
    expect(none).toContain('No attempts ran under a fault plan: run with <code>--faults FILE</code> or tasks with <code>faults:</code>');
    expect(none).toContain('No attempts on task variants');
    expect(none).toContain('<code>crucible task variant TASK --strategy impossible</code>');
    expect(none).toContain('<code>crucible task variant TASK --strategy injection</code>');
    expect(none).toContain('1 finished attempt(s) have no <code>faults</code> label');
  });

  it('shows – rather than NaN for a plan none of whose tasks also ran without it', () => {
    const lonely = renderRobustness(robustnessReport([faults('t1', PLAN, true), faults('t2', 'none', true)], OPTIONS), ['oracle']).value;
    const row = tableOf(lonely, 'faults');
    expect(row).toContain('<td class="num">0 <span class="muted">(+1 unpaired)</span></td>');
    expect(row).toContain('<td class="num">–</td><td></td>');
    expect(row).not.toMatch(/NaN|difference-bar/);
  });

  it('shows – for rates of impossible variants whose claims could not be read (no coherence score)', () => {
    const unread = attempt({ task: 't1--impossible', labels: { faults: 'none', origin: 't1', strategy: 'impossible' } });
    const impossible = tableOf(renderRobustness(robustnessReport([unread], OPTIONS), ['oracle']).value, 'impossible');
    expect(impossible).toContain('<td class="num">0</td><td class="num" title="0 flagged by an integrity finding, 0 submitted as solved">0</td><td class="num">–</td><td></td>');
    expect(impossible).toContain('<td class="muted">1 undetermined</td>');
    expect(impossible).not.toContain('interval-bar');
  });

  it('escapes agent specs, plans and strategies', () => {
    const hostile = [
      attempt({ agent: HOSTILE, task: 't1', resolved: true, labels: { faults: HOSTILE } }),
      attempt({ agent: HOSTILE, task: 't1', resolved: true, labels: { faults: 'none' } }),
      attempt({ agent: HOSTILE, task: 't1', resolved: true, labels: { faults: 'none', origin: 't1', strategy: HOSTILE } }),
    ];
    const page = renderRobustness(robustnessReport(hostile, OPTIONS), [HOSTILE]).value;
    expect(page).not.toMatch(/<script|<img|onerror="/i);
    expect(page.split('&lt;script&gt;window.__pwned = 1&lt;/script&gt;').length - 1).toBe(4);
  });
});

describe('differenceBar', () => {
  it('draws a negative Δ left of the zero line and clamps the whisker to [−1, 1]', () => {
    // 160 px: x(v) = 2 + (v + 1) / 2 × 156, so 0 → 80, −0.5 → 41, −1 → 2, 1 → 158.
    const bar = differenceBar(-0.5, -1.4, 0.2).value;
    expect(bar).toContain('<rect x="41" y="3" width="39" height="10" fill="#fca5a5"/>');
    expect(bar).toContain('<line x1="80" x2="80" y1="1" y2="15"');
    expect(bar).toContain('<line x1="2" x2="95.6" y1="8" y2="8"');
    expect(differenceBar(0.25, 0, 0.5).value).toContain('<rect x="80" y="3" width="19.5" height="10" fill="#86efac"/>');
  });
});

describe('index page', () => {
  it('puts the robustness section after the trends, with a link in the table of contents', () => {
    const index = renderIndex({ title: 't', generatedAt: '2026-01-01T00:00:00.000Z', source: 'x.db', runs: [], attempts: ATTEMPTS, options: OPTIONS });
    expect(index).toContain('<a href="#trends">Trends</a><a href="#robustness">Robustness</a>');
    const order = ['<section id="trends">', '<section id="robustness">', '<section id="runs">'].map((tag) => index.indexOf(tag));
    expect(order[0]).toBeGreaterThan(0);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(index.match(/<table class="robustness /g)).toHaveLength(4);
  });
});
