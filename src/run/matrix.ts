import { readFile } from 'node:fs/promises';
import { HarnessError, isHarnessError } from '../errors.js';
import type { HarnessErrorCode } from '../errors.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import { closeAllSandboxes } from '../sandbox/cleanup.js';
import { StoreError } from '../store/store.js';
import type { Store } from '../store/store.js';
import type { RunRecord, ScoredAttempt } from '../store/types.js';
import type { FaultPlan } from '../trajectory/schema.js';
import { VERSION } from '../version.js';
import { runAttempt } from './attempt.js';
import type { AttemptOptions, AttemptResult } from './attempt.js';
import { automaticLabels, checkUserLabels, inShard, planMatrix } from './matrix-plan.js';
import type { MatrixAgent, MatrixTask, PlannedAttempt, Shard } from './matrix-plan.js';
import { runPool } from './matrix-pool.js';

export type { MatrixAgent, MatrixTask, PlannedAttempt, Shard } from './matrix-plan.js';
export { attemptIdFor, automaticLabels, checkUserLabels, faultPlanLabel, RESERVED_LABELS, inShard, parseAgentArgument, parseShard, planMatrix, runKey } from './matrix-plan.js';

/**
 * Harness failures that retrying cannot fix: the engine is down, an image or a secret is
 * missing, a task or configuration is invalid. One of these aborts the whole run.
 */
export const PERMANENT_CODES: ReadonlySet<HarnessErrorCode> = new Set([
  'ENGINE_UNREACHABLE',
  'IMAGE_MISSING',
  'IMAGE_BUILD_FAILED',
  'BASE_BUILD_FAILED',
  'ENV_MISSING',
  'CONFIG_INVALID',
  'TASK_INVALID',
]);

/** What happens during a matrix run, for progress displays. */
export type MatrixEvent =
  | { type: 'start'; runId: string; total: number; alreadyFinished: number; todo: number; concurrency: number }
  | { type: 'attempt_start'; attempt: PlannedAttempt; try: number }
  | { type: 'attempt_end'; attempt: PlannedAttempt; record: ScoredAttempt }
  | { type: 'harness_error'; attempt: PlannedAttempt; message: string; retry: number; maxRetries: number; final: boolean }
  | { type: 'warning'; message: string }
  | { type: 'end'; runId: string; stopped: boolean };

/** Options of {@link runMatrix}. */
export interface MatrixOptions {
  /** Engine for the default attempt runner (unused when `runAttempt` is given). */
  provider?: DockerProvider;
  store: Store;
  tasks: readonly MatrixTask[];
  agents: readonly MatrixAgent[];
  repeats: number;
  concurrency: number;
  seed: number;
  faults?: FaultPlan;
  /** The user's labels (run and every attempt); a reserved key (RESERVED_LABELS) throws a RangeError. */
  labels?: Record<string, string>;
  shard?: Shard;
  /** Folder where `<attemptId>.jsonl` trajectories are written. */
  outDir: string;
  /** Image id per task id, recorded on attempts before they run (the trajectory header overrides it). */
  imageIds?: ReadonlyMap<string, string>;
  gitRevision?: string;
  /** Retries of a transient harness failure per attempt (default 2). */
  maxHarnessRetries?: number;
  /** Pause before retry n is n × this (default 1000 ms). */
  retryDelayMs?: number;
  /** After an abort or stop, how long in-flight attempts may take to wind down (default 30 s). */
  drainTimeoutMs?: number;
  /** Aborting stops cleanly: no new attempts, in-flight ones go back to `pending` and their results are dropped. */
  signal?: AbortSignal;
  onEvent?: (event: MatrixEvent) => void;
  /** Runs one attempt; {@link runAttempt} by default (tests substitute it). */
  runAttempt?: (options: AttemptOptions) => Promise<AttemptResult>;
}

/** What {@link runMatrix} leaves behind. */
export interface MatrixResult {
  runId: string;
  run: RunRecord;
  /** This shard's attempts as stored, in matrix order. */
  attempts: ScoredAttempt[];
  /** Attempts already finished before this invocation (skipped). */
  skipped: number;
  /** Attempts finished by this invocation. */
  finished: number;
  /** Attempts left in state `harness_error`. */
  harnessErrors: number;
  /** True when stopped by the signal before the matrix was done. */
  stopped: boolean;
}

/** A harness failure classified: `code` when the message or error names one. */
interface HarnessFailure {
  message: string;
  code?: HarnessErrorCode;
  permanent: boolean;
}

function oneLine(text: string): string {
  return text.split('\n')[0]!.trim();
}

/** Classifies `CODE: message` as returned in an attempt result. */
export function classifyHarnessMessage(message: string): HarnessFailure {
  const code = /^([A-Z][A-Z_]+): /.exec(message)?.[1] as HarnessErrorCode | undefined;
  return { message: oneLine(message), ...(code ? { code } : {}), permanent: code !== undefined && PERMANENT_CODES.has(code) };
}

