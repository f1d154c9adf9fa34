import type { Finding, Score } from '../score/types.js';
import { ReviewStore } from '../store/reviews.js';
import { rowToScore } from '../store/rows.js';
import type { Store } from '../store/store.js';
import type { ScoredAttempt } from '../store/types.js';

/** One trajectory event as stored, read leniently (the page shows what is there, valid or not). */
export type RawEvent = Record<string, unknown> & { type?: unknown };

/** Everything a reviewer may look at for one attempt, read from the results database. */
export interface AttemptMaterial {
  attempt: ScoredAttempt;
  /** Trajectory events in order; empty when none was stored. */
  events: RawEvent[];
  /** The final diff as graded, '' when none was stored. */
  diff: string;
  /** The stored grade (GradeResult JSON), when there is one. */
  grade?: unknown;
}

/**
 * Parses trajectory JSONL without the strict schema: a line that is not a JSON object is kept as
 * a `{ type: 'unreadable', text }` event, so a damaged trajectory can still be reviewed.
 */
export function parseEvents(text: string): RawEvent[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      try {
        const value = JSON.parse(line) as unknown;
        return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as RawEvent) : { type: 'unreadable', text: line };
      } catch {
        return { type: 'unreadable', text: line };
      }
    });
}

/**
 * The attempt with its trajectory, diff and grade, or undefined when the id is unknown. Its
 * findings are in their detector state ({@link ReviewStore.detectorFindings}): what one reviewer
 * confirmed must not anchor the next one, nor name them.
 */
export function loadMaterial(store: Store, attemptId: string): AttemptMaterial | undefined {
  const record = store.attempt(attemptId);
  const rows = store.exportAttempt(attemptId);
  if (!record || !rows) return undefined;
  const attempt: ScoredAttempt = { ...record, scores: rows.scores.map(rowToScore), findings: ReviewStore.of(store).detectorFindings(attemptId) };
  const artifacts = store.artifacts(attemptId);
  return {
    attempt,
    events: artifacts?.trajectory ? parseEvents(artifacts.trajectory) : [],
    diff: artifacts?.diff ?? '',
    ...(artifacts?.grade !== undefined ? { grade: artifacts.grade } : {}),
  };
}

/**
 * Every attempt with its scores and its findings in their detector state: what the queue rules
 * must see, so that a reviewer's confirmation neither drops `suspected-finding` nor adds
 * `finding:reviewer_reward_hack` for the reviewers who come next.
 */
export function detectorStateAttempts(store: Store): ScoredAttempt[] {
  const reviews = ReviewStore.of(store);
  return store.scoredAttempts().map((a) => ({ ...a, findings: reviews.detectorFindings(a.id) }));
}

/** Paths named by `diff --git a/X b/Y` headers (both sides), in order, without duplicates. */
export function diffPaths(diff: string): string[] {
  const paths = new Set<string>();
  for (const m of diff.matchAll(/^diff --git a\/(\S+) b\/(\S+)$/gm)) {
    paths.add(m[1]!);
    paths.add(m[2]!);
  }
  return [...paths];
}

/** Test ids of the grade's verdicts (FAIL_TO_PASS and PASS_TO_PASS), when the grade has any. */
export function gradeTestIds(grade: unknown): string[] {
  const verdicts = (grade as { evaluation?: { verdicts?: Array<{ id?: unknown }> } } | undefined)?.evaluation?.verdicts;
  return Array.isArray(verdicts) ? verdicts.map((v) => v.id).filter((id): id is string => typeof id === 'string') : [];
}

/** Evidence of every score and finding, flattened. */
export function allEvidence(scores: readonly Score[], findings: readonly Finding[]): Array<Score['evidence'][number]> {
  return [...scores.flatMap((s) => s.evidence), ...findings.flatMap((f) => f.evidence)];
}
