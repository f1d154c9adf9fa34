/**
 * Where mutation happens: the lines a reference patch adds or changes, counted in the final files
 * (the new side of each hunk), and never in test files.
 */
import { addedLines, parseDiff } from '../score/integrity/diff.js';
import { matchesAny } from '../task/glob.js';

/**
 * For each file a unified diff leaves in place, the 1-based line numbers of its `+` lines in the
 * new version (read by the shared diff reader, which follows the hunk headers' line counts).
 * Deleted files do not appear; a file whose hunks only remove lines maps to an empty set.
 */
export function addedLineNumbers(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const file of parseDiff(patch)) {
    if (file.change === 'deleted') continue;
    const lines = out.get(file.path) ?? new Set<number>();
    for (const line of addedLines(file)) lines.add(line.newLine!);
    out.set(file.path, lines);
  }
  return out;
}

/** Conventional test locations in the bundled languages (node:test, pytest, unittest). */
const TEST_GLOBS = ['test/**', 'tests/**', '**/test/**', '**/tests/**', '**/__tests__/**', '**/*.test.*', '**/*.spec.*', '**/test_*.py', '**/*_test.py', '**/conftest.py'];

/**
 * True when `file` is a test rather than code under test: a conventional test path, or a path the
 * task protects (protected paths hold the tests an agent must not edit).
 */
export function isTestFile(file: string, protectedGlobs: readonly string[]): boolean {
  return matchesAny(file, TEST_GLOBS) || matchesAny(file, protectedGlobs);
}
