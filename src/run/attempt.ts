import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { createAgent } from '../agent/registry.js';
import type { Agent, AgentSession } from '../agent/types.js';
import { isHarnessError } from '../errors.js';
import { grade } from '../grade/grade.js';
import type { GradeResult } from '../grade/grade.js';
import { openTaskSandbox } from '../grade/task-sandbox.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import { WorkspaceDiffError } from '../sandbox/types.js';
import type { OmittedFile } from '../sandbox/types.js';
import { sandboxImageTag } from '../sandbox/image/sandbox-image.js';
import { taskContentHash } from '../task/content-hash.js';
import type { LoadedTask } from '../task/loader.js';
import { Dispatcher } from '../tools/dispatcher.js';
import { FaultInjector } from '../tools/faults.js';
import { toolSpecs } from '../tools/registry.js';
import type { Claims, ExitStatus, FaultPlan, TrajectoryEvent } from '../trajectory/schema.js';
import { TrajectoryWriter } from '../trajectory/writer.js';
import { VERSION } from '../version.js';
import { scoreAttempt } from '../score/index.js';
import type { AttemptScores } from '../score/index.js';
import { readTrajectory } from '../trajectory/reader.js';

/** What one attempt needs. */
export interface AttemptOptions {
  provider: DockerProvider;
  task: LoadedTask;
  /** e.g. `oracle`, `noop`, `replay:FILE`, `openai:MODEL`, `cmd:"…"`. */
  agentSpec: string;
  agentConfig?: Record<string, unknown>;
  seed: number;
  /** Overrides the task's own fault plan (`faults` in task.yaml), if any. */
  faults?: FaultPlan;
  /** Folder where `<attemptId>.jsonl` is written. */
  outDir: string;
  runId?: string;
  attemptId?: string;
  /** Grade the final diff in a fresh sandbox (default true). */
  grade?: boolean;
  /** Most bytes of tool output shown to the agent per call (default 64 KiB). */
  outputBytes?: number;
}

/** How an attempt went. `harnessError` set means the result says nothing about the agent. */
export interface AttemptResult {
  attemptId: string;
  trajectoryFile: string;
  status: ExitStatus;
  claims?: Claims;
  diff: string;
  steps: number;
  grade?: GradeResult;
  /** Scores and integrity findings; absent for harness errors and ungraded attempts. */
  scores?: AttemptScores;
  harnessError?: string;
  contentHash: string;
}

/**
 * A writer that can be sealed: once the wall-time limit ends the attempt, a call still in flight
 * (killed with the agent's processes) must not record its result after the `end` event, which
 * stays the last line. Such a call keeps no result: it was cut off by the time limit.
 */
class SealableWriter extends TrajectoryWriter {
  private sealed = false;

  seal(): void {
    this.sealed = true;
  }

  override write(event: TrajectoryEvent): void {
    if (!this.sealed || event.type === 'end') super.write(event);
  }
}

/** Derives a per-attempt seed from the run seed and the attempt's coordinates. */
export function attemptSeed(seed: number, agent: string, task: string, repeat: number): number {
  return createHash('sha256').update(`${seed}\0${agent}\0${task}\0${repeat}`).digest().readUInt32BE(0);
}

/**
 * One attempt: a fresh sandbox of the task, the agent driving the tools through the dispatcher
 * under the task's limits and the fault plan, every call recorded in a JSONL trajectory; at the
 * end every process the agent started is killed *before* the final diff is taken, the diff is
 * recorded, and that same string is graded in a fresh sandbox.
 */
