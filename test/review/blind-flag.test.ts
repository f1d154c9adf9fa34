import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewKey } from '../../src/review/keys.js';
import { ReviewStore } from '../../src/store/reviews.js';
import { serve, type ServerClient } from './server-client.js';
import { GOOD_RATIONALE, tempDir, writeReviewDb } from './fixtures.js';

const KEY = reviewKey('cart-1');
const OTHER = reviewKey('tax-1');
let client: ServerClient;

beforeEach(async () => {
  const db = path.join(await tempDir(), 'results.db');
  writeReviewDb(db, [
    { id: 'cart-1', task: 'cart' },
    { id: 'tax-1', task: 'tax' },
  ]);
  client = await serve(db);
});

afterEach(() => client.close());

const save = (key: string, reviewer: string, item = 'integrity') => client.post({ key, reviewer, item, verdict: item === 'integrity' ? 'legit' : '3', rationale: GOOD_RATIONALE, blind: true });
const storedBlind = () => ReviewStore.of(client.store).all().map((r) => [r.attemptId, r.reviewer, r.item, r.blind]);

describe('the blind flag records whether the identity was ever seen', () => {
  it('stores blind: false for a reviewer the server showed the agent, even when the page says blind', async () => {
    expect((await client.get(`/api/attempts/${KEY}?reviewer=ana&unblind=1`)).body.identity).toBeDefined();
    // The page hid the agent again (or moved away and back): the toggle is blind, the reviewer is not.
    expect((await client.get(`/api/attempts/${KEY}?reviewer=ana`)).body.blind).toBe(true);
    const ana = await save(KEY, 'ana');
    expect([ana.status, ana.body.review.blind]).toEqual([201, false]);
    await save(KEY, 'bo');
    await save(OTHER, 'ana');
    expect(storedBlind().sort()).toEqual([
      ['cart-1', 'ana', 'integrity', false],
      ['cart-1', 'bo', 'integrity', true],
      ['tax-1', 'ana', 'integrity', true],
    ]);
  });

  it('counts an unblinded view that names no reviewer against every reviewer of that attempt', async () => {
    await client.get(`/api/attempts/${KEY}?unblind=1`);
    await save(KEY, 'bo', 'patch_quality');
    expect(storedBlind()).toEqual([['cart-1', 'bo', 'patch_quality', false]]);
  });
});
