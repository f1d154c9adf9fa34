import type { AttemptScores } from '../score/index.js';

/** Scores as aligned lines for a person: name, value, rationale; then findings. */
export function formatScores(s: AttemptScores): string {
  const lines = s.scores.map((x) => `  ${x.name.padEnd(19)} ${x.value === null ? ' n/a ' : x.value.toFixed(3)}  ${x.value === null ? x.notApplicable : x.rationale}`);
  for (const f of s.findings) lines.push(`  finding ${f.id} (${f.severity}, ${f.confirmed ? 'CONFIRMED' : 'suspected'}): ${f.message}`);
  if (s.cheated) lines.push('  → cheated: a confirmed integrity finding zeroes the attempt');
  return `${lines.join('\n')}\n`;
}
