import type { ScoredAttempt } from '../store/types.js';
import { METRIC_NAMES, higherIsBetter, isResolved, isUnitMetric, mean, metricValues, sampleSd, type MetricName } from './metrics.js';
import { pairSelections, type Exclusion, type Pairing, type Selection, type TaskPair } from './pairing.js';
import { mcnemarExact, minimumDetectableDifference, pairedBootstrapDiff, signFlipPermutationP, zeroEventUpperBound } from './stats.js';
import { fmt, formatSummary, summarize, type ReportOptions, type SelectionSummary } from './summary.js';

/** How a delta's p-value was computed. */
export type PairedTest = 'mcnemar-exact' | 'sign-flip';

/**
 * One metric compared over paired tasks. Per task, each side's value is the mean of its repeats'
 * non-null values; tasks where either side has none are left out of this metric.
 * `delta = candidate − baseline` (in `compare`: B − A), so for scores positive favours the
 * candidate and for cost / latency negative does.
 */
export interface MetricDelta {
  metric: MetricName;
  higherIsBetter: boolean;
  /** Paired tasks with a value on both sides. */
  tasks: number;
  /** Mean over those tasks of the baseline's (A's) per-task value. */
  baseline: number;
  /** Mean over those tasks of the candidate's (B's) per-task value. */
  candidate: number;
  delta: number;
  /** Paired (task-level) percentile bootstrap interval of `delta`. */
  low: number;
  high: number;
  /** Two-sided p of H₀ "no difference": exact McNemar for resolved with K = 1, else sign-flip permutation. */
  p: number;
  test: PairedTest;
  /**
   * Minimum detectable difference at these `tasks` (80% power, two-sided α = 1 − confidence):
   * (z₁₋α/₂ + z₀.₈) · sd / √n, sd the standard deviation of the per-task differences (for K = 1
   * resolved this matches Connor's McNemar formula up to O(δ²)). With no variation seen on a
   * [0, 1] metric, sd = √(1 − 0.05^(1/n)) (the zero-event bound on the discordance rate), so perfect
   * agreement on a few tasks is not mistaken for precision. +∞ for fewer than 2 tasks.
   */
  mdd: number;
  /** Sample standard deviation of the per-task differences (n − 1); NaN for fewer than 2 tasks. */
  sd: number;
}

/** McNemar's counts for K = 1: b = only the baseline (A) resolved, c = only the candidate (B). */
export interface McNemarTable {
  b: number;
  c: number;
  p: number;
}

/** Paired metrics of a pairing, shared by compare and gate. */
export interface PairedMetrics {
  /** Every pair has exactly one finished attempt per side, so resolved uses exact McNemar. */
  singleRepeat: boolean;
  mcnemar: McNemarTable | null;
  /** One entry per requested metric with at least one paired value, in the requested order. */
  metrics: MetricDelta[];
}

/**
 * Compares every requested metric over the pairs (candidate − baseline): paired bootstrap interval,
 * sign-flip permutation p (exact McNemar for resolved when K = 1) and minimum detectable difference.
 */
export function pairedMetrics(pairs: readonly TaskPair[], metrics: readonly MetricName[] = METRIC_NAMES, options: ReportOptions = {}): PairedMetrics {
  const singleRepeat = pairs.every((pair) => pair.baseline.length === 1 && pair.candidate.length === 1);
  const mcnemar = singleRepeat ? mcnemarTable(pairs) : null;
  const deltas = metrics
    .map((metric) => metricDelta(pairs, metric, metric === 'resolved' ? mcnemar : null, options))
    .filter((delta): delta is MetricDelta => delta !== undefined);
  return { singleRepeat, mcnemar, metrics: deltas };
}

function mcnemarTable(pairs: readonly TaskPair[]): McNemarTable {
  const b = pairs.filter((pair) => isResolved(pair.baseline[0]!) && !isResolved(pair.candidate[0]!)).length;
  const c = pairs.filter((pair) => !isResolved(pair.baseline[0]!) && isResolved(pair.candidate[0]!)).length;
  return { b, c, p: mcnemarExact(b, c) };
}

