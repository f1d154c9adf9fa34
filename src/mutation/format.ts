/**
 * How a mutation report reads for a person: one summary, then every survivor with file:line and
 * the change, so a task author knows which behaviour the hidden tests do not pin down.
 */
import type { MutationReport } from './types.js';

/** The score as a column value: two decimals, `n/a` when nothing was mutated, `error` when not measured. */
export function scoreCell(report: MutationReport): string {
  if (report.error) return 'error';
  return report.score === undefined ? 'n/a' : report.score.toFixed(2);
}

/** True when the report measured a score below `threshold` (no mutants, or no score, is not below). */
export function belowThreshold(report: MutationReport, threshold: number): boolean {
  return report.score !== undefined && report.score < threshold;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 57)}...` : flat;
}

/** Summary and survivor lines of a report, without indentation. */
export function mutationLines(report: MutationReport, threshold: number): string[] {
  if (report.error) return [`mutation: ${report.error}`];
  if (report.score === undefined) {
    return [`mutation: n/a — no mutant in the lines the reference changes (${report.candidates} candidate(s), ${report.invalid} do not parse)`];
  }
  const sampled = report.outcomes.length < report.valid ? `, sampled from ${report.valid} valid` : '';
  const verdict = report.score < threshold ? ` — below the threshold ${threshold}` : '';
  const lines = [`mutation: ${report.score.toFixed(2)} (${report.killed}/${report.outcomes.length} killed${sampled}; ${report.invalid} invalid; ${(report.durationMs / 1000).toFixed(0)} s)${verdict}`];
  for (const o of report.outcomes.filter((x) => x.status === 'survived')) {
    lines.push(`  survived ${o.mutant.file}:${o.mutant.line} ${o.mutant.mutator}: \`${oneLine(o.mutant.original)}\` → \`${oneLine(o.mutant.replacement)}\``);
  }
  return lines;
}
