import path from 'node:path';
import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { Store, StoreError } from '../../src/store/store.js';
import { parseTrajectory } from '../../src/trajectory/reader.js';
import { FINDINGS, SCORES, attempt, run, tempDir, trajectoryText } from './helpers.js';

async function fresh(): Promise<{ store: Store; file: string }> {
  const file = path.join(await tempDir(), 'results.db');
  const store = Store.open(file);
  store.upsertRun(run());
  return { store, file };
}

describe('results database', () => {
  it('stores runs and keeps the creation time on update', async () => {
    const { store } = await fresh();
    store.upsertRun(run('run-1', { createdAt: '2030-01-01T00:00:00.000Z', labels: { team: 'b' }, shard: '1/2', gitRevision: 'deadbeef' }));
    expect(store.run('run-1')).toEqual(run('run-1', { labels: { team: 'b' }, shard: '1/2', gitRevision: 'deadbeef' }));
    expect(store.runs().map((r) => r.id)).toEqual(['run-1']);
    expect(store.run('nope')).toBeUndefined();
    store.close();
  });

  it('inserts an attempt as pending once and returns what is stored after that', async () => {
    const { store } = await fresh();
    const first = store.ensureAttempt(attempt('a1'));
    expect(first).toMatchObject({ id: 'a1', state: 'pending', tokensPrompt: 0, costUsd: 0, harnessRetries: 0, agentConfig: { temperature: 0 }, labels: { team: 'a' } });
    store.markRunning('a1', '2026-01-01T00:00:00.000Z');
    expect(store.ensureAttempt(attempt('a1', { seed: 999 }))).toMatchObject({ state: 'running', seed: 42 });
    store.close();
  });

  it('requires the run to exist (foreign keys are on)', async () => {
    const { store } = await fresh();
    expect(() => store.ensureAttempt(attempt('x', { runId: 'missing' }))).toThrow(/FOREIGN KEY/);
    store.close();
  });

  it('finishes an attempt in one go: provenance and usage from the trajectory, scores, findings, compressed trajectory, diff, grade', async () => {
    const { store, file } = await fresh();
    store.ensureAttempt(attempt('a1'));
    store.markRunning('a1', '2026-01-01T00:00:00.000Z');
    const text = trajectoryText('a1');
    const grade = { resolved: true, rationale: 'ok', structure: [] };
    const done = store.finishAttempt('a1', { exitStatus: 'submitted', resolved: true, cheated: false, endedAt: '2026-01-01T00:00:09.000Z', durationMs: 9000, trajectory: text, diff: 'diff --git a/x b/x\n', grade, scores: SCORES, findings: FINDINGS });
    expect(done).toMatchObject({
      state: 'finished',
      exitStatus: 'submitted',
      resolved: true,
      cheated: false,
      startedAt: '2026-01-01T00:00:00.000Z',
      endedAt: '2026-01-01T00:00:09.000Z',
      durationMs: 9000,
      agentName: 'openai',
      agentVersion: '2.1.0',
      model: 'gpt-x',
      promptVariant: 'v2',
      agentConfig: { temperature: 0.2 },
      imageId: 'sha256:feed',
      tokensPrompt: 400,
      tokensCompletion: 60,
      latencyMs: 1000,
    });
    expect(done.costUsd).toBeCloseTo(0.04);
    const [scored] = store.scoredAttempts({ runId: 'run-1' });
    expect(scored!.scores).toEqual(SCORES);
    expect(scored!.findings).toEqual(FINDINGS);
    expect(store.trajectory('a1')).toBe(text);
    expect(parseTrajectory(store.trajectory('a1')!).header.attemptId).toBe('a1');
    expect(store.artifacts('a1')).toMatchObject({ diff: 'diff --git a/x b/x\n', grade, trajectory: text, trajectorySha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    store.close();

    // Stored compressed, not as text.
    const db = new Database(file, { readonly: true });
    const blob = (db.prepare('SELECT trajectory_gz FROM artifacts').get() as { trajectory_gz: Buffer }).trajectory_gz;
    expect(blob[0]).toBe(0x1f);
    expect(blob[1]).toBe(0x8b);
    expect(blob.length).toBeLessThan(Buffer.byteLength(text));
    expect(gunzipSync(blob).toString()).toBe(text);
    db.close();
  });

  it('never finishes an attempt twice, and never restarts a finished one', async () => {
    const { store } = await fresh();
    store.ensureAttempt(attempt('a1'));
    store.finishAttempt('a1', { exitStatus: 'submitted', resolved: false, startedAt: '2026-01-01T00:00:00.000Z' });
    expect(() => store.finishAttempt('a1', { exitStatus: 'submitted' })).toThrow(StoreError);
    expect(() => store.markRunning('a1', 'later')).toThrow(/finished; it cannot be started again/);
    expect(() => store.recordHarnessError('a1', 'x', { final: true })).toThrow(StoreError);
    expect(store.attempt('a1')).toMatchObject({ state: 'finished', startedAt: '2026-01-01T00:00:00.000Z' });
    store.close();
  });

  it('resumes: running attempts go back to pending keeping their first start; finished ones stay as they were', async () => {
    const { store, file } = await fresh();
    for (const id of ['a1', 'a2', 'a3']) store.ensureAttempt(attempt(id, { repeat: Number(id.slice(1)) }));
    store.markRunning('a1', 'T1');
    store.finishAttempt('a1', { exitStatus: 'submitted', resolved: true, endedAt: 'T2', scores: SCORES });
    store.markRunning('a2', 'T3');
    store.close(); // a crash: a2 is left running

    const again = Store.open(file);
    const finishedBefore = again.scoredAttempts({ states: ['finished'] });
    expect(again.resetUnfinished('run-1')).toBe(1);
    expect(again.attempts({ states: ['pending'] }).map((a) => a.id)).toEqual(['a2', 'a3']);
    again.markRunning('a2', 'T9');
    expect(again.attempt('a2')!.startedAt).toBe('T3');
    expect(again.scoredAttempts({ states: ['finished'] })).toEqual(finishedBefore);
    expect(again.resetUnfinished('other-run')).toBe(0);
    again.close();
  });

  it('counts harness retries and leaves the attempt in harness_error when final', async () => {
    const { store } = await fresh();
    store.ensureAttempt(attempt('a1'));
    store.markRunning('a1', 'T1');
    expect(store.recordHarnessError('a1', 'SANDBOX_LOST: gone', { final: false })).toMatchObject({ state: 'pending', harnessRetries: 1, harnessError: 'SANDBOX_LOST: gone' });
    store.markRunning('a1', 'T2');
    expect(store.recordHarnessError('a1', 'SANDBOX_LOST: again', { final: false })).toMatchObject({ state: 'pending', harnessRetries: 2 });
    store.markRunning('a1', 'T3');
    const last = store.recordHarnessError('a1', 'SANDBOX_LOST: third', { final: true });
    expect(last).toMatchObject({ state: 'harness_error', harnessRetries: 2, harnessError: 'SANDBOX_LOST: third', startedAt: 'T1' });
    expect(last.exitStatus).toBeUndefined();
    expect(last.resolved).toBeUndefined();
    expect(store.scoredAttempts()[0]!.scores).toEqual([]);
    store.close();
  });

  it('releases in-flight attempts on a clean stop', async () => {
    const { store } = await fresh();
    store.ensureAttempt(attempt('a1'));
    store.markRunning('a1', 'T1');
    store.releaseAttempts(['a1']);
    expect(store.attempt('a1')!.state).toBe('pending');
    store.close();
  });

  it('filters attempts by run, agent, task, state and labels', async () => {
    const { store } = await fresh();
    store.upsertRun(run('run-2'));
    store.ensureAttempt(attempt('a1'));
    store.ensureAttempt(attempt('a2', { agentSpec: 'noop', labels: { team: 'b', model: 'x' } }));
    store.ensureAttempt(attempt('a3', { runId: 'run-2', taskId: 'other', labels: {} }));
    store.markRunning('a3', 'T');
    const ids = (f: Parameters<Store['attempts']>[0]) => store.attempts(f).map((a) => a.id);
    expect(ids({})).toEqual(['a2', 'a1', 'a3']);
    expect(ids({ runId: 'run-1' })).toEqual(['a2', 'a1']);
    expect(ids({ agentSpec: 'noop' })).toEqual(['a2']);
    expect(ids({ taskId: 'other' })).toEqual(['a3']);
    expect(ids({ states: ['running'] })).toEqual(['a3']);
    expect(ids({ states: [] })).toEqual([]);
    expect(ids({ labels: { team: 'a' } })).toEqual(['a1']);
    expect(ids({ labels: { team: 'b', model: 'x' } })).toEqual(['a2']);
    expect(ids({ labels: { team: 'b', model: 'y' } })).toEqual([]);
    expect(ids({ labels: { "it's": '"odd"' } })).toEqual([]);
    store.close();
  });
});
