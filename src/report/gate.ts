/**
 * `crucible gate`: may the candidate replace the baseline? Non-inferiority per metric plus hard
 * limits, as one verdict with every reason.
 *
 * Config file (`--config gate.yaml`), every key optional:
 *
 * ```yaml
 * margin: 0.03              # default non-inferiority margin, in the metric's units (0.03 = 3 points)
 * max_harness_errors: 0.02  # largest harness-error rate (per side) for a valid run, fraction in [0, 1]
 * metrics:                  # metrics held to non-inferiority (default: resolved only)
 *   - name: resolved
 *   - name: composite
 *     margin: 0.05          # overrides `margin` for this metric
 *   - name: cost_usd        # lower is better: fails when the upper bound exceeds +margin
 *     margin: 0.10
 * min:                      # hard floors on the candidate's mean (mean of per-task means)
 *   resolved: 0.6
 * ```
 *
 * Metric names: the scores (`resolved`, `f2p`, `p2p`, `tool_call_accuracy`, `error_recovery`,
 * `coherence`, `structure`, `integrity`, `composite`) and `cost_usd`, `latency_ms`.
 * Precedence: a metric's own `margin` > `--margin` > the file's `margin` > 0.03;
 * `--max-harness-errors` > `max_harness_errors` > 0.02; `--min name=value` entries override `min`.
 */
import { parse } from 'yaml';
import { z } from 'zod';
import type { ScoredAttempt } from '../store/types.js';
import { pairedMetrics, signed, tasksNeeded, type MetricDelta, type PairedMetrics } from './compare.js';
import { ReportError } from './errors.js';
import { METRIC_NAMES, higherIsBetter, isCheated, isMetricName, isResolved, isUnitMetric, type MetricName } from './metrics.js';
import { pairSelections, type Exclusion, type Selection, type TaskPair } from './pairing.js';
import { fmt, pct, summarize, type ReportOptions, type SelectionSummary } from './summary.js';

/** A metric held to non-inferiority with its margin (metric units). */
export interface GateMetric {
  name: MetricName;
  margin: number;
}

/** A fully resolved gate configuration. */
export interface GateConfig {
  /** Largest harness-error rate per side, as a fraction; above it the run is invalid. */
  maxHarnessErrors: number;
  metrics: GateMetric[];
  /** Floors on the candidate's mean per metric. */
  min: Partial<Record<MetricName, number>>;
}

/** Defaults: margin 0.03 on resolved, harness errors at most 2%, no floors. */
export const DEFAULT_MARGIN = 0.03;
export const DEFAULT_MAX_HARNESS_ERRORS = 0.02;

const metricName = z.string().refine(isMetricName, { message: `expected a metric name: one of ${METRIC_NAMES.join(', ')}` });
const margin = z.number().nonnegative();

/** The gate.yaml schema (snake_case keys; see the module comment). */
export const GateFileSchema = z.strictObject({
  margin: margin.optional(),
  max_harness_errors: z.number().min(0).max(1).optional(),
  metrics: z.array(z.strictObject({ name: metricName, margin: margin.optional() })).min(1).optional(),
  min: z
    .record(z.string(), z.number())
    .superRefine((min, ctx) => {
      for (const name of Object.keys(min)) {
        if (!isMetricName(name)) ctx.addIssue({ code: 'custom', path: [name], message: `expected a metric name: one of ${METRIC_NAMES.join(', ')}` });
      }
    })
    .optional(),
});

/** A parsed gate.yaml. */
export type GateFile = z.infer<typeof GateFileSchema>;

/**
 * Parses gate.yaml text.
 *
 * @throws ReportError `BAD_CONFIG` naming the source and the field, e.g.
 *   "gate.yaml: metrics.0.name: expected a metric name: one of …".
 */
