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

/**
 * True when `--strict` makes the task invalid: its score is below `threshold`, or it could not be
 * measured at all (`error`). `n/a` — nothing in the reference's lines to mutate — never fails.
 */
export function failsStrict(report: MutationReport, threshold: number): boolean {
  return report.error !== undefined || belowThreshold(report, threshold);
}

/**
 * The mutation part of `task validate`'s closing line: tasks measured, below the threshold, and
 * not measured because of an error (n/a tasks are in none of them).
 */
export function mutationSummary(reports: readonly MutationReport[], threshold: number, strict: boolean): string {
  const errors = reports.filter((r) => r.error !== undefined).length;
  const measured = reports.filter((r) => r.error === undefined && r.score !== undefined);
  const below = measured.filter((r) => belowThreshold(r, threshold)).length;
  const unenforced = below + errors > 0 && !strict ? ' (not enforced without --strict)' : '';
  return `; mutation score measured on ${measured.length}, ${below} below ${threshold}, ${errors} error(s)${unenforced}`;
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
