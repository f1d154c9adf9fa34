/**
 * Where mutation happens: the lines a reference patch adds or changes, counted in the final files
 * (the new side of each hunk), and never in test files.
 */
import { matchesAny } from '../task/glob.js';

function unquote(p: string): string {
  return p.startsWith('"') && p.endsWith('"') ? (JSON.parse(p) as string) : p;
}

/**
 * For each file a unified diff leaves in place, the 1-based line numbers of its `+` lines in the
 * new version. Deleted files do not appear; a file whose hunks only remove lines maps to an empty set.
 */
export function addedLines(patch: string): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  let current: Set<number> | undefined;
  let line = 0;
  let inHunk = false;
  for (const text of patch.split('\n')) {
    if (text.startsWith('diff --git ')) {
      current = undefined;
      inHunk = false;
      continue;
    }
    if (!inHunk && text.startsWith('+++ ')) {
      const target = unquote(text.slice(4).split('\t')[0]!);
      current = target === '/dev/null' ? undefined : (out.get(target.replace(/^b\//, '')) ?? new Set());
      if (current) out.set(target.replace(/^b\//, ''), current);
      continue;
    }
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(text);
    if (hunk) {
      line = Number(hunk[1]);
      inHunk = true;
      continue;
    }
    if (!inHunk || current === undefined) continue;
    if (text.startsWith('+')) current.add(line++);
    else if (text.startsWith(' ')) line++;
    else if (text.startsWith('-') || text.startsWith('\\')) continue;
    else inHunk = false;
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