function metricDelta(pairs: readonly TaskPair[], metric: MetricName, mcnemar: McNemarTable | null, options: ReportOptions): MetricDelta | undefined {
  const values = pairs
    .map((pair) => ({ a: mean(metricValues(pair.baseline, metric)), b: mean(metricValues(pair.candidate, metric)) }))
    .filter((v) => !Number.isNaN(v.a) && !Number.isNaN(v.b));
  if (values.length === 0) return undefined;
  const diffs = values.map((v) => v.b - v.a);
  const interval = pairedBootstrapDiff(values.map((v) => ({ a: v.b, b: v.a })), options);
  return {
    metric,
    higherIsBetter: higherIsBetter(metric),
    tasks: values.length,
    baseline: mean(values.map((v) => v.a)),
    candidate: mean(values.map((v) => v.b)),
    delta: interval.mean,
    low: interval.low,
    high: interval.high,
    p: mcnemar ? mcnemar.p : signFlipPermutationP(diffs, options),
    test: mcnemar ? 'mcnemar-exact' : 'sign-flip',
    mdd: detectableDifference(diffs, isUnitMetric(metric), options.confidence ?? 0.95),
    sd: sampleSd(diffs),
  };
}

/** See {@link MetricDelta.mdd}. */
export function detectableDifference(diffs: readonly number[], unit: boolean, confidence = 0.95): number {
  return mddAt(sampleSd(diffs), diffs.length, unit, confidence);
}

function mddAt(sd: number, n: number, unit: boolean, confidence: number): number {
  if (n < 2 || Number.isNaN(sd)) return Infinity;
  const used = sd === 0 && unit ? Math.sqrt(zeroEventUpperBound(n).exact) : sd;
  return minimumDetectableDifference({ sd: used, n, alpha: 1 - confidence });
}

/**
 * The fewest paired tasks whose minimum detectable difference is at most `margin`, at the
 * per-task-difference standard deviation `sd` (with the zero-variation floor of
 * {@link MetricDelta.mdd} when sd = 0 on a [0, 1] metric).
 *
 * @returns A task count ≥ 2; +∞ when `sd` is unknown (NaN), `margin` ≤ 0, or more than 10⁹ tasks would be needed.
 */
