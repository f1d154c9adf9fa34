import { matchesAny } from '../task/glob.js';
import { patchedFiles } from '../task/patch-files.js';
import type { Milestone, TaskDefinition, ToolCallPattern } from '../task/schema.js';
import type { Trajectory } from '../trajectory/reader.js';
import { editedPaths, isEdit, isSpecPath, lastEdit, ranTests, readTargets } from './coherence/activity.js';
import type { CallRecord } from './trajectory-helpers.js';
import { isTestPath, matchesPattern, pairCalls, testOutcome } from './trajectory-helpers.js';

/**
 * Milestones and progress rate (scoring.md §4; AgentBoard progress rate, ToolSandbox milestones).
 * A milestone is a predicate over single calls; the task's `expect.milestones` when declared, else
 * the defaults of the task's kind ({@link defaultMilestones}).
 */

/** What milestone predicates may look at besides the call itself. */
export interface MilestoneContext {
  calls: readonly CallRecord[];
  /** The task's visible test command (a `bash` call running it is a test run). */
  visibleCommand: string;
  /** Paths the final diff touches (both sides of a rename); empty without an end event. */
  diffFiles: ReadonlySet<string>;
  /** Step of the last call that edited a file. */
  lastEditStep?: number;
  /** Step of the first call that edited a non-test file. */
  firstSourceEditStep?: number;
  /** Steps of every call that edited a file, ascending. */
  editSteps: readonly number[];
}

/** Builds the {@link MilestoneContext} of an attempt. */
export function milestoneContext(task: TaskDefinition, trajectory: Trajectory, calls: readonly CallRecord[] = pairCalls(trajectory)): MilestoneContext {
  const diffFiles = new Set<string>();
  for (const f of patchedFiles(trajectory.end?.finalDiff ?? '')) {
    diffFiles.add(f.path);
    if (f.from) diffFiles.add(f.from);
  }
  const firstSource = calls.find((c) => editedPaths(c).some((p) => !isTestPath(p)));
  const last = lastEdit(calls);
  return {
    calls,
    visibleCommand: task.tests.visible.command,
    diffFiles,
    editSteps: calls.filter(isEdit).map((c) => c.step),
    ...(last ? { lastEditStep: last.step } : {}),
    ...(firstSource ? { firstSourceEditStep: firstSource.step } : {}),
  };
}

/** One milestone as a checkable predicate. */
export interface MilestoneCheck {
  id: string;
  description: string;
  /** What is checked, in words, for rationales. */
  predicate: string;
  /** A test result describes the workspace when it ran: it goes stale when a file changes after it. */
  observesTests: boolean;
  reached(rec: CallRecord, ctx: MilestoneContext): boolean;
  /** A specific reason when the milestone is missing, if the generic one would be vague. */
  missing?(ctx: MilestoneContext): string | undefined;
}

