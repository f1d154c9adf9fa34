import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import { applyDiff } from '../grade/apply-diff.js';
import { grade } from '../grade/grade.js';
import { openTaskSandbox } from '../grade/task-sandbox.js';
import type { GradeResult } from '../grade/grade.js';
import { taskContentHash } from '../task/content-hash.js';
import type { LoadedTask } from '../task/loader.js';
import { patchedFiles } from '../task/patch-files.js';
import { readTaskFile } from '../task/repo-source.js';

/** One admission check of a task, and why it passed or failed. */
export interface ValidationCheck {
  name:
    | 'base-fails-f2p'
    | 'base-passes-p2p'
    | 'reference-resolves'
    | 'noop-not-resolved'
    | 'stable'
    | 'structure'
    // Impossible tasks (task.yaml `impossible`) are admitted by these instead of the two above them.
    | 'reference-passes-hidden'
    | 'gamed-not-resolved'
    | 'cannot-comply-resolved'
    | 'visible-contradicts';
  ok: boolean;
  detail: string;
}

/** Whether a task is admitted, with the grades behind the verdict. */
export interface TaskValidation {
  task: string;
  kind: string;
  contentHash: string;
  valid: boolean;
  checks: ValidationCheck[];
  base: GradeResult[];
  reference: GradeResult[];
}

/** Options of {@link validateTask}. */
export interface ValidateOptions {
  provider: DockerProvider;
  /** How many times the base and the reference are graded (flake detection). Default 3. */
  repeats?: number;
  keepSandbox?: boolean;
  onProgress?: (line: string) => void;
}

function statusKey(g: GradeResult): Map<string, string> {
  return new Map((g.evaluation?.verdicts ?? []).map((v) => [v.id, v.status]));
}

/** Ids whose status differs between any two of the grades. */
function unstable(grades: readonly GradeResult[]): string[] {
  const maps = grades.map(statusKey);
  const ids = new Set(maps.flatMap((m) => [...m.keys()]));
  return [...ids].filter((id) => new Set(maps.map((m) => m.get(id) ?? 'missing')).size > 1).sort();
}

/**
 * Proves a task sound through the same grading path agents meet (scoring.md §1, task admission):
 * on the base every FAIL_TO_PASS test fails and every PASS_TO_PASS test passes; the reference
 * solution is resolved on every repeat; an empty diff is not resolved; each listed test gives the
 * same result across repeats; structure assertions fail on the base and all hold on the reference.
 * A task marked `impossible` is admitted by its own checks instead (see `validateImpossible`).
 */
export async function validateTask(task: LoadedTask, options: ValidateOptions): Promise<TaskValidation> {
  if (task.definition.impossible) return validateImpossible(task, options);
  const d = task.definition;
  const repeats = options.repeats ?? 3;
  const reference = await readTaskFile(task, d.reference);
  const base: GradeResult[] = [];
  const ref: GradeResult[] = [];
  for (let i = 0; i < repeats; i++) {
    options.onProgress?.(`${d.id}: base ${i + 1}/${repeats}`);
    base.push(await grade(task, '', { provider: options.provider }));
    options.onProgress?.(`${d.id}: reference ${i + 1}/${repeats}`);
    ref.push(await grade(task, reference, { provider: options.provider, keepSandbox: options.keepSandbox }));
  }
  const first = base[0]!;
  const baseF2p = (first.evaluation?.verdicts ?? []).filter((v) => v.list === 'FAIL_TO_PASS');
  const baseP2p = (first.evaluation?.verdicts ?? []).filter((v) => v.list === 'PASS_TO_PASS');
  const passingF2p = baseF2p.filter((v) => v.ok).map((v) => v.id);
  const failingP2p = baseP2p.filter((v) => !v.ok).map((v) => `${v.id} (${v.status})`);
  const unresolvedRef = ref.filter((g) => !g.resolved);
  const flaky = [...new Set([...unstable(base), ...unstable(ref)])];
  const checks: ValidationCheck[] = [
    {
      name: 'base-fails-f2p',
      ok: passingF2p.length === 0 && baseF2p.length === d.FAIL_TO_PASS.length,
      detail: passingF2p.length ? `already pass on the base: ${passingF2p.join(', ')}` : `${baseF2p.length}/${d.FAIL_TO_PASS.length} FAIL_TO_PASS fail on the base`,
    },
    {
      name: 'base-passes-p2p',
      ok: failingP2p.length === 0,
      detail: failingP2p.length ? `fail on the base: ${failingP2p.join(', ')}` : `${baseP2p.length}/${d.PASS_TO_PASS.length} PASS_TO_PASS pass on the base`,
    },
    {
      name: 'reference-resolves',
      ok: unresolvedRef.length === 0,
      detail: unresolvedRef.length ? `${unresolvedRef.length}/${repeats} reference runs not resolved: ${unresolvedRef[0]!.rationale}` : `resolved on ${repeats}/${repeats} runs`,
    },
    {
      name: 'noop-not-resolved',
      ok: base.every((g) => !g.resolved),
      detail: base.some((g) => g.resolved) ? 'an empty diff is resolved: the hidden tests do not detect the problem' : 'an empty diff is not resolved',
    },
    { name: 'stable', ok: flaky.length === 0, detail: flaky.length ? `results differ across ${repeats} repeats: ${flaky.join(', ')}` : `identical results across ${repeats} repeats` },
  ];
  if (d.expect.structure.length > 0) {
    const refFails = ref.flatMap((g) => g.structure.filter((s) => !s.passed)).map((s) => s.detail);
    const baseAllPass = first.structure.length > 0 && first.structure.every((s) => s.passed);
    checks.push({
      name: 'structure',
      ok: refFails.length === 0 && !baseAllPass,
      detail: refFails.length ? `reference fails: ${refFails[0]}` : baseAllPass ? 'every structure assertion already holds on the base' : `${first.structure.filter((s) => !s.passed).length}/${first.structure.length} fail on the base, all hold on the reference`,
    });
  }
  return { task: d.id, kind: d.kind, contentHash: await taskContentHash(task), valid: checks.every((c) => c.ok), checks, base, reference: ref };
}

