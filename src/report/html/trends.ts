import { isResolved } from '../metrics.js';
import { rate, type ReportOptions } from '../summary.js';
import type { RunRecord, ScoredAttempt } from '../../store/types.js';
import { html, type SafeHtml } from './escape.js';
import { agentSpecs, naturalCompare, type ReportInput } from './report-input.js';
import { seriesChart, type Interval, type Series } from './svg.js';

/** Most categories a trend chart shows (the latest ones); more would not be readable. */
export const MAX_CATEGORIES = 30;

/** One trend chart: resolved rate with its interval per agent, over ordered categories. */
export interface Trend {
  /** What varies: `label version`, or `run`. */
  title: string;
  categories: string[];
  series: Series[];
  /** Categories left out because there were more than {@link MAX_CATEGORIES}. */
  omitted: number;
}

function seriesFor(agents: readonly string[], groups: ReadonlyArray<readonly ScoredAttempt[]>, options?: ReportOptions): Series[] {
  return agents.map((agent) => ({
    name: agent,
    points: groups.map((attempts): Interval | undefined => {
      const finished = attempts.filter((a) => a.agentSpec === agent && a.state === 'finished');
      return finished.length === 0 ? undefined : rate(finished.filter(isResolved).length, finished.length, options);
    }),
  }));
}

function trend(title: string, categories: string[], groups: ScoredAttempt[][], agents: string[], options?: ReportOptions): Trend {
  const omitted = Math.max(0, categories.length - MAX_CATEGORIES);
  return { title, categories: categories.slice(omitted), series: seriesFor(agents, groups.slice(omitted), options), omitted };
}

/** How a run is named on a trend axis: its date and labels, else the start of its id. */
export function runCategory(run: RunRecord): string {
  const labels = Object.entries(run.labels).map(([k, v]) => `${k}=${v}`).join(' ');
  return `${run.createdAt.slice(0, 10)} ${labels || run.id.slice(0, 8)}`;
}

/**
 * Labels the run matrix sets on every attempt for pairing (fault plan, variant origin): they are
 * conditions, not versions, and the robustness section compares them paired per task.
 */
const PAIRING_LABELS = new Set(['faults', 'origin', 'origin_hash', 'strategy']);

/**
 * Trends of resolved rate (Wilson interval over finished attempts) per agent: one chart per
 * label key (other than the pairing labels) with at least two values, values in natural order (`1.9` before `1.10`), and one
 * across runs by creation time when there are at least two runs.
 */
export function buildTrends(input: ReportInput): Trend[] {
  const agents = agentSpecs(input.attempts);
  const keys = [...new Set(input.attempts.flatMap((a) => Object.keys(a.labels)))].filter((k) => !PAIRING_LABELS.has(k)).sort();
  const trends: Trend[] = [];
  for (const key of keys) {
    const values = [...new Set(input.attempts.map((a) => a.labels[key]).filter((v): v is string => v !== undefined))].sort(naturalCompare);
    if (values.length < 2) continue;
    const groups = values.map((value) => input.attempts.filter((a) => a.labels[key] === value));
    trends.push(trend(`label ${key}`, values, groups, agents, input.options));
  }
  if (input.runs.length >= 2) {
    const runs = [...input.runs].sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
    const groups = runs.map((run) => input.attempts.filter((a) => a.runId === run.id));
    trends.push(trend('run', runs.map(runCategory), groups, agents, input.options));
  }
  return trends;
}

/** The trends section: one chart per {@link Trend}, or a note when nothing varies. */
export function renderTrends(trends: readonly Trend[]): SafeHtml {
  const charts = trends.map(
    (t) =>
      html`<div class="trend-block"><h3>Resolved rate by ${t.title}</h3>${t.omitted > 0 ? html`<p class="note">The ${t.omitted} earliest value(s) are left out.</p>` : ''}${seriesChart(t.categories, t.series, 'resolved rate')}</div>`,
  );
  return html`<section id="trends"><h2>Trends across versions, labels and runs</h2>
<p class="note">Resolved rate with its 95% Wilson interval per agent, for each value of a run label (ordered naturally) and for each run (ordered by creation time).</p>
${trends.length > 0 ? charts : html`<p>Nothing to trend: a single run and no label with two or more values.</p>`}</section>`;
}
