import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import type { ScoredAttempt } from '../../src/store/types.js';
import { noEngine, testProvider } from '../helpers/engine.js';
import { matrixCliArgs } from './matrix-helpers.js';

const exec = promisify(execFile);
const CWD = path.resolve('test/fixtures/grade-project');
/** 2 agents × 1 task × 3 repeats = 6 attempts, 2 at a time. */
const MATRIX = ['run', '--tasks', 'mini-total', '--agent', 'oracle', '--agent', 'noop', '--repeats', '3', '--seed', '11'];
const SCORE_NAMES = ['resolved', 'f2p', 'p2p', 'tool_call_accuracy', 'error_recovery', 'coherence', 'structure', 'integrity', 'composite'];

/** Reads the database while a run writes it (WAL allows a concurrent reader). */
function peek<T>(db: string, fn: (d: Database.Database) => T, fallback: T): T {
  let d: Database.Database | undefined;
  try {
    d = new Database(db, { readonly: true, fileMustExist: true });
    return fn(d);
  } catch {
    return fallback;
  } finally {
    d?.close();
  }
}

const finishedCount = (db: string) => peek(db, (d) => (d.prepare(`SELECT COUNT(*) AS n FROM attempts WHERE state = 'finished'`).get() as { n: number }).n, 0);
const runIdOf = (db: string) => peek(db, (d) => (d.prepare('SELECT id FROM runs').get() as { id: string } | undefined)?.id, undefined);

async function containersOf(runId: string) {
  return testProvider().docker.listContainers({ all: true, filters: { label: [`crucible.run=${runId}`] } });
}

