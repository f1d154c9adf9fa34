import type { ScoredAttempt } from '../../store/types.js';
import { fmt, summarize, type MetricSummary, type SelectionSummary } from '../summary.js';
import { html, type SafeHtml } from './escape.js';
import { agentAnchor, agentSpecs, selectionOf, type ReportInput } from './report-input.js';
import { intervalBar } from './svg.js';

/** One agent's line of the leaderboard. */
export interface LeaderboardRow {
  agent: string;
  /** Position of the agent in {@link agentSpecs} order: the anchor of its other sections. */
  index: number;
  summary: SelectionSummary;
  /** Mean cost (USD) and tokens (prompt + completion) per finished attempt; NaN without one. */
  meanCostUsd: number;
  meanTokens: number;
}

/**
 * One row per agent spec, best first: by resolved rate, then by the interval's lower bound,
 * then by name. Resolved is a Wilson interval over every finished attempt (repeats as trials).
 */
export function leaderboardRows(input: ReportInput): LeaderboardRow[] {
  const rows = agentSpecs(input.attempts).map((agent, index) => {
    const attempts = input.attempts.filter((a) => a.agentSpec === agent);
    const summary = summarize(selectionOf(agent, attempts), input.options);
    const finished = attempts.filter((a) => a.state === 'finished');
    return { agent, index, summary, meanCostUsd: meanOf(finished, (a) => a.costUsd), meanTokens: meanOf(finished, (a) => a.tokensPrompt + a.tokensCompletion) };
  });
  return rows.sort((x, y) => y.summary.resolved.rate - x.summary.resolved.rate || y.summary.resolved.low - x.summary.resolved.low || (x.agent < y.agent ? -1 : 1));
}

function meanOf(attempts: readonly ScoredAttempt[], value: (a: ScoredAttempt) => number): number {
  return attempts.length === 0 ? Number.NaN : attempts.reduce((sum, a) => sum + value(a), 0) / attempts.length;
}

function metricCell(metric: MetricSummary | undefined): SafeHtml {
  return metric ? html`${fmt(metric.mean)} <span class="muted">[${fmt(metric.low)}, ${fmt(metric.high)}]</span>` : html`<span class="muted">–</span>`;
}

/** The leaderboard section: a table with an interval bar per agent. */
export function renderLeaderboard(rows: readonly LeaderboardRow[]): SafeHtml {
  const body = rows.map((row, rank) => {
    const s = row.summary;
    const r = s.resolved;
    const composite = s.metrics.find((m) => m.metric === 'composite');
    const passK = s.passK.length > 0 ? s.passK[s.passK.length - 1]! : undefined;
    const cheated = s.cheated.count > 0 ? html`<span class="bad">${s.cheated.count}</span>` : html`0`;
    return html`<tr class="leaderboard-row" data-agent-index="${row.index}">
<td>${rank + 1}</td><td class="agent"><a href="#${agentAnchor(row.index)}">${row.agent}</a></td>
<td class="num">${fmt(r.rate)} <span class="muted">[${fmt(r.low)}, ${fmt(r.high)}]</span></td><td>${intervalBar(r)}</td>
<td class="num">${r.successes}/${r.n}</td><td class="num">${s.tasks}</td>
<td class="num">${passK ? html`${fmt(passK.passAtK)} / ${fmt(passK.passHatK)} <span class="muted">k=${passK.k}</span>` : '–'}</td>
<td class="num">${metricCell(composite)}</td>
<td class="num">${Number.isNaN(row.meanCostUsd) ? '–' : `$${fmt(row.meanCostUsd, 4)}`}</td><td class="num">${Number.isNaN(row.meanTokens) ? '–' : Math.round(row.meanTokens)}</td>
<td class="num">${s.harnessErrors.count}${s.unfinished > 0 ? html` <span class="muted">(+${s.unfinished} unfinished)</span>` : ''}</td><td class="num">${cheated}</td>
</tr>`;
  });
  return html`<section id="leaderboard"><h2>Leaderboard</h2>
<p class="note">Resolved: share of finished attempts that resolved their task, with a 95% Wilson interval (repeats counted as trials). pass@k / pass^k at the smallest repeat count. Composite: mean with a task-cluster bootstrap interval. Harness errors are counted apart and never as the agent's failure; cheated attempts are never resolved.</p>
<table class="leaderboard"><thead><tr><th>#</th><th>agent</th><th>resolved</th><th>95% interval</th><th>resolved / n</th><th>tasks</th><th>pass@k / pass^k</th><th>composite</th><th>mean cost</th><th>mean tokens</th><th>harness errors</th><th>cheated</th></tr></thead>
<tbody>${body}</tbody></table></section>`;
}
