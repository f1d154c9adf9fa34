import type { RunRecord, ScoredAttempt } from '../../store/types.js';
import type { Selection } from '../pairing.js';
import type { ReportOptions } from '../summary.js';

/** Everything the index page is drawn from: the runs and attempts read from a results database. */
export interface ReportInput {
  title: string;
  /** ISO time the report was generated. */
  generatedAt: string;
  /** The database file, shown so a reader knows where the figures came from. */
  source: string;
  /** Runs included, oldest first. */
  runs: RunRecord[];
  /** Attempts of those runs in every state, in store order (run, task, agent, repeat). */
  attempts: ScoredAttempt[];
  /** Bootstrap settings for the leaderboard's score intervals. */
  options?: ReportOptions;
}

/** Distinct agent specs of the attempts, sorted. */
export function agentSpecs(attempts: readonly ScoredAttempt[]): string[] {
  return [...new Set(attempts.map((a) => a.agentSpec))].sort();
}

/**
 * The attempts of one group as a {@link Selection}: finished ones are results, harness errors
 * are counted apart (never the agent's failure), pending and running ones are unfinished.
 */
export function selectionOf(selector: string, attempts: readonly ScoredAttempt[]): Selection {
  return {
    selector,
    finished: attempts.filter((a) => a.state === 'finished'),
    harnessErrors: attempts.filter((a) => a.state === 'harness_error'),
    unfinished: attempts.filter((a) => a.state === 'pending' || a.state === 'running').length,
  };
}

/** Orders strings the way people order versions: `1.9` before `1.10`, then alphabetically. */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** The id an agent's anchors use on the index page: its position, never the (untrusted) spec. */
export function agentAnchor(index: number): string {
  return `agent-${index}`;
}
