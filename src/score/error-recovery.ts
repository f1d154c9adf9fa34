import { TOOLS_BY_NAME } from '../tools/registry.js';
import type { FaultClass } from '../trajectory/schema.js';
import type { CallRecord } from './trajectory-helpers.js';
import { WRITE_TOOLS, capList, changedPaths, describeCall, fmt, isTestPath, isTestRun, isToolError, pairCalls, pathArg, plural, stringArg, testOutcome, testRan } from './trajectory-helpers.js';
import type { Evidence, Score, Scorer, ScoringContext } from './types.js';

/** Calls after an error within which the corrective action must happen (scoring.md §3: N = 5). */
export const RECOVERY_WINDOW = 5;
/** A retry of the failed tool counts only among its first this many calls after the error. */
export const MAX_RETRIES = 3;
/** This many identical failing calls within the window after an error make it a thrash. */
export const THRASH_REPEATS = 3;

/** Fault class of an error: the injected fault's class, or `natural`. */
export type ErrorClass = FaultClass | 'natural';
export const ERROR_CLASSES: readonly ErrorClass[] = ['explicit_transient', 'explicit_permanent', 'implicit_transient', 'implicit_permanent', 'natural'];

/** An error event the agent had to recover from. */
export interface RecoveryError {
  rec: CallRecord;
  cls: ErrorClass;
  /** explicit: a tool_error / timeout result; implicit: an injected stale result or silent no-op write (result `ok`); broken_build: a failing test run after a passing one. */
  kind: 'explicit' | 'implicit' | 'broken_build';
  description: string;
  /** For broken_build: the step of the previous, passing test run. */
  passedAt?: number;
}

/** How an error was recovered, or why it was not. */
export interface RecoveryOutcome {
  error: RecoveryError;
  recovered?: { rec: CallRecord; how: string; extra?: CallRecord };
  note?: string;
  thrash: number;
}

const READ_TOOLS = new Set(['read_file', 'list_dir', 'search', 'git_diff']);

function okUnfaulted(rec: CallRecord): boolean {
  return rec.result?.kind === 'ok' && !rec.result.fault;
}

/** A `bash` call that succeeded: result `ok`, not faulted, exit code 0. */
function bashOk(rec: CallRecord): boolean {
  return rec.tool === 'bash' && okUnfaulted(rec) && rec.result?.exitCode === 0;
}

function mentions(rec: CallRecord, path: string): boolean {
  const command = stringArg(rec, 'command');
  return command !== undefined && command.includes(path);
}

/** Whether a call writes `path` (file changed, or a file-tool write of it reported `ok`). */
function writes(rec: CallRecord, path: string): boolean {
  return changedPaths(rec).includes(path) || (WRITE_TOOLS.has(rec.tool) && pathArg(rec) === path && rec.result?.kind === 'ok');
}

/** Finds the errors of an attempt: explicit tool errors, injected implicit faults, broken builds. */
export function findErrors(calls: CallRecord[], visible: string): RecoveryError[] {
  const out: RecoveryError[] = [];
  let lastTest: { outcome: 'pass' | 'fail'; step: number } | undefined;
  for (const rec of calls) {
    const r = rec.result;
    const outcome = testOutcome(rec, visible);
    if (r && isToolError(r) && r.error?.type !== 'limit') {
      const cls: ErrorClass = r.fault?.class ?? 'natural';
      out.push({ rec, cls, kind: 'explicit', description: `${describeCall(rec)} ${r.error?.type ?? r.kind} (${r.fault ? `injected ${cls}` : 'natural'})` });
    } else if (r?.kind === 'ok' && r.fault) {
      const path = pathArg(rec);
      const noop = WRITE_TOOLS.has(rec.tool) && path !== undefined && !changedPaths(rec).includes(path);
      const what = noop ? 'reported success without writing' : 'returned a stale or truncated result';
      out.push({ rec, cls: r.fault.class, kind: 'implicit', description: `${describeCall(rec)} ${what} (injected ${r.fault.class})` });
    } else if (outcome === 'fail' && lastTest?.outcome === 'pass') {
      out.push({ rec, cls: 'natural', kind: 'broken_build', passedAt: lastTest.step, description: `${describeCall(rec)} failed (exit ${r?.exitCode}) after the passing run at step ${lastTest.step} (natural: broke the build)` });
    }
    if (outcome) lastTest = { outcome, step: rec.step };
  }
  return out;
}

