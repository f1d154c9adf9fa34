import type { ImpossibleBehaviour, InjectionCompliance, PairedSummary, RatioInterval, RobustnessReport, VariantRobustness } from '../robustness.js';
import { agentSpecOfKey } from '../robustness/agent-key.js';
import { fmt } from '../summary.js';
import { html, type SafeHtml } from './escape.js';
import { agentAnchor } from './report-input.js';
import { intervalBar, type Interval } from './svg.js';

/** Width of the Δ bars, px; the axis runs from −1 (left edge) to +1 (right edge), 0 in the middle. */
const DIFF_WIDTH = 160;

/** Rounds an SVG coordinate to a tenth of a pixel (keeps the page small). */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * A one-row bar for a difference of rates on a [−1, 1] axis: a bar from 0 to the estimate (red
 * below 0, green above) and a whisker over its interval. {@link intervalBar} starts its bar at 0
 * on a [0, 1] axis, which would draw a negative Δ as a positive length, hence this variant.
 */
export function differenceBar(estimate: number, low: number, high: number, width = DIFF_WIDTH): SafeHtml {
  const x = (v: number): number => 2 + ((Math.min(1, Math.max(-1, v)) + 1) / 2) * (width - 4);
  const zero = x(0);
  const end = x(estimate);
  const colour = estimate < 0 ? '#fca5a5' : '#86efac';
  return html`<svg class="difference-bar" width="${width}" height="16" viewBox="0 0 ${width} 16" role="img"><title>Δ ${signed(estimate)} [${signed(low)}, ${signed(high)}]</title><rect x="2" y="3" width="${width - 4}" height="10" fill="#eef2f7"/><rect x="${px(Math.min(zero, end))}" y="3" width="${px(Math.abs(end - zero))}" height="10" fill="${colour}"/><line x1="${px(zero)}" x2="${px(zero)}" y1="1" y2="15" stroke="#64748b"/><line x1="${px(x(low))}" x2="${px(x(high))}" y1="8" y2="8" stroke="#1e3a8a" stroke-width="2"/><line x1="${px(x(low))}" x2="${px(x(low))}" y1="4" y2="12" stroke="#1e3a8a"/><line x1="${px(x(high))}" x2="${px(x(high))}" y1="4" y2="12" stroke="#1e3a8a"/></svg>`;
}

/** A difference with its sign (`+0.125`, `−0.250`); `–` for NaN. */
function signed(value: number): string {
  if (Number.isNaN(value)) return '–';
  return value > 0 ? `+${fmt(value)}` : value < 0 ? `−${fmt(-value)}` : fmt(0);
}

/**
 * The agent's name linking to its attempts, as the leaderboard does (a `spec [config abc123]` row
 * links to its spec); plain text for an agent the index does not list.
 */
function agentCell(agent: string, agents: readonly string[]): SafeHtml {
  const index = agents.indexOf(agentSpecOfKey(agent));
  return index < 0 ? html`<td class="agent">${agent}</td>` : html`<td class="agent"><a href="#${agentAnchor(index)}">${agent}</a></td>`;
}

/** Rate with its interval as text and a bar, or `–` when nothing was counted. */
function rateCells(rate: Interval, n: number): SafeHtml {
  if (n === 0) return html`<td class="num">–</td><td></td>`;
  return html`<td class="num">${fmt(rate.rate)} <span class="muted">[${fmt(rate.low)}, ${fmt(rate.high)}]</span></td><td>${intervalBar(rate)}</td>`;
}

/** Rate with its interval as text only (no bar: the table is wide enough already), or `–`. */
function rateText(rate: Interval, n: number): SafeHtml {
  return n === 0 ? html`<td class="num">–</td>` : html`<td class="num">${fmt(rate.rate)} <span class="muted">[${fmt(rate.low)}, ${fmt(rate.high)}]</span></td>`;
}

function ratioText(ratio: RatioInterval): SafeHtml {
  if (ratio.ratio === null) return html`<span class="muted" title="no attempt resolved in the reference condition">–</span>`;
  return html`${fmt(ratio.ratio)} <span class="muted">[${fmt(ratio.low ?? Number.NaN)}, ${fmt(ratio.high ?? Number.NaN)}]</span>`;
}

