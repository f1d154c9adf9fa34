/**
 * Operator mutators: comparison flips (the negation of each comparison, so a boundary or an
 * equality check turns into its opposite) and boolean flips (`&&`↔`||`, `and`↔`or`,
 * `true`↔`false`, `True`↔`False`).
 */
import type { Node } from 'web-tree-sitter';

import type { LanguageName } from '../grade/structure/parser.js';
import { inTypeContext } from './syntax.js';
import type { MutationSite } from './types.js';

/** Each comparison and its negation: `<`↔`>=`, `<=`↔`>`, `===`↔`!==`, `==`↔`!=`. */
const COMPARISON_FLIPS: Readonly<Record<string, string>> = {
  '<': '>=',
  '>=': '<',
  '<=': '>',
  '>': '<=',
  '===': '!==',
  '!==': '===',
  '==': '!=',
  '!=': '==',
};

const BOOLEAN_OPERATOR_FLIPS: Readonly<Record<string, string>> = { '&&': '||', '||': '&&', and: 'or', or: 'and' };

function site(mutator: MutationSite['mutator'], token: Node, replacement: string): MutationSite {
  return { mutator, start: token.startIndex, end: token.endIndex, replacement };
}

/**
 * The comparison operator tokens of a binary expression (TS/JS) or a comparison chain (Python,
 * where `a < b <= c` holds several operator tokens and `is not` / `not in` are left alone).
 */
function comparisonTokens(node: Node, language: LanguageName): Node[] {
  if (language === 'python') {
    if (node.type !== 'comparison_operator') return [];
    return node.children.filter((c): c is Node => c !== null && !c.isNamed && Object.hasOwn(COMPARISON_FLIPS, c.type));
  }
  if (node.type !== 'binary_expression') return [];
  const op = node.childForFieldName('operator');
  return op && Object.hasOwn(COMPARISON_FLIPS, op.type) ? [op] : [];
}

/** Comparison flips at `node`. */
export function comparisonSites(node: Node, language: LanguageName): MutationSite[] {
  return comparisonTokens(node, language).map((t) => site('comparison-flip', t, COMPARISON_FLIPS[t.type]!));
}

/** Boolean operator and literal flips at `node`. */
export function booleanSites(node: Node, language: LanguageName): MutationSite[] {
  const operatorParent = language === 'python' ? 'boolean_operator' : 'binary_expression';
  if (node.type === operatorParent) {
    const op = node.childForFieldName('operator');
    return op && Object.hasOwn(BOOLEAN_OPERATOR_FLIPS, op.type) ? [site('boolean-flip', op, BOOLEAN_OPERATOR_FLIPS[op.type]!)] : [];
  }
  if ((node.type === 'true' || node.type === 'false') && node.isNamed && !inTypeContext(node)) {
    const flipped = node.type === 'true' ? 'false' : 'true';
    return [site('boolean-flip', node, language === 'python' ? flipped[0]!.toUpperCase() + flipped.slice(1) : flipped)];
  }
  return [];
}
