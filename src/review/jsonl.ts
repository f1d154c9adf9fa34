import { z } from 'zod';
import { ReviewStore, legacyReviewId, reviewId, type NewReview, type ReviewRecord } from '../store/reviews.js';
import type { Store } from '../store/store.js';
import { loadMaterial, type AttemptMaterial } from './material.js';
import { VerdictInputSchema, prepareReview, zodProblem } from './verdict.js';

/** The format tag on every exported line. */
export const REVIEW_FORMAT = 'crucible-review/1';

/** A reviews file that cannot be imported: every bad line as `file:line: field: message`. */
export class ReviewImportError extends Error {
  override readonly name = 'ReviewImportError';
  constructor(readonly problems: string[]) {
    super(problems.length > 20 ? [...problems.slice(0, 20), `… and ${problems.length - 20} more`].join('\n') : problems.join('\n'));
  }
}

/** One line of a reviews JSONL file, as external annotation teams write it. */
export const ReviewLineSchema = VerdictInputSchema.extend({
  format: z.literal(REVIEW_FORMAT),
  attemptId: z.string().min(1),
  /** ISO 8601 with an offset or Z; stored in UTC (`toISOString`). */
  createdAt: z.iso.datetime({ offset: true }),
  adjudication: z.boolean().default(false),
  source: z.enum(['web', 'import', 'cli']).default('import'),
  /** Optional on import: when present it must match the line's content, in the current or the legacy id form (it is recomputed). */
  id: z.string().optional(),
  /** Optional on import: when present they must match the attempt in the database. */
  taskId: z.string().optional(),
  taskContentHash: z.string().optional(),
  /** Written on export; recomputed from the rationale on import. */
  references: z.array(z.unknown()).optional(),
});

/**
 * Every review of the database as JSON Lines, oldest first: the review with its task id and
 * content hash (so another team's file can be checked against the right task version).
 */
export function exportReviews(store: Store): string {
  const attempts = new Map(store.attempts().map((a) => [a.id, a]));
  return ReviewStore.of(store)
    .all()
    .map((r: ReviewRecord) => {
      const a = attempts.get(r.attemptId);
      return JSON.stringify({ format: REVIEW_FORMAT, id: r.id, attemptId: r.attemptId, taskId: a?.taskId, taskContentHash: a?.taskContentHash, reviewer: r.reviewer, item: r.item, verdict: r.verdict, rationale: r.rationale, references: r.references, findings: r.findings, blind: r.blind, adjudication: r.adjudication, source: r.source, createdAt: r.createdAt });
    })
    .map((line) => `${line}\n`)
    .join('');
}

function parseLine(text: string, where: string, store: Store, materials: Map<string, AttemptMaterial | undefined>): { review?: NewReview; problem?: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { problem: `${where}: not JSON (${(err as Error).message})` };
  }
  const parsed = ReviewLineSchema.safeParse(json);
  if (!parsed.success) {
    const p = zodProblem(parsed.error);
    return { problem: `${where}: ${p.field}: ${p.message}` };
  }
  const line = parsed.data;
  if (!materials.has(line.attemptId)) materials.set(line.attemptId, loadMaterial(store, line.attemptId));
  const material = materials.get(line.attemptId);
  if (!material) return { problem: `${where}: attemptId: no attempt ${JSON.stringify(line.attemptId)} in this database` };
  for (const [field, expected] of [['taskId', material.attempt.taskId], ['taskContentHash', material.attempt.taskContentHash]] as const) {
    if (line[field] !== undefined && line[field] !== expected) return { problem: `${where}: ${field}: the attempt has ${JSON.stringify(expected)}, the line says ${JSON.stringify(line[field])}` };
  }
  // One time format in the database, so "latest verdict" compares times correctly.
  const createdAt = new Date(line.createdAt).toISOString();
  const prepared = prepareReview(line, material, { source: line.source, adjudication: line.adjudication, createdAt });
  if (!prepared.ok) return { problem: `${where}: ${prepared.problem.field}: ${prepared.problem.message}` };
  // Files exported before the id covered findings and blind carry the legacy id: still valid.
  if (line.id !== undefined && line.id !== reviewId(prepared.review) && line.id !== legacyReviewId(prepared.review)) {
    return { problem: `${where}: id: ${JSON.stringify(line.id)} does not match the line's content (expected ${reviewId(prepared.review)}); drop the id or fix the line` };
  }
  return { review: prepared.review };
}

/**
 * Imports reviews from JSON Lines text: every line is validated first (schema, attempt, task
 * version, verdict, rationale rules); any bad line aborts the import with every problem named by
 * file, line and field. Then all are written in one transaction. Idempotent: a review already
 * stored (same content) is not added again.
 * @returns How many lines were read and how many reviews were new.
 * @throws ReviewImportError listing the bad lines.
 */
export function importReviews(store: Store, text: string, file: string): { lines: number; added: number } {
  const reviews: NewReview[] = [];
  const problems: string[] = [];
  const materials = new Map<string, AttemptMaterial | undefined>();
  text.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    const { review, problem } = parseLine(raw, `${file}:${i + 1}`, store, materials);
    if (problem) problems.push(problem);
    if (review) reviews.push(review);
  });
  if (problems.length > 0) throw new ReviewImportError(problems);
  const { added } = ReviewStore.of(store).add(reviews);
  return { lines: reviews.length, added };
}
