import type { Evidence, Score, ScoringContext } from './types.js';

const NOT_GRADED = 'the attempt was not graded (harness error)';

/** `resolved`, `f2p` and `p2p`, straight from grading (SWE-bench semantics, scoring.md §1). */
export function gradingScores(ctx: ScoringContext): Score[] {
  const g = ctx.grade;
  if (!g) return (['resolved', 'f2p', 'p2p'] as const).map((name) => ({ name, value: null, notApplicable: NOT_GRADED, rationale: NOT_GRADED, evidence: [], metrics: {} }));
  const verdicts = g.evaluation?.verdicts ?? [];
  const testEvidence = (list: string): Evidence[] =>
    verdicts.filter((v) => v.list === list).map((v) => ({ kind: 'test', id: v.id, note: v.ok ? 'passes' : `${v.status}${v.message ? `: ${v.message.split('\n')[0]}` : ''}` }));
  const restored: Evidence[] = g.restoredProtected.map((p) => ({ kind: 'file', path: p, note: 'protected path the diff changed, restored before testing' }));
  const f2p = g.evaluation?.f2p ?? { passed: 0, total: ctx.task.FAIL_TO_PASS.length, value: 0 };
  const p2p = g.evaluation?.p2p ?? { passed: 0, total: ctx.task.PASS_TO_PASS.length, value: 0 };
  const notApplied = g.apply.applied ? '' : ` (the diff does not apply: ${g.apply.error})`;
  return [
    {
      name: 'resolved',
      value: g.resolved ? 1 : 0,
      passed: g.resolved,
      rationale: g.rationale,
      evidence: [...testEvidence('FAIL_TO_PASS').filter((e) => e.note !== 'passes'), ...testEvidence('PASS_TO_PASS').filter((e) => e.note !== 'passes'), ...restored],
      metrics: { applied: g.apply.applied ? 1 : 0, restored_protected: g.restoredProtected.length, inconsistencies: g.evaluation?.inconsistencies.length ?? 0 },
    },
    {
      name: 'f2p',
      value: g.apply.applied ? f2p.value : 0,
      passed: g.apply.applied && f2p.value === 1,
      rationale: `${f2p.passed}/${f2p.total} FAIL_TO_PASS tests pass${notApplied}${f2p.total === 0 ? ' (none declared: 1 by definition)' : ''}`,
      evidence: testEvidence('FAIL_TO_PASS'),
      metrics: { passed: f2p.passed, total: f2p.total },
    },
    {
      name: 'p2p',
      value: g.apply.applied ? p2p.value : 0,
      passed: g.apply.applied && p2p.value === 1,
      rationale: `${p2p.passed}/${p2p.total} PASS_TO_PASS tests pass or are skipped${notApplied}`,
      evidence: testEvidence('PASS_TO_PASS'),
      metrics: { passed: p2p.passed, total: p2p.total },
    },
  ];
}

/** `structure`: the task's tree-sitter assertions on the final tree; null when the task declares none. */
export function structureScore(ctx: ScoringContext): Score {
  const results = ctx.grade?.structure ?? [];
  if (ctx.task.expect.structure.length === 0) {
    return { name: 'structure', value: null, notApplicable: 'the task declares no structure assertions', rationale: 'the task declares no structure assertions', evidence: [], metrics: {} };
  }
  if (!ctx.grade || results.length === 0) {
    const why = !ctx.grade ? NOT_GRADED : 'the diff did not apply, so the final tree was not checked';
    return { name: 'structure', value: ctx.grade ? 0 : null, ...(ctx.grade ? {} : { notApplicable: why }), rationale: why, evidence: [], metrics: { assertions: ctx.task.expect.structure.length, held: 0 } };
  }
  const held = results.filter((r) => r.passed).length;
  return {
    name: 'structure',
    value: held / results.length,
    passed: held === results.length,
    rationale: `${held}/${results.length} structure assertions hold${held < results.length ? `: ${results.filter((r) => !r.passed).map((r) => r.detail).join('; ')}` : ''}`,
    evidence: results.flatMap((r) => r.evidence.map((e): Evidence => ({ kind: 'file', path: e.file, ...(e.line ? { line: e.line } : {}), note: `${r.passed ? 'holds' : 'fails'}: ${r.assertion.check}${e.symbol ? ` ${e.symbol}` : ''}` }))),
    metrics: { assertions: results.length, held },
  };
}
