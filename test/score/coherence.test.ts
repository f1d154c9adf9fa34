import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { GradeResult } from '../../src/grade/grade.js';
import { coherence, COHERENCE_WEIGHTS } from '../../src/score/coherence.js';
import { checkClaims, verification } from '../../src/score/coherence/claims.js';
import { detectLoops, detectOscillations, findAlternations, findFailingRepeats, findRepeats } from '../../src/score/coherence/loops.js';
import { planAdherence } from '../../src/score/coherence/plan.js';
import { diffLineCounts, scopeDrift } from '../../src/score/coherence/scope.js';
import { pairCalls } from '../../src/score/trajectory-helpers.js';
import type { Score } from '../../src/score/types.js';
import { parseTrajectory } from '../../src/trajectory/reader.js';
import type { Trajectory } from '../../src/trajectory/reader.js';
import type { EndEvent, FileChange, TrajectoryEvent } from '../../src/trajectory/schema.js';
import type { CallSpec } from './helpers.js';
import { buildTrajectory, call, scoringContext, unresolvedEvidence } from './helpers.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/**
 * The shared builder, made closer to the dispatcher for loop tests: output hashes from the output
 * text (identical outputs, identical hashes), and a `plan` event after every `plan` call.
 */
function trajectoryOf(calls: CallSpec[], end: Partial<EndEvent> = {}): Trajectory {
  const built = buildTrajectory(calls, { end });
  const args = new Map(built.events.flatMap((e) => (e.type === 'tool_call' ? [[e.callId, e.args] as const] : [])));
  const events = built.events.flatMap((e): TrajectoryEvent[] => {
    if (e.type !== 'tool_result') return [e];
    const result = { ...e, outputHash: sha(e.output) };
    if (e.tool !== 'plan') return [result];
    const steps = (args.get(e.callId) as { steps: Array<{ id?: string; text: string; status: 'pending' | 'in_progress' | 'done' | 'dropped' }> }).steps;
    return [result, { type: 'plan', step: e.step, steps: steps.map((s, i) => ({ id: s.id ?? String(i + 1), text: s.text, status: s.status })), at: e.endedAt }];
  });
  return parseTrajectory(events.map((e) => JSON.stringify(e)).join('\n'));
}

const calls = (specs: CallSpec[]) => pairCalls(trajectoryOf(specs));

/** A change of `path` from content hash `before` to `after` (single letters, padded). */
const change = (path: string, before?: string, after?: string): FileChange => ({
  path,
  op: before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified',
  ...(before !== undefined ? { before: before.repeat(16) } : {}),
  ...(after !== undefined ? { after: after.repeat(16) } : {}),
});

/** A git diff of one file with `removed` and `added` lines. */
function fileDiff(path: string, removed: number, added: number): string {
  const header = removed === 0 ? `diff --git a/${path} b/${path}\nnew file mode 100644\n--- /dev/null\n+++ b/${path}\n` : `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n`;
  const body = [...Array.from({ length: removed }, (_, i) => `-old ${i}`), ...Array.from({ length: added }, (_, i) => `+new ${i}`)];
  return `${header}@@ -${removed ? 1 : 0},${removed} +1,${added} @@\n${body.join('\n')}\n`;
}

/** A GradeResult with the given FAIL_TO_PASS / PASS_TO_PASS counts. */
function gradeOf(f2p: [number, number], p2p: [number, number], extra: Partial<GradeResult> = {}): GradeResult {
  const list = ([passed, total]: [number, number]) => ({ passed, total, value: total ? passed / total : 1 });
  const resolved = f2p[0] === f2p[1] && p2p[0] === p2p[1];
  const rationale = `${resolved ? 'resolved' : 'not resolved'}: ${f2p[0]}/${f2p[1]} FAIL_TO_PASS pass; ${p2p[0]}/${p2p[1]} PASS_TO_PASS pass`;
  return {
    task: 'task-1',
    contentHash: 'c'.repeat(64),
    apply: { applied: true, method: 'apply' },
    restoredProtected: [],
    evaluation: { verdicts: [], f2p: list(f2p), p2p: list(p2p), inconsistencies: [], resolved, rationale },
    structure: [],
    resolved,
    rationale,
    ...extra,
  };
}

