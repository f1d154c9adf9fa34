import type { Finding, Score } from '../score/types.js';
import type { ExitStatus } from '../trajectory/schema.js';

/** One evaluation run: every agent × task × repeat of a matrix, identified by its run key. */
export interface RunRecord {
  /** The run key: sha256 of the tasks (with content hashes), agents (with configurations), repeats and seed. */
  id: string;
  createdAt: string;
  seed: number;
  repeats: number;
  /** What was asked for: task ids with content hashes, agent specs with configurations. */
  tasks: Array<{ id: string; contentHash: string }>;
  agents: Array<{ spec: string; config: Record<string, unknown> }>;
  labels: Record<string, string>;
  crucibleVersion: string;
  /** `git rev-parse HEAD` of the Crucible checkout, when known. */
  gitRevision?: string;
  /** Shard `i/n` this database holds, when the run was sharded. */
  shard?: string;
}

/** Where an attempt stands. `finished` attempts are never redone; `running` ones are redone after a crash. */
export type AttemptState = 'pending' | 'running' | 'finished' | 'harness_error';

/** One attempt of a run, with provenance for tracking over time. */
export interface AttemptRecord {
  /** Deterministic: derived from the run key, agent spec, task id and repeat. */
  id: string;
  runId: string;
  taskId: string;
  taskKind: string;
  taskContentHash: string;
  imageId?: string;
  agentSpec: string;
  agentName?: string;
  agentVersion?: string;
  model?: string;
  agentConfig: Record<string, unknown>;
  promptVariant?: string;
  repeat: number;
  seed: number;
  state: AttemptState;
  exitStatus?: ExitStatus;
  resolved?: boolean;
  cheated?: boolean;
  startedAt?: string;
  endedAt?: string;
  tokensPrompt: number;
  tokensCompletion: number;
  costUsd: number;
  /** Total model latency recorded in the trajectory (ms). */
  latencyMs: number;
  /** Wall time of the attempt including grading (ms). */
  durationMs?: number;
  /** Transient harness failures retried before this attempt's final outcome. */
  harnessRetries: number;
  /** The last harness error, when state is `harness_error` (or it was retried). */
  harnessError?: string;
  labels: Record<string, string>;
}

/** An attempt with everything scored about it. */
export interface ScoredAttempt extends AttemptRecord {
  scores: Score[];
  findings: Finding[];
}

/** Which attempts to read. All fields optional; they combine with AND. */
export interface AttemptFilter {
  runId?: string;
  agentSpec?: string;
  taskId?: string;
  /** Every label given must be present with this value. */
  labels?: Record<string, string>;
  states?: AttemptState[];
}
