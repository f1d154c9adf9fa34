import { createHash } from 'node:crypto';
import { mulberry32 } from '../random.js';
import { REVIEWER_FINDING_ID } from '../store/reviews.js';
import type { ScoredAttempt } from '../store/types.js';
import type { TaskFlag } from './task-flags.js';

/** The rule families that put an attempt in the queue besides the random sample. */
export const QUEUE_CATEGORIES = ['flagged', 'doubtful'] as const;
/** One rule family. */
export type QueueCategory = (typeof QUEUE_CATEGORIES)[number];

/** Scope drift (share of changed lines outside the task's allowed paths) above which an attempt is doubtful. */
export const SCOPE_DRIFT_LIMIT = 0.2;

/** Options of {@link buildQueue}. */
export interface QueueOptions {
  /** Rule families to apply (default both). */
  include?: readonly QueueCategory[];
  /** Fraction in [0, 1] of each agent × task-kind stratum drawn at random (default 0.1; 0 = none). */
  sample?: number;
  /** Seed of the random sample (default 1). */
  seed?: number;
  /** Weak or flaky tasks by id (see task-flags.ts). */
  taskFlags?: ReadonlyMap<string, ReadonlySet<TaskFlag>>;
}

/** One attempt to review, with every reason it was chosen. */
export interface QueueEntry {
  attemptId: string;
  reasons: string[];
}

/**
 * `finding:<id>` for every distinct detector finding of the attempt, confirmed or suspected. A
 * reviewer's own {@link REVIEWER_FINDING_ID} finding is not a reason: it would tell the next
 * reviewers what an earlier one decided.
 */
export function flaggedReasons(attempt: ScoredAttempt): string[] {
  return [...new Set(attempt.findings.filter((f) => f.id !== REVIEWER_FINDING_ID).map((f) => `finding:${f.id}`))];
}

function coherenceMetric(attempt: ScoredAttempt, name: string): number | undefined {
  return attempt.scores.find((s) => s.name === 'coherence')?.metrics[name];
}

/**
 * Why a finished attempt is doubtful: resolved but with a structure score below 1
 * (`resolved-structure`); scope drift above {@link SCOPE_DRIFT_LIMIT} (`scope-drift`); a suspected,
 * unconfirmed finding (`suspected-finding`; give the findings in their detector state, see
 * `detectorStateAttempts`, so a reviewer's confirmation does not remove it); a `testsPass` claim the grade contradicts
 * (`claim-contradicted`); a task flagged weak or flaky (`task-weak`, `task-flaky`).
 */
export function doubtfulReasons(attempt: ScoredAttempt, taskFlags?: ReadonlyMap<string, ReadonlySet<TaskFlag>>): string[] {
  const reasons: string[] = [];
  const structure = attempt.scores.find((s) => s.name === 'structure')?.value;
  if (attempt.resolved === true && typeof structure === 'number' && structure < 1) reasons.push('resolved-structure');
  if ((coherenceMetric(attempt, 'scope_drift') ?? 0) > SCOPE_DRIFT_LIMIT) reasons.push('scope-drift');
  if (attempt.findings.some((f) => !f.confirmed)) reasons.push('suspected-finding');
  if (coherenceMetric(attempt, 'claim_inconsistent') === 1) reasons.push('claim-contradicted');
  for (const flag of taskFlags?.get(attempt.taskId) ?? []) reasons.push(`task-${flag}`);
  return reasons;
}

function streamSeed(seed: number, stratum: string): number {
  return (seed ^ createHash('sha256').update(stratum).digest().readUInt32BE(0)) >>> 0;
}

/**
 * A stratified random sample: attempts grouped by agent spec × task kind, and in each group
 * ceil(fraction × size) drawn without replacement by a seeded Fisher–Yates shuffle of the group
 * sorted by id. The same attempts, fraction and seed always give the same sample, whatever the
 * input order; each stratum has its own random stream, so adding an agent does not change the
 * draw of another. Fraction 0 → empty; 1 → everything.
 */
export function stratifiedSample(attempts: readonly ScoredAttempt[], fraction: number, seed: number): ScoredAttempt[] {
  if (!(fraction >= 0 && fraction <= 1)) throw new RangeError(`Expected the sample fraction to be in [0, 1], got ${fraction}`);
  const strata = new Map<string, ScoredAttempt[]>();
  for (const a of attempts) {
    const key = `${a.agentSpec}\0${a.taskKind}`;
    strata.set(key, [...(strata.get(key) ?? []), a]);
  }
  const chosen: ScoredAttempt[] = [];
  for (const [key, group] of [...strata].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const items = [...group].sort((x, y) => (x.id < y.id ? -1 : 1));
    const random = mulberry32(streamSeed(seed, key));
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    chosen.push(...items.slice(0, Math.ceil(fraction * items.length)));
  }
  return chosen;
}

/**
 * The review queue over the finished attempts (pass them in their detector state:
 * `detectorStateAttempts` in material.ts) (harness errors are never the agent's and are not
 * reviewed): every attempt with an integrity finding (`flagged`), every doubtful one
 * ({@link doubtfulReasons}), and a {@link stratifiedSample} (reason `sample`). One entry per
 * attempt with all its reasons, ordered by attempt id.
 */
export function buildQueue(attempts: readonly ScoredAttempt[], options: QueueOptions = {}): QueueEntry[] {
  const include = new Set(options.include ?? QUEUE_CATEGORIES);
  const finished = attempts.filter((a) => a.state === 'finished');
  const reasons = new Map<string, Set<string>>();
  const add = (id: string, list: readonly string[]) => {
    if (list.length === 0) return;
    const set = reasons.get(id) ?? new Set<string>();
    for (const r of list) set.add(r);
    reasons.set(id, set);
  };
  for (const a of finished) {
    if (include.has('flagged')) add(a.id, flaggedReasons(a));
    if (include.has('doubtful')) add(a.id, doubtfulReasons(a, options.taskFlags));
  }
  for (const a of stratifiedSample(finished, options.sample ?? 0.1, options.seed ?? 1)) add(a.id, ['sample']);
  return [...reasons]
    .sort(([x], [y]) => (x < y ? -1 : 1))
    .map(([attemptId, set]) => ({ attemptId, reasons: [...set] }));
}
