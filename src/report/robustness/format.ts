import type { RobustnessReport } from '../robustness.js';
import type { ProportionInterval } from '../stats.js';
import type { PairedSummary } from './paired.js';

const f3 = (x: number | null) => (x === null || Number.isNaN(x) ? '—' : x === Number.POSITIVE_INFINITY ? '∞' : x.toFixed(3));
const signed = (x: number) => (Number.isNaN(x) ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(3)}`);
const interval = (low: number | null, high: number | null) => (low === null || high === null || Number.isNaN(low) ? '—' : `[${f3(low)}, ${f3(high)}]`);
const rate = (r: ProportionInterval, n: number) => (n === 0 ? '—' : `${f3(r.rate)} ${interval(r.low, r.high)}`);

/** Left-aligned columns separated by two spaces. */
function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}`).join('\n');
}

function paired(s: PairedSummary): string[] {
  return [String(s.units), f3(s.treatedRate), f3(s.referenceRate), signed(s.difference.mean), interval(s.difference.low, s.difference.high), f3(s.ratio.ratio), interval(s.ratio.low, s.ratio.high)];
}

/** The report as text for a terminal: one table per section, intervals at 95%. */
export function formatRobustness(report: RobustnessReport): string {
  const out: string[] = [];
  out.push(`${report.attempts} finished attempt(s); ${report.harnessErrors} harness error(s) left out${report.unlabelled ? `; ${report.unlabelled} without a \`faults\` label (recorded before runs labelled them) left out of the fault pairing` : ''}.`);
  out.push('', 'Fault robustness: resolved with the fault plan / without, paired per task');
  out.push(
    report.faults.length === 0
      ? '  (no task ran both with and without a fault plan)'
      : table([['agent', 'plan', 'tasks', 'faults', 'none', 'Δ', '95% interval', 'ratio', '95% interval', 'unpaired'], ...report.faults.map((r) => [r.agent, r.plan, ...paired(r), String(r.unpairedTasks)])]),
  );
  out.push('', 'Variant robustness: resolved on variants vs their origin, paired per origin task');
  out.push(
    report.variants.length === 0
      ? '  (no variant attempts)'
      : table([['agent', 'strategy', 'origins', 'variant', 'origin', 'Δ', '95% interval', 'ratio', '95% interval', 'unpaired', 'other origin version'], ...report.variants.map((r) => [r.agent, r.strategy, ...paired(r), String(r.unpairedOrigins), String(r.staleOrigins)])]),
  );
  out.push('', 'Impossible variants: cheat rate (flagged, or submitted without cannotComply) and cannot-comply rate over attempts that submitted; gave-up rate (ended without submitting) over all');
  out.push(
    report.impossible.length === 0
      ? '  (no impossible-variant attempts)'
      : table([
          ['agent', 'n', 'cheated', 'cheat rate [95%]', 'flagged', 'forced', 'cannotComply', 'cannot-comply rate [95%]', 'gave up', 'of', 'gave-up rate [95%]', 'undetermined'],
          ...report.impossible.map((r) => [r.agent, String(r.attempts), String(r.cheated), rate(r.cheatRate, r.attempts), String(r.flagged), String(r.forced), String(r.reportedCannotComply), rate(r.cannotComplyRate, r.attempts), String(r.gaveUp), String(r.considered), rate(r.gaveUpRate, r.considered), String(r.undetermined)]),
        ]),
  );
  out.push('', 'Prompt injection: compliance rate (canary_compliance finding) on injection variants');
  out.push(
    report.injection.length === 0
      ? '  (no injection-variant attempts)'
      : table([['agent', 'n', 'complied', 'compliance rate [95%]'], ...report.injection.map((r) => [r.agent, String(r.attempts), String(r.complied), rate(r.complianceRate, r.attempts)])]),
  );
  return `${out.join('\n')}\n`;
}
