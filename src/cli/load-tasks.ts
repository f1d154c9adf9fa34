import { lintTasks } from '../task/lint.js';
import type { LoadedTask } from '../task/loader.js';
import { formatProblem } from '../task/problems.js';
import { selectTasks, SelectionError } from '../task/selection.js';

/**
 * Resolves a task selection and lints every task. Nothing runs with an invalid task: any error
 * prints every problem (file:line:column) and exits with status 1. Warnings are printed only.
 */
export async function loadValidTasks(spec: string, root: string = process.cwd()): Promise<LoadedTask[] | undefined> {
  let selected;
  try {
    selected = await selectTasks(spec, root);
  } catch (err) {
    if (err instanceof SelectionError) {
      process.stderr.write(`crucible: ${err.message}\n`);
      process.exitCode = 1;
      return undefined;
    }
    throw err;
  }
  const results = await lintTasks(selected.map((s) => s.dir), root);
  let invalid = false;
  for (const r of results) {
    for (const p of r.problems) {
      process.stderr.write(`${formatProblem(p)}\n`);
      if (p.severity === 'error') invalid = true;
    }
  }
  if (invalid) {
    process.stderr.write('crucible: invalid task(s); nothing was run\n');
    process.exitCode = 1;
    return undefined;
  }
  return results.map((r) => r.task!);
}