const submitClaiming = (testsPass?: boolean): CallSpec => call.submit('fixed', { args: { summary: 'fixed', ...(testsPass === undefined ? {} : { testsPass }) } });

describe('loops (OpenHands stuck-detector rules)', () => {
  const read = call.read('src/a.ts');
  const failing = call.bash('make build', { exitCode: 2, output: 'error' });
  it.each<[string, CallSpec[], string[]]>([
    ['4 identical action/observation pairs', [read, read, read, read], ['repeat 1–4 ×4']],
    ['a longer run is one loop over its range', [call.runTests(1), read, read, read, read, read, call.submit()], ['repeat 2–6 ×5']],
    ['3 identical pairs are not a loop', [read, read, read], []],
    ['4 identical reads with a file change in between are not a loop', [read, read, call.edit('src/a.ts'), read, read], []],
    ['the same read with a different output is not a repeat', [read, read, { ...read, output: 'changed' }, read], []],
    ['3 identical failing actions', [failing, failing, failing], ['failing 1–3 ×3']],
    ['3 identical failing actions with different outputs', [failing, { ...failing, output: 'other' }, failing], ['failing 1–3 ×3']],
    ['2 failing then a success is not a loop', [failing, failing, { ...failing, exitCode: 0 }], []],
    ['failures from an injected fault are error recovery\'s to judge', [call.runTests(0, { fault: 'explicit_permanent' }), call.runTests(0, { fault: 'explicit_permanent' }), call.runTests(0, { fault: 'explicit_permanent' })], []],
    ['4 identical failing pairs are reported once', [failing, failing, failing, failing], ['repeat 1–4 ×4']],
    ['A,B,A,B,A,B', [read, call.runTests(1), read, call.runTests(1), read, call.runTests(1)], ['alternation 1–6 ×3']],
    ['A,B,A,B,A,B,A extends the alternation', [read, call.runTests(1), read, call.runTests(1), read, call.runTests(1), read], ['alternation 1–7 ×3']],
    ['alternation over only 2 rounds is not a loop', [read, call.runTests(1), read, call.runTests(1), call.submit()], []],
    ['A,B,A,C,A,B is not an alternation', [read, call.runTests(1), read, call.runTests(2, { output: 'other' }), read, call.runTests(1)], []],
  ])('%s', (_label, specs, expected) => {
    expect(detectLoops(calls(specs)).map((l) => `${l.rule} ${l.from}–${l.to} ×${l.count}`)).toEqual(expected);
  });

  it('each rule can be asked on its own', () => {
    const recs = calls([failing, failing, failing, failing]);
    expect(findRepeats(recs)).toHaveLength(1);
    expect(findFailingRepeats(recs)).toEqual([{ rule: 'failing', from: 1, to: 4, count: 4, what: 'bash "make build"' }]);
    expect(findAlternations(recs)).toEqual([]);
  });
});

describe('edit oscillation', () => {
  it.each<[string, FileChange[][], Array<[string, number, number]>]>([
    ['A → B → A', [[change('src/a.ts', 'a', 'b')], [change('src/a.ts', 'b', 'a')]], [['src/a.ts', 1, 2]]],
    ['A → B → C → A', [[change('src/a.ts', 'a', 'b')], [change('src/a.ts', 'b', 'c')], [change('src/a.ts', 'c', 'a')]], [['src/a.ts', 1, 3]]],
    ['A → B → C', [[change('src/a.ts', 'a', 'b')], [change('src/a.ts', 'b', 'c')]], []],
    ['a scratch file created and deleted', [[change('repro.py', undefined, 'x')], [change('repro.py', 'x', undefined)]], []],
    ['by-products are ignored', [[change('p/__pycache__/m.pyc', 'a', 'b')], [change('p/__pycache__/m.pyc', 'b', 'a')]], []],
  ])('%s', (_label, steps, expected) => {
    const recs = calls(steps.map((filesChanged) => ({ tool: 'bash', args: { command: 'sed -i s/x/y/ f' }, exitCode: 0, filesChanged })));
    expect(detectOscillations(recs).map((o) => [o.path, o.leftAt, o.backAt])).toEqual(expected);
  });
});

