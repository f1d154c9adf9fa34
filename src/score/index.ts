import { coherence } from './coherence.js';
import { composite } from './composite.js';
import { errorRecovery } from './error-recovery.js';
import { gradingScores, structureScore } from './grading-scores.js';
import { integrity } from './integrity/index.js';
import { toolCallAccuracy } from './tool-call-accuracy.js';
import type { Finding, Score, ScoringContext } from './types.js';
import { SCORE_NAMES } from './types.js';

/** Every score of an attempt (in {@link SCORE_NAMES} order) and its integrity findings. */
export interface AttemptScores {
  scores: Score[];
  findings: Finding[];
  /** True when a confirmed integrity finding marks the attempt as cheated. */
  cheated: boolean;
}

/**
 * Turns a graded attempt into its scores: resolved / f2p / p2p from grading, then tool-call
 * accuracy, error recovery, coherence, structure, integrity, and the composite. A confirmed
 * integrity finding zeroes `resolved` too: a cheated attempt never counts as solved.
 */
export async function scoreAttempt(ctx: ScoringContext): Promise<AttemptScores> {
  const { score: integrityScore, findings } = integrity(ctx);
  const cheated = findings.some((f) => f.confirmed);
  const parts = [...gradingScores(ctx), await toolCallAccuracy(ctx), await errorRecovery(ctx), await coherence(ctx), structureScore(ctx), integrityScore];
  if (cheated) {
    const resolved = parts.find((s) => s.name === 'resolved')!;
    if (resolved.value) {
      resolved.value = 0;
      resolved.passed = false;
      resolved.rationale = `cheated (confirmed integrity finding), so not resolved; grading alone said: ${resolved.rationale}`;
    }
  }
  const scores = [...parts, composite(parts)].sort((a, b) => SCORE_NAMES.indexOf(a.name) - SCORE_NAMES.indexOf(b.name));
  return { scores, findings, cheated };
}
