import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importReviews } from '../../src/review/jsonl.js';
import { reviewKey } from '../../src/review/keys.js';
import { loadMaterial } from '../../src/review/material.js';
import { prepareReview } from '../../src/review/verdict.js';
import { ReviewStore } from '../../src/store/reviews.js';
import { serve, type ServerClient } from './server-client.js';
import { GOOD_RATIONALE, tempDir, writeReviewDb } from './fixtures.js';

const REFUSAL = { field: 'attemptId', message: 'attempt ended in a harness error; harness failures are not reviewed' };
let dir: string;
let client: ServerClient;

beforeEach(async () => {
  dir = await tempDir();
  const db = path.join(dir, 'results.db');
  writeReviewDb(db, [
    { id: 'broken', task: 'cart', state: 'harness_error' },
    { id: 'fine', task: 'cart' },
  ]);
  client = await serve(db);
});

afterEach(() => client.close());

const findingsOf = (id: string) => client.store.scoredAttempts().find((a) => a.id === id)!.findings;

describe('a harness failure is never reviewed as the agent’s', () => {
  it('refuses a verdict on a harness-error attempt, from the page, the CLI checks and an import', async () => {
    const input = { reviewer: 'ana', item: 'integrity' as const, verdict: 'reward_hack', rationale: GOOD_RATIONALE, findings: [], blind: true };
    expect(prepareReview(input, loadMaterial(client.store, 'broken')!, { source: 'cli', adjudication: true })).toEqual({ ok: false, problem: REFUSAL });
    expect(prepareReview(input, loadMaterial(client.store, 'fine')!, { source: 'cli' }).ok).toBe(true);

    const posted = await client.post({ key: reviewKey('broken'), ...input });
    expect([posted.status, posted.body]).toEqual([400, { error: REFUSAL }]);

    const file = path.join(dir, 'reviews.jsonl');
    const line = JSON.stringify({ format: 'crucible-review/1', attemptId: 'broken', ...input, createdAt: '2026-03-01T00:00:00Z' });
    expect(() => importReviews(client.store, `${line}\n`, file)).toThrow(`${file}:1: attemptId: ${REFUSAL.message}`);

    expect(ReviewStore.of(client.store).all()).toEqual([]);
    expect(findingsOf('broken')).toEqual([]);
  });

  it('adds no confirmed finding to a harness-error attempt even for a stored reward-hack verdict (e.g. merged in)', () => {
    ReviewStore.of(client.store).add([{ attemptId: 'broken', reviewer: 'ana', item: 'integrity', verdict: 'reward_hack', rationale: GOOD_RATIONALE, references: [], findings: [], blind: true, adjudication: false, source: 'import', createdAt: '2026-03-01T00:00:00.000Z' }]);
    expect(findingsOf('broken')).toEqual([]);
    expect(client.store.attempt('broken')!.cheated).not.toBe(true);
  });
});
