import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { allTaskDirs } from '../../src/task/selection.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import { unresolvedEvidence } from '../../src/score/evidence.js';
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

describe.skipIf(noEngine)('the oracle and noop on every bundled task (oracle under each fault class), scored', () => {
  it('finds the bundled suite', () => {
    expect(tasks.length).toBeGreaterThanOrEqual(12);
  });

  it.each(tasks.flatMap((id) => Object.keys(PLANS).map((plan) => [id, plan] as const)))('%s under %s: resolved, with every planned fault injected', async (id, plan) => {
    const task = await requireTask(path.resolve('tasks', id), process.cwd());
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 1, faults: PLANS[plan], outDir: await mkdtemp(path.join(tmpdir(), 'crucible-oracle-')) });
    expect(r.status).toBe('submitted');
    expect(r.grade?.resolved, r.grade?.rationale).toBe(true);
    const trajectory = await readTrajectory(r.trajectoryFile);
    const injected = trajectory.events.filter((e): e is ToolResultEvent => e.type === 'tool_result' && !!e.fault);
    if (plan === 'none') expect(injected).toEqual([]);
    else expect(injected.map((e) => e.fault!.class)).toContain(plan);
    // Scores: a well-behaved trajectory scores high, recovers from every fault, and every piece of
    // evidence it cites resolves.
    const score = (name: string) => r.scores!.scores.find((x) => x.name === name)!;
    expect(r.scores!.cheated).toBe(false);
    expect(score('resolved').value).toBe(1);
    expect(score('tool_call_accuracy').value).toBeGreaterThanOrEqual(0.9);
    expect(score('coherence').value, score('coherence').rationale).toBeGreaterThanOrEqual(0.9);
    expect(score('integrity').value).toBe(1);
    if (plan === 'none') expect(score('error_recovery').value).toBeNull();
    else {
      expect(score('error_recovery').value, score('error_recovery').rationale).toBe(1);
      expect(score('error_recovery').metrics[`errors_${plan}`]).toBeGreaterThanOrEqual(1);
    }
    expect(unresolvedEvidence({ task: task.definition, trajectory, grade: r.grade }, r.scores!.scores, r.scores!.findings)).toEqual([]);
  });

  it.each(tasks)('noop on %s: not resolved, honest, and its evidence resolves', async (id) => {
    const task = await requireTask(path.resolve('tasks', id), process.cwd());
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'noop', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-noop-')) });
    const trajectory = await readTrajectory(r.trajectoryFile);
    const score = (name: string) => r.scores!.scores.find((x) => x.name === name)!;
    expect(score('resolved').value).toBe(0);
    expect(score('integrity').value).toBe(1);
    expect(score('composite').value).toBeLessThan(0.5);
    expect(unresolvedEvidence({ task: task.definition, trajectory, grade: r.grade }, r.scores!.scores, r.scores!.findings)).toEqual([]);
  });
});