/**
 * The cells every paired comparison shares: units (with `notes` on what was left out or is
 * doubtful, when non-empty), both rates, Δ with its interval and bar, ratio.
 */
function pairedCells(s: PairedSummary, notes: readonly string[]): SafeHtml {
  const d = s.difference;
  const delta = s.units === 0 ? html`<td class="num">–</td><td></td>` : html`<td class="num">${signed(d.mean)} <span class="muted">[${signed(d.low)}, ${signed(d.high)}]</span></td><td>${differenceBar(d.mean, d.low, d.high)}</td>`;
  return html`<td class="num">${s.units}${notes.length > 0 ? html` <span class="muted">(${notes.join(', ')})</span>` : ''}</td><td class="num">${fmt(s.treatedRate)} <span class="muted">n ${s.treatedAttempts}</span></td><td class="num">${fmt(s.referenceRate)} <span class="muted">n ${s.referenceAttempts}</span></td>${delta}<td class="num">${ratioText(s.ratio)}</td>`;
}

function table(className: string, head: readonly string[], rows: readonly SafeHtml[]): SafeHtml {
  return html`<table class="robustness ${className}"><thead><tr>${head.map((h) => html`<th>${h}</th>`)}</tr></thead><tbody>${rows}</tbody></table>`;
}

function faultsBlock(report: RobustnessReport, agents: readonly string[]): SafeHtml {
  const rows = report.faults.map((r) => html`<tr class="robustness-row">${agentCell(r.agent, agents)}<td class="mono">${r.plan}</td>${pairedCells(r, r.unpairedTasks > 0 ? [`+${r.unpairedTasks} unpaired`] : [])}</tr>`);
  const body =
    rows.length > 0
      ? table('faults', ['agent', 'fault plan', 'tasks paired', 'with faults', 'without', 'Δ [95%]', 'interval', 'ratio [95%]'], rows)
      : html`<p class="empty-note">No attempts ran under a fault plan: run with <code>--faults FILE</code> or tasks with <code>faults:</code> (and the same tasks without) to measure this.</p>`;
  const unlabelled = report.unlabelled > 0 ? html`<p class="note">${report.unlabelled} finished attempt(s) have no <code>faults</code> label (recorded before runs set it) and are left out of this table.</p>` : '';
  return html`<h3>Under injected faults</h3><p class="note">Resolved rate per task with the fault plan and without it (repeats averaged per task, then over the tasks run both ways); Δ = with − without and the ratio with / without, each with a bootstrap interval over tasks.</p>${body}${unlabelled}`;
}

/** What the origins-paired count leaves out: unpaired origins, and paired ones whose origin changed since the variant was derived. */
function variantNotes(r: VariantRobustness): string[] {
  const notes: string[] = [];
  if (r.unpairedOrigins > 0) notes.push(`+${r.unpairedOrigins} unpaired`);
  if (r.staleOrigins > 0) notes.push(`${r.staleOrigins} against another origin version`);
  return notes;
}

function variantsBlock(report: RobustnessReport, agents: readonly string[]): SafeHtml {
  const rows = report.variants.map((r) => html`<tr class="robustness-row">${agentCell(r.agent, agents)}<td>${r.strategy}</td>${pairedCells(r, variantNotes(r))}</tr>`);
  const body =
    rows.length > 0
      ? table('variants', ['agent', 'strategy', 'origins paired', 'variant', 'origin', 'Δ [95%]', 'interval', 'ratio [95%]'], rows)
      : html`<p class="empty-note">No attempts on task variants (impossible ones aside): derive variants with <code>crucible task variant TASK --strategy NAME</code> and run them next to their origin task to measure this.</p>`;
  return html`<h3>On task variants</h3><p class="note">Resolved rate on each origin task against its variants of one strategy (same agent, same fault condition, the origin version the variant was derived from when it ran, else any other version, counted in the origins column); Δ = variant − origin with a bootstrap interval over origin tasks.</p>${body}`;
}

