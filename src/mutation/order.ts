/**
 * Locale-independent ordering: the sample a seed draws depends on candidate order, so that order
 * must be the same on every machine (`localeCompare` follows the host's ICU data and locale).
 */

/** Compares two strings by Unicode code point, the same on every machine. */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