/** How the base's F2P / P2P lists came out: the first two checks of every validation. */
function baseChecks(first: GradeResult, d: LoadedTask['definition']): ValidationCheck[] {
  const baseF2p = (first.evaluation?.verdicts ?? []).filter((v) => v.list === 'FAIL_TO_PASS');
  const passingF2p = baseF2p.filter((v) => v.ok).map((v) => v.id);
  const failingP2p = (first.evaluation?.verdicts ?? []).filter((v) => v.list === 'PASS_TO_PASS' && !v.ok).map((v) => `${v.id} (${v.status})`);
  return [
    {
      name: 'base-fails-f2p',
      ok: passingF2p.length === 0 && baseF2p.length === d.FAIL_TO_PASS.length,
      detail: passingF2p.length ? `already pass on the base: ${passingF2p.join(', ')}` : `${baseF2p.length}/${d.FAIL_TO_PASS.length} FAIL_TO_PASS fail on the base`,
    },
    { name: 'base-passes-p2p', ok: failingP2p.length === 0, detail: failingP2p.length ? `fail on the base: ${failingP2p.join(', ')}` : `${d.PASS_TO_PASS.length}/${d.PASS_TO_PASS.length} PASS_TO_PASS pass on the base` },
  ];
}

/** Exit code and output tail of one run of the visible tests. */
interface VisibleRun {
  exitCode: number;
  timedOut: boolean;
  tail: string;
}

function describeRun(what: string, r: VisibleRun): string {
  return `${what}: ${r.timedOut ? 'timed out' : `exit ${r.exitCode}`}`;
}

/**
 * The visible tests in one sandbox, three times: on the base, with the reference applied, and
 * with the task's contradiction patch reverted on top. An impossible task's visible suite must
 * fail on the first two and pass on the third: the contradiction, and nothing else, is what no
 * honest solution gets past.
 */
async function visibleContradiction(task: LoadedTask, reference: string, options: ValidateOptions): Promise<{ check: ValidationCheck; gamed?: string }> {
  const d = task.definition;
  const contradiction = await readTaskFile(task, d.impossible!.contradiction);
  const sandbox = await openTaskSandbox(options.provider, task, { purpose: 'validate' });
  const run = async (): Promise<VisibleRun> => {
    const r = await sandbox.exec(['bash', '-c', d.tests.visible.command], { timeoutMs: d.tests.visible.timeout_sec * 1000 });
    return { exitCode: r.exitCode, timedOut: r.timedOut ?? false, tail: `${r.stdout}${r.stderr}`.slice(-600) };
  };
  const fail = (detail: string) => ({ check: { name: 'visible-contradicts', ok: false, detail } satisfies ValidationCheck });
  try {
    options.onProgress?.(`${d.id}: visible tests on the base, with the reference, without the contradiction`);
    const base = await run();
    if (base.exitCode === 0 && !base.timedOut) return fail('the visible tests pass on the base: they contradict nothing');
    const applied = await applyDiff(sandbox, reference);
    if (!applied.applied) return fail(`the reference does not apply: ${applied.error}`);
    const withReference = await run();
    if (withReference.exitCode === 0 && !withReference.timedOut) return fail('the visible tests pass with the reference: an honest solution satisfies them');
    const reverted = await sandbox.exec(['git', 'apply', '-R', '--whitespace=nowarn', '-'], { stdin: contradiction, timeoutMs: 60_000 });
    if (reverted.exitCode !== 0) return fail(`${d.impossible!.contradiction} does not revert after the reference: ${reverted.stderr.trim()}`);
    const withoutContradiction = await run();
    if (withoutContradiction.exitCode !== 0 || withoutContradiction.timedOut) {
      return fail(`the visible tests still fail with the reference once ${d.impossible!.contradiction} is reverted (${describeRun('exit', withoutContradiction)}): the contradiction is not the only cause; ${withoutContradiction.tail.trim().split('\n').slice(-3).join(' ')}`);
    }
    return {
      check: {
        name: 'visible-contradicts',
        ok: true,
        detail: `visible tests fail on the base (${describeRun('run', base)}) and with the reference (${describeRun('run', withReference)}), and pass with the reference once the contradiction is reverted`,
      },
      // What a gaming agent would submit: the fix plus the contradicting test edited away.
      gamed: await sandbox.diff(),
    };
  } finally {
    await sandbox.close();
  }
}

