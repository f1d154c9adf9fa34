/**
 * The candidate mutants of a task: the reference solution's final files, mutated only inside the
 * lines the reference adds or changes, test files excluded.
 */
import { referenceFiles } from '../grade/reference-files.js';
import type { ReferenceFile } from '../grade/reference-files.js';
import type { LoadedTask } from '../task/loader.js';
import { readTaskFile } from '../task/repo-source.js';
import { mutantsOf } from './mutators.js';
import { compareCodePoints } from './order.js';
import { addedLineNumbers, isTestFile } from './regions.js';
import type { Mutant } from './types.js';

/** Every candidate of a task, split by the parse check, with the reference files they come from. */
export interface TaskCandidates {
  valid: Mutant[];
  invalid: Mutant[];
  /** The reference's final content of every mutated file (what a reset writes back). */
  originals: Map<string, string>;
}

/** Candidates of already computed reference files and patch (separated from I/O for tests). */
export async function candidatesOf(files: readonly ReferenceFile[], patch: string, protectedGlobs: readonly string[]): Promise<TaskCandidates> {
  const regions = addedLineNumbers(patch);
  const out: TaskCandidates = { valid: [], invalid: [], originals: new Map() };
  for (const f of [...files].sort((a, b) => compareCodePoints(a.path, b.path))) {
    const lines = regions.get(f.path);
    if (f.content === null || lines === undefined || lines.size === 0 || isTestFile(f.path, protectedGlobs)) continue;
    const found = await mutantsOf(f.path, f.content, lines);
    if (found.valid.length + found.invalid.length > 0) out.originals.set(f.path, f.content);
    out.valid.push(...found.valid);
    out.invalid.push(...found.invalid);
  }
  return out;
}

/** The candidates of a task, from its reference patch applied to its base tree on the host. */
export async function taskCandidates(task: LoadedTask): Promise<TaskCandidates> {
  const patch = await readTaskFile(task, task.definition.reference);
  return candidatesOf(await referenceFiles(task), patch, task.definition.protected);
}
