import path from 'node:path';
import { languageFor } from '../../grade/structure/parser.js';
import { matchesAny } from '../glob.js';
import type { VariantContext } from './types.js';

/** Test files by name: `*.test.ts`, `*.spec.js`, `test_*.py`, `*_test.py`. */
const TEST_NAME = /(\.(test|spec)\.[cm]?[jt]sx?$)|(^test_.*\.py$)|(_test\.py$)/;

/** True for a source file tree-sitter can parse (TS, JS, Python). */
export function isCode(file: string): boolean {
  return languageFor(file) !== undefined && !file.endsWith('.d.ts');
}

/** Visible test files: code files under the task's protected paths with a test-file name. */
export function visibleTests(ctx: VariantContext): string[] {
  const d = ctx.origin.definition;
  return [...ctx.workspace.keys()]
    .filter((f) => isCode(f) && TEST_NAME.test(path.posix.basename(f)) && matchesAny(f, d.protected) && !f.startsWith(`${d.tests.hidden.into}/`))
    .sort();
}

/** Source files the agent may change that the reference does not touch: where planted text is safe. */
export function untouchedSources(ctx: VariantContext): string[] {
  const d = ctx.origin.definition;
  return [...ctx.workspace.keys()]
    .filter((f) => isCode(f) && !matchesAny(f, d.protected) && !ctx.referenceFiles.includes(f) && !f.split('/').some((s) => s.startsWith('.')))
    .sort();
}

/** The comment syntax of a code file. */
export function lineComment(file: string): string {
  return languageFor(file) === 'python' ? '#' : '//';
}