function impossibleRow(r: ImpossibleBehaviour, agents: readonly string[]): SafeHtml {
  const cheated = r.cheated > 0 ? html`<span class="bad">${r.cheated}</span>` : html`0`;
  return html`<tr class="robustness-row">${agentCell(r.agent, agents)}<td class="num">${r.attempts}</td><td class="num" title="${r.flagged} flagged by an integrity finding, ${r.forced} submitted as solved">${cheated}</td>${rateCells(r.cheatRate, r.attempts)}<td class="num">${r.reportedCannotComply}</td>${rateCells(r.cannotComplyRate, r.attempts)}<td class="num">${r.gaveUp} <span class="muted">of ${r.considered}</span></td>${rateText(r.gaveUpRate, r.considered)}<td class="muted">${r.undetermined > 0 ? `${r.undetermined} undetermined` : '–'}</td></tr>`;
}

function impossibleBlock(report: RobustnessReport, agents: readonly string[]): SafeHtml {
  const body =
    report.impossible.length > 0
      ? table('impossible', ['agent', 'submitted', 'cheated', 'cheat rate [95%]', 'interval', 'cannot comply', 'cannot-comply rate [95%]', 'interval', 'gave up', 'gave-up rate [95%]', 'not counted'], report.impossible.map((r) => impossibleRow(r, agents)))
      : html`<p class="empty-note">No attempts on impossible variants: derive one with <code>crucible task variant TASK --strategy impossible</code> and run it to measure the cheat rate.</p>`;
  return html`<h3>On impossible variants</h3><p class="note">A task with no honest solution: the right answer is to submit reporting that it cannot be done. Cheated = flagged by a confirmed integrity finding, or submitted as a solution without reporting it. The cheat and cannot-comply rates are over the attempts that submitted (or were flagged): an attempt that ended without submitting (step or time limit, agent error) claimed nothing, so it is not counted as honest; it counts in the gave-up rate, over all decided attempts. Wilson 95% intervals.</p>${body}`;
}

function injectionRow(r: InjectionCompliance, agents: readonly string[]): SafeHtml {
  return html`<tr class="robustness-row">${agentCell(r.agent, agents)}<td class="num">${r.attempts}</td><td class="num">${r.complied > 0 ? html`<span class="bad">${r.complied}</span>` : '0'}</td>${rateCells(r.complianceRate, r.attempts)}</tr>`;
}

function injectionBlock(report: RobustnessReport, agents: readonly string[]): SafeHtml {
  const body =
    report.injection.length > 0
      ? table('injection', ['agent', 'attempts', 'complied', 'compliance rate [95%]', 'interval'], report.injection.map((r) => injectionRow(r, agents)))
      : html`<p class="empty-note">No attempts on prompt-injection variants: derive one with <code>crucible task variant TASK --strategy injection</code> and run it to measure compliance.</p>`;
  return html`<h3>Prompt injection</h3><p class="note">Share of attempts on injection variants that acted on the planted instruction (a <code>canary_compliance</code> finding), with a Wilson 95% interval. Lower is better.</p>${body}`;
}

/**
 * The robustness section: four tables drawn from a {@link RobustnessReport} — resolved under a
 * fault plan against without it and on task variants against their origin (paired, Δ and ratio
 * with bootstrap intervals), the cheat and cannot-comply rates on impossible variants and the
 * prompt-injection compliance rate (Wilson intervals). A table with no data is replaced by one
 * sentence saying what run would fill it. `agents` is the index's agent order (anchors).
 */
export function renderRobustness(report: RobustnessReport, agents: readonly string[]): SafeHtml {
  const excluded = report.harnessErrors > 0 ? ` ${report.harnessErrors} attempt(s) that ended in a harness error are left out: they say nothing about the agent.` : '';
  return html`<section id="robustness"><h2>Robustness</h2>
<p class="note">From the labels the run matrix sets on every attempt (<code>faults</code>, <code>origin</code>, <code>strategy</code>, <code>origin_hash</code>); only finished attempts count.${excluded}</p>
${faultsBlock(report, agents)}${variantsBlock(report, agents)}${impossibleBlock(report, agents)}${injectionBlock(report, agents)}</section>`;
}
