import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMatrix } from '../../src/run/matrix.js';
import type { MatrixEvent } from '../../src/run/matrix.js';
import { automaticLabels, faultPlanLabel, planMatrix } from '../../src/run/matrix-plan.js';
import type { MatrixTask } from '../../src/run/matrix-plan.js';
import { Store } from '../../src/store/store.js';
import type { LoadedTask } from '../../src/task/loader.js';
import type { FaultPlan } from '../../src/trajectory/schema.js';
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

  it('leaves the run key alone: labels are not part of it', () => {
    const plain = planMatrix({ tasks: [task('a')], agents: [{ spec: 'oracle', config: {} }], repeats: 1, seed: 1 });
    const again = planMatrix({ tasks: [task('a')], agents: [{ spec: 'oracle', config: {} }], repeats: 1, seed: 1, faults: { faults: [] } });
    expect(again.runId).toBe(plain.runId);
  });
});

describe('a matrix run', () => {
  it('stores the automatic labels on every attempt, over a --label of the same key, with a warning', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-matrix-labels-'));
    const store = Store.open(path.join(dir, 'r.db'));
    const events: MatrixEvent[] = [];
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
        labels: { suite: 'unit', strategy: 'mine' },
        runAttempt: fakeRunner().run,
        onEvent: (e) => events.push(e),
      });
      const labels = Object.fromEntries(store.scoredAttempts({ runId: result.runId }).map((a) => [a.taskId, a.labels]));
      expect(labels).toEqual({
        plain: { suite: 'unit', strategy: 'mine', faults: 'none' },
        faulty: { suite: 'unit', strategy: 'mine', faults: faultPlanLabel(PLAN) },
        'plain--misleading': { suite: 'unit', strategy: 'misleading', faults: 'none', origin: 'plain' },
      });
      expect(store.run(result.runId)!.labels).toEqual({ suite: 'unit', strategy: 'mine' });
      expect(events.filter((e) => e.type === 'warning').map((e) => (e as { message: string }).message)).toEqual([
        'label(s) strategy are set by the run itself (fault plan, task variant); the given value is kept on the run only',
      ]);
    } finally {
      store.close();
    }
  });
});