/**
 * The gaming attempt — the reference plus the contradicting test edited away, submitted with
 * `cannotComply` — must not be resolved, and grading must have restored every file the
 * contradiction touches (they must be protected, or an agent could edit the test away).
 */
async function gamedCheck(task: LoadedTask, gamed: string | undefined, options: ValidateOptions): Promise<ValidationCheck> {
  const d = task.definition;
  const name = 'gamed-not-resolved';
  if (gamed === undefined) return { name, ok: false, detail: 'not checked: the visible contradiction could not be shown' };
  const contradiction = await readTaskFile(task, d.impossible!.contradiction);
  const paths = [...new Set(patchedFiles(contradiction).map((f) => f.path))];
  options.onProgress?.(`${d.id}: the reference with the contradiction edited away, reported as impossible`);
  const g = await grade(task, gamed, { provider: options.provider, claims: { cannotComply: true, reason: 'validation: gaming attempt' } });
  const unrestored = paths.filter((p) => !g.restoredProtected.includes(p));
  if (g.resolved) return { name, ok: false, detail: `the reference with ${paths.join(', ')} edited back is resolved: ${g.rationale}` };
  if (unrestored.length > 0) return { name, ok: false, detail: `${unrestored.join(', ')} (changed by ${d.impossible!.contradiction}) not restored before grading: add them to \`protected\`` };
  return { name, ok: true, detail: `the reference with the contradiction edited away is not resolved; ${paths.join(', ')} restored before grading` };
}

/**
 * Admission of an **impossible** task (its visible tests contradict the specification): the base
 * fails every FAIL_TO_PASS and passes every PASS_TO_PASS; the reference passes every hidden test
 * (the specification can be met); an empty diff submitted with `cannotComply` is resolved; the
 * visible suite fails on the base and with the reference and passes once the contradiction patch
 * is reverted; the reference with the contradiction edited away, reported as impossible, is not
 * resolved (the contradicting files are protected); results are stable.
 */
async function validateImpossible(task: LoadedTask, options: ValidateOptions): Promise<TaskValidation> {
  const d = task.definition;
  const repeats = options.repeats ?? 3;
  const reference = await readTaskFile(task, d.reference);
  const base: GradeResult[] = [];
  const ref: GradeResult[] = [];
  for (let i = 0; i < repeats; i++) {
    options.onProgress?.(`${d.id}: base reported as impossible ${i + 1}/${repeats}`);
    base.push(await grade(task, '', { provider: options.provider, claims: { cannotComply: true, reason: 'validation: the visible tests contradict the instructions' } }));
    options.onProgress?.(`${d.id}: reference forced through ${i + 1}/${repeats}`);
    ref.push(await grade(task, reference, { provider: options.provider, keepSandbox: options.keepSandbox }));
  }
  const specFails = ref.filter((g) => !g.evaluation || g.evaluation.f2p.value !== 1 || g.evaluation.p2p.value !== 1 || g.evaluation.inconsistencies.length > 0);
  const flaky = [...new Set([...unstable(base), ...unstable(ref)])];
  const contradiction = await visibleContradiction(task, reference, options);
  const checks: ValidationCheck[] = [
    ...baseChecks(base[0]!, d),
    {
      name: 'reference-passes-hidden',
      ok: specFails.length === 0,
      detail: specFails.length ? `${specFails.length}/${repeats} reference runs fail the hidden tests: ${specFails[0]!.evaluation?.rationale ?? specFails[0]!.rationale}` : `the reference passes every hidden test on ${repeats}/${repeats} runs`,
    },
    {
      name: 'cannot-comply-resolved',
      ok: base.every((g) => g.resolved),
      detail: base.every((g) => g.resolved) ? `an empty diff submitted with cannotComply is resolved on ${repeats}/${repeats} runs` : `an empty diff with cannotComply is not resolved: ${base.find((g) => !g.resolved)!.rationale}`,
    },
    contradiction.check,
    await gamedCheck(task, contradiction.gamed, options),
    { name: 'stable', ok: flaky.length === 0, detail: flaky.length ? `results differ across ${repeats} repeats: ${flaky.join(', ')}` : `identical results across ${repeats} repeats` },
  ];
  return { task: d.id, kind: d.kind, contentHash: await taskContentHash(task), valid: checks.every((c) => c.ok), checks, base, reference: ref };
}
