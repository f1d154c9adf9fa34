import type { Evidence, Finding, Score, ScoreName, Severity } from '../score/types.js';
import type { ExitStatus } from '../trajectory/schema.js';
import type { AttemptRecord, AttemptState, RunRecord } from './types.js';

/** A row of `runs` as SQLite returns it. */
export interface RunRow {
  id: string;
  created_at: string;
  seed: number;
  repeats: number;
  tasks: string;
  agents: string;
  labels: string;
  crucible_version: string;
  git_revision: string | null;
  shard: string | null;
}

/** A row of `attempts` as SQLite returns it. */
export interface AttemptRow {
  id: string;
  run_id: string;
  task_id: string;
  task_kind: string;
  task_content_hash: string;
  image_id: string | null;
  agent_spec: string;
  agent_name: string | null;
  agent_version: string | null;
  model: string | null;
  agent_config: string;
  prompt_variant: string | null;
  repeat: number;
  seed: number;
  state: string;
  exit_status: string | null;
  resolved: number | null;
  cheated: number | null;
  started_at: string | null;
  ended_at: string | null;
  tokens_prompt: number;
  tokens_completion: number;
  cost_usd: number;
  latency_ms: number;
  duration_ms: number | null;
  harness_retries: number;
  harness_error: string | null;
  labels: string;
}

/** A row of `scores`. */
export interface ScoreRow {
  attempt_id: string;
  ord: number;
  name: string;
  value: number | null;
  not_applicable: string | null;
  passed: number | null;
  rationale: string;
  evidence: string;
  metrics: string;
}

/** A row of `findings`. */
export interface FindingRow {
  attempt_id: string;
  ord: number;
  finding_id: string;
  severity: string;
  confirmed: number;
  message: string;
  evidence: string;
  /** The review whose reward-hack verdict confirmed this finding (schema 2); null for detectors. */
  confirmed_by?: string | null;
}

/** A row of `artifacts`. */
export interface ArtifactRow {
  attempt_id: string;
  trajectory_gz: Buffer | null;
  trajectory_sha256: string | null;
  final_diff: string | null;
  grade: string | null;
}

const bool = (v: boolean | undefined): number | null => (v === undefined ? null : v ? 1 : 0);
const opt = <T>(v: T | undefined): T | null => (v === undefined ? null : v);
const set = <K extends string, V>(key: K, v: V | null): { [P in K]?: V } => (v === null ? {} : ({ [key]: v } as { [P in K]?: V }));

export function runToRow(r: RunRecord): RunRow {
  return {
    id: r.id,
    created_at: r.createdAt,
    seed: r.seed,
    repeats: r.repeats,
    tasks: JSON.stringify(r.tasks),
    agents: JSON.stringify(r.agents),
    labels: JSON.stringify(r.labels ?? {}),
    crucible_version: r.crucibleVersion,
    git_revision: opt(r.gitRevision),
    shard: opt(r.shard),
  };
}

export function rowToRun(row: RunRow): RunRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    seed: row.seed,
    repeats: row.repeats,
    tasks: JSON.parse(row.tasks) as RunRecord['tasks'],
    agents: JSON.parse(row.agents) as RunRecord['agents'],
    labels: JSON.parse(row.labels) as Record<string, string>,
    crucibleVersion: row.crucible_version,
    ...set('gitRevision', row.git_revision),
    ...set('shard', row.shard),
  };
}

export function attemptToRow(a: AttemptRecord): AttemptRow {
  return {
    id: a.id,
    run_id: a.runId,
    task_id: a.taskId,
    task_kind: a.taskKind,
    task_content_hash: a.taskContentHash,
    image_id: opt(a.imageId),
    agent_spec: a.agentSpec,
    agent_name: opt(a.agentName),
    agent_version: opt(a.agentVersion),
    model: opt(a.model),
    agent_config: JSON.stringify(a.agentConfig ?? {}),
    prompt_variant: opt(a.promptVariant),
    repeat: a.repeat,
    seed: a.seed,
    state: a.state,
    exit_status: opt(a.exitStatus),
    resolved: bool(a.resolved),
    cheated: bool(a.cheated),
    started_at: opt(a.startedAt),
    ended_at: opt(a.endedAt),
    tokens_prompt: a.tokensPrompt,
    tokens_completion: a.tokensCompletion,
    cost_usd: a.costUsd,
    latency_ms: a.latencyMs,
    duration_ms: opt(a.durationMs),
    harness_retries: a.harnessRetries,
    harness_error: opt(a.harnessError),
    labels: JSON.stringify(a.labels ?? {}),
  };
}

export function rowToAttempt(row: AttemptRow): AttemptRecord {
  return {
    id: row.id,
    runId: row.run_id,
    taskId: row.task_id,
    taskKind: row.task_kind,
    taskContentHash: row.task_content_hash,
    ...set('imageId', row.image_id),
    agentSpec: row.agent_spec,
    ...set('agentName', row.agent_name),
    ...set('agentVersion', row.agent_version),
    ...set('model', row.model),
    agentConfig: JSON.parse(row.agent_config) as Record<string, unknown>,
    ...set('promptVariant', row.prompt_variant),
    repeat: row.repeat,
    seed: row.seed,
    state: row.state as AttemptState,
    ...set('exitStatus', row.exit_status as ExitStatus | null),
    ...set('resolved', row.resolved === null ? null : row.resolved === 1),
    ...set('cheated', row.cheated === null ? null : row.cheated === 1),
    ...set('startedAt', row.started_at),
    ...set('endedAt', row.ended_at),
    tokensPrompt: row.tokens_prompt,
    tokensCompletion: row.tokens_completion,
    costUsd: row.cost_usd,
    latencyMs: row.latency_ms,
    ...set('durationMs', row.duration_ms),
    harnessRetries: row.harness_retries,
    ...set('harnessError', row.harness_error),
    labels: JSON.parse(row.labels) as Record<string, string>,
  };
}

export function scoreToRow(attemptId: string, s: Score, ord: number): ScoreRow {
  return {
    attempt_id: attemptId,
    ord,
    name: s.name,
    value: s.value,
    not_applicable: opt(s.notApplicable),
    passed: bool(s.passed),
    rationale: s.rationale,
    evidence: JSON.stringify(s.evidence ?? []),
    metrics: JSON.stringify(s.metrics ?? {}),
  };
}

export function rowToScore(row: ScoreRow): Score {
  return {
    name: row.name as ScoreName,
    value: row.value,
    ...set('notApplicable', row.not_applicable),
    ...set('passed', row.passed === null ? null : row.passed === 1),
    rationale: row.rationale,
    evidence: JSON.parse(row.evidence) as Evidence[],
    metrics: JSON.parse(row.metrics) as Record<string, number>,
  };
}

export function findingToRow(attemptId: string, f: Finding, ord: number): FindingRow {
  return {
    attempt_id: attemptId,
    ord,
    finding_id: f.id,
    severity: f.severity,
    confirmed: f.confirmed ? 1 : 0,
    message: f.message,
    evidence: JSON.stringify(f.evidence ?? []),
  };
}

export function rowToFinding(row: FindingRow): Finding {
  return {
    id: row.finding_id,
    severity: row.severity as Severity,
    confirmed: row.confirmed === 1,
    message: row.message,
    evidence: JSON.parse(row.evidence) as Evidence[],
  };
}

/** Column list and named placeholders for an INSERT of `row`'s keys. */
export function insertSql(table: string, row: object, verb = 'INSERT'): string {
  const cols = Object.keys(row);
  return `${verb} INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`;
}
