import { cliArgs } from '../helpers/engine.js';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { AttemptOptions, AttemptResult } from '../../src/run/attempt.js';
import type { MatrixTask } from '../../src/run/matrix-plan.js';
import type { Score } from '../../src/score/types.js';
import type { LoadedTask } from '../../src/task/loader.js';

/** Node arguments running `crucible …` from source (run, merge, suite and the rest). */
export const matrixCliArgs = cliArgs;

/** A task as far as the matrix looks at it. */
export function fakeTask(id: string, contentHash = `hash-${id}`): MatrixTask {
  return { task: { definition: { id, kind: 'debug', profile: 'default' }, dir: `/tasks/${id}` } as unknown as LoadedTask, contentHash };
}

/** What a fake attempt should do, by call. */
export type Behaviour = 'ok' | 'fail' | { harnessError: string } | { throws: Error } | { hang: Promise<void> };

const score = (name: Score['name'], value: number): Score => ({ name, value, rationale: `${name} ${value}`, evidence: [], metrics: {} });

/**
 * A stand-in for runAttempt: writes a small trajectory and returns a graded result; `plan`
 * decides per attempt id and call number (1-based) what happens. Every call is logged.
 */
export function fakeRunner(plan: (attemptId: string, call: number) => Behaviour = () => 'ok') {
  const calls: Array<{ attemptId: string; seed: number; call: number }> = [];
  let running = 0;
  let maxRunning = 0;
  const counts = new Map<string, number>();
  const run = async (o: AttemptOptions): Promise<AttemptResult> => {
    const attemptId = o.attemptId!;
    const call = (counts.get(attemptId) ?? 0) + 1;
    counts.set(attemptId, call);
    calls.push({ attemptId, seed: o.seed, call });
    running++;
    maxRunning = Math.max(maxRunning, running);
    try {
      await new Promise((r) => setTimeout(r, 5));
      const b = plan(attemptId, call);
      if (typeof b === 'object' && 'throws' in b) throw b.throws;
      if (typeof b === 'object' && 'hang' in b) await b.hang;
      const trajectoryFile = path.join(o.outDir, `${attemptId}.jsonl`);
      await mkdir(o.outDir, { recursive: true });
      const header = { type: 'header', version: 1, attemptId, task: { id: o.task.definition.id, contentHash: 'x', kind: 'debug' }, agent: { spec: o.agentSpec, name: o.agentSpec, version: '1' }, agentConfig: o.agentConfig ?? {}, seed: o.seed, limits: { steps: 1, wallTimeMs: 1, outputBytes: 1 }, image: { tag: 't', id: 'sha256:img' }, faults: { faults: [] }, crucibleVersion: '0', startedAt: new Date().toISOString() };
      const message = { type: 'message', role: 'assistant', text: 'hi', tokens: { prompt: 10, completion: 5 }, costUsd: 0.5, latencyMs: 20, at: new Date().toISOString() };
      await writeFile(trajectoryFile, `${JSON.stringify(header)}\n${JSON.stringify(message)}\n`);
      if (typeof b === 'object' && 'harnessError' in b) return { attemptId, trajectoryFile, status: 'harness_error', diff: '', steps: 0, contentHash: 'x', harnessError: b.harnessError };
      const solved = b === 'ok';
      return {
        attemptId,
        trajectoryFile,
        status: 'submitted',
        diff: solved ? 'diff --git a/x b/x\n' : '',
        steps: 1,
        contentHash: 'x',
        grade: { resolved: solved } as AttemptResult['grade'],
        scores: { scores: [score('resolved', solved ? 1 : 0), score('composite', solved ? 0.9 : 0.1)], findings: [], cheated: false },
      };
    } finally {
      running--;
    }
  };
  return { run, calls, maxRunning: () => maxRunning };
}