export async function runAttempt(options: AttemptOptions): Promise<AttemptResult> {
  const { task, provider } = options;
  const d = task.definition;
  const attemptId = options.attemptId ?? `${d.id}-${randomBytes(4).toString('hex')}`;
  const trajectoryFile = path.join(options.outDir, `${attemptId}.jsonl`);
  const contentHash = await taskContentHash(task);
  const agent: Agent = await createAgent(options.agentSpec, { task, config: options.agentConfig ?? {} });
  const imageTag = sandboxImageTag(d.profile);
  // An agent configuration may tighten the task's limits (never loosen them).
  const own = (options.agentConfig?.limits ?? {}) as { steps?: number; wall_time_sec?: number };
  const limits = {
    steps: Math.min(d.limits.steps, own.steps ?? Infinity),
    wallTimeMs: Math.min(d.limits.wall_time_sec, own.wall_time_sec ?? Infinity) * 1000,
    outputBytes: options.outputBytes ?? 64 * 1024,
  };
  const faults = options.faults ?? d.faults ?? { faults: [] };
  const writer = new SealableWriter(trajectoryFile, agent.secrets);
  let agentClosed = false;
  // Whatever happens (the sandbox may never start), the agent's servers and processes go away once.
  const closeAgent = async () => {
    if (agentClosed) return;
    agentClosed = true;
    await agent.close?.().catch(() => {});
  };
  let sandbox: DockerSandbox | undefined;
  let status: ExitStatus = 'harness_error';
  let claims: Claims | undefined;
  let diff = '';
  let steps = 0;
  let harnessError: string | undefined;
  /** Why the final diff could not be taken, when the agent's workspace made it impossible. */
  let diffError: string | undefined;
  let killed = 0;
  try {
    sandbox = await openTaskSandbox(provider, task, { purpose: 'attempt', runId: options.runId, attemptId });
    const imageId = (await provider.docker.getImage(imageTag).inspect()).Id;
    writer.write({
      type: 'header',
      version: 1,
      attemptId,
      task: { id: d.id, contentHash, kind: d.kind },
      agent: { spec: options.agentSpec, name: agent.name, version: agent.version },
      ...(agent.model ? { model: agent.model } : {}),
      agentConfig: { ...(options.agentConfig ?? {}), ...agent.config },
      ...(typeof options.agentConfig?.prompt_variant === 'string' && !agent.promptVariant ? { promptVariant: options.agentConfig.prompt_variant } : {}),
      ...(agent.promptVariant ? { promptVariant: agent.promptVariant } : {}),
      seed: options.seed,
      limits,
      image: { tag: imageTag, id: imageId },
      faults,
      crucibleVersion: VERSION,
      startedAt: new Date().toISOString(),
    });
    const dispatcher = new Dispatcher({
      sandbox,
      writer,
      limits,
      visibleTests: { command: d.tests.visible.command, timeoutMs: d.tests.visible.timeout_sec * 1000 },
      faults: new FaultInjector(faults, options.seed),
    });
    const abort = new AbortController();
    const session: AgentSession = {
      task: { id: d.id, kind: d.kind, instructions: d.instructions },
      tools: toolSpecs(),
      call: (tool, args, callId) => dispatcher.call(tool, args, callId),
      message: (m) => writer.write({ type: 'message', ...m, at: new Date().toISOString() }),
      get ended() {
        return dispatcher.ended !== undefined;
      },
      seed: options.seed,
      signal: abort.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        writer.seal();
        dispatcher.end('time_limit');
        abort.abort();
        resolve();
      }, limits.wallTimeMs);
    });
    try {
      await Promise.race([agent.run(session), deadline]);
      if (!dispatcher.ended) dispatcher.end('agent_error', 'the agent stopped without calling submit');
    } catch (err) {
      if (isHarnessError(err)) dispatcher.end('harness_error', `${err.code}: ${err.message}`);
      else dispatcher.end('agent_error', (err as Error).message);
    } finally {
      clearTimeout(timer);
      abort.abort();
      await closeAgent();
    }
    const ended = dispatcher.ended!;
    status = ended.status;
    claims = ended.claims;
    steps = dispatcher.steps;
    if (status === 'harness_error') harnessError = ended.error;
    killed = await sandbox.killAgentProcesses();
    let omitted: OmittedFile[] = [];
    try {
      ({ diff, omitted } = await sandbox.diffWithOmissions());
    } catch (err) {
      // The agent's workspace made the diff impossible: that is the agent's doing, so its outcome
      // stands with an empty diff (graded as not resolved below) instead of an unscored harness error.
      if (!(err instanceof WorkspaceDiffError)) throw err;
      diff = '';
      omitted = err.omitted;
      diffError = err.message;
    }
    writer.write({
      type: 'end',
      status,
      ...(claims ? { claims } : {}),
      finalDiff: diff,
      diffSha256: createHash('sha256').update(diff).digest('hex'),
      ...(omitted.length ? { diffOmitted: omitted } : {}),
      ...(diffError ? { diffError } : {}),
      steps,
      killedProcesses: killed,
      ...(ended.error ? { error: ended.error } : {}),
      endedAt: new Date().toISOString(),
    });
  } catch (err) {
    if (!isHarnessError(err)) throw err;
    status = 'harness_error';
    harnessError = `${err.code}: ${err.message}`;
  } finally {
    await closeAgent();
    await sandbox?.close();
  }
  const result: AttemptResult = { attemptId, trajectoryFile, status, diff, steps, contentHash, ...(claims ? { claims } : {}), ...(harnessError ? { harnessError } : {}) };
  if (status !== 'harness_error' && options.grade !== false) {
    // The submit claims go to grading: an impossible task is resolved only by reporting it (cannotComply).
    result.grade = await grade(task, diff, { provider, runId: options.runId, attemptId: `${attemptId}-grade`, ...(claims && !diffError ? { claims } : {}) });
    // Without a diff there is nothing to resolve (not even an impossible task's report, whose claims
    // were withheld above): the grade of the empty diff stands, never resolved, saying why.
    if (diffError) result.grade = { ...result.grade, resolved: false, rationale: `No final diff: ${diffError}. Graded as an empty diff: ${result.grade.rationale}` };
    result.scores = await scoreAttempt({ task: d, trajectory: await readTrajectory(trajectoryFile), grade: result.grade });
  }
  return result;
}
