import { html, type SafeHtml } from './escape.js';
import type { LeaderboardRow } from './leaderboard.js';
import { scatter, type ScatterPoint } from './svg.js';

/**
 * The cost / quality section: mean cost per finished attempt (USD) against resolved rate with its
 * interval, one point per agent. When no agent recorded a cost (local or oracle agents), mean
 * tokens per attempt is the x axis instead; agents without a finished attempt are left out.
 */
export function renderCostQuality(rows: readonly LeaderboardRow[]): SafeHtml {
  const plotted = rows.filter((row) => row.summary.attempts > 0);
  const byCost = plotted.some((row) => row.meanCostUsd > 0);
  const byTokens = !byCost && plotted.some((row) => row.meanTokens > 0);
  const points: ScatterPoint[] = plotted.map((row) => ({ label: row.agent, colour: row.index, x: byCost ? row.meanCostUsd : row.meanTokens, y: row.summary.resolved }));
  const xLabel = byCost ? 'mean cost per attempt (USD)' : byTokens ? 'mean tokens per attempt (no cost recorded)' : 'mean tokens per attempt (no agent recorded cost or tokens)';
  return html`<section id="cost-quality"><h2>Cost and quality</h2>
<p class="note">Each point is an agent: x = ${xLabel}, y = resolved rate with its 95% interval.</p>
${points.length > 0 ? scatter(points, xLabel, 'resolved rate') : html`<p>No finished attempt.</p>`}</section>`;
}