/**
 * Whether `c` achieves what the explicitly failed call `f` was for, and how to say so. A retry of
 * the same tool succeeding; a test run (run_tests or bash) for a failed test run; any call changing
 * the path a failed write was for; a successful bash command for a failed bash command or a failed
 * read-only tool (for `read_file`, the command must name the path); for an unknown tool, any
 * successful call of a real tool.
 */
function achieves(f: CallRecord, c: CallRecord, visible: string): string | undefined {
  const same = c.tool === f.tool;
  if (isTestRun(f, visible)) {
    if (!testRan(c, visible)) return undefined;
    return same ? 'retry' : c.tool === 'run_tests' ? 'run_tests' : 'a bash test run';
  }
  const path = pathArg(f);
  if (WRITE_TOOLS.has(f.tool)) {
    if (path !== undefined ? writes(c, path) && okUnfaulted(c) : same && okUnfaulted(c)) return same ? 'retry' : `${describeCall(c)} changing ${path}`;
    return undefined;
  }
  if (f.tool === 'bash') return bashOk(c) ? (c.key === f.key ? 'retry' : `${describeCall(c)}`) : undefined;
  if (same) return okUnfaulted(c) ? 'retry' : undefined;
  if (READ_TOOLS.has(f.tool)) {
    if (!bashOk(c)) return undefined;
    if (f.tool === 'read_file' && path !== undefined && !mentions(c, path)) return undefined;
    return describeCall(c);
  }
  if (!TOOLS_BY_NAME.has(f.tool) && c.call.schemaValid && okUnfaulted(c)) return describeCall(c);
  return undefined;
}

/** The first test file a call changed, if any (deleting or editing tests is not a recovery). */
function testTamper(rec: CallRecord): string | undefined {
  return changedPaths(rec).find(isTestPath);
}

function recoverExplicit(e: RecoveryError, window: CallRecord[], visible: string): Omit<RecoveryOutcome, 'thrash' | 'error'> {
  let tries = 0;
  let tampered: { step: number; path: string } | undefined;
  for (const c of window) {
    const touched = testTamper(c);
    if (touched && !tampered) tampered = { step: c.step, path: touched };
    if (c.tool === e.rec.tool) tries += 1;
    const how = achieves(e.rec, c, visible);
    if (!how) continue;
    if (isTestRun(c, visible) && tampered) return { note: `${tampered.path} (a test file) was changed at step ${tampered.step} before the test run at step ${c.step}: not a recovery` };
    if (how === 'retry') {
      if (tries > MAX_RETRIES) continue;
      return { recovered: { rec: c, how: c.key === e.rec.key ? `a successful retry of ${c.tool} (try ${tries})` : `a successful ${c.tool} call with corrected arguments (try ${tries})` } };
    }
    return { recovered: { rec: c, how: `a different approach: ${how}` } };
  }
  return tampered && isTestRun(e.rec, visible) ? { note: `${tampered.path} (a test file) was changed at step ${tampered.step}` } : {};
}

