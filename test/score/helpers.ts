import type { GradeResult } from '../../src/grade/grade.js';
import type { Evidence, Score, ScoringContext } from '../../src/score/types.js';
import { TaskSchema } from '../../src/task/schema.js';
import type { TaskDefinition } from '../../src/task/schema.js';
import { TOOLS_BY_NAME } from '../../src/tools/registry.js';
import { parseTrajectory } from '../../src/trajectory/reader.js';
import type { Trajectory } from '../../src/trajectory/reader.js';
import type { EndEvent, FaultClass, FaultSpec, FileChange, InjectedFault, ToolErrorType, ToolResultEvent, TrajectoryEvent } from '../../src/trajectory/schema.js';

/**
 * Builders of small hand-made trajectories and scoring contexts for scorer tests. A call is given
 * by tool and arguments; the builder fills in what the dispatcher would have recorded: `parsed`,
 * `schemaValid` and validated `args` (defaults applied) from the real tool schemas, a result kind
 * (`tool_error` for an unparseable / invalid call or an injected explicit fault), error types,
 * hashes and times. Every trajectory is round-tripped through `parseTrajectory`, so what a test
 * builds is what a recorded file could hold.
 */

/** One call and its result. Only `tool` is required. */
export interface CallSpec {
  tool: string;
  /** Arguments as sent (an object); default `{}`. Ignored when `rawArgs` is given. */
  args?: unknown;
  /** Raw argument text exactly as sent; text that is not JSON makes an unparseable call. */
  rawArgs?: string;
  /** Result kind; default `tool_error` for invalid calls and explicit faults, else `ok`. */
  kind?: ToolResultEvent['kind'];
  /** Error of a failed result (a type, or type + message); defaulted from the kind / fault / validity. */
  error?: ToolErrorType | { type: ToolErrorType; message: string };
  exitCode?: number;
  output?: string;
  /** An injected fault recorded on the result (a class, or class + effect). */
  fault?: FaultClass | InjectedFault;
  /** Files the call changed: a path (= modified), or a full change. */
  filesChanged?: Array<string | FileChange>;
  /** The attempt stopped before the result was recorded. */
  noResult?: boolean;
}

const T0 = Date.parse('2026-01-01T00:00:00Z');
const at = (step: number, offset = 0): string => new Date(T0 + step * 1000 + offset).toISOString();

function fileChange(c: string | FileChange): FileChange {
  return typeof c === 'string' ? { path: c, op: 'modified', before: '0'.repeat(16), after: '1'.repeat(16) } : c;
}

/** The `tool_call` and `tool_result` events of one call at `step`. */
export function callEvents(spec: CallSpec, step: number): TrajectoryEvent[] {
  const callId = `call-${step}`;
  const rawArgs = spec.rawArgs ?? JSON.stringify(spec.args ?? {});
  let decoded: unknown;
  let parsed = true;
  try {
    decoded = JSON.parse(rawArgs || '{}');
  } catch {
    parsed = false;
  }
  const definition = TOOLS_BY_NAME.get(spec.tool);
  const validated = parsed && definition ? definition.input.safeParse(decoded) : undefined;
  const schemaValid = !!validated?.success;
  const call: TrajectoryEvent = { type: 'tool_call', step, callId, tool: spec.tool, rawArgs, parsed, schemaValid, ...(schemaValid ? { args: validated!.data } : {}), startedAt: at(step) };
  if (spec.noResult) return [call];

  const fault: InjectedFault | undefined = typeof spec.fault === 'string' ? { class: spec.fault, effect: `injected ${spec.fault} on ${spec.tool}` } : spec.fault;
  const explicitFault = fault?.class.startsWith('explicit') ?? false;
  const kind = spec.kind ?? (!schemaValid || explicitFault ? 'tool_error' : 'ok');
  const defaultType: ToolErrorType = !parsed || !schemaValid ? 'invalid_args' : explicitFault ? 'unavailable' : kind === 'timeout' ? 'timeout' : 'unknown';
  const error = kind === 'ok' ? undefined : typeof spec.error === 'object' ? spec.error : { type: spec.error ?? defaultType, message: `${spec.tool} failed (${spec.error ?? defaultType})` };
  const output = spec.output ?? (error ? error.message : `${spec.tool} output`);
  const result: TrajectoryEvent = {
    type: 'tool_result',
    step,
    callId,
    tool: spec.tool,
    kind,
    ...(error ? { error } : {}),
    ...(spec.exitCode !== undefined && kind !== 'tool_error' ? { exitCode: spec.exitCode } : {}),
    output,
    truncated: false,
    outputHash: step.toString(16).padStart(16, '0'),
    ...(fault ? { fault } : {}),
    filesChanged: (spec.filesChanged ?? []).map(fileChange),
    endedAt: at(step, 500),
    durationMs: 500,
  };
  return [call, result];
}

/** Options of {@link buildTrajectory}. */
export interface TrajectoryOptions {
  /** The header's fault plan; default: one entry per distinct (class, tool) of the injected faults. */
  faults?: FaultSpec[];
  /** End event fields; `false` for a trajectory without an end. */
  end?: Partial<EndEvent> | false;
  taskId?: string;
}

