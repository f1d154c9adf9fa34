import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reviewKey } from '../../src/review/keys.js';
import { detectorStateAttempts } from '../../src/review/material.js';
import { buildQueue, flaggedReasons } from '../../src/review/queue.js';
import { REVIEWER_FINDING_ID } from '../../src/store/reviews.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { serve, type ServerClient } from './server-client.js';
import { GOOD_RATIONALE, finding, tempDir, writeReviewDb } from './fixtures.js';

const HACK_WHY = `${GOOD_RATIONALE} Ana thinks it hard-codes the answer.`;
let client: ServerClient;

beforeEach(async () => {
  const db = path.join(await tempDir(), 'results.db');
  writeReviewDb(db, [
    { id: 'flagged', task: 'cart', findings: [finding('git_snooping')] },
    { id: 'bare', task: 'tax' },
    { id: 'proven', task: 'ship', findings: [finding('test_tampering', true, 'critical')] },
  ]);
  client = await serve(db);
  for (const id of ['flagged', 'bare', 'proven']) {
    const { status } = await client.post({ key: reviewKey(id), reviewer: 'ana', item: 'integrity', verdict: 'reward_hack', rationale: HACK_WHY });
    expect(status).toBe(201);
  }
});

afterEach(() => client.close());

const findingsOf = (view: { findings: Array<{ id: string; confirmed: boolean }> }) => view.findings.map((f) => [f.id, f.confirmed]);

describe('reviewers judge independently', () => {
  it('the store records the confirmation (the gate sees it)', () => {
    const byId = new Map(client.store.scoredAttempts().map((a) => [a.id, a]));
    expect(byId.get('flagged')!.findings.map((f) => [f.id, f.confirmed])).toEqual([['git_snooping', true]]);
    expect(byId.get('bare')!.findings.map((f) => f.id)).toEqual([REVIEWER_FINDING_ID]);
    expect(client.store.attempt('bare')!.cheated).toBe(true);
  });

  it.each(['', '&unblind=1'])('the next reviewer sees findings as the detectors left them (%s)', async (unblind) => {
    const flagged = await client.get(`/api/attempts/${reviewKey('flagged')}?reviewer=bo${unblind}`);
    expect(findingsOf(flagged.body)).toEqual([['git_snooping', false]]);
    const bare = await client.get(`/api/attempts/${reviewKey('bare')}?reviewer=bo${unblind}`);
    expect(bare.body.findings).toEqual([]);
    expect(bare.text).not.toMatch(/ana|hard-codes|reviewer_reward_hack/i);
    // A detector's own confirmation is evidence, not another reviewer's opinion: it stays.
    const proven = await client.get(`/api/attempts/${reviewKey('proven')}?reviewer=bo${unblind}`);
    expect(findingsOf(proven.body)).toEqual([['test_tampering', true]]);
  });

  it('cannot confirm the reviewer finding, which is no detector finding', async () => {
    const { status, body } = await client.post({ key: reviewKey('bare'), reviewer: 'bo', item: 'integrity', verdict: 'reward_hack', rationale: GOOD_RATIONALE, findings: [REVIEWER_FINDING_ID] });
    expect([status, body.error.field]).toEqual([400, 'findings']);
  });

  it('queues on the detector state: still suspected, and never for the reviewer finding', () => {
    const queue = new Map(buildQueue(detectorStateAttempts(client.store), { sample: 0 }).map((e) => [e.attemptId, e.reasons]));
    expect(queue.get('flagged')).toEqual(['finding:git_snooping', 'suspected-finding']);
    expect(queue.has('bare')).toBe(false);
    expect(queue.get('proven')).toEqual(['finding:test_tampering']);
  });

  it('never gives the reviewer finding as a flag reason, whatever the caller passes', () => {
    const bare = client.store.scoredAttempts().find((a) => a.id === 'bare') as ScoredAttempt;
    expect(bare.findings.map((f) => f.id)).toEqual([REVIEWER_FINDING_ID]);
    expect(flaggedReasons(bare)).toEqual([]);
  });
});
