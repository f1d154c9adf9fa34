import { fmt } from '../summary.js';
import type { Evidence, Finding, Score } from '../../score/types.js';
import type { AttemptArtifacts } from '../../store/store.js';
import type { ScoredAttempt } from '../../store/types.js';
import type { Trajectory } from '../../trajectory/reader.js';
import { omittedSummary, renderDiff } from './diff.js';
import { html, type HtmlValue, type SafeHtml } from './escape.js';
import { outcome } from './heatmap.js';
import { page } from './page.js';
import { renderTimeline } from './timeline.js';

/** What an attempt page is drawn from. */
export interface AttemptPageInput {
  attempt: ScoredAttempt;
  artifacts?: AttemptArtifacts;
  /** The parsed trajectory, when one was stored and it is valid. */
  trajectory?: Trajectory;
  /** Why the stored trajectory could not be read (the page then shows it raw). */
  trajectoryError?: string;
  /** Link back to the index page, relative to the attempt page. */
  indexHref: string;
}

function evidence(items: readonly Evidence[]): SafeHtml {
  if (items.length === 0) return html``;
  const one = (e: Evidence): SafeHtml => {
    const note = e.note ? html` — ${e.note}` : '';
    if (e.kind === 'step') return html`<li><a href="#step-${e.step}">step ${e.step}</a>${note}</li>`;
    if (e.kind === 'test') return html`<li>test <code>${e.id}</code>${note}</li>`;
    return html`<li>file <code>${e.path}${e.line !== undefined ? `:${e.line}` : ''}</code>${note}</li>`;
  };
  return html`<ul class="evidence">${items.map(one)}</ul>`;
}

function scoreRow(s: Score): SafeHtml {
  const value = s.value === null ? html`<span class="muted">n/a</span>${s.notApplicable ? html`<div class="muted">${s.notApplicable}</div>` : ''}` : fmt(s.value);
  const metrics = Object.entries(s.metrics).map(([k, v]) => `${k}=${Number.isInteger(v) ? v : Number(v.toPrecision(4))}`).join(', ');
  return html`<tr class="score" id="score-${s.name}"><th scope="row">${s.name}</th><td class="num">${value}${s.passed !== undefined ? html` <span class="${s.passed ? 'good' : 'bad'}">${s.passed ? 'passed' : 'failed'}</span>` : ''}</td><td class="rationale">${s.rationale}${evidence(s.evidence)}</td><td class="metrics muted">${metrics}</td></tr>`;
}

function findingRow(f: Finding): SafeHtml {
  return html`<tr class="finding"><td><code>${f.id}</code></td><td>${f.severity}</td><td class="${f.confirmed ? 'bad' : ''}">${f.confirmed ? 'confirmed' : 'suspected'}</td><td>${f.message}${evidence(f.evidence)}</td></tr>`;
}

function fact(term: string, value: HtmlValue): SafeHtml {
  return value === undefined || value === '' ? html`` : html`<dt>${term}</dt><dd>${value}</dd>`;
}

function facts(a: ScoredAttempt, t: Trajectory | undefined): SafeHtml {
  const h = t?.header;
  const labels = Object.entries(a.labels).map(([k, v]) => `${k}=${v}`).join(' ');
  const faults = h ? (h.faults.faults.length === 0 ? 'none' : h.faults.faults.map((f) => `${f.class} on ${f.tool}${f.at ? ` (call ${f.at})` : ''}`).join('; ')) : undefined;
  return html`<dl class="facts">${[
    fact('outcome', html`<b class="outcome">${outcome(a)}</b>`),
    fact('state', a.state),
    fact('exit status', a.exitStatus),
    fact('harness error', a.harnessError ? html`<span class="bad">${a.harnessError}</span> <span class="muted">(not counted against the agent)</span>` : undefined),
    fact('harness retries', a.harnessRetries > 0 ? a.harnessRetries : undefined),
    fact('task', `${a.taskId} (${a.taskKind})`),
    fact('task content', a.taskContentHash),
    fact('agent', `${a.agentSpec}${a.agentName ? ` — ${a.agentName} ${a.agentVersion ?? ''}` : ''}`),
    fact('model', a.model),
    fact('prompt variant', a.promptVariant),
    fact('run', a.runId),
    fact('labels', labels),
    fact('repeat / seed', `${a.repeat} / ${a.seed}`),
    fact('image', a.imageId),
    fact('limits', h ? `${h.limits.steps} steps, ${Math.round(h.limits.wallTimeMs / 1000)} s, ${h.limits.outputBytes} output bytes` : undefined),
    fact('planned faults', faults),
    fact('started / ended', a.startedAt ? `${a.startedAt} → ${a.endedAt ?? '…'}` : undefined),
    fact('duration', a.durationMs === undefined ? undefined : `${fmt(a.durationMs / 1000, 1)} s`),
    fact('usage', `${a.tokensPrompt}+${a.tokensCompletion} tokens, $${fmt(a.costUsd, 4)}, model latency ${Math.round(a.latencyMs)} ms`),
    fact('attempt id', a.id),
  ]}</dl>`;
}

