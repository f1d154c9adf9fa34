/**
 * Small helpers over tree-sitter nodes shared by the language-specific outline builders.
 */
import type { Node } from 'web-tree-sitter';

import type { SymbolInfo, SymbolKind } from './types.js';

/** Node types that are comments in the supported grammars; they never count towards size. */
const COMMENT_TYPES: ReadonlySet<string> = new Set(['comment', 'html_comment']);

/**
 * Named nodes in the subtree of `node` (itself included), skipping comments. Anonymous nodes
 * (punctuation, keywords) are left out so that formatting and `;` style do not change the count.
 */
export function countNamedNodes(node: Node): number {
  const cursor = node.walk();
  let count = 0;
  try {
    // Depth-first walk with one cursor: far cheaper than materialising `children` arrays.
    for (;;) {
      if (cursor.nodeIsNamed && !COMMENT_TYPES.has(cursor.nodeType)) count += 1;
      if (cursor.gotoFirstChild()) continue;
      for (;;) {
        if (cursor.currentDepth === 0) return count;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
      }
    }
  } finally {
    cursor.delete();
  }
}

/** 1-based start line of a node. */
export function startLine(node: Node): number {
  return node.startPosition.row + 1;
}

/**
 * 1-based last line of a node. A node that ends at column 0 ends with a newline, so its last
 * character is on the line before.
 */
export function endLine(node: Node): number {
  const { row, column } = node.endPosition;
  return column === 0 && row > node.startPosition.row ? row : row + 1;
}

/**
 * Builds a symbol for the declaration `node`. Decorators written before it (siblings in some
 * grammars) are part of the symbol: its lines start at the first one and their nodes are counted.
 */
export function makeSymbol(
  name: string,
  qualifiedName: string,
  kind: SymbolKind,
  node: Node,
  exported: boolean,
  decorators: readonly Node[] = [],
): SymbolInfo {
  const first = decorators[0] ?? node;
  const nodeCount = decorators.reduce((sum, decorator) => sum + countNamedNodes(decorator), countNamedNodes(node));
  return { name, qualifiedName, kind, startLine: startLine(first), endLine: endLine(node), nodeCount, exported };
}

/** String-literal children holding text: JS/TS fragments and escapes (kept as written), Python content. */
const STRING_PIECES: ReadonlySet<string> = new Set(['string_fragment', 'escape_sequence', 'string_content']);

/** The text of a string literal node without its quotes. */
export function stringValue(node: Node): string {
  const pieces = node.namedChildren.filter((child) => STRING_PIECES.has(child.type));
  if (pieces.length > 0) return pieces.map((piece) => piece.text).join('');
  // An empty string literal has no fragment; strip the quote characters.
  return node.text.replace(/^['"`]+|['"`]+$/g, '');
}
