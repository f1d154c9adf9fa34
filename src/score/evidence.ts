import { patchedFiles } from '../task/patch-files.js';
import type { Evidence, Finding, Score, ScoringContext } from './types.js';

/**
 * Checks that every evidence item resolves: a step exists in the trajectory, a test id belongs to
 * the task (FAIL_TO_PASS / PASS_TO_PASS), a path is in the final diff, was changed by a call, was
 * restored by grading or is named by the task's structure assertions. Returns one message per item
 * that does not; empty means every item a reviewer follows leads somewhere.
 */
export function unresolvedEvidence(ctx: ScoringContext, scores: readonly Score[], findings: readonly Finding[] = []): string[] {
  const steps = new Set<number>();
  const paths = new Set<string>();
  for (const e of ctx.trajectory.events) {
    if (e.type === 'tool_call' || e.type === 'tool_result' || e.type === 'plan') steps.add(e.step);
    if (e.type === 'tool_result') for (const f of e.filesChanged) paths.add(f.path);
  }
  for (const f of patchedFiles(ctx.trajectory.end?.finalDiff ?? '')) {
    paths.add(f.path);
    if (f.from) paths.add(f.from);
  }
  for (const p of ctx.grade?.restoredProtected ?? []) paths.add(p);
  for (const a of ctx.task.expect.structure) {
    if ('file' in a) paths.add(a.file);
    else {
      paths.add(a.from.file);
      paths.add(a.to.file);
    }
  }
  const tests = new Set([...ctx.task.FAIL_TO_PASS, ...ctx.task.PASS_TO_PASS]);
  const problems: string[] = [];
  const check = (owner: string, e: Evidence) => {
    if (e.kind === 'step' && !steps.has(e.step)) problems.push(`${owner}: step ${e.step} is not in the trajectory`);
    if (e.kind === 'test' && !tests.has(e.id)) problems.push(`${owner}: test ${JSON.stringify(e.id)} is not a FAIL_TO_PASS or PASS_TO_PASS test of ${ctx.task.id}`);
    if (e.kind === 'file' && !paths.has(e.path)) problems.push(`${owner}: ${e.path} is not in the diff, a call's changes or the task's assertions`);
  };
  for (const s of scores) for (const e of s.evidence) check(s.name, e);
  for (const f of findings) for (const e of f.evidence) check(`finding ${f.id}`, e);
  return problems;
}
