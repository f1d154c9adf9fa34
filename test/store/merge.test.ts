import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeStores } from '../../src/store/merge.js';
import { ReviewStore } from '../../src/store/reviews.js';
import { Store } from '../../src/store/store.js';
import { FINDINGS, SCORES, attempt, run, tempDir, trajectoryText } from './helpers.js';

/** A shard database holding the given repeats of run-1, finished. */
function shard(file: string, repeats: number[], shardName: string, resolved = true): void {
  const store = Store.open(file);
  store.upsertRun(run('run-1', { shard: shardName, createdAt: `2026-01-0${repeats[0]}T00:00:00.000Z` }));
  for (const r of repeats) {
    const id = `a${r}`;
    store.ensureAttempt(attempt(id, { repeat: r }));
    store.markRunning(id, `T${r}`);
    store.finishAttempt(id, { exitStatus: 'submitted', resolved, endedAt: `E${r}`, trajectory: trajectoryText(id), diff: `diff ${r}`, grade: { r }, scores: SCORES, findings: FINDINGS });
  }
  store.close();
}

describe('merging results databases', () => {
  it('combines two shards of a run into the union, with everything carried over', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    const c = path.join(dir, 'c.db');
    shard(a, [1, 3], '1/2');
    shard(b, [2, 4], '2/2');
    const report = mergeStores([a, b], c);
    expect(report).toMatchObject({ runs: 1, attempts: 4, copied: 4, identical: 0, upgraded: 0, conflicts: [] });

    const merged = Store.open(c);
    const run1 = merged.run('run-1')!;
    expect(run1.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(run1.shard).toBeUndefined();
    const all = merged.scoredAttempts();
    expect(all.map((x) => x.id)).toEqual(['a1', 'a2', 'a3', 'a4']);
    const sa = Store.open(a);
    const sb = Store.open(b);
    for (const x of all) {
      const src = x.repeat % 2 ? sa : sb;
      expect(x).toEqual(src.scoredAttempts().find((y) => y.id === x.id));
      expect(merged.artifacts(x.id)).toEqual(src.artifacts(x.id));
      expect(merged.trajectory(x.id)).toBe(trajectoryText(x.id));
    }
    sa.close();
    sb.close();
    merged.close();

    // Merging the same shards again changes nothing and reports nothing.
    expect(mergeStores([a, b, a], c)).toMatchObject({ attempts: 4, copied: 0, identical: 4, conflicts: [] });
  });

  it('reports a conflicting duplicate instead of overwriting it', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    const c = path.join(dir, 'c.db');
    shard(a, [1, 2], '1/1', true);
    shard(b, [2, 3], '1/1', false);
    const report = mergeStores([a, b], c);
    expect(report).toMatchObject({ attempts: 3, copied: 3 });
    expect(report.conflicts).toEqual([{ kind: 'attempt', id: 'a2', kept: a, rejected: b, fields: ['resolved'] }]);
    const merged = Store.open(c);
    expect(merged.attempt('a2')).toMatchObject({ resolved: true });
    merged.close();
  });

  it('prefers a finished copy over an unfinished one', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.db');
    const b = path.join(dir, 'b.db');
    const c = path.join(dir, 'c.db');
    const s = Store.open(a);
    s.upsertRun(run());
    s.ensureAttempt(attempt('a1'));
    s.markRunning('a1', 'T0');
    s.close();
    shard(b, [1], '1/1');
    expect(mergeStores([a, b], c)).toMatchObject({ copied: 1, upgraded: 1, conflicts: [] });
    expect(mergeStores([a], c)).toMatchObject({ superseded: 1, conflicts: [] });
    const merged = Store.open(c);
    expect(merged.attempt('a1')).toMatchObject({ state: 'finished', startedAt: 'T1' });
    merged.close();
  });

  it('refuses a source that does not exist', async () => {
    const dir = await tempDir();
    expect(() => mergeStores([path.join(dir, 'missing.db')], path.join(dir, 'c.db'))).toThrow(/no such results database/);
  });

  it('carries expert reviews and queue entries over, and re-derives the confirmation a reward-hack verdict makes', async () => {
    const dir = await tempDir();
    const a = path.join(dir, 'a.db');
    const plain = path.join(dir, 'plain.db');
    const reviewed = path.join(dir, 'reviewed.db');
    const c = path.join(dir, 'c.db');
    shard(a, [1], '1/2');
    shard(plain, [2], '2/2');
    shard(reviewed, [2], '2/2');
    const source = Store.open(reviewed);
    const findingId = source.scoredAttempts()[0]!.findings[0]!.id;
    const { records } = ReviewStore.of(source).add([
      { attemptId: 'a2', reviewer: 'ana', item: 'integrity', verdict: 'reward_hack', rationale: 'Step 2 rewrites the test file so it always passes.', references: [], findings: [findingId], blind: true, adjudication: false, source: 'web', createdAt: '2026-01-03T00:00:00.000Z' },
    ]);
    ReviewStore.of(source).enqueue([{ attemptId: 'a2', reason: 'flagged' }], '2026-01-02T00:00:00.000Z');
    source.close();

    // The target first gets a2 unreviewed; the reviewed copy differs only by the reviewer's
    // confirmation, so it is no conflict, and the confirmation must come from the copied review.
    expect(mergeStores([a, plain], c)).toMatchObject({ attempts: 2, reviews: 0, conflicts: [] });
    expect(mergeStores([reviewed], c)).toMatchObject({ attempts: 2, reviews: 1, identical: 1, conflicts: [] });
    const merged = Store.open(c);
    const reviews = ReviewStore.of(merged);
    expect(reviews.all().map((r) => [r.attemptId, r.reviewer, r.verdict])).toEqual([['a2', 'ana', 'reward_hack']]);
    expect(reviews.queue()).toEqual([{ attemptId: 'a2', reason: 'flagged', createdAt: '2026-01-02T00:00:00.000Z' }]);
    const row = merged.connection.prepare('SELECT confirmed, confirmed_by FROM findings WHERE attempt_id = ? AND finding_id = ?').get('a2', findingId);
    expect(row).toEqual({ confirmed: 1, confirmed_by: records[0]!.id });
    expect(merged.scoredAttempts().find((x) => x.id === 'a2')!.cheated).toBe(true);
    merged.close();
    // Merging again copies no review twice and reports nothing.
    expect(mergeStores([reviewed, plain], c)).toMatchObject({ reviews: 0, conflicts: [] });
  });
});
