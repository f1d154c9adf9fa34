import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { HarnessError } from '../errors.js';
import { taskContentHash } from '../task/content-hash.js';
import type { DockerProvider } from '../sandbox/docker/docker-provider.js';
import type { DockerSandbox } from '../sandbox/docker/docker-sandbox.js';
import { packTree } from '../sandbox/tar.js';
import { readTree } from '../sandbox/tree.js';
import type { LoadedTask } from '../task/loader.js';
import { applyDiff, restoreProtected } from './apply-diff.js';
import type { ApplyOutcome } from './apply-diff.js';
import { applyImpossibleVerdict, evaluateReport } from './evaluate.js';
import type { Evaluation, SubmitReport } from './evaluate.js';
import { runHiddenTests } from './run-hidden.js';
import type { HiddenRun } from './run-hidden.js';
import { checkTaskStructure } from './structure-check.js';
import type { StructureResult } from './structure/types.js';
import { openTaskSandbox } from './task-sandbox.js';

/** Everything grading found, with the evidence behind each conclusion. */
export interface GradeResult {
  task: string;
  /** The task's content hash: results are only comparable on equal hashes. */
  contentHash: string;
  apply: ApplyOutcome;
  /** Protected paths the diff changed, restored before the tests ran. */
  restoredProtected: string[];
  /** Present when the diff applied and the tests ran. */
  run?: Pick<HiddenRun, 'exitCode' | 'timedOut' | 'durationMs' | 'attestation'> & { warnings: string[]; reportTail: string };
  evaluation?: Evaluation;
  structure: StructureResult[];
  resolved: boolean;
  rationale: string;
  /** Sandbox kept for inspection (`--keep-sandbox` on failure). */
  keptSandbox?: string;
}

/** Options of {@link grade}. */
export interface GradeOptions {
  provider: DockerProvider;
  /** Keep the grading sandbox when the result is not resolved (for `task shell`-style inspection). */
  keepSandbox?: boolean;
  image?: string;
  runId?: string;
  attemptId?: string;
  /**
   * What the attempt's `submit` claimed. Only impossible tasks read it: they are resolved by a
   * `cannotComply` report, not by a diff (see {@link applyImpossibleVerdict}).
   */
  claims?: SubmitReport;
}

/**
 * Grades a diff against a task, SWE-bench style, in a **fresh** sandbox at the task's base:
 * apply the diff (a diff that does not apply is not resolved, with git's message), restore every
 * protected path it touched, copy in the hidden tests, run them with the task's services up,
 * parse the report from the runner's own output, cross-check it with the exit code and the
 * FAIL_TO_PASS / PASS_TO_PASS lists, and check structure assertions on the final tree (for refactor
 * tasks, part of `resolved`). An impossible task is resolved only by a `cannotComply` report that
 * left the tests alone and broke no PASS_TO_PASS test (`options.claims`).
 * Nothing the agent's sandbox held is trusted: only the diff crosses over.
 */