/** A validated trajectory of the given calls, steps numbered from 1. */
export function buildTrajectory(calls: CallSpec[], options: TrajectoryOptions = {}): Trajectory {
  const planned = new Map<string, FaultSpec>();
  for (const c of calls) {
    const cls = typeof c.fault === 'string' ? c.fault : c.fault?.class;
    if (cls) planned.set(`${cls}:${c.tool}`, { class: cls, tool: c.tool });
  }
  const events: TrajectoryEvent[] = [
    {
      type: 'header',
      version: 1,
      attemptId: 'attempt-1',
      task: { id: options.taskId ?? 'task-1', contentHash: 'c'.repeat(64), kind: 'debug' },
      agent: { spec: 'test', name: 'test', version: '0' },
      agentConfig: {},
      seed: 1,
      limits: { steps: 100, wallTimeMs: 1_800_000, outputBytes: 65_536 },
      image: { tag: 'img', id: 'sha256:0123456789abcdef' },
      faults: { faults: options.faults ?? [...planned.values()] },
      crucibleVersion: '0.1.0',
      startedAt: at(0),
    },
    ...calls.flatMap((c, i) => callEvents(c, i + 1)),
  ];
  if (options.end !== false) {
    events.push({ type: 'end', status: 'submitted', finalDiff: '', diffSha256: 'f'.repeat(64), steps: calls.length, killedProcesses: 0, endedAt: at(calls.length + 1), ...options.end });
  }
  return parseTrajectory(events.map((e) => JSON.stringify(e)).join('\n'), 'built.jsonl');
}

/** What a file-tool write of `path` changed: nothing when it failed, or was faulted into an error or a silent no-op. */
function writeChanges(path: string, extra: Partial<CallSpec>): string[] {
  const cls = typeof extra.fault === 'string' ? extra.fault : extra.fault?.class;
  const failed = (extra.kind !== undefined && extra.kind !== 'ok') || cls === 'explicit_transient' || cls === 'explicit_permanent' || cls === 'implicit_permanent';
  return failed ? [] : [path];
}

/** Shorthands for the common calls; `extra` overrides any field. */
export const call = {
  read: (path: string, extra: Partial<CallSpec> = {}): CallSpec => ({ tool: 'read_file', args: { path }, ...extra }),
  /** A write that changed `path`, unless it failed or its fault made it fail or a silent no-op. */
  write: (path: string, content = 'x', extra: Partial<CallSpec> = {}): CallSpec => ({ tool: 'write_file', args: { path, content }, filesChanged: writeChanges(path, extra), ...extra }),
  /** An edit that changed `path`, unless it failed or its fault made it fail or a silent no-op. */
  edit: (path: string, oldString = 'a', newString = 'b', extra: Partial<CallSpec> = {}): CallSpec => ({
    tool: 'edit_file',
    args: { path, old_string: oldString, new_string: newString },
    filesChanged: writeChanges(path, extra),
    ...extra,
  }),
  bash: (command: string, extra: Partial<CallSpec> = {}): CallSpec => ({ tool: 'bash', args: { command }, exitCode: 0, ...extra }),
  runTests: (exitCode = 0, extra: Partial<CallSpec> = {}): CallSpec => ({ tool: 'run_tests', args: {}, exitCode, ...extra }),
  submit: (summary = 'done', extra: Partial<CallSpec> = {}): CallSpec => ({ tool: 'submit', args: { summary }, ...extra }),
};

/** A minimal valid task definition; `overrides` replaces top-level fields (e.g. `expect`). */
export function taskDefinition(overrides: Record<string, unknown> = {}): TaskDefinition {
  return TaskSchema.parse({
    id: 'task-1',
    title: 'A test task',
    kind: 'debug',
    repo: 'repo',
    instructions: 'Fix the bug.',
    tests: { visible: { command: 'npm test' }, hidden: { into: 'test/hidden', command: 'npm test', format: 'tap' } },
    canary: 'crucible-canary:test-0000000000',
    ...overrides,
  });
}

/** Options of {@link scoringContext}. */
export interface ContextOptions {
  /** Top-level task fields (see {@link taskDefinition}). */
  task?: Record<string, unknown>;
  /** Shorthand for `task.expect`. */
  expect?: Record<string, unknown>;
  /** Shorthand for the task's visible test command (default `npm test`). */
  visibleCommand?: string;
  grade?: GradeResult;
}

/** A scoring context over built calls (or a ready trajectory) and a minimal task. */
export function scoringContext(calls: CallSpec[] | Trajectory, options: ContextOptions = {}): ScoringContext {
  const trajectory = Array.isArray(calls) ? buildTrajectory(calls) : calls;
  const task = taskDefinition({
    ...(options.visibleCommand ? { tests: { visible: { command: options.visibleCommand }, hidden: { into: 'test/hidden', command: 'npm test', format: 'tap' } } } : {}),
    ...(options.expect ? { expect: options.expect } : {}),
    ...options.task,
  });
  return { task, trajectory, ...(options.grade ? { grade: options.grade } : {}) };
}

/** Evidence items of a score that do not resolve: steps missing from the trajectory (files and tests are not checked here). */
export function unresolvedEvidence(score: Score, trajectory: Trajectory): Evidence[] {
  const steps = new Set(trajectory.events.flatMap((e) => (e.type === 'tool_call' ? [e.step] : [])));
  return score.evidence.filter((e) => e.kind === 'step' && !steps.has(e.step));
}
