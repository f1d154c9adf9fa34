import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import { grade } from '../grade/grade.js';
import type { GradeResult } from '../grade/grade.js';
import { taskContentHash } from '../task/content-hash.js';
import type { LoadedTask } from '../task/loader.js';
import { readTaskFile } from '../task/repo-source.js';

/** One admission check of a task, and why it passed or failed. */
export interface ValidationCheck {
  name: 'base-fails-f2p' | 'base-passes-p2p' | 'reference-resolves' | 'noop-not-resolved' | 'stable' | 'structure';
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
 */
export async function validateTask(task: LoadedTask, options: ValidateOptions): Promise<TaskValidation> {
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