/** Starts the CLI, kills it with SIGKILL once `when()` holds, and resolves when it is gone. */
async function killWhen(args: string[], when: () => boolean | Promise<boolean>): Promise<{ signal: NodeJS.Signals | null; code: number | null }> {
  const child = spawn(process.execPath, matrixCliArgs(...args), { cwd: CWD, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  child.stdout.resume();
  const exited = new Promise<{ signal: NodeJS.Signals | null; code: number | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if (await when()) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const r = await exited;
  if (r.signal !== 'SIGKILL') throw new Error(`the run ended before it could be killed (exit ${r.code}): ${stderr}`);
  return r;
}

function snapshot(db: string): ScoredAttempt[] {
  const store = Store.open(db);
  try {
    return store.scoredAttempts({ states: ['finished'] });
  } finally {
    store.close();
  }
}

describe.skipIf(noEngine)('crucible run against the engine', () => {
  it('survives SIGKILL at three points: exactly 6 attempts, finished ones untouched, no containers left', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-'));
    const db = path.join(dir, 'results.db');
    const args = [...MATRIX, '--concurrency', '2', '--db', db, '--out', path.join(dir, 'trajectories')];

    await killWhen(args, () => finishedCount(db) >= 1);
    const first = snapshot(db);
    expect(first.length).toBeGreaterThanOrEqual(1);
    const runId = runIdOf(db)!;

    await killWhen(args, () => finishedCount(db) >= 3);
    const second = snapshot(db);
    expect(second.length).toBeGreaterThanOrEqual(3);

    const gradingAt = finishedCount(db);
    await killWhen(args, async () => (await containersOf(runId)).some((c) => c.Labels['crucible.attempt']?.endsWith('-grade')));
    const third = snapshot(db);
    expect(third.length).toBeGreaterThanOrEqual(gradingAt);
    expect(third.length).toBeLessThan(6);
    expect((await containersOf(runId)).length).toBeGreaterThan(0); // the kill left containers behind

    const final = await exec(process.execPath, matrixCliArgs(...args), { cwd: CWD });
    expect(final.stdout).toMatch(new RegExp(`^run ${runId.slice(0, 12)}: 6 attempt\\(s\\), ${third.length} already finished, ${6 - third.length} to run`));
    const store = Store.open(db);
    const all = store.scoredAttempts();
    store.close();
    expect(all).toHaveLength(6);
    expect(all.every((a) => a.state === 'finished' && a.exitStatus === 'submitted' && a.runId === runId)).toBe(true);
    expect(all.map((a) => `${a.agentSpec}#${a.repeat}:${a.resolved}`).sort()).toEqual(['noop#1:false', 'noop#2:false', 'noop#3:false', 'oracle#1:true', 'oracle#2:true', 'oracle#3:true']);
    for (const before of [...first, ...second, ...third]) {
      const now = all.find((a) => a.id === before.id)!;
      expect({ startedAt: now.startedAt, endedAt: now.endedAt, scores: now.scores, resolved: now.resolved }).toEqual({ startedAt: before.startedAt, endedAt: before.endedAt, scores: before.scores, resolved: before.resolved });
    }
    expect(await containersOf(runId)).toEqual([]);
  }, 600_000);

  it('prints one JSON document with --json, and two shards merged equal the single run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-'));
    const db = path.join(dir, 'results.db');
    const args = [...MATRIX, '--concurrency', '2', '--db', db, '--out', path.join(dir, 'trajectories')];
    // --json: one document, every attempt with its scores; progress lines go to stderr.
    const json = await exec(process.execPath, matrixCliArgs(...args, '--json'), { cwd: CWD });
    const single = Store.open(db);
    const all = single.scoredAttempts();
    const runId = single.runs()[0]!.id;
    single.close();
    expect(all).toHaveLength(6);
    const doc = JSON.parse(json.stdout) as { runId: string; attempts: Array<{ task: string; agent: string; repeat: number; exitStatus: string; resolved: boolean; scores: Array<{ name: string; value: number | null; rationale: string }> }> };
    expect(doc.runId).toBe(runId);
    expect(doc.attempts).toHaveLength(6);
    for (const a of doc.attempts) {
      expect(a).toMatchObject({ task: 'mini-total', agent: expect.stringMatching(/^(oracle|noop)$/), repeat: expect.any(Number), exitStatus: 'submitted', resolved: a.agent === 'oracle' });
      expect(a.scores.map((s) => s.name)).toEqual(SCORE_NAMES);
      expect(a.scores[0]).toMatchObject({ value: a.agent === 'oracle' ? 1 : 0, rationale: expect.any(String) });
    }
    expect(json.stderr).toMatch(/^run [0-9a-f]{12}: 6 attempt\(s\), 0 already finished, 6 to run, 2 at a time\n/);
    expect(json.stderr.split('\n').filter((l) => /^mini-total  (oracle|noop)  #[123]  submitted  (un)?resolved  composite \d\.\d{3} \(\d+\.\ds\)$/.test(l))).toHaveLength(6);

    // Two shards into two databases, merged, equal the single run.
    const shards = [1, 2].map((i) => path.join(dir, `shard-${i}.db`));
    await Promise.all(shards.map((file, i) => exec(process.execPath, matrixCliArgs(...MATRIX, '--concurrency', '1', '--shard', `${i + 1}/2`, '--db', file, '--out', path.join(dir, 'shard-trajectories')), { cwd: CWD })));
    const merged = path.join(dir, 'merged.db');
    const m = await exec(process.execPath, matrixCliArgs('merge', ...shards, '--into', merged), { cwd: CWD });
    expect(m.stdout).toMatch(/1 run\(s\), 6 attempt\(s\); 6 copied, 0 identical.*0 conflict\(s\)/);
    const key = (a: ScoredAttempt) => ({ id: a.id, resolved: a.resolved, exitStatus: a.exitStatus, state: a.state, seed: a.seed });
    const mergedStore = Store.open(merged);
    expect(mergedStore.scoredAttempts().map(key)).toEqual(all.map(key));
    expect(mergedStore.run(runId)).toMatchObject({ id: runId, repeats: 3, seed: 11 });
    expect(mergedStore.run(runId)!.shard).toBeUndefined();
    mergedStore.close();
    for (const file of shards) {
      const s = Store.open(file);
      expect(s.attempts()).toHaveLength(3);
      expect(s.run(runId)!.shard).toMatch(/^[12]\/2$/);
      s.close();
    }
  }, 600_000);
});