export function tasksNeeded(sd: number, unit: boolean, margin: number, confidence = 0.95): number {
  if (Number.isNaN(sd) || !(margin > 0)) return Infinity;
  const fits = (n: number) => mddAt(sd, n, unit, confidence) <= margin;
  let high = 2;
  while (!fits(high)) {
    high *= 2;
    if (high > 1e9) return Infinity;
  }
  let low = Math.max(1, high / 2);
  // Invariant: fits(high), and low = 1 or !fits(low).
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/** A task one side resolved at least once and the other never, with both sides' counts. */
export interface TaskFlip {
  task: string;
  a: { resolved: number; attempts: number };
  b: { resolved: number; attempts: number };
}

/** Tasks solved (resolved in at least one repeat) by only one side. */
export function taskFlips(pairs: readonly TaskPair[]): { onlyA: TaskFlip[]; onlyB: TaskFlip[] } {
  const count = (attempts: readonly ScoredAttempt[]) => ({ resolved: attempts.filter(isResolved).length, attempts: attempts.length });
  const flips = pairs.map((pair) => ({ task: pair.name, a: count(pair.baseline), b: count(pair.candidate) }));
  return { onlyA: flips.filter((f) => f.a.resolved > 0 && f.b.resolved === 0), onlyB: flips.filter((f) => f.b.resolved > 0 && f.a.resolved === 0) };
}

/**
 * The answer of `crucible compare A B`. A is the baseline and B the candidate: every delta is
 * **B − A**, McNemar's b counts tasks only A resolved and c tasks only B resolved.
 */
export interface CompareResult {
  a: SelectionSummary;
  b: SelectionSummary;
  pairedTasks: number;
  singleRepeat: boolean;
  mcnemar: McNemarTable | null;
  metrics: MetricDelta[];
  flips: { onlyA: TaskFlip[]; onlyB: TaskFlip[] };
  /** Tasks left unpaired; `side` is `baseline` for A, `candidate` for B, `both` for a mismatch. */
  excluded: Exclusion[];
}

/**
 * Compares two selections on the tasks both ran with identical content and image.
 *
 * @throws ReportError `NO_OVERLAP` when no task pairs (see {@link pairSelections}).
 */
export function compare(a: Selection, b: Selection, options: ReportOptions = {}): CompareResult {
  const pairing: Pairing = pairSelections(a, b, { baseline: 'A', candidate: 'B' });
  const paired = pairedMetrics(pairing.pairs, METRIC_NAMES, options);
  return {
    a: summarize(a, options),
    b: summarize(b, options),
    pairedTasks: pairing.pairs.length,
    ...paired,
    flips: taskFlips(pairing.pairs),
    excluded: pairing.excluded,
  };
}

function digits(metric: MetricName): number {
  return metric === 'cost_usd' ? 4 : metric === 'latency_ms' ? 0 : 3;
}

/** A signed number: `+0.100`, `−0.200`. */
export function signed(value: number, places = 3): string {
  const text = fmt(Math.abs(value), places);
  if (Number.isNaN(value)) return text;
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : ` ${text}`;
}

/** Rows of a metric table, columns padded. */
export function formatDeltaTable(metrics: readonly MetricDelta[], names = { baseline: 'A', candidate: 'B' }): string[] {
  const header = ['metric', 'n', names.baseline, names.candidate, `Δ ${names.candidate}−${names.baseline}`, '95% interval', 'p', 'MDD'];
  const rows = metrics.map((m) => {
    const d = digits(m.metric);
    return [m.metric, `${m.tasks}`, fmt(m.baseline, d), fmt(m.candidate, d), signed(m.delta, d), `[${signed(m.low, d)}, ${signed(m.high, d)}]`, `${fmt(m.p)}${m.test === 'mcnemar-exact' ? ' (McNemar)' : ''}`, fmt(m.mdd, d)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows].map((row) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd());
}

/** The human-readable compare report (ends with a newline). */
export function formatCompare(result: CompareResult): string {
  const lines = [formatSummary(result.a, `A = ${result.a.selector}`), formatSummary(result.b, `B = ${result.b.selector}`), ''];
  lines.push(
    `Paired on ${result.pairedTasks} task(s) with identical task id, content hash and image; ${result.excluded.length} excluded.`,
    `Δ = B − A (positive: B higher; for cost_usd and latency_ms lower is better). Interval: paired bootstrap over tasks. ` +
      `p: ${result.singleRepeat ? 'exact McNemar for resolved (K = 1), ' : ''}sign-flip permutation otherwise. MDD: smallest Δ detectable with 80% power on these tasks.`,
    '',
    ...formatDeltaTable(result.metrics).map((row) => `  ${row}`),
  );
  if (result.mcnemar) lines.push('', `McNemar (K = 1): b = ${result.mcnemar.b} solved only by A, c = ${result.mcnemar.c} solved only by B, p = ${fmt(result.mcnemar.p, 4)}`);
  const flipList = (flips: TaskFlip[]) => flips.map((f) => (result.singleRepeat ? f.task : `${f.task} (A ${f.a.resolved}/${f.a.attempts}, B ${f.b.resolved}/${f.b.attempts})`)).join(', ');
  lines.push('', `Solved only by A (${result.flips.onlyA.length}): ${flipList(result.flips.onlyA) || '–'}`, `Solved only by B (${result.flips.onlyB.length}): ${flipList(result.flips.onlyB) || '–'}`);
  if (result.excluded.length > 0) {
    lines.push('', `Excluded (${result.excluded.length}):`, ...result.excluded.map((e) => `  ${e.taskId} [${e.side === 'both' ? 'both' : e.side === 'baseline' ? 'A' : 'B'}]: ${e.reason}`));
  }
  return `${lines.join('\n')}\n`;
}
