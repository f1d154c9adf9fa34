/**
 * Declarations and exported API of one source file, for the structural checks.
 */
import { outlineEcmascript } from './ecmascript.js';
import { withSyntaxTree } from './parser.js';
import { outlinePython } from './python.js';
import type { Outline, SymbolInfo } from './types.js';

/**
 * Parses a file and returns its symbols and exports in one pass.
 *
 * @param path - the file's path; only its extension matters (see `languageFor`).
 * @param source - the file's text.
 * @throws StructureSourceError for an unsupported extension or a source with syntax errors.
 */
export async function outlineSource(path: string, source: string): Promise<Outline> {
  return withSyntaxTree(path, source, (root, language) => (language === 'python' ? outlinePython(root) : outlineEcmascript(root)));
}

/**
 * The module-level declarations of a file in source order: functions, classes and their methods
 * (`Class.method`), variables (for TS/JS every top-level `const`/`let`/`var`, with `exported`
 * telling the exported ones apart; a variable holding an arrow or function expression has kind
 * `function`), TS interfaces, type aliases and enums; Python defs, classes, methods, nested
 * classes, module-level assignments and `type` aliases.
 *
 * @throws StructureSourceError for an unsupported extension or a source with syntax errors.
 */
export async function findSymbols(path: string, source: string): Promise<SymbolInfo[]> {
  return (await outlineSource(path, source)).symbols;
}

/**
 * The exported names of a file, sorted and without duplicates.
 *
 * TS/JS: names of exported declarations, `export { a as b }` gives `b`, any default export gives
 * `default`, `export { x } from './y.js'` gives `x`, `export * as ns from` gives `ns`, and
 * `export * from './y.js'` gives `* from ./y.js`; CommonJS `exports.x =` / `module.exports = { x }`
 * give `x`, `module.exports = value` gives `default`.
 * Python: the strings of `__all__` when it is a literal list or tuple (possibly `+=`-extended);
 * otherwise every top-level def, class and assigned name without a leading underscore.
 *
 * @throws StructureSourceError for an unsupported extension or a source with syntax errors.
 */
export async function exportedApi(path: string, source: string): Promise<string[]> {
  return apiNames(await outlineSource(path, source));
}

/** Sorted, de-duplicated export names of an outline. */
export function apiNames(outline: Outline): string[] {
  return [...new Set(outline.exports.map((entry) => entry.name))].sort();
}
