/**
 * Wording helpers for the sentences in structure check results. Kept in one place so that every
 * detail reads the same way: names in backticks, en dashes in line ranges, a real minus sign.
 */
import type { SymbolInfo } from './types.js';

/** Most names spelled out in a list before the rest are counted. */
export const MAX_LISTED = 10;

/** A name in backticks. */
export function code(name: string): string {
  return `\`${name}\``;
}

/** `a`, `b` and `c`; past {@link MAX_LISTED} names the rest are counted (`…, `j` and 5 more`). */
export function nameList(names: readonly string[]): string {
  const quoted = names.slice(0, MAX_LISTED).map(code);
  const rest = names.length - quoted.length;
  if (rest > 0) return `${quoted.join(', ')} and ${rest} more`;
  if (quoted.length <= 1) return quoted.join('');
  return `${quoted.slice(0, -1).join(', ')} and ${quoted.at(-1) ?? ''}`;
}

/** `line 3` or `lines 3–9`. */
export function lineRange(symbol: Pick<SymbolInfo, 'startLine' | 'endLine'>): string {
  return symbol.startLine === symbol.endLine ? `line ${symbol.startLine}` : `lines ${symbol.startLine}–${symbol.endLine}`;
}

/** `1 node`, `2 nodes`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** A signed relative change with one decimal: `−59.7%`, `+3.0%`, `±0.0%`. */
export function signedPercent(change: number): string {
  const magnitude = (Math.abs(change) * 100).toFixed(1);
  if (change === 0) return `±${magnitude}%`;
  return `${change < 0 ? '\u2212' : '+'}${magnitude}%`;
}

/** A fraction as a percentage without trailing zeros: 0.1 → `10%`, 0.125 → `12.5%`. */
export function percent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}
