/**
 * The statement-deletion mutator: an expression statement (a call, an assignment, an update) or
 * a `return` with a value is removed. It is replaced by an empty statement — `;` in TS/JS, `pass`
 * in Python — rather than by nothing, so that a statement that is the whole body of an `if` or a
 * loop stays a body instead of capturing the next statement.
 */
import type { Node } from 'web-tree-sitter';

import type { LanguageName } from '../grade/structure/parser.js';
import { codeChildren } from './syntax.js';
import type { MutationSite } from './types.js';

/** A docstring or a `'use strict'` directive: a lone string, not code worth deleting. */
function isLoneString(statement: Node): boolean {
  const parts = codeChildren(statement);
  return parts.length === 1 && parts[0]!.type === 'string';
}

/** Statement deletion at `node`. */
export function statementSites(node: Node, language: LanguageName): MutationSite[] {
  const deletable = (node.type === 'expression_statement' && !isLoneString(node)) || (node.type === 'return_statement' && codeChildren(node).length > 0);
  if (!deletable) return [];
  return [{ mutator: 'statement-delete', start: node.startIndex, end: node.endIndex, replacement: language === 'python' ? 'pass' : ';' }];
}
