/**
 * The constant mutator: every plain decimal number literal shifted by one, both ways (an
 * off-by-one in a bound, an index or an amount).
 */
import type { Node } from 'web-tree-sitter';

import { inTypeContext } from './syntax.js';
import type { MutationSite } from './types.js';

/** Plain decimal literals only: hex, octal, exponents, separators and bigints are left alone. */
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

const NUMBER_TYPES: ReadonlySet<string> = new Set(['number', 'integer', 'float']);

/** `value + delta` written back with the literal's own number of decimals. */
function shifted(text: string, delta: 1 | -1): string {
  const m = DECIMAL.exec(text)!;
  const decimals = m[2]?.length ?? 0;
  return (Number(text) + delta).toFixed(decimals);
}

/**
 * Constant shifts at `node`. A negative result is parenthesised when the literal follows a `-` or
 * `+` directly, so that `a-0` becomes `a-(-1)` rather than the decrement `a--1`.
 */
export function constantSites(node: Node, source: string): MutationSite[] {
  if (!NUMBER_TYPES.has(node.type) || !DECIMAL.test(node.text) || inTypeContext(node)) return [];
  const before = source[node.startIndex - 1];
  return ([1, -1] as const).map((delta) => {
    const value = shifted(node.text, delta);
    const replacement = value.startsWith('-') && (before === '-' || before === '+') ? `(${value})` : value;
    return { mutator: 'constant-shift' as const, start: node.startIndex, end: node.endIndex, replacement };
  });
}