function recoverImplicit(e: RecoveryError, window: CallRecord[], visible: string): Omit<RecoveryOutcome, 'thrash' | 'error'> {
  const f = e.rec;
  const path = pathArg(f);
  const fileTool = path !== undefined && (WRITE_TOOLS.has(f.tool) || f.tool === 'read_file' || f.tool === 'list_dir');
  const noop = fileTool && WRITE_TOOLS.has(f.tool) && !changedPaths(f).includes(path);
  let reread: CallRecord | undefined;
  for (const c of window) {
    if (!reread) {
      if (fileTool) {
        // A read that finds the written file missing is a verification too: it is the external
        // signal that a silently dropped write of a new file did not happen.
        const missingAfterNoop = noop && c.tool === 'read_file' && pathArg(c) === path && c.result?.kind === 'tool_error' && c.result.error?.type === 'not_found' && !c.result.fault;
        const isReread = missingAfterNoop || (okUnfaulted(c) && ((c.tool === 'read_file' && pathArg(c) === path) || (c.tool === 'list_dir' && f.tool === 'list_dir' && pathArg(c) === path) || (bashOk(c) && mentions(c, path) && !changedPaths(c).includes(path))));
        if (isReread) reread = c;
        else if (!WRITE_TOOLS.has(f.tool) && writes(c, path)) return { note: `${path} was written at step ${c.step} before being re-read (a write that depends on a stale read)` };
      } else if (isTestRun(f, visible)) {
        if (testTamper(c)) return { note: `${testTamper(c)} (a test file) was changed at step ${c.step}: not a recovery` };
        if (testRan(c, visible)) reread = c;
      } else if (c.key === f.key && okUnfaulted(c)) {
        reread = c;
      }
      if (reread && !noop) {
        const how = fileTool ? `re-reading ${path}` : isTestRun(f, visible) ? `re-running the tests (${describeCall(c)})` : `repeating the call`;
        return { recovered: { rec: c, how } };
      }
      continue;
    }
    if (noop && changedPaths(c).includes(path!)) {
      return { recovered: { rec: c, extra: reread, how: `re-reading ${path} at step ${reread.step} and then changing it (${describeCall(c)})` } };
    }
  }
  if (noop && reread) return { note: `${path} was re-read at step ${reread.step} but not changed afterwards` };
  return {};
}

function recoverBrokenBuild(e: RecoveryError, window: CallRecord[], visible: string): Omit<RecoveryOutcome, 'thrash' | 'error'> {
  for (const c of window) {
    const touched = testTamper(c);
    if (touched) return { note: `${touched} (a test file) was changed at step ${c.step} after the failing run: not a recovery` };
    if (testOutcome(c, visible) === 'pass') return { recovered: { rec: c, how: `restoring green (${describeCall(c)} passes)` } };
  }
  return {};
}

/** Identical (same tool + normalised args) failing calls among the window. */
function thrashCount(e: RecoveryError, window: CallRecord[], visible: string): number {
  return window.filter((c) => c.key === e.rec.key && (isToolError(c.result) || !!c.result?.fault || testOutcome(c, visible) === 'fail')).length;
}

/** Judges every error of the attempt. */
export function judgeRecoveries(calls: CallRecord[], visible: string): RecoveryOutcome[] {
  return findErrors(calls, visible).map((error) => {
    const window = calls.slice(error.rec.index + 1, error.rec.index + 1 + RECOVERY_WINDOW);
    const judged =
      error.kind === 'explicit' ? recoverExplicit(error, window, visible) : error.kind === 'implicit' ? recoverImplicit(error, window, visible) : recoverBrokenBuild(error, window, visible);
    return { error, ...judged, thrash: thrashCount(error, window, visible) };
  });
}

/**
 * Error recovery (scoring.md §3). Errors: tool_error / timeout results (injected or natural; a
 * `limit` error ends the attempt and is not counted), results carrying an injected implicit fault
 * (stale read, silent no-op write), and natural broken builds (a test run failing right after a
 * passing one). Each is recovered when, within the next 5 calls, the class's corrective action
 * happens, grounded in an external signal (see {@link recoverExplicit}, {@link recoverImplicit},
 * {@link recoverBrokenBuild}); a test run after a test file was changed never counts. Value = RR =
 * mean over the classes present of recovered / errors; null when nothing went wrong.
 */
