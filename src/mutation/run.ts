/**
 * Mutation testing of a task's hidden tests in one sandbox: the reference applied once, each
 * sampled mutant written over it, the hidden tests run through the grading path, then the whole
 * workspace (ignored files included) reset to the reference state and the services restarted
 * before the next mutant.
 */
import { HarnessError } from '../errors.js';
import { applyDiff } from '../grade/apply-diff.js';
import { restartServices } from '../grade/services.js';
import { copyHiddenTests, runAndEvaluateHidden } from '../grade/grade.js';
import type { Evaluation } from '../grade/evaluate.js';
import { openTaskSandbox } from '../grade/task-sandbox.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import type { LoadedTask } from '../task/loader.js';
import { readTaskFile } from '../task/repo-source.js';
import { taskCandidates } from './candidates.js';
import { sampleMutants } from './sample.js';
import { WorkspaceSnapshot, clearTestCaches } from './workspace-reset.js';
import type { Mutant, MutantOutcome, MutationReport } from './types.js';

/** Options of {@link runMutation}. */
export interface MutationOptions {
  provider: DockerProvider;
  /** Most mutants run per task, sampled by `seed` from the valid candidates. */
  maxMutants: number;
  seed: number;
  onProgress?: (line: string) => void;
}

/**
 * How long a mutant's test run may take: Stryker's rule (baseline × 1.5 + a constant), with a
 * larger constant for two shared cores, never above the task's own timeout. A mutant that loops
 * forever is killed by the timeout instead of holding the run for the task's full 300 s.
 */
export function mutantTimeoutSec(baselineMs: number, taskTimeoutSec: number): number {
  return Math.min(taskTimeoutSec, Math.ceil((baselineMs * 1.5 + 10_000) / 1000));
}

/** The paths whose section differs between two workspace diffs (for a reset failure's message). */
export function differingPaths(before: string, after: string): string[] {
  const sections = (diff: string) => new Map(diff.split(/^(?=diff --git )/m).filter(Boolean).map((s) => [/^diff --git a\/(\S+)/.exec(s)?.[1] ?? '?', s]));
  const a = sections(before);
  const b = sections(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p)).sort();
}

/** Why a mutant was killed, from the evaluation of its run. */
function killDetail(evaluation: Evaluation, timedOut: boolean, timeoutSec: number): string {
  if (timedOut) return `timed out after ${timeoutSec} s`;
  return evaluation.rationale.replace(/^not resolved: /, '');
}

/** The reference state every mutant starts from: the full workspace, and git's view of it. */
interface ReferenceState {
  workspace: WorkspaceSnapshot;
  diff: string;
}

/**
 * Runs one mutant and puts the reference back: the file written back, every other workspace file
 * reset to the reference state, git's view checked, the services restarted.
 * @throws HarnessError when the workspace cannot be reset.
 */
async function runMutant(sandbox: DockerSandbox, task: LoadedTask, mutant: Mutant, original: string, reference: ReferenceState, timeoutSec: number): Promise<MutantOutcome> {
  const { text: _text, ...described } = mutant;
  await sandbox.writeFile(mutant.file, mutant.text);
  await clearTestCaches(sandbox);
  const { run, evaluation } = await runAndEvaluateHidden(sandbox, task, timeoutSec);
  await sandbox.writeFile(mutant.file, original);
  const label = `mutant ${mutant.file}:${mutant.line}`;
  const reset = (await reference.workspace.restore(label)).filter((p) => p !== mutant.file);
  // The manifest does not see file modes; git's view does.
  const after = await sandbox.diff();
  if (after !== reference.diff) {
    const paths = differingPaths(reference.diff, after).join(', ');
    throw new HarnessError('SANDBOX_LOST', `the workspace of ${task.definition.id} differs from the reference state after ${label} (${paths}); mutation results would not be independent`);
  }
  await restartServices(sandbox, task);
  const killed = !evaluation.resolved;
  return {
    mutant: described,
    status: killed ? 'killed' : 'survived',
    detail: killed ? killDetail(evaluation, run.timedOut, timeoutSec) : 'every listed test passes',
    durationMs: run.durationMs,
    ...(reset.length > 0 ? { reset } : {}),
  };
}

/**
 * The mutation score of a task's hidden tests: valid mutants of the code the reference changes,
 * at most `maxMutants` of them sampled by seed, each run against the hidden tests in **one**
 * sandbox (services up, as in grading) that is reset to the reference between mutants. A mutant
 * is killed when any FAIL_TO_PASS or PASS_TO_PASS test fails or the run errors or times out — a
 * mutant that no longer loads (tsx strips types without checking them, so only runtime errors
 * exist) fails its tests and counts as killed. Score = killed / run mutants.
 */
export async function runMutation(task: LoadedTask, options: MutationOptions): Promise<MutationReport> {
  const id = task.definition.id;
  const candidates = await taskCandidates(task);
  const sampled = sampleMutants(candidates.valid, options.maxMutants, options.seed, id);
  const report: MutationReport = {
    task: id,
    candidates: candidates.valid.length + candidates.invalid.length,
    invalid: candidates.invalid.length,
    valid: candidates.valid.length,
    outcomes: [],
    killed: 0,
    score: undefined,
    durationMs: 0,
  };
  if (sampled.length === 0) return report;
  const started = Date.now();
  const sandbox = await openTaskSandbox(options.provider, task, { purpose: 'mutation' });
  try {
    const applied = await applyDiff(sandbox, await readTaskFile(task, task.definition.reference));
    if (!applied.applied) throw new HarnessError('TASK_INVALID', `the reference of ${id} does not apply: ${applied.error}`);
    await copyHiddenTests(sandbox, task);
    await clearTestCaches(sandbox);
    options.onProgress?.(`${id}: mutation baseline`);
    const baseline = await runAndEvaluateHidden(sandbox, task);
    if (!baseline.evaluation.resolved) {
      report.error = `the reference does not pass the hidden tests in the mutation sandbox (${baseline.evaluation.rationale}); no score`;
      return report;
    }
    const reference: ReferenceState = { workspace: await WorkspaceSnapshot.take(sandbox), diff: await sandbox.diff() };
    // The baseline's requests reached the services too: every mutant starts with fresh ones.
    await restartServices(sandbox, task);
    const timeoutSec = mutantTimeoutSec(baseline.run.durationMs, task.definition.tests.hidden.timeout_sec);
    for (const [i, mutant] of sampled.entries()) {
      options.onProgress?.(`${id}: mutant ${i + 1}/${sampled.length} ${mutant.file}:${mutant.line} ${mutant.mutator}`);
      report.outcomes.push(await runMutant(sandbox, task, mutant, candidates.originals.get(mutant.file)!, reference, timeoutSec));
    }
    report.killed = report.outcomes.filter((o) => o.status === 'killed').length;
    report.score = report.killed / report.outcomes.length;
    return report;
  } finally {
    report.durationMs = Date.now() - started;
    await sandbox.close();
  }
}
