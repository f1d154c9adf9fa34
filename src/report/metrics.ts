import { SCORE_NAMES, type ScoreName } from '../score/types.js';
import type { ScoredAttempt } from '../store/types.js';

/** Metrics read from the attempt record rather than from a score. */
export const RESOURCE_METRICS = ['cost_usd', 'latency_ms'] as const;

/** Everything a report can aggregate: every score, plus cost (USD) and model latency (ms) per attempt. */
export type MetricName = ScoreName | (typeof RESOURCE_METRICS)[number];

/** Every metric in report order: quality first, then resources. */
export const METRIC_NAMES: readonly MetricName[] = [...SCORE_NAMES, ...RESOURCE_METRICS];

/** True when `name` is one of {@link METRIC_NAMES}. */
export function isMetricName(name: string): name is MetricName {
  return (METRIC_NAMES as readonly string[]).includes(name);
}

/** Direction of improvement: scores are better higher, cost and latency better lower. */
export function higherIsBetter(metric: MetricName): boolean {
  return !(RESOURCE_METRICS as readonly string[]).includes(metric);
}

/** True for metrics bounded to [0, 1] (every score); cost and latency are unbounded. */
export function isUnitMetric(metric: MetricName): boolean {
  return higherIsBetter(metric);
}

/**
 * True when the attempt is cheated: the record says so, or a finding is confirmed
 * (scoring.md §5: only confirmed findings count; suspected ones never do).
 */
export function isCheated(attempt: ScoredAttempt): boolean {
  return attempt.cheated === true || attempt.findings.some((finding) => finding.confirmed);
}

/**
 * Whether the attempt resolved its task: the record's `resolved`, else the `resolved` score
 * being 1; a cheated attempt is never resolved.
 */
export function isResolved(attempt: ScoredAttempt): boolean {
  if (isCheated(attempt)) return false;
  if (attempt.resolved !== undefined) return attempt.resolved;
  return attempt.scores.find((score) => score.name === 'resolved')?.value === 1;
}

/**
 * One attempt's value of a metric: `resolved` → 1 / 0 ({@link isResolved}); other scores → their
 * value, `null` when the score is missing or not applicable; `cost_usd` → USD; `latency_ms` → ms.
 */
export function metricValue(attempt: ScoredAttempt, metric: MetricName): number | null {
  switch (metric) {
    case 'resolved':
      return isResolved(attempt) ? 1 : 0;
    case 'cost_usd':
      return attempt.costUsd;
    case 'latency_ms':
      return attempt.latencyMs;
    default:
      return attempt.scores.find((score) => score.name === metric)?.value ?? null;
  }
}

/** The non-null values of a metric over some attempts, in order. */
export function metricValues(attempts: readonly ScoredAttempt[], metric: MetricName): number[] {
  return attempts.map((attempt) => metricValue(attempt, metric)).filter((value): value is number => value !== null);
}

/** Arithmetic mean; NaN for no values. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Sample standard deviation (n − 1 denominator); NaN for fewer than two values. */
export function sampleSd(values: readonly number[]): number {
  if (values.length < 2) return Number.NaN;
  const centre = mean(values);
  return Math.sqrt(values.reduce((sum, value) => sum + (value - centre) ** 2, 0) / (values.length - 1));
}
