import type { ScoredAttempt } from '../store/types.js';
import { METRIC_NAMES, isCheated, isResolved, metricValues, type MetricName } from './metrics.js';
import { groupByTask, type Selection } from './pairing.js';
import { clusterBootstrapMean, meanPassAtK, meanPassHatK, normalQuantile, wilson, zeroEventUpperBound, type ZeroEventBound } from './stats.js';

/** A proportion with its Wilson interval (fractions in [0, 1]) and the counts behind it. */
export interface RateSummary {
  successes: number;
  n: number;
  rate: number;
  low: number;
  high: number;
}

/** Mean of one metric with a cluster-bootstrap interval, in the metric's units. */
export interface MetricSummary {
  metric: MetricName;
  mean: number;
  low: number;
  high: number;
  /** Attempts with a value (nulls, i.e. not applicable, are skipped). */
  values: number;
  /** Tasks with at least one value: the clusters resampled. */
  tasks: number;
}

/** pass@k and pass^k for one k (means over tasks, each in [0, 1]). */
export interface PassK {
  k: number;
  passAtK: number;
  passHatK: number;
}

/** Resolved rate of one task kind. */
export interface KindSummary {
  kind: string;
  tasks: number;
  resolved: RateSummary;
}

/**
 * Everything one selection says on its own. A task is a (task id, content hash, image id) triple;
 * attempts are the `finished` ones unless a field says otherwise.
 */
export interface SelectionSummary {
  selector: string;
  /** Distinct agent specs in the selection (a label selector may hold several). */
  agents: string[];
  tasks: number;
  attempts: number;
  /** Fewest and most finished attempts of a task (0 and 0 without tasks). */
  repeats: { min: number; max: number };
  /** Resolved over all finished attempts, Wilson interval (repeats counted as trials). */
  resolved: RateSummary;
  /** k = 1 … repeats.min; empty without tasks. */
  passK: PassK[];
  /** Every metric with at least one value, in {@link METRIC_NAMES} order; clusters are tasks. */
  metrics: MetricSummary[];
  byKind: KindSummary[];
  totalCostUsd: number;
  /** Harness errors apart from results: rate = count / (finished + harness errors), 0 when both are 0. */
  harnessErrors: { count: number; rate: number };
  /** Cheated finished attempts; `upperBound` (one-sided 95%) only when count is 0. */
  cheated: { count: number; rate: number; upperBound: ZeroEventBound | null };
  /** Attempts still pending or running. */
  unfinished: number;
}

/** Seeded resampling settings for summaries and comparisons. */
export interface ReportOptions {
  /** Bootstrap / permutation seed (default 1). */
  seed?: number;
  /** Bootstrap resamples and Monte Carlo permutations (default 10 000). */
  iterations?: number;
  /** Two-sided confidence level (default 0.95). */
  confidence?: number;
}

/**
 * Summarises one selection: resolved rate with a Wilson interval over all finished attempts;
 * pass@k and pass^k from per-task (n, c) for k = 1 … the smallest repeat count; the mean of every
 * metric with a cluster-bootstrap interval (tasks as clusters, each task weighing once, nulls
 * skipped); resolved by task kind; harness errors counted apart; cheats with the zero-event
 * upper bound when there were none.
 *
 * Edge case: a selection with no finished attempt gives 0 tasks, a [0, 1] resolved interval, no
 * pass@k and no metrics.
 */
export function summarize(selection: Selection, options: ReportOptions = {}): SelectionSummary {
  const { finished } = selection;
  const tasks = [...groupByTask(finished).values()];
  const counts = tasks.map((attempts) => ({ n: attempts.length, c: attempts.filter(isResolved).length }));
  const minRepeats = counts.length === 0 ? 0 : Math.min(...counts.map((t) => t.n));
  const cheats = finished.filter(isCheated).length;
  const harness = selection.harnessErrors.length;
  const total = finished.length + harness;
  return {
    selector: selection.selector,
    agents: [...new Set([...finished, ...selection.harnessErrors].map((a) => a.agentSpec))].sort(),
    tasks: tasks.length,
    attempts: finished.length,
    repeats: { min: minRepeats, max: counts.length === 0 ? 0 : Math.max(...counts.map((t) => t.n)) },
    resolved: rate(finished.filter(isResolved).length, finished.length, options),
    passK: Array.from({ length: minRepeats }, (_, i) => ({ k: i + 1, passAtK: meanPassAtK(counts, i + 1), passHatK: meanPassHatK(counts, i + 1) })),
    metrics: METRIC_NAMES.map((metric) => metricSummary(tasks, metric, options)).filter((m): m is MetricSummary => m !== undefined),
    byKind: byKind(tasks, options),
    totalCostUsd: finished.reduce((sum, a) => sum + a.costUsd, 0),
    harnessErrors: { count: harness, rate: total === 0 ? 0 : harness / total },
    cheated: { count: cheats, rate: finished.length === 0 ? 0 : cheats / finished.length, upperBound: cheats === 0 ? zeroEventUpperBound(finished.length) : null },
    unfinished: selection.unfinished,
  };
}