function classifyThrown(err: unknown): HarnessFailure {
  if (isHarnessError(err)) return { message: oneLine(`${err.code}: ${err.message}`), code: err.code, permanent: PERMANENT_CODES.has(err.code) };
  // Not a harness error and not the agent's doing (agent failures end inside runAttempt): an
  // evaluator bug or an unexpected engine reply. Retried like a transient failure, never scored.
  return { message: oneLine(`internal error: ${(err as Error)?.message ?? String(err)}`), permanent: false };
}

/** Thrown when a permanent harness failure aborts a run; carries the original code. */
function abortError(f: HarnessFailure): HarnessError {
  const code = f.code ?? 'CONFIG_INVALID';
  const text = f.message.startsWith(`${code}: `) ? f.message.slice(code.length + 2) : f.message;
  return new HarnessError(code, text);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs every agent × task × repeat of a matrix (or one shard of it) into the results database,
 * `concurrency` at a time. Resumable: the run key and attempt ids are deterministic, finished
 * attempts are skipped as they are, attempts left `running` by a crash go back to `pending`
 * and are redone, so nothing is lost or counted twice. A transient harness failure (lost
 * sandbox, provider hiccup, or a result carrying `harnessError`) is retried up to
 * `maxHarnessRetries` times, then left as `harness_error`; a permanent one ({@link PERMANENT_CODES})
 * aborts the run by throwing a {@link HarnessError}, with in-flight attempts put back to
 * `pending`. A harness failure is never recorded as the agent's result.
 */
export async function runMatrix(options: MatrixOptions): Promise<MatrixResult> {
  const { store } = options;
  const emit = options.onEvent ?? (() => {});
  if (!options.runAttempt && !options.provider) throw new TypeError('runMatrix needs a provider (or a runAttempt function)');
  const run = options.runAttempt ?? runAttempt;
  const maxRetries = options.maxHarnessRetries ?? 2;
  const retryDelayMs = options.retryDelayMs ?? 1000;
  const plan = planMatrix({ tasks: options.tasks, agents: options.agents, repeats: options.repeats, seed: options.seed, faults: options.faults });
  const runId = plan.runId;
  const labels = options.labels ?? {};
  checkUserLabels(labels);
  const runRecord: RunRecord = {
    id: runId,
    createdAt: new Date().toISOString(),
    seed: options.seed,
    repeats: options.repeats,
    tasks: [...options.tasks].sort((a, b) => (a.task.definition.id < b.task.definition.id ? -1 : 1)).map((t) => ({ id: t.task.definition.id, contentHash: t.contentHash })),
    agents: [...options.agents].sort((a, b) => (a.spec < b.spec ? -1 : 1)),
    labels,
    crucibleVersion: VERSION,
    ...(options.gitRevision ? { gitRevision: options.gitRevision } : {}),
    ...(options.shard ? { shard: `${options.shard.index}/${options.shard.count}` } : {}),
  };
  const mine = plan.attempts.filter((a) => inShard(a.index, options.shard));
  // Per attempt: the run's labels plus the automatic ones robustness reports pair on (fault plan
  // in force, variant origin); checkUserLabels keeps the two sets of keys apart.
  const attemptLabels = new Map(mine.map((p) => [p.id, { ...labels, ...automaticLabels(p.task, options.faults) }]));

  // Record the run and every attempt of this shard up front; crash leftovers go back to pending.
  const stored = store.transaction(() => {
    store.upsertRun(runRecord);
    // Only this shard's leftovers: another shard may be running into the same file right now.
    store.releaseAttempts(mine.map((p) => p.id));
    return mine.map((p) =>
      store.ensureAttempt({
        id: p.id,
        runId,
        taskId: p.taskId,
        taskKind: p.task.definition.kind,
        taskContentHash: p.contentHash,
        ...(options.imageIds?.get(p.taskId) ? { imageId: options.imageIds.get(p.taskId)! } : {}),
        agentSpec: p.agent.spec,
        agentConfig: p.agent.config,
        ...(typeof p.agent.config.prompt_variant === 'string' ? { promptVariant: p.agent.config.prompt_variant } : {}),
        repeat: p.repeat,
        seed: p.seed,
        labels: attemptLabels.get(p.id)!,
      }),
    );
  });
  const todo = mine.filter((_, i) => stored[i]!.state !== 'finished');
  const skipped = mine.length - todo.length;
  emit({ type: 'start', runId, total: mine.length, alreadyFinished: skipped, todo: todo.length, concurrency: options.concurrency });

  let stopping = false;
  let abort: HarnessError | undefined;
  const inFlight = new Set<string>();
  let finished = 0;
  let drainStarted: (() => void) | undefined;
  const draining = new Promise<void>((resolve) => (drainStarted = resolve));

  const stop = () => {
    if (stopping) return;
    stopping = true;
    // Synchronous on purpose: a signal handler may exit the process right after this.
    store.releaseAttempts([...inFlight]);
    drainStarted?.();
  };
  const onAbortSignal = () => stop();
  if (options.signal?.aborted) stop();
  options.signal?.addEventListener('abort', onAbortSignal, { once: true });

  const execute = async (p: PlannedAttempt): Promise<void> => {
    for (let retry = 0; ; retry++) {
      if (stopping) return;
      const startedAt = new Date().toISOString();
      const t0 = performance.now();
      try {
        store.markRunning(p.id, startedAt);
      } catch (err) {
        if (!(err instanceof StoreError)) throw err;
        emit({ type: 'warning', message: `${p.id}: ${err.message} (finished by another process?); skipped` });
        return;
      }
      inFlight.add(p.id);
      emit({ type: 'attempt_start', attempt: p, try: retry + 1 });
      let result: AttemptResult | undefined;
      let failure: HarnessFailure | undefined;
      try {
        result = await run({
          ...(options.provider ? { provider: options.provider } : {}),
          task: p.task,
          agentSpec: p.agent.spec,
          agentConfig: p.agent.config,
          seed: p.seed,
          ...(options.faults ? { faults: options.faults } : {}),
          outDir: options.outDir,
          runId,
          attemptId: p.id,
        } as AttemptOptions);
        if (result.harnessError !== undefined || result.status === 'harness_error') failure = classifyHarnessMessage(result.harnessError ?? 'harness error');
      } catch (err) {
        failure = classifyThrown(err);
        if (!isHarnessError(err)) emit({ type: 'warning', message: `${p.id}: ${(err as Error)?.stack ?? String(err)}` });
      } finally {
        inFlight.delete(p.id);
      }
      if (stopping) {
        // Interrupted (Ctrl-C or another attempt's permanent failure): whatever came back is
        // not trusted; the attempt is redone on resume.
        store.releaseAttempts([p.id]);
        return;
      }
      if (!failure && result) {
        const trajectory = await readFile(result.trajectoryFile, 'utf8').catch(() => undefined);
        const resolvedScore = result.scores?.scores.find((s) => s.name === 'resolved');
        let record;
        try {
          record = store.finishAttempt(p.id, {
            exitStatus: result.status,
            resolved: resolvedScore ? resolvedScore.value === 1 : result.grade?.resolved,
            ...(result.scores ? { cheated: result.scores.cheated } : {}),
            endedAt: new Date().toISOString(),
            durationMs: Math.round(performance.now() - t0),
            ...(trajectory !== undefined ? { trajectory } : {}),
            diff: result.diff,
            ...(result.grade ? { grade: result.grade } : {}),
            scores: result.scores?.scores ?? [],
            findings: result.scores?.findings ?? [],
          });
        } catch (err) {
          if (!(err instanceof StoreError)) throw err;
          emit({ type: 'warning', message: `${p.id}: ${err.message}; this result was dropped` });
          return;
        }
        finished++;
        emit({ type: 'attempt_end', attempt: p, record: { ...record, scores: result.scores?.scores ?? [], findings: result.scores?.findings ?? [] } });
        return;
      }
      const f = failure!;
      if (f.permanent) {
        store.releaseAttempts([p.id]);
        abort ??= abortError(f);
        stop();
        // Make in-flight attempts fail fast instead of running to their wall-time limit.
        await closeAllSandboxes(5_000);
        throw abort;
      }
      const final = retry >= maxRetries;
      store.recordHarnessError(p.id, f.message, { final });
      emit({ type: 'harness_error', attempt: p, message: f.message, retry: retry + 1, maxRetries, final });
      if (final) return;
      await sleep(retryDelayMs * (retry + 1));
    }
  };

  const pool = runPool(todo, options.concurrency, execute, () => stopping);
  pool.catch(() => {});
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  let drainTimer: NodeJS.Timeout | undefined;
  const drainLimit = draining.then(() => new Promise<void>((resolve) => (drainTimer = setTimeout(resolve, drainTimeoutMs))));
  try {
    await Promise.race([pool, draining.then(() => Promise.race([pool, drainLimit]))]);
  } catch (err) {
    if (!abort) throw err;
  } finally {
    clearTimeout(drainTimer);
    options.signal?.removeEventListener('abort', onAbortSignal);
  }
  if (abort) {
    emit({ type: 'end', runId, stopped: true });
    store.releaseAttempts([...inFlight]);
    throw abort;
  }
  if (stopping) store.releaseAttempts([...inFlight]);
  const ids = new Set(mine.map((a) => a.id));
  const order = new Map(mine.map((a) => [a.id, a.index]));
  const attempts = store
    .scoredAttempts({ runId })
    .filter((a) => ids.has(a.id))
    .sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  emit({ type: 'end', runId, stopped: stopping });
  return {
    runId,
    run: store.run(runId)!,
    attempts,
    skipped,
    finished,
    harnessErrors: attempts.filter((a) => a.state === 'harness_error').length,
    stopped: stopping,
  };
}
