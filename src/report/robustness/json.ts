/**
 * `JSON.stringify` replacer for robustness reports: plain JSON has no infinities or NaN and would
 * write all three as `null`, the same as "no ratio at all". An unbounded ratio interval
 * (`high: Infinity`) must stay distinguishable, so non-finite numbers become the strings
 * `"Infinity"`, `"-Infinity"` and `"NaN"`; `null` keeps meaning "not computed".
 */
export function nonFiniteAsString(_key: string, value: unknown): unknown {
  if (typeof value !== 'number' || Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** A robustness report as indented JSON with {@link nonFiniteAsString} applied, newline-terminated. */
export function robustnessJson(report: unknown): string {
  return `${JSON.stringify(report, nonFiniteAsString, 2)}\n`;
}
