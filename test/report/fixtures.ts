import type { Finding, Score, ScoreName } from '../../src/score/types.js';
import { Store } from '../../src/store/index.js';
import type { AttemptState, ScoredAttempt } from '../../src/store/types.js';

/** What a test says about one attempt; everything but `task` has a default. */
export interface AttemptSpec {
  /** Agent spec (default `oracle`). */
  agent?: string;
  task: string;
  /** Default 0. */
  repeat?: number;
  /** Default false. Becomes `resolved` on the record and the `resolved` score. */
  resolved?: boolean;
  /** Further scores by name; `null` = not applicable. */
  scores?: Partial<Record<Exclude<ScoreName, 'resolved'>, number | null>>;
  /** Task content hash (default `hash-<task>`). */
  hash?: string;
  /** Image id (default `sha256:image-1`); `null` leaves it unknown. */
  image?: string | null;
  /** Task kind (default `debug`). */
  kind?: string;
  /** Default `finished`. */
  state?: AttemptState;
  /** Adds a confirmed `test_tampering` finding and sets `cheated`. */
  cheated?: boolean;
  cost?: number;
  latency?: number;
  durationMs?: number;
  labels?: Record<string, string>;
  runId?: string;
}

function score(name: ScoreName, value: number | null): Score {
  return { name, value, ...(value === null ? { notApplicable: 'nothing to score' } : {}), rationale: `${name} in a fixture`, evidence: [], metrics: {} };
}

const TAMPERING: Finding = { id: 'test_tampering', severity: 'critical', confirmed: true, message: 'changed a protected test file', evidence: [{ kind: 'file', path: 'test/a.test.ts' }] };

/** Builds one scored attempt as the results database returns it. */
export function attempt(spec: AttemptSpec): ScoredAttempt {
  const { agent = 'oracle', task, repeat = 0, resolved = false, state = 'finished' } = spec;
  const finished = state === 'finished';
  const scores = finished ? [score('resolved', resolved && !spec.cheated ? 1 : 0), ...Object.entries(spec.scores ?? {}).map(([name, value]) => score(name as ScoreName, value))] : [];
  return {
    id: `${agent}/${task}/${repeat}/${spec.runId ?? 'run-1'}`,
    runId: spec.runId ?? 'run-1',
    taskId: task,
    taskKind: spec.kind ?? 'debug',
    taskContentHash: spec.hash ?? `hash-${task}`,
    ...(spec.image === null ? {} : { imageId: spec.image ?? 'sha256:image-1' }),
    agentSpec: agent,
    agentConfig: {},
    repeat,
    seed: 1,
    state,
    ...(finished ? { exitStatus: 'submitted' as const, resolved: resolved && !spec.cheated, cheated: spec.cheated ?? false } : {}),
    ...(state === 'harness_error' ? { harnessError: 'SANDBOX_LOST: the sandbox died' } : {}),
    ...(spec.durationMs !== undefined ? { durationMs: spec.durationMs } : {}),
    tokensPrompt: 0,
    tokensCompletion: 0,
    costUsd: spec.cost ?? 0,
    latencyMs: spec.latency ?? 0,
    harnessRetries: 0,
    labels: spec.labels ?? {},
    scores,
    findings: spec.cheated ? [TAMPERING] : [],
  };
}

/** One attempt per outcome, repeats 0, 1, … of one agent on one task. */
export function repeats(spec: Omit<AttemptSpec, 'resolved' | 'repeat'>, outcomes: readonly boolean[]): ScoredAttempt[] {
  return outcomes.map((resolved, repeat) => attempt({ ...spec, repeat, resolved }));
}

/**
 * One attempt per task (K = 1) for an agent: task `t<i>` resolved when `outcomes[i]`.
 * Task ids are zero-padded (`t00`, `t01`, …) so they sort in index order.
 */
export function suite(agent: string, outcomes: readonly boolean[], extra: Partial<AttemptSpec> = {}): ScoredAttempt[] {
  return outcomes.map((resolved, i) => attempt({ ...extra, agent, task: taskName(i), resolved }));
}

/** The task id {@link suite} uses for index `i`. */
export function taskName(i: number): string {
  return `t${String(i).padStart(2, '0')}`;
}

/** `n` booleans, true at the given indices. */
export function resolvedAt(n: number, indices: Iterable<number>): boolean[] {
  const set = new Set(indices);
  return Array.from({ length: n }, (_, i) => set.has(i));
}

/**
 * Writes attempts into a results database the way a run would: one run per run id, each attempt
 * inserted, then finished with its scores and findings, ended by a final harness error, or left
 * running / pending.
 */
export function writeStore(file: string, attempts: readonly ScoredAttempt[]): void {
  const store = Store.open(file);
  try {
    for (const runId of new Set(attempts.map((a) => a.runId))) {
      store.upsertRun({ id: runId, createdAt: '2026-01-01T00:00:00.000Z', seed: 1, repeats: 1, tasks: [], agents: [], labels: {}, crucibleVersion: '0.1.0' });
    }
    for (const a of attempts) {
      const { state, scores, findings, exitStatus, resolved, cheated, harnessError, ...record } = a;
      store.ensureAttempt(record);
      if (state === 'pending') continue;
      store.markRunning(a.id, '2026-01-01T00:00:01.000Z');
      if (state === 'finished') {
        store.finishAttempt(a.id, { exitStatus: exitStatus ?? 'submitted', ...(resolved !== undefined ? { resolved } : {}), ...(cheated !== undefined ? { cheated } : {}), ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}), scores, findings });
      } else if (state === 'harness_error') {
        store.recordHarnessError(a.id, harnessError ?? 'harness error', { final: true });
      }
    }
  } finally {
    store.close();
  }
}

/** What a command printed and the exit code it set. */
export interface CliResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a commander command in-process with `args`, capturing stdout, stderr and `process.exitCode`. */
export async function runCli(command: { parseAsync(argv: string[], options: { from: 'user' }): Promise<unknown> }, args: string[], env: Record<string, string | undefined> = {}): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const saved = { out: process.stdout.write, err: process.stderr.write, exitCode: process.exitCode, env: Object.keys(env).map((key) => [key, process.env[key]] as const) };
  process.stdout.write = ((chunk: string | Uint8Array) => out.push(String(chunk)) > 0) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => err.push(String(chunk)) > 0) as typeof process.stderr.write;
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  process.exitCode = undefined;
  try {
    await command.parseAsync(args, { from: 'user' });
    return { stdout: out.join(''), stderr: err.join(''), exitCode: Number(process.exitCode ?? 0) };
  } finally {
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    process.exitCode = saved.exitCode;
    for (const [key, value] of saved.env) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
