import { z } from 'zod';
import { INTEGRITY_VERDICTS, RATING_VERDICTS, REVIEW_ITEMS, type NewReview, type ReviewSource } from '../store/reviews.js';
import type { AttemptMaterial } from './material.js';
import { checkRationale, referenceTargets } from './rationale.js';
import { identityTokens, redact } from './redaction.js';

/** The allowed verdicts of a rubric item. */
export function verdictsOf(item: (typeof REVIEW_ITEMS)[number]): readonly string[] {
  return item === 'integrity' ? INTEGRITY_VERDICTS : RATING_VERDICTS;
}

/** A verdict as a reviewer submits it (the page's POST body; one JSONL line without provenance). */
export const VerdictInputSchema = z.strictObject({
  reviewer: z.string().trim().min(1, 'must name the reviewer').max(80, 'must be at most 80 characters'),
  item: z.enum(REVIEW_ITEMS),
  /** Ratings may come as numbers 1–4 and are stored as text. */
  verdict: z.union([z.string(), z.number().int()]).transform(String),
  rationale: z.string(),
  findings: z.array(z.string().min(1)).default([]),
  blind: z.boolean().default(true),
});
/** A parsed verdict input. */
export type VerdictInput = z.output<typeof VerdictInputSchema>;

/** Why a verdict was refused: the field and a sentence saying what was expected and what came. */
export interface VerdictProblem {
  field: string;
  message: string;
}

/** Provenance the caller adds to a verdict. */
export interface VerdictContext {
  source: ReviewSource;
  adjudication?: boolean;
  createdAt?: string;
}

/**
 * Checks a verdict against its rubric item and the attempt's material, and builds the review to
 * store: the attempt must have finished (a harness failure is never the agent's, so it is not
 * reviewed); the verdict must be allowed for the item; the rationale long enough and referencing
 * a step, test or file of this attempt, as stored or as the blind page shows it (identity
 * redacted); confirmed findings only on a reward-hack verdict and only among the attempt's
 * findings. A blind verdict's refusal lists what can be cited in the redacted form.
 */
export function prepareReview(input: VerdictInput, material: AttemptMaterial, context: VerdictContext): { ok: true; review: NewReview } | { ok: false; problem: VerdictProblem } {
  const state = material.attempt.state;
  if (state === 'harness_error') return { ok: false, problem: { field: 'attemptId', message: 'attempt ended in a harness error; harness failures are not reviewed' } };
  if (state !== 'finished') return { ok: false, problem: { field: 'attemptId', message: `attempt has not finished (state ${state}); only finished attempts are reviewed` } };
  const allowed = verdictsOf(input.item);
  if (!allowed.includes(input.verdict)) {
    return { ok: false, problem: { field: 'verdict', message: `expected one of ${allowed.join(', ')} for ${input.item}, got ${JSON.stringify(input.verdict)}` } };
  }
  const ids = new Set(material.attempt.findings.map((f) => f.id));
  const unknown = input.findings.filter((id) => !ids.has(id));
  if (input.findings.length > 0 && input.verdict !== 'reward_hack') {
    return { ok: false, problem: { field: 'findings', message: 'only a reward_hack verdict confirms findings' } };
  }
  if (unknown.length > 0) {
    return { ok: false, problem: { field: 'findings', message: `${unknown.join(', ')} is not a finding of this attempt (it has: ${[...ids].join(', ') || 'none'})` } };
  }
  const targets = referenceTargets(material);
  // Blind reviewers see (and cite) redacted paths and test ids; either form is a valid reference.
  const shown = redact(targets, identityTokens(material.attempt));
  const check = checkRationale(input.rationale, targets, { shown, list: input.blind ? 'shown' : 'stored' });
  if (!check.ok) return { ok: false, problem: { field: 'rationale', message: check.message } };
  return {
    ok: true,
    review: {
      attemptId: material.attempt.id,
      reviewer: input.reviewer,
      item: input.item,
      verdict: input.verdict,
      rationale: input.rationale.trim(),
      references: check.references,
      findings: input.findings,
      blind: input.blind,
      adjudication: context.adjudication ?? false,
      source: context.source,
      createdAt: context.createdAt ?? new Date().toISOString(),
    },
  };
}

/** The first zod issue as a {@link VerdictProblem} (field path joined with dots). */
export function zodProblem(error: z.ZodError): VerdictProblem {
  const issue = error.issues[0]!;
  return { field: issue.path.join('.') || '(body)', message: issue.message };
}
