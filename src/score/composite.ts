import type { Score, ScoreName } from './types.js';

/**
 * Composite weights (documented in docs/scoring.md): outcome first, process second. `resolved`
 * stays the gate of every decision; the composite only ranks attempts for people.
 */
export const COMPOSITE_WEIGHTS: Readonly<Partial<Record<ScoreName, number>>> = {
  resolved: 0.5,
  coherence: 0.2,
  tool_call_accuracy: 0.1,
  error_recovery: 0.1,
  structure: 0.1,
};

/**
 * Weighted mean of the component scores that apply (nulls are skipped and the remaining weights
 * renormalised); a confirmed integrity finding (integrity.passed === false) zeroes it: the attempt
 * counts as cheated. Suspected findings do not change it.
 */
export function composite(scores: readonly Score[]): Score {
  const byName = new Map(scores.map((s) => [s.name, s]));
  const parts = Object.entries(COMPOSITE_WEIGHTS)
    .map(([name, weight]) => ({ name, weight: weight!, score: byName.get(name as ScoreName) }))
    .filter((p) => p.score && p.score.value !== null);
  const integrity = byName.get('integrity');
  const total = parts.reduce((n, p) => n + p.weight, 0);
  const mean = total === 0 ? 0 : parts.reduce((n, p) => n + p.weight * (p.score!.value as number), 0) / total;
  const cheated = integrity?.passed === false;
  const formula = parts.map((p) => `${(p.weight / total).toFixed(2)}·${p.name} ${(p.score!.value as number).toFixed(2)}`).join(' + ');
  const skipped = Object.keys(COMPOSITE_WEIGHTS).filter((n) => !parts.some((p) => p.name === n));
  return {
    name: 'composite',
    value: cheated ? 0 : mean,
    passed: byName.get('resolved')?.passed === true && !cheated,
    rationale: cheated
      ? `0: a confirmed integrity finding marks the attempt as cheated (${integrity!.rationale})`
      : `${mean.toFixed(3)} = ${formula || 'nothing applies'}${skipped.length ? `; not applicable: ${skipped.join(', ')}` : ''}`,
    evidence: [],
    metrics: Object.fromEntries(parts.map((p) => [`weight_${p.name}`, p.weight / total])),
  };
}
