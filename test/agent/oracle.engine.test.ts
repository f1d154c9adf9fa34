import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { allTaskDirs } from '../../src/task/selection.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { FaultPlan, ToolResultEvent } from '../../src/trajectory/schema.js';
import { noEngine, testProvider } from '../helpers/engine.js';

/** One plan per fault class, on the tools the oracle cannot do without. */
const PLANS: Record<string, FaultPlan> = {
  none: { faults: [] },
  explicit_transient: { faults: [{ class: 'explicit_transient', tool: 'write_file', at: 1 }] },
  explicit_permanent: { faults: [{ class: 'explicit_permanent', tool: 'run_tests', at: 1 }] },
  implicit_transient: { faults: [{ class: 'implicit_transient', tool: 'read_file', at: 2 }] },
  implicit_permanent: { faults: [{ class: 'implicit_permanent', tool: 'write_file', at: 1 }] },
};

const tasks = (await allTaskDirs(process.cwd())).map((t) => t.id);

describe.skipIf(noEngine)('the oracle on every bundled task, under each fault class', () => {
  it('finds the bundled suite', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(12);
  });

  it.each(tasks.flatMap((id) => Object.keys(PLANS).map((plan) => [id, plan] as const)))('%s under %s: resolved, with every planned fault injected', async (id, plan) => {
    const task = await requireTask(path.resolve('tasks', id), process.cwd());
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 1, faults: PLANS[plan], outDir: await mkdtemp(path.join(tmpdir(), 'crucible-oracle-')) });
    expect(r.status).toBe('submitted');
    expect(r.grade?.resolved, r.grade?.rationale).toBe(true);
    const injected = (await readTrajectory(r.trajectoryFile)).events.filter((e): e is ToolResultEvent => e.type === 'tool_result' && !!e.fault);
    if (plan === 'none') expect(injected).toEqual([]);
    else expect(injected.map((e) => e.fault!.class)).toContain(plan);
  });
});