function end(t: Trajectory | undefined): SafeHtml {
  if (!t) return html``;
  if (!t.end) return html`<section id="end"><h2>End</h2><p class="bad">No end event: the attempt did not finish.</p></section>`;
  const e = t.end;
  const c = e.claims;
  return html`<section id="end"><h2>End</h2><dl class="facts">${[
    fact('status', e.status),
    fact('steps', e.steps),
    fact('error', e.error),
    fact('diff error', e.diffError === undefined ? undefined : `no diff could be taken: ${e.diffError}`),
    fact('diff omitted', omittedSummary(e.diffOmitted)),
    fact('leftover processes killed', e.killedProcesses > 0 ? e.killedProcesses : undefined),
    fact('claims', c ? `${c.summary}${c.testsPass !== undefined ? ` (tests pass: ${c.testsPass})` : ''}${c.cannotComply ? ` (cannot comply: ${c.reason ?? ''})` : ''}` : undefined),
  ]}</dl></section>`;
}

/** The grade's own rationale (when the stored grade has one) above the whole result, folded. */
function grade(value: unknown): SafeHtml {
  const rationale = typeof value === 'object' && value !== null && typeof (value as { rationale?: unknown }).rationale === 'string' ? (value as { rationale: string }).rationale : undefined;
  return html`<section id="grade"><h2>Grade</h2>${rationale ? html`<p class="grade-rationale">${rationale}</p>` : ''}<details><summary>grade result (JSON)</summary><pre>${JSON.stringify(value, null, 2)}</pre></details></section>`;
}

/**
 * One attempt's page: facts (outcome, provenance, usage, planned faults), every score with its
 * rationale and evidence (step evidence links into the timeline), integrity findings, the full
 * timeline of the trajectory, how it ended, the final diff and the grade. Every value is escaped.
 */
export function renderAttempt(input: AttemptPageInput): string {
  const { attempt: a, artifacts, trajectory: t } = input;
  const title = `${a.taskId} · ${a.agentSpec} · repeat ${a.repeat}`;
  const diff = artifacts?.diff ?? t?.end?.finalDiff;
  const injected = t ? t.events.filter((e) => e.type === 'tool_result' && e.fault !== undefined).length : 0;
  const body = html`<header class="top"><nav><a href="${input.indexHref}">← report</a></nav><h1>${title}</h1>
<div class="muted">${t ? `${t.events.filter((e) => e.type === 'tool_call').length} tool call(s), ${injected} injected fault(s)` : 'no trajectory'}</div></header>
<main>${facts(a, t)}
<section id="scores"><h2>Scores</h2>${a.scores.length > 0 ? html`<table class="scores"><thead><tr><th>score</th><th>value</th><th>rationale and evidence</th><th>metrics</th></tr></thead><tbody>${a.scores.map(scoreRow)}</tbody></table>` : html`<p class="muted">Not scored${a.state === 'harness_error' ? ': a harness error is not a result about the agent' : ''}.</p>`}</section>
<section id="findings"><h2>Integrity findings</h2>${a.findings.length > 0 ? html`<table class="findings"><thead><tr><th>finding</th><th>severity</th><th>status</th><th>message and evidence</th></tr></thead><tbody>${a.findings.map(findingRow)}</tbody></table>` : html`<p class="muted">None.</p>`}</section>
${t ? renderTimeline(t) : html`<section id="timeline"><h2>Trajectory</h2>${input.trajectoryError ? html`<p class="bad">The stored trajectory could not be read: ${input.trajectoryError}</p><details><summary>raw trajectory</summary><pre>${artifacts?.trajectory ?? ''}</pre></details>` : html`<p class="muted">No trajectory was stored for this attempt.</p>`}</section>`}
${end(t)}
<section id="final-diff"><h2>Final diff</h2>${diff === undefined ? html`<p class="muted">No diff was stored.</p>` : renderDiff(diff, { ...(t?.end?.diffError !== undefined ? { diffError: t.end.diffError } : {}), ...(t?.end?.diffOmitted ? { diffOmitted: t.end.diffOmitted } : {}) })}</section>
${artifacts?.grade !== undefined ? grade(artifacts.grade) : ''}
</main>`;
  return page(title, body);
}