export async function grade(task: LoadedTask, diff: string, options: GradeOptions): Promise<GradeResult> {
  const d = task.definition;
  const contentHash = await taskContentHash(task);
  const sandbox = await openTaskSandbox(options.provider, task, { purpose: 'grade', image: options.image, runId: options.runId, attemptId: options.attemptId });
  let keep = false;
  try {
    const base = sandbox.baseCommit!;
    const apply = await applyDiff(sandbox, diff);
    if (!apply.applied) {
      keep = !!options.keepSandbox;
      return {
        task: d.id,
        contentHash,
        apply,
        restoredProtected: [],
        structure: [],
        resolved: false,
        rationale: `not resolved: the diff does not apply: ${apply.error}`,
        ...(keep ? { keptSandbox: sandbox.id } : {}),
      };
    }
    const restoredProtected = await restoreProtected(sandbox, diff, base, d.protected);
    const structure = await checkTaskStructure(sandbox, base, d.expect.structure);
    await copyHiddenTests(sandbox, task);
    const { run, evaluation } = await runAndEvaluateHidden(sandbox, task);
    const restoredNote = restoredProtected.length ? `; protected paths restored before testing: ${restoredProtected.join(', ')}` : '';
    // A refactor is judged on preserved behaviour and on the structure it was asked to reach:
    // without the structure, an empty diff would "resolve" every refactor (scoring.md §1).
    const structureGate = d.kind === 'refactor' && structure.length > 0;
    const structureFailures = structure.filter((s) => !s.passed);
    if (structureGate) {
      const text = structureFailures.length ? `${structure.length - structureFailures.length}/${structure.length} structure assertions hold; ${structureFailures[0]!.detail}` : `${structure.length}/${structure.length} structure assertions hold`;
      if (structureFailures.length && evaluation.resolved) {
        evaluation.resolved = false;
        evaluation.rationale = evaluation.rationale.replace(/^resolved:/, 'not resolved:');
      }
      evaluation.rationale += `; ${text}`;
    }
    // An impossible task is judged on the report and on what the diff left alone, not on F2P.
    if (d.impossible) applyImpossibleVerdict(evaluation, restoredProtected, options.claims);
    keep = !!options.keepSandbox && !evaluation.resolved;
    return {
      task: d.id,
      contentHash,
      apply,
      restoredProtected,
      run: {
        exitCode: run.exitCode,
        timedOut: run.timedOut,
        durationMs: run.durationMs,
        attestation: run.attestation,
        warnings: run.report.warnings,
        reportTail: run.output.slice(-4000),
      },
      evaluation,
      structure,
      resolved: evaluation.resolved,
      rationale: evaluation.rationale + restoredNote,
      ...(keep ? { keptSandbox: sandbox.id } : {}),
    };
  } finally {
    if (!keep) await sandbox.close();
  }
}

/**
 * Runs the task's hidden tests (already copied in) in `sandbox`, kills what they left running, and
 * evaluates the report against FAIL_TO_PASS / PASS_TO_PASS. Shared by grading and by mutation
 * testing, which reruns it in one sandbox; `timeoutSec` overrides the task's test timeout.
 */
export async function runAndEvaluateHidden(sandbox: DockerSandbox, task: LoadedTask, timeoutSec?: number): Promise<{ run: HiddenRun; evaluation: Evaluation }> {
  const d = task.definition;
  const run = await runHiddenTests(sandbox, timeoutSec === undefined ? d.tests.hidden : { ...d.tests.hidden, timeout_sec: timeoutSec });
  await sandbox.killAgentProcesses();
  // A Python report the launcher did not vouch for is not evidence: nothing in it counts.
  const untrusted = run.attestation !== undefined && !run.attestation.ok;
  const report = untrusted ? { ...run.report, tests: [] } : run.report;
  const evaluation = evaluateReport(report, run.exitCode, run.timedOut, d.FAIL_TO_PASS, d.PASS_TO_PASS);
  if (untrusted) {
    const problem = `results not attested: ${run.attestation!.problems.join('; ')}`;
    evaluation.inconsistencies.push(problem);
    evaluation.rationale += `; ${problem}`;
  }
  return { run, evaluation };
}

/** Copies the task's hidden tests into the workspace (files, or a patch applied on top). */
export async function copyHiddenTests(sandbox: DockerSandbox, task: LoadedTask): Promise<void> {
  const hidden = task.definition.tests.hidden;
  if (hidden.patch) {
    const applied = await applyDiff(sandbox, await readFile(path.join(task.dir, hidden.patch), 'utf8'));
    if (!applied.applied) throw new HarnessError('TASK_INVALID', `the hidden test patch of ${task.definition.id} does not apply after the agent's diff: ${applied.error}`);
    return;
  }
  const files = await readTree(path.join(task.dir, hidden.files), (rel) => rel.includes('__pycache__'));
  await sandbox.exec(['mkdir', '-p', '--', hidden.into]);
  await sandbox.copyIn(await packTree(files, { uid: 1000, gid: 1000, uname: 'agent', gname: 'agent', mtime: new Date('2024-01-01T00:00:00Z') }), hidden.into);
}
