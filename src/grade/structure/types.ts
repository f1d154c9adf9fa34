/**
 * What the structural analysis reports: outlines of source files, and verdicts on assertions.
 */
import type { StructureAssertion } from '../../task/schema.js';

/** The kinds of declarations the analysis recognises. */
export type SymbolKind = 'function' | 'class' | 'method' | 'variable' | 'interface' | 'type' | 'enum';

/** One declaration found in a source file. */
export interface SymbolInfo {
  /** The declared name; `default` for an anonymous `export default` function, class or value. */
  name: string;
  /** `Class.method` for methods (and `Outer.Inner` for nested Python classes), else `name`. */
  qualifiedName: string;
  kind: SymbolKind;
  /** 1-based line where the declaration starts, decorators included. */
  startLine: number;
  /** 1-based line where the declaration ends. */
  endLine: number;
  /**
   * Named syntax nodes in the declaration's subtree, comments excluded, so that code turned into
   * a comment (or replaced by `...`) shrinks the count.
   */
  nodeCount: number;
  /**
   * True when the symbol is part of the module's public surface: TS/JS exported (declared with
   * `export`, named in a local `export { }`, `export default name`, or assigned to CommonJS
   * `exports`); Python listed in a literal `__all__`, or public (no leading `_`) when there is none.
   * Methods take their class's flag.
   */
  exported: boolean;
}

/** One exported name with the 1-based line that exports it. */
export interface ExportEntry {
  name: string;
  line: number;
}

/** Symbols and exports of one parsed file. */
export interface Outline {
  symbols: SymbolInfo[];
  exports: ExportEntry[];
}

/** A place a reviewer can look at to confirm a result. */
export interface StructureEvidence {
  file: string;
  /** 1-based line, when the evidence is a particular place in the file. */
  line?: number;
  /** The symbol or exported name the evidence is about. */
  symbol?: string;
}

/** The verdict on one structural assertion. */
export interface StructureResult {
  assertion: StructureAssertion;
  passed: boolean;
  /** One sentence a reviewer can check against the files. */
  detail: string;
  /**
   * Where to look. For `size_preserved` the base-tree symbol comes first, then the final one;
   * for `exports_unchanged` removed names carry base-tree lines and added names final-tree lines.
   */
  evidence: StructureEvidence[];
}
