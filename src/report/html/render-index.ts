import { robustnessReport } from '../robustness.js';
import { html } from './escape.js';
import { renderAttemptList, renderRuns } from './attempt-list.js';
import { renderCostQuality } from './cost-quality.js';
import { buildDistributions, renderDistributions } from './distributions.js';
import { buildHeatmap, renderHeatmap } from './heatmap.js';
import { leaderboardRows, renderLeaderboard } from './leaderboard.js';
import { page } from './page.js';
import { agentSpecs, type ReportInput } from './report-input.js';
import { renderRobustness } from './robustness.js';
import { buildTrends, renderTrends } from './trends.js';

/**
 * The index page: leaderboard, agent × task heatmap, score distributions, cost / quality, trends,
 * robustness (faults, variants, impossible tasks, prompt injection), runs and the list of every
 * attempt, each section drawn from `input` alone. Returns the whole HTML document; it refers to
 * nothing outside itself except the attempt pages it links to.
 */
export function renderIndex(input: ReportInput): string {
  const rows = leaderboardRows(input);
  const states = { finished: 0, harness_error: 0, unfinished: 0 };
  for (const a of input.attempts) {
    if (a.state === 'finished') states.finished++;
    else if (a.state === 'harness_error') states.harness_error++;
    else states.unfinished++;
  }
  const body = html`<header class="top"><h1>${input.title}</h1>
<div class="muted">${input.attempts.length} attempt(s) in ${input.runs.length} run(s) from <span class="mono">${input.source}</span>: ${states.finished} finished, ${states.harness_error} harness error(s), ${states.unfinished} unfinished · generated ${input.generatedAt}</div>
<nav class="toc"><a href="#leaderboard">Leaderboard</a><a href="#heatmap">Agent × task</a><a href="#distributions">Scores</a><a href="#cost-quality">Cost / quality</a><a href="#trends">Trends</a><a href="#robustness">Robustness</a><a href="#runs">Runs</a><a href="#attempts">Attempts</a></nav></header>
<main>${renderLeaderboard(rows)}${renderHeatmap(buildHeatmap(input.attempts))}${renderDistributions(buildDistributions(input.attempts))}${renderCostQuality(rows)}${renderTrends(buildTrends(input))}${renderRobustness(robustnessReport(input.attempts, input.options), agentSpecs(input.attempts))}${renderRuns(input.runs, input.attempts)}${renderAttemptList(input.attempts)}</main>`;
  return page(input.title, body);
}
