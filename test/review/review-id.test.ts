import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportReviews, importReviews } from '../../src/review/jsonl.js';
import { Store } from '../../src/store/index.js';
import { ReviewStore, reviewId, type NewReview } from '../../src/store/reviews.js';
import { GOOD_RATIONALE, finding, tempDir, writeReviewDb } from './fixtures.js';

let store: Store;
const FILE = 'reviews.jsonl';

beforeEach(async () => {
  const db = path.join(await tempDir(), 'results.db');
  writeReviewDb(db, [{ id: 'flagged', task: 'cart', findings: [finding('git_snooping'), finding('env_conditional')] }]);
  store = Store.open(db);
});

afterEach(() => store.close());

const review = (extra: Partial<NewReview> = {}): NewReview => ({ attemptId: 'flagged', reviewer: 'ana', item: 'integrity', verdict: 'reward_hack', rationale: GOOD_RATIONALE, references: [{ kind: 'step', step: 3 }], findings: [], blind: true, adjudication: false, source: 'import', createdAt: '2026-02-01T10:00:00.000Z', ...extra });

/** The id as written before it covered findings and blind (what older exports and databases carry). */
function legacyId(r: NewReview): string {
  const fields = [r.attemptId, r.reviewer, r.item, r.verdict, r.rationale, r.createdAt, r.adjudication ? 'adjudication' : 'review'];
  return createHash('sha256').update(fields.join('\0')).digest('hex').slice(0, 24);
}

const line = (extra: Record<string, unknown> = {}) => `${JSON.stringify({ format: 'crucible-review/1', attemptId: 'flagged', reviewer: 'ana', item: 'integrity', verdict: 'reward_hack', rationale: GOOD_RATIONALE, findings: [], blind: true, createdAt: '2026-02-01T10:00:00.000Z', ...extra })}\n`;

describe('review ids cover findings and blind', () => {
  it('differ when only the confirmed findings or the blind flag differ, not with the findings order', () => {
    expect(reviewId(review({ findings: ['git_snooping'] }))).not.toBe(reviewId(review()));
    expect(reviewId(review({ blind: false }))).not.toBe(reviewId(review()));
    expect(reviewId(review({ findings: ['git_snooping', 'env_conditional'] }))).toBe(reviewId(review({ findings: ['env_conditional', 'git_snooping'] })));
  });

  it('imports a corrected line that changes only its findings or its blind flag', () => {
    expect(importReviews(store, line(), FILE).added).toBe(1);
    expect(importReviews(store, line({ findings: ['git_snooping'] }), FILE).added).toBe(1);
    expect(importReviews(store, line({ findings: ['git_snooping'], blind: false }), FILE).added).toBe(1);
    expect(importReviews(store, line({ findings: ['git_snooping'], blind: false }), FILE).added).toBe(0);
    expect(ReviewStore.of(store).all().map((r) => [r.findings, r.blind])).toEqual(expect.arrayContaining([[[], true], [['git_snooping'], true], [['git_snooping'], false]]));
  });

  it('still imports a file exported with the legacy id, and refuses any other id', () => {
    expect(importReviews(store, line({ id: legacyId(review()) }), FILE).added).toBe(1);
    expect(() => importReviews(store, line({ id: 'f'.repeat(24) }), FILE)).toThrow(`${FILE}:1: id: "${'f'.repeat(24)}" does not match the line's content (expected ${reviewId(review())}); drop the id or fix the line`);
    // What it exports now carries the current id, which imports as well.
    const exported = exportReviews(store);
    expect(JSON.parse(exported).id).toBe(reviewId(review()));
    expect(importReviews(store, exported, FILE).added).toBe(0);
  });

  it('treats a row stored under its legacy id as present when findings and blind match, and as another review when they do not', () => {
    const old = review({ findings: ['git_snooping'] });
    store.connection
      .prepare('INSERT INTO reviews (id, attempt_id, reviewer, item, verdict, rationale, refs, findings, blind, adjudication, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?)')
      .run(legacyId(old), old.attemptId, old.reviewer, old.item, old.verdict, old.rationale, JSON.stringify(old.references), JSON.stringify(old.findings), old.source, old.createdAt);
    const reviews = ReviewStore.of(store);
    const again = reviews.add([old]);
    expect([again.added, again.records[0]!.id]).toEqual([0, legacyId(old)]);
    expect(reviews.add([review({ findings: ['env_conditional'] })]).added).toBe(1);
    expect(reviews.all()).toHaveLength(2);
  });
});