export function parseGateConfig(text: string, source = 'gate config'): GateFile {
  let raw: unknown;
  try {
    raw = parse(text) ?? {};
  } catch (err) {
    throw new ReportError('BAD_CONFIG', `${source}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  const parsed = GateFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ReportError('BAD_CONFIG', `${source}: ${issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return parsed.data;
}

/** Command-line overrides of the config file. */
export interface GateFlags {
  margin?: number;
  maxHarnessErrors?: number;
  min?: Partial<Record<MetricName, number>>;
}

/** Merges defaults, the config file and the flags (precedence in the module comment). */
export function resolveGateConfig(file: GateFile = {}, flags: GateFlags = {}): GateConfig {
  const defaultMargin = flags.margin ?? file.margin ?? DEFAULT_MARGIN;
  const metrics = (file.metrics ?? [{ name: 'resolved' }]).map((m) => ({ name: m.name as MetricName, margin: m.margin ?? defaultMargin }));
  return {
    maxHarnessErrors: flags.maxHarnessErrors ?? file.max_harness_errors ?? DEFAULT_MAX_HARNESS_ERRORS,
    metrics,
    min: { ...(file.min as Partial<Record<MetricName, number>> | undefined), ...flags.min },
  };
}

/**
 * Parses `--min` values, each `metric=value` (`resolved=0.6`).
 *
 * @throws ReportError `BAD_CONFIG` for an unknown metric or a value that is not a number.
 */
export function parseMinFlags(values: readonly string[]): Partial<Record<MetricName, number>> {
  const min: Partial<Record<MetricName, number>> = {};
  for (const value of values) {
    const match = /^([\w.-]+)=(.+)$/.exec(value.trim());
    const name = match?.[1] ?? '';
    const number = Number(match?.[2]);
    if (!match || !isMetricName(name) || !Number.isFinite(number)) {
      throw new ReportError('BAD_CONFIG', `Expected --min as metric=number with metric one of ${METRIC_NAMES.join(', ')}, got ${JSON.stringify(value)}`);
    }
    min[name] = number;
  }
  return min;
}

/** Outcome of one criterion: `fail` is a regression, `invalid` voids the run, `inconclusive` means too little data. */
export type CriterionStatus = 'pass' | 'fail' | 'inconclusive' | 'invalid';

/** One thing the gate checked, with a sentence saying what was seen. */
export interface GateCriterion {
  name: string;
  status: CriterionStatus;
  message: string;
}

/** One paired task: did the candidate regress on it? */
export interface TaskVerdict {
  task: string;
  taskId: string;
  regressed: boolean;
  /** Why it regressed: solved by the baseline only, and / or a confirmed cheat. Empty when it did not. */
  reasons: string[];
  baseline: { resolved: number; attempts: number };
  candidate: { resolved: number; attempts: number; cheated: number };
  /** Wall time of the candidate's attempts (ms), 0 when unknown. */
  durationMs: number;
}

/** The gate's overall answer; exit code 0 = pass, 1 = regression, 2 = invalid or inconclusive. */
export type GateVerdict = 'pass' | 'regression' | 'inconclusive' | 'invalid';

/** Everything `crucible gate` decided. `reasons` lists the message of every criterion that did not pass. */
export interface GateResult {
  verdict: GateVerdict;
  exitCode: 0 | 1 | 2;
  criteria: GateCriterion[];
  reasons: string[];
  tasks: TaskVerdict[];
  excluded: Exclusion[];
  candidate: SelectionSummary;
  baseline: SelectionSummary;
  /** Null when nothing paired. */
  paired: PairedMetrics | null;
  config: GateConfig;
}

/**
 * Runs the gate. Criteria, all evaluated and listed:
 * - harness errors per side ≤ `maxHarnessErrors`, else `invalid`;
 * - the two sides pair on at least one task, else `invalid`;
 * - zero confirmed cheats among the candidate's finished attempts, else `fail`;
 * - each `min` floor ≤ the candidate's mean (over tasks), else `fail` (`inconclusive` without values);
 * - non-inferiority per metric, on Δ = candidate − baseline with a 95% paired bootstrap interval
 *   (for cost / latency the signs flip): `fail` when the whole interval lies beyond −margin;
 *   otherwise `inconclusive` when the minimum detectable difference exceeds the margin (too few
 *   paired tasks to tell a regression of that size from noise); otherwise `fail` when the lower
 *   bound is below −margin; otherwise `pass`.
 * Verdict: any `invalid` → invalid (2); else any `fail` → regression (1); else any `inconclusive`
 * → inconclusive (2); else pass (0).
 */
export function gate(candidate: Selection, baseline: Selection, config: GateConfig, options: ReportOptions = {}): GateResult {
  const summaries = { candidate: summarize(candidate, options), baseline: summarize(baseline, options) };
  const criteria: GateCriterion[] = [harnessCriterion('baseline', summaries.baseline, config), harnessCriterion('candidate', summaries.candidate, config)];
  let pairs: TaskPair[] = [];
  let excluded: Exclusion[] = [];
  try {
    ({ pairs, excluded } = pairSelections(baseline, candidate));
    criteria.push({ name: 'pairing', status: 'pass', message: `${pairs.length} task(s) paired on identical content hash and image, ${excluded.length} excluded` });
  } catch (err) {
    if (!(err instanceof ReportError)) throw err;
    criteria.push({ name: 'pairing', status: 'invalid', message: err.message });
  }
  criteria.push(cheatCriterion(candidate.finished));
  for (const [name, floor] of Object.entries(config.min) as Array<[MetricName, number]>) criteria.push(minCriterion(name, floor, summaries.candidate));
  const paired = pairs.length > 0 ? pairedMetrics(pairs, config.metrics.map((m) => m.name), options) : null;
  if (paired) {
    for (const metric of config.metrics) criteria.push(nonInferiority(metric, paired.metrics.find((m) => m.metric === metric.name)));
  }
  const { verdict, exitCode } = decide(criteria);
  return {
    verdict,
    exitCode,
    criteria,
    reasons: criteria.filter((c) => c.status !== 'pass').map((c) => `${c.name}: ${c.message}`),
    tasks: pairs.map(taskVerdict),
    excluded,
    candidate: summaries.candidate,
    baseline: summaries.baseline,
    paired,
    config,
  };
}

function decide(criteria: readonly GateCriterion[]): { verdict: GateVerdict; exitCode: 0 | 1 | 2 } {
  const has = (status: CriterionStatus) => criteria.some((c) => c.status === status);
  if (has('invalid')) return { verdict: 'invalid', exitCode: 2 };
  if (has('fail')) return { verdict: 'regression', exitCode: 1 };
  if (has('inconclusive')) return { verdict: 'inconclusive', exitCode: 2 };
  return { verdict: 'pass', exitCode: 0 };
}

function harnessCriterion(side: 'baseline' | 'candidate', summary: SelectionSummary, config: GateConfig): GateCriterion {
  const { count, rate } = summary.harnessErrors;
  const total = summary.attempts + count;
  const seen = `${count} of ${total} attempt(s) (${pct(rate)}) ended in harness errors`;
  if (total === 0) return { name: `harness errors (${side})`, status: 'invalid', message: `the ${side} has no finished attempt` };
  if (rate > config.maxHarnessErrors) {
    return { name: `harness errors (${side})`, status: 'invalid', message: `${seen}, above the ${pct(config.maxHarnessErrors)} cap: the run is invalid; rerun the failed attempts` };
  }
  return { name: `harness errors (${side})`, status: 'pass', message: `${seen}, within the ${pct(config.maxHarnessErrors)} cap` };
}

function cheatCriterion(finished: readonly ScoredAttempt[]): GateCriterion {
  const cheats = finished.filter(isCheated);
  if (cheats.length === 0) return { name: 'no confirmed cheats', status: 'pass', message: `0 of ${finished.length} candidate attempt(s) cheated` };
  const where = cheats.map((a) => `${a.taskId}#${a.repeat} (${confirmedIds(a) || 'cheated'})`).join(', ');
  return { name: 'no confirmed cheats', status: 'fail', message: `${cheats.length} of ${finished.length} candidate attempt(s) cheated: ${where}` };
}

function confirmedIds(attempt: ScoredAttempt): string {
  return [...new Set(attempt.findings.filter((f) => f.confirmed).map((f) => f.id))].join(', ');
}

function minCriterion(metric: MetricName, floor: number, summary: SelectionSummary): GateCriterion {
  const name = `min ${metric} ≥ ${floor}`;
  const found = summary.metrics.find((m) => m.metric === metric);
  if (!found) return { name, status: 'inconclusive', message: `the candidate has no value of ${metric}` };
  const seen = `candidate mean ${metric} ${fmt(found.mean)} [${fmt(found.low)}, ${fmt(found.high)}] over ${found.tasks} task(s)`;
  return found.mean >= floor ? { name, status: 'pass', message: `${seen} ≥ ${floor}` } : { name, status: 'fail', message: `${seen} < ${floor}` };
}

function nonInferiority(metric: GateMetric, delta: MetricDelta | undefined): GateCriterion {
  const name = `non-inferiority ${metric.name} (margin ${metric.margin})`;
  if (!delta) return { name, status: 'inconclusive', message: `no paired task has a value of ${metric.name} on both sides` };
  const up = higherIsBetter(metric.name);
  // Harm is how much worse the candidate is: −Δ for scores, +Δ for cost and latency.
  const worst = up ? -delta.low : delta.high;
  const best = up ? -delta.high : delta.low;
  const seen = `Δ ${signed(delta.delta)} [${signed(delta.low)}, ${signed(delta.high)}] over ${delta.tasks} paired task(s), MDD ${fmt(delta.mdd)}`;
  const bound = up ? `lower bound ${signed(delta.low)}` : `upper bound ${signed(delta.high)}`;
  const limit = up ? `−${metric.margin}` : `+${metric.margin}`;
  if (best > metric.margin) return { name, status: 'fail', message: `${seen}: the whole interval is beyond ${limit}` };
  if (delta.mdd > metric.margin) {
    const tasks = tasksNeeded(delta.sd, isUnitMetric(metric.name), metric.margin);
    const needed = Number.isFinite(tasks) ? `; about ${tasks} paired tasks would be needed at this variability` : '';
    return { name, status: 'inconclusive', message: `${seen}: too few paired tasks for the margin: the minimum detectable difference ${fmt(delta.mdd)} exceeds ${metric.margin}${needed}` };
  }
  if (worst > metric.margin) return { name, status: 'fail', message: `${seen}: ${bound} is beyond ${limit}` };
  return { name, status: 'pass', message: `${seen}: ${bound} is within ${limit}` };
}

function taskVerdict(pair: TaskPair): TaskVerdict {
  const baseline = { resolved: pair.baseline.filter(isResolved).length, attempts: pair.baseline.length };
  const candidate = { resolved: pair.candidate.filter(isResolved).length, attempts: pair.candidate.length, cheated: pair.candidate.filter(isCheated).length };
  const reasons: string[] = [];
  if (baseline.resolved > 0 && candidate.resolved === 0) {
    reasons.push(`solved by the baseline only (baseline ${baseline.resolved}/${baseline.attempts}, candidate 0/${candidate.attempts})`);
  }
  for (const attempt of pair.candidate.filter(isCheated)) {
    const findings = attempt.findings.filter((f) => f.confirmed).map((f) => `${f.id}: ${f.message}`);
    reasons.push(`candidate cheated in repeat ${attempt.repeat}${findings.length > 0 ? `: ${findings.join('; ')}` : ''}`);
  }
  return {
    task: pair.name,
    taskId: pair.taskId,
    regressed: reasons.length > 0,
    reasons,
    baseline,
    candidate,
    durationMs: pair.candidate.reduce((sum, a) => sum + (a.durationMs ?? 0), 0),
  };
}

const MARK: Record<CriterionStatus, string> = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE', invalid: 'INVALID' };

/** The human-readable gate report (ends with a newline). */
export function formatGate(result: GateResult): string {
  const lines = [`gate: ${result.verdict.toUpperCase()} (exit ${result.exitCode}) — candidate ${result.candidate.selector} vs baseline ${result.baseline.selector}`, ''];
  const width = Math.max(...result.criteria.map((c) => MARK[c.status].length));
  for (const c of result.criteria) lines.push(`  ${MARK[c.status].padEnd(width)}  ${c.name}: ${c.message}`);
  const regressed = result.tasks.filter((t) => t.regressed);
  lines.push('', `Tasks: ${result.tasks.length} paired, ${regressed.length} regressed`);
  for (const t of regressed) lines.push(`  ${t.task}: ${t.reasons.join('; ')}`);
  if (result.excluded.length > 0) {
    lines.push(`Excluded (${result.excluded.length}):`, ...result.excluded.map((e) => `  ${e.taskId} [${e.side}]: ${e.reason}`));
  }
  return `${lines.join('\n')}\n`;
}
