/**
 * Structural grading: tree-sitter outlines of TS/TSX/JS/Python files and the `expect.structure`
 * assertions of a task (`symbol_present`, `symbol_absent`, `size_preserved`, `exports_unchanged`).
 */
export { checkStructure } from './check.js';
export type { StructureEvidence, StructureResult } from './types.js';
export type { StructureFiles } from './files.js';
export { EXTENSIONS, languageFor, StructureSourceError } from './parser.js';
export type { LanguageName, SourceProblem } from './parser.js';
export { exportedApi, findSymbols, outlineSource } from './symbols.js';
export type { ExportEntry, Outline, SymbolInfo, SymbolKind } from './types.js';