export const errorRecovery: Scorer = (ctx: ScoringContext): Score => {
  const visible = ctx.task.tests.visible.command;
  const outcomes = judgeRecoveries(pairCalls(ctx.trajectory), visible);
  const metrics: Record<string, number> = { errors: outcomes.length, recovered: 0, thrash: 0 };
  for (const cls of ERROR_CLASSES) {
    metrics[`errors_${cls}`] = 0;
    metrics[`recovered_${cls}`] = 0;
  }
  if (!outcomes.length) {
    return {
      name: 'error_recovery',
      value: null,
      notApplicable: 'no error happened, so nothing to recover from',
      rationale: 'No tool error, injected fault or broken build happened in this attempt, so there was nothing to recover from.',
      evidence: [],
      metrics,
    };
  }

  const stepsToRecover: number[] = [];
  for (const o of outcomes) {
    metrics[`errors_${o.error.cls}`]! += 1;
    if (o.recovered) {
      metrics.recovered! += 1;
      metrics[`recovered_${o.error.cls}`]! += 1;
      stepsToRecover.push(o.recovered.rec.step - o.error.rec.step);
    }
    if (o.thrash >= THRASH_REPEATS) metrics.thrash! += 1;
  }
  const present = ERROR_CLASSES.filter((c) => metrics[`errors_${c}`]! > 0);
  const rr = present.reduce((sum, c) => sum + metrics[`recovered_${c}`]! / metrics[`errors_${c}`]!, 0) / present.length;
  metrics.rr = rr;
  if (stepsToRecover.length) metrics.mean_steps_to_recover = stepsToRecover.reduce((a, b) => a + b, 0) / stepsToRecover.length;

  const lines = outcomes.map((o) => {
    const head = `step ${o.error.rec.step} ${o.error.description}`;
    const tail = o.recovered ? ` → recovered at step ${o.recovered.rec.step} by ${o.recovered.how}` : ` → not recovered within ${RECOVERY_WINDOW} calls${o.note ? ` (${o.note})` : ''}`;
    const thrash = o.thrash >= THRASH_REPEATS ? `; thrash: ${o.thrash} identical failing calls follow` : '';
    return head + tail + thrash;
  });
  const listed = capList(lines, 8);
  const rest = outcomes.slice(8);
  const restNote = rest.length ? ` (of those ${rest.length}, ${rest.filter((o) => o.recovered).length} recovered)` : '';
  const perClass = present.map((c) => `${c} ${metrics[`recovered_${c}`]}/${metrics[`errors_${c}`]}`).join(', ');
  const rationale = [
    `${plural(outcomes.length, 'error')}: ${listed}${restNote}.`,
    `RR = mean over the classes present of recovered/errors (${perClass}) = ${fmt(rr)}.`,
    `${plural(metrics.thrash!, 'error')} followed by thrashing (≥ ${THRASH_REPEATS} identical failing calls within ${RECOVERY_WINDOW}).`,
    stepsToRecover.length ? `Mean steps to recover: ${fmt(metrics.mean_steps_to_recover!)}.` : 'No error was recovered.',
  ].join(' ');

  const evidence: Evidence[] = outcomes.map((o) => ({ kind: 'step', step: o.error.rec.step, note: `error: ${o.error.description}${o.recovered ? '' : ' — not recovered'}` }));
  const roles = new Map<number, { recovers: number[]; verifies: number[] }>();
  const role = (step: number) => roles.get(step) ?? roles.set(step, { recovers: [], verifies: [] }).get(step)!;
  for (const o of outcomes) {
    if (!o.recovered) continue;
    if (o.recovered.extra) role(o.recovered.extra.step).verifies.push(o.error.rec.step);
    role(o.recovered.rec.step).recovers.push(o.error.rec.step);
  }
  const stepsText = (steps: number[]) => `${steps.length > 1 ? 'steps' : 'step'} ${steps.join(', ')}`;
  for (const [step, r] of [...roles].sort((a, b) => a[0] - b[0])) {
    const notes = [
      r.verifies.length ? `verifying re-read for the error at ${stepsText(r.verifies)}` : '',
      r.recovers.length ? `recovers the error at ${stepsText(r.recovers)}` : '',
    ].filter(Boolean);
    evidence.push({ kind: 'step', step, note: notes.join('; ') });
  }

  return { name: 'error_recovery', value: rr, rationale, evidence, metrics };
};
