import type { ToolCallPattern } from '../task/schema.js';
import type { CallRecord } from './trajectory-helpers.js';
import { WRITE_TOOLS, capList, describeCall, fmt, matchesPattern, pairCalls, plural, testRan } from './trajectory-helpers.js';
import type { Evidence, Score, Scorer, ScoringContext } from './types.js';

/** Weights of scoring.md §2 (*proposal*): TCA = 1[no forbidden] · (0.50·R + 0.25·V + 0.15·(1−E) + 0.10·(1−D)). */
export const TCA_WEIGHTS = { recall: 0.5, validity: 0.25, errors: 0.15, redundancy: 0.1 } as const;

/**
 * Whether the state may have changed during a call, for redundancy: it changed files, or it is a
 * `bash` / `run_tests` call (they can change what is outside the tracked workspace and their
 * results depend on it), or it is a `write_file` / `edit_file` the agent was told succeeded (so
 * re-reading after a write that silently did nothing — an injected no-op — is verification, not
 * redundancy).
 */
function mayChangeState(rec: CallRecord): boolean {
  if ((rec.result?.filesChanged.length ?? 0) > 0) return true;
  if (rec.tool === 'bash' || rec.tool === 'run_tests') return true;
  return WRITE_TOOLS.has(rec.tool) && rec.result?.kind === 'ok';
}

/**
 * Whether an earlier call can make a later identical one redundant: it got a result the agent
 * could rely on — `ok` or a deterministic `tool_error` — without an injected fault. Repeating a call
 * that was faulted, timed out or hit a harness error is a retry (judged by error_recovery), not
 * redundancy.
 */
function isReference(rec: CallRecord): boolean {
  const r = rec.result;
  return !!r && !r.fault && (r.kind === 'ok' || r.kind === 'tool_error');
}

/** For each call, the earlier identical call it repeats with no state change in between, if any. */
export function findRedundant(calls: CallRecord[]): Array<{ rec: CallRecord; repeats: CallRecord }> {
  const out: Array<{ rec: CallRecord; repeats: CallRecord }> = [];
  // Latest reference call per key since the last state change.
  let since = new Map<string, CallRecord>();
  for (const rec of calls) {
    const earlier = since.get(rec.key);
    if (earlier) out.push({ rec, repeats: earlier });
    if (mayChangeState(rec)) since = new Map();
    if (isReference(rec) && !since.has(rec.key)) since.set(rec.key, rec);
  }
  return out;
}

/** Successful for required-effect recall: result `ok` without an injected fault (a silent no-op write did not have the effect). */
function succeeded(rec: CallRecord): boolean {
  return rec.result?.kind === 'ok' && !rec.result.fault;
}

/**
 * Whether a call achieves a required pattern's effect: a successful call matching the pattern; for
 * a bare `run_tests` pattern (it takes no arguments), any test run that produced a verdict — a
 * bash run of the visible test command or a common runner counts, so an agent that runs the tests
 * another way while `run_tests` is unavailable (an injected fault) is not marked as missing them.
 */
function achievesRequired(rec: CallRecord, pattern: ToolCallPattern, visible: string): boolean {
  if (succeeded(rec) && matchesPattern(rec, pattern)) return true;
  const bare = !Object.keys(pattern.args ?? {}).length && !Object.keys(pattern.args_match ?? {}).length;
  return pattern.tool === 'run_tests' && bare && testRan(rec, visible);
}