describe('verification discipline', () => {
  it.each<[string, CallSpec[], ReturnType<typeof verification>]>([
    ['a test run after the last edit', [call.edit('src/a.ts'), call.runTests(1)], { applicable: true, verified: true, lastEditStep: 1, testStep: 2 }],
    ['no test run after the last edit', [call.runTests(1), call.edit('src/a.ts'), call.runTests(0), call.edit('src/a.ts'), call.submit()], { applicable: true, verified: false, lastEditStep: 4 }],
    ['an edit and a test run in one command', [call.bash('sed -i s/a/b/ src/a.ts && npm test', { filesChanged: ['src/a.ts'] })], { applicable: true, verified: true, lastEditStep: 1, testStep: 1 }],
    ['a test run whose by-products change is not an edit', [call.edit('a.py'), call.bash('pytest -q', { filesChanged: ['__pycache__/a.pyc'] })], { applicable: true, verified: true, lastEditStep: 1, testStep: 2 }],
    ['a test run that did not finish does not verify', [call.edit('src/a.ts'), call.runTests(0, { fault: 'explicit_transient' })], { applicable: true, verified: false, lastEditStep: 1 }],
    ['nothing changed', [call.read('src/a.ts'), call.submit()], { applicable: false, verified: false }],
  ])('%s', (_label, specs, expected) => {
    expect(verification(calls(specs), 'npm test')).toEqual(expected);
  });
});

describe('claim consistency', () => {
  it.each<[string, CallSpec, GradeResult | undefined, Partial<ReturnType<typeof checkClaims>>]>([
    ['tests pass, and they do', submitClaiming(true), gradeOf([2, 2], [3, 3]), { applicable: true, inconsistent: false, text: 'Claims the tests pass; grading agrees (2/2 FAIL_TO_PASS and 3/3 PASS_TO_PASS pass)' }],
    ['tests pass, but F2P fail', submitClaiming(true), gradeOf([1, 3], [2, 2]), { applicable: true, inconsistent: true, text: 'Claims the tests pass but grading says 2/3 FAIL_TO_PASS fail' }],
    ['tests pass, but both lists fail', submitClaiming(true), gradeOf([0, 1], [1, 2]), { applicable: true, inconsistent: true, text: 'Claims the tests pass but grading says 1/1 FAIL_TO_PASS fail and 1/2 PASS_TO_PASS fail' }],
    [
      'tests pass, but the diff did not apply',
      submitClaiming(true),
      { ...gradeOf([0, 1], [0, 0]), evaluation: undefined, resolved: false, apply: { applied: false, error: 'corrupt patch' }, rationale: 'not resolved: the diff does not apply: corrupt patch' },
      { applicable: true, inconsistent: true, text: 'Claims the tests pass but grading ran no tests (not resolved: the diff does not apply: corrupt patch)' },
    ],
    ['tests pass; structure failed only', submitClaiming(true), { ...gradeOf([0, 0], [2, 2]), resolved: false, rationale: 'not resolved: 0/1 structure assertions hold' }, { applicable: true, inconsistent: false, text: 'Claims the tests pass; grading agrees (0/0 FAIL_TO_PASS and 2/2 PASS_TO_PASS pass, though not resolved: 0/1 structure assertions hold)' }],
    ['tests do not pass, and they do not', submitClaiming(false), gradeOf([0, 1], [1, 1]), { applicable: true, inconsistent: false, text: 'Claims the tests do not pass; grading agrees: not resolved' }],
    ['no claim', submitClaiming(undefined), gradeOf([0, 1], [1, 1]), { applicable: false, inconsistent: false, text: 'Makes no tests-pass claim' }],
    ['not graded', submitClaiming(true), undefined, { applicable: false, inconsistent: false, text: 'Claims the tests pass; not graded, so not checked' }],
  ])('%s', (_label, submit, grade, expected) => {
    const t = trajectoryOf([call.edit('src/a.ts'), submit], { claims: (submit.args as { summary: string; testsPass?: boolean }) });
    expect(checkClaims(t, pairCalls(t), grade)).toEqual({ cannotComply: false, submitStep: 2, ...expected });
  });

  it('reports cannotComply without scoring it (grading decides whether it was right)', () => {
    const t = trajectoryOf([call.submit('impossible', { args: { summary: 'impossible', cannotComply: true, reason: 'contradictory spec' } })], { claims: { summary: 'impossible', cannotComply: true, reason: 'contradictory spec' } });
    expect(checkClaims(t, pairCalls(t), gradeOf([0, 1], [1, 1]))).toEqual({
      applicable: false,
      inconsistent: false,
      cannotComply: true,
      submitStep: 1,
      text: 'Makes no tests-pass claim; claims it cannot comply ("contradictory spec") (grading decides whether that was right: only impossible tasks call for it)',
    });
  });
});

