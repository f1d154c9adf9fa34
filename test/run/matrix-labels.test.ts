import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatrix } from '../../src/run/matrix.js';
import { runCommand } from '../../src/cli/commands/run.js';
import { automaticLabels, checkUserLabels, faultPlanLabel, planMatrix, RESERVED_LABELS, runKey } from '../../src/run/matrix-plan.js';
import type { MatrixTask } from '../../src/run/matrix-plan.js';
import { Store } from '../../src/store/store.js';
import type { LoadedTask } from '../../src/task/loader.js';
import type { FaultPlan } from '../../src/trajectory/schema.js';
import { runCli } from '../report/fixtures.js';
import { fakeRunner } from './matrix-helpers.js';

const PLAN: FaultPlan = { faults: [{ class: 'explicit_transient', tool: 'bash', at: 1 }] };
const OTHER: FaultPlan = { faults: [{ class: 'implicit_permanent', tool: 'read_file', at: 2 }] };

/** A task as far as the matrix looks at it, with the optional fields labels come from. */
function task(id: string, extra: { faults?: FaultPlan; origin?: { task: string; strategy: string; content_hash?: string } } = {}): MatrixTask {
  return { task: { definition: { id, kind: 'debug', profile: 'default', ...extra }, dir: `/tasks/${id}` } as unknown as LoadedTask, contentHash: `hash-${id}` };
}

describe('fault plan labels', () => {
  it('is none for no plan or an empty one, and a stable 12-digit hash otherwise', () => {
    expect(faultPlanLabel(undefined)).toBe('none');
    expect(faultPlanLabel({ faults: [] })).toBe('none');
    expect(faultPlanLabel(PLAN)).toMatch(/^[0-9a-f]{12}$/);
    expect(faultPlanLabel(structuredClone(PLAN))).toBe(faultPlanLabel(PLAN));
    expect(faultPlanLabel(OTHER)).not.toBe(faultPlanLabel(PLAN));
  });

  it("labels the plan in force: the run's, else the task's own, and a variant's origin", () => {
    expect(automaticLabels(task('a').task, undefined)).toEqual({ faults: 'none' });
    expect(automaticLabels(task('a', { faults: PLAN }).task, undefined)).toEqual({ faults: faultPlanLabel(PLAN) });
    expect(automaticLabels(task('a', { faults: PLAN }).task, OTHER)).toEqual({ faults: faultPlanLabel(OTHER) });
    // An empty run plan switches a task's own plan off, as runAttempt does.
    expect(automaticLabels(task('a', { faults: PLAN }).task, { faults: [] })).toEqual({ faults: 'none' });
    expect(automaticLabels(task('a--injection', { origin: { task: 'a', strategy: 'injection', content_hash: 'h1' } }).task, undefined)).toEqual({
      faults: 'none',
      origin: 'a',
      strategy: 'injection',
      origin_hash: 'h1',
    });
  });

  it('leaves the run key and attempt ids as they were before labels existed', () => {
    // Literals computed with the code of commit 93bd4e2, before runs set automatic labels: the
    // same matrix must keep the same run key and attempt ids, or resuming an old run would
    // silently start a new one.
    const tasks = [task('b'), task('a')];
    const agents = [{ spec: 'oracle', config: { prompt_variant: 'terse' } }, { spec: 'noop', config: {} }];
    const plan = planMatrix({ tasks, agents, repeats: 2, seed: 7 });
    expect(plan.runId).toBe('53e808908981ea3341edf46fda2984d238542e91a3e4d5b62e9bb9150d8363d2');
    expect(plan.attempts.map((a) => a.id)).toEqual([
      'a-noop-r1-07244aac7283',
      'a-noop-r2-b5292fadd532',
      'a-oracle-r1-13b4227363ae',
      'a-oracle-r2-45c8b0c80c34',
      'b-noop-r1-e8c4fc03c80e',
      'b-noop-r2-a457d2633bd9',
      'b-oracle-r1-9fd552713a78',
      'b-oracle-r2-91573cac1a44',
    ]);
    expect(runKey({ tasks: [{ id: 'a', contentHash: 'hash-a' }], agents: [{ spec: 'oracle', config: {} }], repeats: 1, seed: 1, faults: { faults: [] } })).toBe(
      'dbecc3ba79d58075ed6314c139fcc3236c93d35abe0d22aaf1609ee22f9c7b03',
    );
    // An absent plan is the empty plan.
    expect(planMatrix({ tasks, agents, repeats: 2, seed: 7, faults: { faults: [] } }).runId).toBe(plan.runId);
  });
});

describe('a matrix run', () => {
  it('stores the automatic labels on every attempt next to the user labels', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-labels-'));
    const store = Store.open(path.join(dir, 'r.db'));
    try {
      const tasks = [task('plain'), task('faulty', { faults: PLAN }), task('plain--misleading', { origin: { task: 'plain', strategy: 'misleading' } })];
      const result = await runMatrix({
        store,
        tasks,
        agents: [{ spec: 'oracle', config: {} }],
        repeats: 1,
        concurrency: 1,
        seed: 1,
        outDir: path.join(dir, 'traj'),
        labels: { suite: 'unit' },
        runAttempt: fakeRunner().run,
      });
      const labels = Object.fromEntries(store.scoredAttempts({ runId: result.runId }).map((a) => [a.taskId, a.labels]));
      expect(labels).toEqual({
        plain: { suite: 'unit', faults: 'none' },
        faulty: { suite: 'unit', faults: faultPlanLabel(PLAN) },
        'plain--misleading': { suite: 'unit', strategy: 'misleading', faults: 'none', origin: 'plain' },
      });
      expect(store.run(result.runId)!.labels).toEqual({ suite: 'unit' });
    } finally {
      store.close();
    }
  });

  it('refuses a user label with a reserved key: it would put ordinary attempts into the variant tables', async () => {
    expect(RESERVED_LABELS).toEqual(['faults', 'origin', 'strategy', 'origin_hash']);
    expect(() => checkUserLabels({ suite: 'unit', strategy: 'impossible', origin_hash: 'x' })).toThrow(
      new RangeError('--label strategy, origin_hash: reserved for the labels the run sets itself (faults, origin, strategy, origin_hash); use another key'),
    );
    expect(() => checkUserLabels({ suite: 'unit', config: 'terse' })).not.toThrow();
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-reserved-'));
    const store = Store.open(path.join(dir, 'r.db'));
    try {
      const run = runMatrix({ store, tasks: [task('plain')], agents: [{ spec: 'oracle', config: {} }], repeats: 1, concurrency: 1, seed: 1, outDir: path.join(dir, 'traj'), labels: { strategy: 'impossible' }, runAttempt: fakeRunner().run });
      await expect(run).rejects.toThrow('--label strategy: reserved');
      expect(store.runs()).toEqual([]);
    } finally {
      store.close();
    }
  });

  it('makes `crucible run --label faults=x` a usage error: one line, exit 1, nothing run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-reserved-cli-'));
    const out = await runCli(runCommand(), ['--tasks', 'all', '--agent', 'oracle', '--label', 'faults=x', '--db', path.join(dir, 'r.db')]);
    expect(out).toEqual({
      exitCode: 1,
      stdout: '',
      stderr: 'crucible: --label faults: reserved for the labels the run sets itself (faults, origin, strategy, origin_hash); use another key\n',
    });
  });
});
