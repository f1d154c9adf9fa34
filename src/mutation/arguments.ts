/**
 * The argument-swap mutator: in a call with two or more arguments, the first two trade places
 * (arguments passed in the wrong order).
 */
import type { Node } from 'web-tree-sitter';

import type { LanguageName } from '../grade/structure/parser.js';
import { codeChildren } from './syntax.js';
import type { MutationSite } from './types.js';

/** Callees whose first two arguments commute: swapping them is an equivalent mutant. */
const COMMUTATIVE_CALLEES: ReadonlySet<string> = new Set(['Math.max', 'Math.min', 'max', 'min']);

/** Python arguments that cannot move freely: keywords must follow positionals, splats are unordered. */
const PYTHON_UNMOVABLE: ReadonlySet<string> = new Set(['keyword_argument', 'dictionary_splat', 'list_splat']);

/** Argument swap at `node`: one site covering both arguments and the text between them. */
export function argumentSites(node: Node, language: LanguageName, source: string): MutationSite[] {
  const isCall = language === 'python' ? node.type === 'call' : node.type === 'call_expression' || node.type === 'new_expression';
  if (!isCall) return [];
  const args = node.childForFieldName('arguments');
  const callee = node.childForFieldName(language === 'python' ? 'function' : node.type === 'new_expression' ? 'constructor' : 'function');
  // A tagged template's "arguments" are a template string, not a list that can be reordered.
  if (!args || args.type !== (language === 'python' ? 'argument_list' : 'arguments')) return [];
  if (callee && COMMUTATIVE_CALLEES.has(callee.text)) return [];
  const list = codeChildren(args);
  if (list.length < 2) return [];
  const [a, b] = [list[0]!, list[1]!];
  if (a.text === b.text) return [];
  if (language === 'python' && (PYTHON_UNMOVABLE.has(a.type) || PYTHON_UNMOVABLE.has(b.type))) return [];
  const between = source.slice(a.endIndex, b.startIndex);
  return [{ mutator: 'argument-swap', start: a.startIndex, end: b.endIndex, replacement: `${b.text}${between}${a.text}` }];
}