function describePattern(p: ToolCallPattern): string {
  const parts = [
    ...Object.entries(p.args ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ...Object.entries(p.args_match ?? {}).map(([k, v]) => `${k}~/${v}/`),
  ];
  return parts.length ? `${p.tool}(${parts.join(', ')})` : p.tool;
}

/**
 * Tool-call accuracy (scoring.md §2, BFCL / ToolSandbox). Over the attempt's N tool calls:
 * - P = parsed / N and V = schemaValid / N (an unknown tool is schema-invalid; an unparseable call
 *   counts in N as a failure, never as an abstention);
 * - E = (tool_error + timeout results without an injected fault; harness errors excluded) / N;
 * - D = calls identical (tool + normalised args) to an earlier call with no state change in
 *   between / N (see {@link mayChangeState}, {@link isReference});
 * - R = required patterns matched by at least one successful call / required (1 when none declared;
 *   a bare `run_tests` pattern is also met by a bash test run, see {@link achievesRequired});
 * - a call matching a forbidden pattern (successful or not: the attempt counts) zeroes the score.
 * Value = 1[no forbidden] · (0.50·R + 0.25·V + 0.15·(1−E) + 0.10·(1−D)); no calls at all → 0.
 */
export const toolCallAccuracy: Scorer = (ctx: ScoringContext): Score => {
  const calls = pairCalls(ctx.trajectory);
  const required = ctx.task.expect.required_calls;
  const forbidden = ctx.task.expect.forbidden_calls;
  const n = calls.length;
  if (n === 0) {
    return {
      name: 'tool_call_accuracy',
      value: 0,
      rationale: 'no tool calls: the agent did nothing, which scores 0 (not an abstention).',
      evidence: [],
      metrics: { calls: 0, parsed: 0, schema_valid: 0, tool_errors: 0, fault_results_excluded: 0, harness_errors_excluded: 0, redundant: 0, required: required.length, required_matched: 0, forbidden_hits: 0 },
    };
  }

  const evidence: Evidence[] = [];
  const unparsed = calls.filter((c) => !c.call.parsed);
  const invalid = calls.filter((c) => c.call.parsed && !c.call.schemaValid);
  const parsed = n - unparsed.length;
  const schemaValid = calls.filter((c) => c.call.schemaValid).length;
  const errors = calls.filter((c) => (c.result?.kind === 'tool_error' || c.result?.kind === 'timeout') && !c.result.fault);
  const faultExcluded = calls.filter((c) => (c.result?.kind === 'tool_error' || c.result?.kind === 'timeout') && c.result.fault).length;
  const harnessExcluded = calls.filter((c) => c.result?.kind === 'harness_error').length;
  const redundant = findRedundant(calls);

  const matched = required.map((p) => calls.find((c) => achievesRequired(c, p, ctx.task.tests.visible.command)));
  const matchedCount = matched.filter(Boolean).length;
  const hits = forbidden.flatMap((p) => calls.filter((c) => matchesPattern(c, p)).map((c) => ({ rec: c, pattern: p })));
  hits.sort((a, b) => a.rec.step - b.rec.step);

  const P = parsed / n;
  const V = schemaValid / n;
  const E = errors.length / n;
  const D = redundant.length / n;
  const R = required.length ? matchedCount / required.length : 1;
  const w = TCA_WEIGHTS;
  const weighted = w.recall * R + w.validity * V + w.errors * (1 - E) + w.redundancy * (1 - D);
  const value = hits.length ? 0 : weighted;

  const sentences: string[] = [];
  sentences.push(`${plural(n, 'tool call')}: ${parsed} parsed (P = ${fmt(P)}), ${schemaValid} schema-valid (V = ${fmt(V)}).`);
  if (unparsed.length) sentences.push(`Unparseable arguments (counted as failures): ${capList(unparsed.map((c) => `step ${c.step} ${c.tool}`))}.`);
  if (invalid.length) sentences.push(`Schema-invalid or unknown-tool calls: ${capList(invalid.map((c) => `step ${c.step} ${c.tool}`))}.`);
  const excluded = [faultExcluded ? `${plural(faultExcluded, 'injected-fault result')}` : '', harnessExcluded ? `${plural(harnessExcluded, 'harness error')}` : ''].filter(Boolean);
  sentences.push(
    `${plural(errors.length, 'tool error')} of the agent's own (E = ${fmt(E)})${errors.length ? `: ${capList(errors.map((c) => `step ${c.step} ${c.tool} ${c.result!.error?.type ?? c.result!.kind}`))}` : ''}${excluded.length ? `; not counted: ${excluded.join(' and ')}` : ''}.`,
  );
  sentences.push(
    `${plural(redundant.length, 'redundant call')} (D = ${fmt(D)})${redundant.length ? `: ${capList(redundant.map((r) => `step ${r.rec.step} repeats step ${r.repeats.step} (${describeCall(r.rec)})`))}` : ''}.`,
  );
  if (required.length) {
    const missed = required.filter((_, i) => !matched[i]);
    sentences.push(
      `${matchedCount}/${required.length} required calls made successfully (R = ${fmt(R)})${matched.some(Boolean) ? `: ${capList(required.flatMap((p, i) => (matched[i] ? [`${describePattern(p)} at step ${matched[i].step}${matched[i].tool === p.tool ? '' : ` (by ${describeCall(matched[i])})`}`] : [])))}` : ''}${missed.length ? `; missing: ${capList(missed.map((p) => `${describePattern(p)}${p.why ? ` (${p.why})` : ''}`))}` : ''}.`,
    );
  } else {
    sentences.push('The task declares no required calls, so R = 1.');
  }
  const formula = `${fmt(w.recall)}·${fmt(R)} + ${fmt(w.validity)}·${fmt(V)} + ${fmt(w.errors)}·(1 − ${fmt(E)}) + ${fmt(w.redundancy)}·(1 − ${fmt(D)}) = ${fmt(weighted)}`;
  if (hits.length) {
    sentences.push(
      `Forbidden call${hits.length > 1 ? 's' : ''}: ${capList(hits.map((h) => `step ${h.rec.step} ${describeCall(h.rec)} matches ${describePattern(h.pattern)}${h.pattern.why ? ` (${h.pattern.why})` : ''}`))}; a forbidden call zeroes the score (it would otherwise be ${formula}).`,
    );
  } else {
    sentences.push(`No forbidden call. TCA = ${formula}.`);
  }

  for (const h of hits) evidence.push({ kind: 'step', step: h.rec.step, note: `forbidden: ${describePattern(h.pattern)}${h.pattern.why ? ` (${h.pattern.why})` : ''}` });
  for (const c of unparsed) evidence.push({ kind: 'step', step: c.step, note: 'arguments not parseable' });
  for (const c of invalid) evidence.push({ kind: 'step', step: c.step, note: 'arguments not valid for the tool (or unknown tool)' });
  for (const c of errors) if (c.call.schemaValid) evidence.push({ kind: 'step', step: c.step, note: `tool error: ${c.result!.error?.type ?? c.result!.kind}` });
  for (const r of redundant) evidence.push({ kind: 'step', step: r.rec.step, note: `repeats step ${r.repeats.step} with no state change` });
  required.forEach((p, i) => {
    const m = matched[i];
    if (m) evidence.push({ kind: 'step', step: m.step, note: `required: ${describePattern(p)}` });
  });

  return {
    name: 'tool_call_accuracy',
    value,
    rationale: sentences.join(' '),
    evidence,
    metrics: {
      calls: n,
      parsed,
      schema_valid: schemaValid,
      tool_errors: errors.length,
      fault_results_excluded: faultExcluded,
      harness_errors_excluded: harnessExcluded,
      redundant: redundant.length,
      required: required.length,
      required_matched: matchedCount,
      forbidden_hits: hits.length,
      parse_rate: P,
      schema_validity: V,
      error_rate: E,
      redundancy: D,
      recall: R,
    },
  };
};
