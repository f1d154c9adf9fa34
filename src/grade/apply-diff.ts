import type { Sandbox } from '../sandbox/types.js';
import { matchesAny } from '../task/glob.js';
import { patchedFiles } from '../task/patch-files.js';

/** Whether a diff applied, and how. */
export interface ApplyOutcome {
  applied: boolean;
  /** `git apply`, `git apply --3way`, or nothing for an empty diff. */
  method?: 'apply' | '3way' | 'empty';
  /** git's own message when the diff does not apply. */
  error?: string;
}

/**
 * Applies a diff to the workspace as the agent user: `git apply`, then `git apply --3way` (what
 * SWE-bench falls back to). An empty diff applies trivially.
 */
export async function applyDiff(sandbox: Sandbox, diff: string): Promise<ApplyOutcome> {
  if (diff.trim() === '') return { applied: true, method: 'empty' };
  const plain = await sandbox.exec(['git', 'apply', '--whitespace=nowarn', '--binary', '-'], { stdin: diff, timeoutMs: 120_000 });
  if (plain.exitCode === 0) return { applied: true, method: 'apply' };
  const threeWay = await sandbox.exec(['git', 'apply', '--3way', '--whitespace=nowarn', '--binary', '-'], { stdin: diff, timeoutMs: 120_000 });
  if (threeWay.exitCode === 0) return { applied: true, method: '3way' };
  return { applied: false, error: plain.stderr.trim() || threeWay.stderr.trim() || `git apply exited ${plain.exitCode}` };
}

/**
 * Restores every path the diff touched that matches a protected glob to its state at `base`
 * (deleting it if it did not exist there). Returns the restored paths, sorted.
 */
export async function restoreProtected(sandbox: Sandbox, diff: string, base: string, protectedGlobs: readonly string[]): Promise<string[]> {
  const touched = new Set<string>();
  for (const file of patchedFiles(diff)) {
    touched.add(file.path);
    if (file.from) touched.add(file.from);
  }
  const restored = [...touched].filter((p) => matchesAny(p, protectedGlobs)).sort();
  for (const p of restored) {
    const existed = await sandbox.exec(['git', 'cat-file', '-e', `${base}:${p}`]);
    const r = existed.exitCode === 0
      ? await sandbox.exec(['git', 'checkout', base, '--', p])
      : await sandbox.exec(['rm', '-rf', '--', p]);
    if (r.exitCode !== 0) throw new Error(`could not restore protected path ${p}: ${r.stderr.trim()}`);
  }
  return restored;
}