function describePattern(p: ToolCallPattern): string {
  const parts = [...Object.entries(p.args ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`), ...Object.entries(p.args_match ?? {}).map(([k, v]) => `${k}~/${v}/`)];
  return parts.length ? `${p.tool}(${parts.join(', ')})` : p.tool;
}

/**
 * A task-authored milestone: reached at a call that satisfies every predicate it declares — `call`
 * (a matching call that succeeded: result `ok`, no injected fault, exit code 0 if any), `touches`
 * (the call changed a file matching one of the globs), `tests` (`run`: a finished test run, `pass`:
 * one that exited 0). A milestone that declares no predicate can never be checked and is never reached.
 */
export function checkFromSpec(m: Milestone): MilestoneCheck {
  const parts: string[] = [];
  if (m.call) parts.push(`a successful ${describePattern(m.call)}`);
  if (m.touches) parts.push(`a change to ${m.touches.join(' or ')}`);
  if (m.tests) parts.push(m.tests === 'pass' ? 'a passing test run' : 'a test run');
  const checkable = parts.length > 0;
  return {
    id: m.id,
    description: m.description,
    predicate: checkable ? parts.join(' and ') : 'no checkable predicate',
    observesTests: m.tests !== undefined,
    ...(checkable ? {} : { missing: () => 'it declares no call, touches or tests predicate to check' }),
    reached(rec, ctx) {
      if (!checkable) return false;
      if (m.call) {
        const r = rec.result;
        if (!matchesPattern(rec, m.call) || r?.kind !== 'ok' || r.fault || (r.exitCode ?? 0) !== 0) return false;
      }
      if (m.touches && !editedPaths(rec).some((p) => matchesAny(p, m.touches!))) return false;
      if (m.tests) {
        const outcome = testOutcome(rec, ctx.visibleCommand);
        if (outcome === undefined || (m.tests === 'pass' && outcome !== 'pass')) return false;
      }
      return true;
    },
  };
}

const validate: MilestoneCheck = {
  id: 'validate',
  description: 'run the tests after the last edit',
  predicate: 'a test run after the last edit',
  observesTests: true,
  reached: (rec, ctx) => ranTests(rec, ctx.visibleCommand) && rec.step >= (ctx.lastEditStep ?? 0),
  missing: (ctx) => (ctx.lastEditStep === undefined ? undefined : `no test run after the last edit at step ${ctx.lastEditStep}`),
};

const report: MilestoneCheck = {
  id: 'report',
  description: 'submit the work',
  predicate: 'a successful submit',
  observesTests: false,
  reached: (rec) => rec.tool === 'submit' && rec.result?.kind === 'ok',
};

/**
 * Default milestones per task kind, used when the task declares none:
 * - debug: reproduce (a test run before the first change to a non-test file) → localize (a read of
 *   a file the final diff changes) → patch (a change to a non-test file) → validate → report;
 * - refactor: understand (any read) → restructure (any change) → validate → report;
 * - api-integration: read-spec (a read of docs/, spec/, a README or an api/OpenAPI file) →
 *   implement (a change to a file that is neither a test nor docs) → validate → report.
 * validate = a test run after the last edit; report = a successful `submit`.
 */
export function defaultMilestones(kind: TaskDefinition['kind']): MilestoneCheck[] {
  if (kind === 'debug') {
    return [
      {
        id: 'reproduce',
        description: 'run the tests before fixing anything',
        predicate: 'a test run before the first change to a non-test file',
        observesTests: true,
        reached: (rec, ctx) => ranTests(rec, ctx.visibleCommand) && rec.step < (ctx.firstSourceEditStep ?? Infinity),
      },
      {
        id: 'localize',
        description: 'read the code the fix changes',
        predicate: 'a read of a file the final diff changes',
        observesTests: false,
        reached: (rec, ctx) => readTargets(rec).some((p) => ctx.diffFiles.has(p)),
        missing: (ctx) => (ctx.diffFiles.size === 0 ? 'the final diff is empty' : undefined),
      },
      { id: 'patch', description: 'change the code', predicate: 'a change to a non-test file', observesTests: false, reached: (rec) => editedPaths(rec).some((p) => !isTestPath(p)) },
      validate,
      report,
    ];
  }
  if (kind === 'refactor') {
    return [
      { id: 'understand', description: 'read the code', predicate: 'a read of a file', observesTests: false, reached: (rec) => readTargets(rec).length > 0 },
      { id: 'restructure', description: 'change the code', predicate: 'a change to a file', observesTests: false, reached: isEdit },
      validate,
      report,
    ];
  }
  return [
    { id: 'read-spec', description: 'read the API documentation', predicate: 'a read of a docs/spec/README/api file', observesTests: false, reached: (rec) => readTargets(rec).some(isSpecPath) },
    { id: 'implement', description: 'implement the change', predicate: 'a change to a file that is neither a test nor docs', observesTests: false, reached: (rec) => editedPaths(rec).some((p) => !isTestPath(p) && !isSpecPath(p)) },
    validate,
    report,
  ];
}

/** The milestones an attempt is judged on: the task's own, else the defaults of its kind. */
export function taskMilestones(task: TaskDefinition): { source: 'task' | 'default'; checks: MilestoneCheck[] } {
  const declared = task.expect.milestones;
  return declared.length ? { source: 'task', checks: declared.map(checkFromSpec) } : { source: 'default', checks: defaultMilestones(task.kind) };
}

/** How far one milestone got. */
export interface MilestoneProgress {
  id: string;
  /** First step whose call satisfied the predicate, in any order. */
  firstReached?: number;
  /** The step whose call earned the credit. */
  reachedAt?: number;
  /** Step at which the milestone counts as credited: max(reachedAt, predecessor's creditedAt). */
  creditedAt?: number;
  /** A test observation that would have counted but predates an edit before the credit point. */
  stale?: { seen: number; edit: number };
}

/**
 * Credits milestones in order. Milestone i is credited at step t_i = max(s, t_{i−1}) for the
 * earliest step s at which it was reached (t_0 = 0): reached earlier than its predecessor, it
 * waits for them and is credited with them (sticky once reached); never reached, it and every
 * later milestone stay uncredited. Exception: a test observation (a run, a pass) describes the
 * code as it was — it does not carry over an edit made after it, so it counts before t_{i−1}
 * only when no file changed in (s, t_{i−1}].
 */
export function creditMilestones(checks: readonly MilestoneCheck[], ctx: MilestoneContext): MilestoneProgress[] {
  const out: MilestoneProgress[] = [];
  let prev = 0;
  let blocked = false;
  for (const check of checks) {
    const reached = ctx.calls.filter((c) => check.reached(c, ctx)).map((c) => c.step);
    const p: MilestoneProgress = { id: check.id, ...(reached.length ? { firstReached: reached[0] } : {}) };
    if (!blocked) {
      for (const s of reached) {
        const edit = s < prev && check.observesTests ? ctx.editSteps.find((e) => e > s && e <= prev) : undefined;
        if (edit !== undefined) {
          p.stale ??= { seen: s, edit };
          continue;
        }
        p.reachedAt = s;
        p.creditedAt = Math.max(s, prev);
        prev = p.creditedAt;
        break;
      }
      if (p.creditedAt === undefined) blocked = true;
    }
    out.push(p);
  }
  return out;
}

/** PR = credited milestones / milestones (0 when there are none). */
export function progressRate(progress: readonly MilestoneProgress[]): number {
  return progress.length ? progress.filter((p) => p.creditedAt !== undefined).length / progress.length : 0;
}

/**
 * The progress part of the coherence rationale: `3/5 milestones (reproduce, localize, patch);
 * validate missing: no test run after the last edit at step 12`, plus later milestones reached
 * but not credited because a predecessor is missing.
 */
export function describeProgress(checks: readonly MilestoneCheck[], progress: readonly MilestoneProgress[], ctx: MilestoneContext): string {
  const credited = progress.filter((p) => p.creditedAt !== undefined);
  let text = `${credited.length}/${progress.length} milestones${credited.length ? ` (${credited.map((p) => p.id).join(', ')})` : ''}`;
  const firstMissing = progress.findIndex((p) => p.creditedAt === undefined);
  if (firstMissing >= 0) {
    const check = checks[firstMissing]!;
    const p = progress[firstMissing]!;
    const reason =
      check.missing?.(ctx) ??
      (p.stale ? `${check.predicate} seen only at step ${p.stale.seen}, before the edit at step ${p.stale.edit}` : `no step with ${check.predicate}`);
    text += `; ${check.id} missing: ${reason}`;
    const waiting = progress.slice(firstMissing + 1).filter((q) => q.firstReached !== undefined);
    if (waiting.length) text += `; reached but not credited without it: ${waiting.map((q) => `${q.id} (step ${q.firstReached})`).join(', ')}`;
  }
  return text;
}