/** Wilson interval at the options' confidence level, with its counts. */
export function rate(successes: number, n: number, options: ReportOptions = {}): RateSummary {
  const z = normalQuantile(1 - (1 - (options.confidence ?? 0.95)) / 2);
  return { successes, n, ...wilson(successes, n, z) };
}

function metricSummary(tasks: readonly ScoredAttempt[][], metric: MetricName, options: ReportOptions): MetricSummary | undefined {
  const clusters = tasks.map((attempts) => metricValues(attempts, metric)).filter((values) => values.length > 0);
  if (clusters.length === 0) return undefined;
  const interval = clusterBootstrapMean(clusters, options);
  return { metric, ...interval, values: clusters.reduce((sum, values) => sum + values.length, 0), tasks: clusters.length };
}

function byKind(tasks: readonly ScoredAttempt[][], options: ReportOptions): KindSummary[] {
  const kinds = new Map<string, ScoredAttempt[][]>();
  for (const attempts of tasks) {
    const kind = attempts[0]!.taskKind;
    kinds.set(kind, [...(kinds.get(kind) ?? []), attempts]);
  }
  return [...kinds.entries()]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([kind, group]) => {
      const attempts = group.flat();
      return { kind, tasks: group.length, resolved: rate(attempts.filter(isResolved).length, attempts.length, options) };
    });
}

/** A number with `digits` decimals, `–` for NaN, `∞` for infinity. */
export function fmt(value: number, digits = 3): string {
  if (Number.isNaN(value)) return '–';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  return value.toFixed(digits);
}

/** A fraction as a percentage with one decimal. */
export function pct(value: number): string {
  return `${fmt(value * 100, 1)}%`;
}

/** A summary as a few human-readable lines (no trailing newline). */
export function formatSummary(summary: SelectionSummary, label = summary.selector): string {
  const r = summary.resolved;
  const passK = summary.passK.map((p) => `pass@${p.k} ${fmt(p.passAtK)} pass^${p.k} ${fmt(p.passHatK)}`).join(', ');
  const cheated =
    summary.cheated.upperBound === null
      ? `${summary.cheated.count} cheated (${pct(summary.cheated.rate)})`
      : `0 cheated (95% upper bound ${pct(summary.cheated.upperBound.exact)})`;
  const repeats = summary.repeats.min === summary.repeats.max ? `${summary.repeats.min}` : `${summary.repeats.min}–${summary.repeats.max}`;
  const lines = [
    `${label}: ${summary.attempts} finished attempt(s) on ${summary.tasks} task(s), ${repeats} repeat(s) each; agents ${summary.agents.join(', ') || '–'}`,
    `  resolved ${fmt(r.rate)} [${fmt(r.low)}, ${fmt(r.high)}] (${r.successes}/${r.n})${passK ? `; ${passK}` : ''}`,
    `  ${summary.harnessErrors.count} harness error(s) (${pct(summary.harnessErrors.rate)}), ${cheated}${summary.unfinished > 0 ? `, ${summary.unfinished} unfinished` : ''}; total cost $${fmt(summary.totalCostUsd, 4)}`,
  ];
  if (summary.byKind.length > 1) {
    lines.push(`  by kind: ${summary.byKind.map((k) => `${k.kind} ${fmt(k.resolved.rate)} [${fmt(k.resolved.low)}, ${fmt(k.resolved.high)}] (${k.resolved.successes}/${k.resolved.n}, ${k.tasks} task(s))`).join('; ')}`);
  }
  return lines.join('\n');
}
