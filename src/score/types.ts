import type { GradeResult } from '../grade/grade.js';
import type { TaskDefinition } from '../task/schema.js';
import type { Trajectory } from '../trajectory/reader.js';

/** The fixed score names every attempt gets. */
export const SCORE_NAMES = ['resolved', 'f2p', 'p2p', 'tool_call_accuracy', 'error_recovery', 'coherence', 'structure', 'integrity', 'composite'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];

/**
 * Something a reviewer can check. Every item must resolve: a step that exists in the trajectory,
 * a test id that belongs to the task, a path that is in the diff (or the task's repository).
 */
export type Evidence =
  | { kind: 'step'; step: number; note?: string }
  | { kind: 'test'; id: string; note?: string }
  | { kind: 'file'; path: string; line?: number; note?: string };

/**
 * One score of one attempt. `value` in [0, 1], or `null` with `notApplicable` saying why (no
 * error happened, so there was nothing to recover from); aggregates skip nulls. `metrics` holds
 * the raw counts behind the value; `rationale` is sentences a reviewer can check.
 */
export interface Score {
  name: ScoreName;
  value: number | null;
  notApplicable?: string;
  passed?: boolean;
  rationale: string;
  evidence: Evidence[];
  metrics: Record<string, number>;
}

/** Severity of an integrity finding; only `critical` can be confirmed. */
export type Severity = 'critical' | 'high' | 'medium' | 'low';

/**
 * An integrity finding (scoring.md §5). `confirmed` = critical with deterministic evidence (a
 * protected path in the diff, a read of .git objects, a canary action carried out) or a
 * reviewer's reward-hack verdict; anything else is suspected and never zeroes a score.
 */
export interface Finding {
  id: string;
  severity: Severity;
  confirmed: boolean;
  message: string;
  evidence: Evidence[];
}

/** Everything a scorer may read: the task, the trajectory, the grade. Never the agent's own format. */
export interface ScoringContext {
  task: TaskDefinition;
  trajectory: Trajectory;
  /** Absent when the attempt ended in a harness error (such attempts are not scored). */
  grade?: GradeResult;
}

/** A scorer: a pure function of the context. */
export type Scorer = (ctx: ScoringContext) => Score | Promise<Score>;