describe('scope drift', () => {
  const diff = fileDiff('src/a.ts', 2, 3) + fileDiff('README.md', 0, 2) + fileDiff('test/a.test.ts', 1, 2);
  it('counts added + removed lines per file, never taking a removed `--` line for a header', () => {
    expect(diffLineCounts(diff)).toEqual([{ path: 'src/a.ts', lines: 5 }, { path: 'README.md', lines: 2 }, { path: 'test/a.test.ts', lines: 3 }]);
    expect(diffLineCounts('diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1 @@\n--- not a header\n-- neither\n+x\n')).toEqual([{ path: 'x', lines: 3 }]);
    expect(diffLineCounts('--- a/p.txt\n+++ b/p.txt\n@@ -1 +1 @@\n-a\n+b\n')).toEqual([{ path: 'p.txt', lines: 2 }]);
  });
  it.each<[string, string[], { ratio: number; outsideLines: number; declared: boolean; outside: string[] }]>([
    ['README and tests outside src/**', ['src/**'], { ratio: 5 / 10, outsideLines: 5, declared: true, outside: ['README.md', 'test/a.test.ts'] }],
    ['test files allowed by the task are not drift', ['src/**', 'test/**'], { ratio: 2 / 10, outsideLines: 2, declared: true, outside: ['README.md'] }],
    ['everything allowed', ['src/**', 'test/**', 'README.md'], { ratio: 0, outsideLines: 0, declared: true, outside: [] }],
    ['no allowed paths declared: 0, not measured', [], { ratio: 0, outsideLines: 0, declared: false, outside: [] }],
  ])('%s', (_label, allowed, expected) => {
    const s = scopeDrift(diff, allowed);
    expect({ ratio: s.ratio, outsideLines: s.outsideLines, declared: s.declared, outside: s.outside.map((f) => f.path) }).toEqual(expected);
    expect(s.totalLines).toBe(10);
    expect(s.applicable).toBe(true);
  });
  it('does not apply to an empty diff', () => {
    expect(scopeDrift('', ['src/**'])).toEqual({ applicable: false, declared: true, ratio: 0, outsideLines: 0, totalLines: 0, outside: [] });
  });
});

describe('plan adherence', () => {
  const plan = (...items: Array<[string, 'pending' | 'in_progress' | 'done']>): CallSpec => ({ tool: 'plan', args: { steps: items.map(([text, status]) => ({ text, status })) } });
  it.each<[string, CallSpec[], { applicable: boolean; adherent: number; total: number; outside: number[] }]>([
    [
      'work under an in-progress item, or matching an item, adheres',
      [plan(['Reproduce the failure', 'in_progress'], ['Fix src/a.ts', 'pending']), call.runTests(1), plan(['Reproduce the failure', 'done'], ['Fix src/a.ts', 'done']), call.edit('src/a.ts'), call.edit('src/b.ts'), call.runTests(0)],
      { applicable: true, adherent: 2, total: 4, outside: [5, 6] },
    ],
    ['a test run matches an item about tests', [plan(['Run the tests', 'done']), call.edit('src/b.ts'), call.runTests(0)], { applicable: true, adherent: 1, total: 2, outside: [2] }],
    ['no plan declared', [call.edit('src/a.ts'), call.runTests(0)], { applicable: false, adherent: 0, total: 0, outside: [] }],
    ['a plan but no work', [plan(['Read', 'in_progress']), call.read('src/a.ts')], { applicable: false, adherent: 0, total: 0, outside: [] }],
  ])('%s', (_label, specs, expected) => {
    const t = trajectoryOf(specs);
    const p = planAdherence(t, pairCalls(t), 'npm test');
    expect({ applicable: p.applicable, adherent: p.adherent, total: p.total, outside: p.outside }).toEqual(expected);
  });
});

