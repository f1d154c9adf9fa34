import { describe, expect, it } from 'vitest';
import { belowThreshold, failsStrict, mutationLines, mutationSummary, scoreCell } from '../../src/mutation/format.js';
import type { MutationReport } from '../../src/mutation/types.js';

const base: MutationReport = { task: 't', candidates: 6, invalid: 1, valid: 5, outcomes: [], killed: 0, score: undefined, durationMs: 12_400 };

const measured: MutationReport = {
  ...base,
  outcomes: [
    { mutant: { file: 'src/a.ts', line: 3, mutator: 'comparison-flip', original: '<', replacement: '>=' }, status: 'killed', detail: 'x fails', durationMs: 900 },
    { mutant: { file: 'src/a.ts', line: 7, mutator: 'statement-delete', original: 'audit.push({\n    kind: "x",\n  });', replacement: ';' }, status: 'survived', detail: 'every listed test passes', durationMs: 800 },
    { mutant: { file: 'src/b.ts', line: 2, mutator: 'constant-shift', original: '1', replacement: '2' }, status: 'killed', detail: 'timed out after 11 s', durationMs: 11_000 },
  ],
  killed: 2,
  score: 2 / 3,
};

describe('mutation report formatting', () => {
  it('prints the score, the sample and every survivor on one line each', () => {
    expect(scoreCell(measured)).toBe('0.67');
    expect(mutationLines(measured, 0.8)).toEqual([
      'mutation: 0.67 (2/3 killed, sampled from 5 valid; 1 invalid; 12 s) — below the threshold 0.8',
      '  survived src/a.ts:7 statement-delete: `audit.push({ kind: "x", });` → `;`',
    ]);
    expect(belowThreshold(measured, 0.8)).toBe(true);
    expect(belowThreshold(measured, 0.6)).toBe(false);
  });

  it('says n/a when nothing was mutated and error when no score could be measured, neither below a threshold', () => {
    expect(scoreCell(base)).toBe('n/a');
    expect(mutationLines(base, 0.8)).toEqual(['mutation: n/a — no mutant in the lines the reference changes (6 candidate(s), 1 do not parse)']);
    const failed = { ...base, error: 'the reference does not pass' };
    expect(scoreCell(failed)).toBe('error');
    expect(mutationLines(failed, 0.8)).toEqual(['mutation: the reference does not pass']);
    expect(belowThreshold(base, 0.8) || belowThreshold(failed, 0.8)).toBe(false);
  });

  it('fails a task under --strict when its score is below the threshold or could not be measured, never when n/a', () => {
    const failed = { ...base, error: 'the reference does not pass' };
    expect(failsStrict(failed, 0.8)).toBe(true);
    expect(failsStrict(measured, 0.8)).toBe(true);
    expect(failsStrict(measured, 0.6)).toBe(false);
    expect(failsStrict(base, 0.8)).toBe(false);
  });

  it('counts measured, below-threshold and errored tasks in the summary, n/a in none', () => {
    const failed = { ...base, error: 'the reference does not pass' };
    const strong = { ...measured, killed: 3, score: 1 };
    expect(mutationSummary([measured, strong, failed, base], 0.8, true)).toBe('; mutation score measured on 2, 1 below 0.8, 1 error(s)');
    expect(mutationSummary([failed], 0.8, false)).toBe('; mutation score measured on 0, 0 below 0.8, 1 error(s) (not enforced without --strict)');
    expect(mutationSummary([strong, base], 0.8, false)).toBe('; mutation score measured on 1, 0 below 0.8, 0 error(s)');
  });
});
