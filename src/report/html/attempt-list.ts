import { fmt } from '../summary.js';
import type { RunRecord, ScoredAttempt } from '../../store/types.js';
import { attemptHref } from './attempt-file.js';
import { html, type SafeHtml } from './escape.js';
import { outcome } from './heatmap.js';
import { agentAnchor, agentSpecs } from './report-input.js';

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

function compositeOf(a: ScoredAttempt): string {
  const value = a.scores.find((s) => s.name === 'composite')?.value;
  return value === undefined || value === null ? '–' : fmt(value, 2);
}

/**
 * The attempts section: every attempt, grouped by agent (each group anchored so the leaderboard
 * and heatmap headers can point at it), one row each with a link to its trajectory page.
 */
export function renderAttemptList(attempts: readonly ScoredAttempt[]): SafeHtml {
  const groups = agentSpecs(attempts).map((agent, i) => {
    const rows = attempts
      .filter((a) => a.agentSpec === agent)
      .map(
        (a) =>
          html`<tr><td><a href="${attemptHref(a.id)}">${a.taskId}</a></td><td>${a.repeat}</td><td>${labelsText(a.labels)}</td><td class="outcome ${outcome(a).replace(' ', '-')}">${outcome(a)}</td><td>${a.exitStatus ?? ''}</td><td class="num">${compositeOf(a)}</td><td class="num">${a.costUsd > 0 ? `$${fmt(a.costUsd, 4)}` : '–'}</td><td class="num">${a.durationMs === undefined ? '–' : `${fmt(a.durationMs / 1000, 1)} s`}</td></tr>`,
      );
    return html`<h3 id="${agentAnchor(i)}">${agent} <span class="muted">${rows.length} attempt(s)</span></h3><table class="attempts"><thead><tr><th>task</th><th>repeat</th><th>labels</th><th>outcome</th><th>exit</th><th>composite</th><th>cost</th><th>duration</th></tr></thead><tbody>${rows}</tbody></table>`;
  });
  return html`<section id="attempts"><h2>Attempts</h2>${groups.length > 0 ? groups : html`<p>No attempt.</p>`}</section>`;
}

/** The runs section: one row per run with its labels, size, version and attempt states. */
export function renderRuns(runs: readonly RunRecord[], attempts: readonly ScoredAttempt[]): SafeHtml {
  const rows = runs.map((run) => {
    const own = attempts.filter((a) => a.runId === run.id);
    const count = (state: string): number => own.filter((a) => a.state === state).length;
    return html`<tr class="run-row"><td class="mono" title="${run.id}">${run.id.slice(0, 12)}</td><td>${run.createdAt}</td><td>${labelsText(run.labels)}</td><td class="num">${new Set(own.map((a) => a.agentSpec)).size}</td><td class="num">${new Set(own.map((a) => a.taskId)).size}</td><td class="num">${run.repeats}</td><td class="num">${count('finished')}</td><td class="num">${count('harness_error')}</td><td class="num">${count('pending') + count('running')}</td><td>${run.crucibleVersion}${run.gitRevision ? ` @ ${run.gitRevision.slice(0, 10)}` : ''}${run.shard ? ` shard ${run.shard}` : ''}</td></tr>`;
  });
  return html`<section id="runs"><h2>Runs</h2><table class="runs"><thead><tr><th>run</th><th>created</th><th>labels</th><th>agents</th><th>tasks</th><th>repeats</th><th>finished</th><th>harness errors</th><th>unfinished</th><th>crucible</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}