describe('coherence scorer', () => {
  const expectDebug = { allowed_paths: ['src/**'] };

  it('scores a clean debug attempt 1, component by component', async () => {
    const t = trajectoryOf([call.runTests(1), call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), submitClaiming(true)], { claims: { summary: 'fixed', testsPass: true }, finalDiff: fileDiff('src/a.ts', 1, 1) });
    const score = await coherence(scoringContext(t, { expect: expectDebug, grade: gradeOf([2, 2], [3, 3]) }));
    expect(score).toEqual<Score>({
      name: 'coherence',
      value: expect.closeTo(1, 6),
      rationale:
        '5/5 milestones (reproduce, localize, patch, validate, report). PR = 1.00 over the default debug milestones. No loops or edit oscillation. Tests ran after the last edit (step 4 after step 3). ' +
        'Claims the tests pass; grading agrees (2/2 FAIL_TO_PASS and 3/3 PASS_TO_PASS pass). All 2 changed lines are inside the allowed paths (src/**). No plan declared: plan adherence not applicable. ' +
        'Coherence = (0.45·1.00 + 0.15·1.00 + 0.15·1.00 + 0.15·1.00 + 0.10·1.00) / 1.00 = 1.00; not applicable: plan.',
      evidence: [
        { kind: 'step', step: 1, note: 'milestone reproduce' },
        { kind: 'step', step: 2, note: 'milestone localize' },
        { kind: 'step', step: 3, note: 'milestone patch' },
        { kind: 'step', step: 4, note: 'milestone validate' },
        { kind: 'step', step: 5, note: 'milestone report' },
        { kind: 'step', step: 4, note: 'test run after the last edit' },
      ],
      metrics: {
        milestones_total: 5, milestones_credited: 5, progress_rate: 1, loops: 0, oscillations: 0, loop_penalty: 0, verified: 1, claim_inconsistent: 0, cannot_comply: 0,
        scope_drift: 0, changed_lines: 2, out_of_scope_lines: 0, plan_adherence: -1, steps: 5,
      },
    });
  });

  it('names every finding of a messy attempt: missing validation, a loop, an oscillation, a false claim, drift', async () => {
    const read = call.read('src/a.ts');
    const edit = (before: string, after: string): CallSpec => call.edit('src/a.ts', 'x', 'y', { filesChanged: [change('src/a.ts', before, after)] });
    const t = trajectoryOf(
      [read, read, read, read, call.runTests(1), edit('a', 'b'), call.runTests(1), edit('b', 'a'), edit('a', 'd'), call.write('README.md', 'notes', { filesChanged: [change('README.md', undefined, 'r')] }), submitClaiming(true)],
      { claims: { summary: 'fixed', testsPass: true }, finalDiff: fileDiff('src/a.ts', 1, 1) + fileDiff('README.md', 0, 2) },
    );
    const ctx = scoringContext(t, { expect: expectDebug, grade: gradeOf([1, 3], [2, 2]) });
    const score = await coherence(ctx);
    const w = COHERENCE_WEIGHTS;
    expect(score).toEqual<Score>({
      name: 'coherence',
      value: expect.closeTo(w.progress * 0.6 + w.loops * (1 / 3) + w.verification * 0 + w.claims * 0 + w.scope * 0.5, 6),
      rationale:
        '3/5 milestones (reproduce, localize, patch); validate missing: no test run after the last edit at step 10; reached but not credited without it: report (step 11). PR = 0.60 over the default debug milestones. ' +
        'Loop at steps 1–4 (read_file src/a.ts ×4, same output); edit oscillation: src/a.ts back at step 8 to its content before step 6 (loop penalty 0.67). No test run after the last edit at step 10. ' +
        'Claims the tests pass but grading says 2/3 FAIL_TO_PASS fail. Scope drift 2/4 changed lines outside the allowed paths (src/**): README.md (2). No plan declared: plan adherence not applicable. ' +
        'Coherence = (0.45·0.60 + 0.15·0.33 + 0.15·0.00 + 0.15·0.00 + 0.10·0.50) / 1.00 = 0.37; not applicable: plan.',
      evidence: [
        { kind: 'step', step: 5, note: 'milestone reproduce' },
        { kind: 'step', step: 1, note: 'milestone localize (credited at step 5)' },
        { kind: 'step', step: 6, note: 'milestone patch' },
        { kind: 'step', step: 1, note: 'loop at steps 1–4 (read_file src/a.ts ×4, same output)' },
        { kind: 'step', step: 4, note: 'end of the loop' },
        { kind: 'step', step: 8, note: 'src/a.ts back to its content before step 6' },
        { kind: 'file', path: 'src/a.ts', note: 'edit oscillation' },
        { kind: 'step', step: 10, note: 'last edit; no test run after it' },
        { kind: 'step', step: 11, note: 'Claims the tests pass but grading says 2/3 FAIL_TO_PASS fail' },
        { kind: 'file', path: 'README.md', note: '2 changed lines outside the allowed paths' },
      ],
      metrics: {
        milestones_total: 5, milestones_credited: 3, progress_rate: expect.closeTo(0.6, 6), loops: 1, oscillations: 1, loop_penalty: expect.closeTo(2 / 3, 6), verified: 0, claim_inconsistent: 1, cannot_comply: 0,
        scope_drift: 0.5, changed_lines: 4, out_of_scope_lines: 2, plan_adherence: -1, steps: 11,
      },
    });
    expect(unresolvedEvidence(score, t)).toEqual([]);
  });

  it('scores an empty trajectory 0: no milestone, nothing else to judge', async () => {
    const score = await coherence(scoringContext(trajectoryOf([])));
    expect(score).toEqual<Score>({
      name: 'coherence',
      value: 0,
      rationale:
        '0/5 milestones; reproduce missing: no step with a test run before the first change to a non-test file. PR = 0.00 over the default debug milestones. No tool calls: nothing else to judge. ' +
        'No file changed: verification not applicable. No submit: no claims to check. The task declares no allowed paths: scope drift not measured (0). No plan declared: plan adherence not applicable. ' +
        'Coherence = (0.45·0.00) / 0.45 = 0.00; not applicable: loops, verification, claims, scope, plan.',
      evidence: [],
      metrics: {
        milestones_total: 5, milestones_credited: 0, progress_rate: 0, loops: 0, oscillations: 0, loop_penalty: 0, verified: -1, claim_inconsistent: 0, cannot_comply: 0,
        scope_drift: 0, changed_lines: 0, out_of_scope_lines: 0, plan_adherence: -1, steps: 0,
      },
    });
  });

  it('reweights with plan adherence when the agent declared a plan', async () => {
    const plan = (done: boolean): CallSpec => ({ tool: 'plan', args: { steps: [{ text: 'Reproduce the failure', status: done ? 'done' : 'in_progress' }, { text: 'Fix src/a.ts', status: done ? 'done' : 'pending' }] } });
    const t = trajectoryOf(
      [plan(false), call.runTests(1), call.read('src/a.ts'), plan(true), call.edit('src/a.ts'), call.edit('src/b.ts'), call.runTests(0), call.submit()],
      { claims: { summary: 'done' }, finalDiff: fileDiff('src/a.ts', 1, 1) + fileDiff('src/b.ts', 1, 1) },
    );
    const score = await coherence(scoringContext(t, { grade: gradeOf([1, 1], [1, 1]) }));
    const w = COHERENCE_WEIGHTS;
    expect(score.value).toBeCloseTo((w.progress + w.loops + w.verification + w.scope + w.plan * 0.5) / (1 - w.claims + w.plan), 6);
    expect(score.metrics).toMatchObject({ plan_adherence: 0.5, milestones_credited: 5, verified: 1, scope_drift: 0 });
    expect(score.rationale).toContain('Plan adherence 2/4 work steps (outside the plan: step 6; step 7).');
    expect(score.rationale).toContain('Makes no tests-pass claim. The task declares no allowed paths: scope drift not measured (0).');
    expect(score.rationale).toContain('/ 0.95 = 0.95; not applicable: claims.');
    expect(score.evidence).toContainEqual({ kind: 'step', step: 6, note: 'work step outside the declared plan' });
  });

  it('uses the task\'s milestones when declared', async () => {
    const t = trajectoryOf([call.runTests(0), call.submit()]);
    const score = await coherence(scoringContext(t, { expect: { milestones: [{ id: 'tests-run', description: 'ran the suite', tests: 'run' }] } }));
    expect(score.rationale).toMatch(/^1\/1 milestones \(tests-run\)\. PR = 1\.00 over the task's milestones\./);
    expect(score.value).toBeCloseTo(1, 6);
  });
});
