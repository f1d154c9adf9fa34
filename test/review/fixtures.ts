import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, Score } from '../../src/score/types.js';
import { Store } from '../../src/store/index.js';

/** What a review test says about one attempt; everything but `id` and `task` has a default. */
export interface ReviewAttemptSpec {
  id: string;
  task: string;
  /** Default `openai:gpt-secret` (an identity blind review must hide). */
  agent?: string;
  kind?: string;
  resolved?: boolean;
  scores?: Score[];
  findings?: Finding[];
  /** Default a two-line change of src/cart.ts. */
  diff?: string;
  /** Output of the test run at step 2 (default a TAP line). */
  output?: string;
  state?: 'finished' | 'harness_error';
  /** The agent configuration in the trajectory header (default `{ temperature: 0.3 }`). */
  agentConfig?: Record<string, unknown>;
}

/** A free folder for this test's files. */
export async function tempDir(prefix = 'crucible-review-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** A score with a rationale and optional metrics. */
export function score(name: Score['name'], value: number | null, metrics: Record<string, number> = {}): Score {
  return { name, value, ...(value === null ? { notApplicable: 'n/a in a fixture' } : {}), rationale: `${name} rationale in a fixture`, evidence: [], metrics };
}

/** An integrity finding. */
export function finding(id: string, confirmed = false, severity: Finding['severity'] = 'high'): Finding {
  return { id, severity, confirmed, message: `${id} in a fixture`, evidence: [{ kind: 'step', step: 1 }] };
}

export const DIFF = 'diff --git a/src/cart.ts b/src/cart.ts\n--- a/src/cart.ts\n+++ b/src/cart.ts\n@@ -1,2 +1,2 @@\n-export const total = (xs: number[]) => 0;\n+export const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);\n';

/** A trajectory (valid JSONL of the current format) whose texts mention the agent's identity. */
export function trajectory(id: string, task: string, agent: string, output: string, diff: string, agentConfig: Record<string, unknown> = { temperature: 0.3 }): string {
  const model = agent.split(':')[1] ?? agent;
  const at = '2026-01-01T00:00:01.000Z';
  const events = [
    { type: 'header', version: 1, attemptId: id, task: { id: task, contentHash: `hash-${task}`, kind: 'debug' }, agent: { spec: agent, name: agent.split(':')[0], version: '9.9.9' }, model, agentConfig, promptVariant: 'v7', seed: 1, limits: { steps: 50, wallTimeMs: 600000, outputBytes: 65536 }, image: { tag: 'crucible/sandbox-default:latest', id: 'sha256:feed' }, faults: { faults: [] }, crucibleVersion: '0.1.0', startedAt: at },
    { type: 'message', role: 'system', text: `You are ${model}, a coding agent.`, at },
    { type: 'message', role: 'user', text: `Fix the cart total in ${task}.`, at },
    { type: 'message', role: 'assistant', text: `As ${model} I will read src/cart.ts first.`, toolCallIds: ['c1'], tokens: { prompt: 1200, completion: 80 }, costUsd: 0.012, latencyMs: 900, at },
    { type: 'tool_call', step: 1, callId: 'c1', tool: 'read_file', rawArgs: '{"path":"src/cart.ts"}', parsed: true, schemaValid: true, args: { path: 'src/cart.ts' }, startedAt: at },
    { type: 'tool_result', step: 1, callId: 'c1', tool: 'read_file', kind: 'ok', output: 'export const total = (xs: number[]) => 0;', truncated: false, outputHash: 'a1', filesChanged: [], endedAt: at, durationMs: 3 },
    { type: 'tool_call', step: 2, callId: 'c2', tool: 'run_tests', rawArgs: '{}', parsed: true, schemaValid: true, args: {}, startedAt: at },
    { type: 'tool_result', step: 2, callId: 'c2', tool: 'run_tests', kind: 'ok', exitCode: 1, output, truncated: false, outputHash: 'a2', filesChanged: [], endedAt: at, durationMs: 40 },
    { type: 'tool_call', step: 3, callId: 'c3', tool: 'write_file', rawArgs: '{"path":"src/cart.ts"}', parsed: true, schemaValid: true, args: { path: 'src/cart.ts' }, startedAt: at },
    { type: 'tool_result', step: 3, callId: 'c3', tool: 'write_file', kind: 'ok', output: 'written', truncated: false, outputHash: 'a3', filesChanged: [{ path: 'src/cart.ts', op: 'modified', before: 'aa', after: 'bb' }], endedAt: at, durationMs: 2 },
    { type: 'end', status: 'submitted', claims: { summary: 'fixed', testsPass: true }, finalDiff: diff, diffSha256: 'x', steps: 3, killedProcesses: 0, endedAt: at },
  ];
  return `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
}

/** The grade of a fixture attempt: two hidden tests. */
export function grade(resolved: boolean): unknown {
  return {
    resolved,
    rationale: resolved ? 'all hidden tests pass' : 'total > adds every price failed',
    evaluation: {
      verdicts: [
        { id: 'total > adds every price', list: 'FAIL_TO_PASS', status: resolved ? 'passed' : 'failed', ok: resolved },
        { id: 'total > empty cart is 0', list: 'PASS_TO_PASS', status: 'passed', ok: true },
      ],
    },
  };
}

/** Writes attempts (with trajectory, diff, grade, scores, findings) into a new results database. */
export function writeReviewDb(file: string, specs: readonly ReviewAttemptSpec[]): void {
  const store = Store.open(file);
  try {
    store.upsertRun({ id: 'run-1', createdAt: '2026-01-01T00:00:00.000Z', seed: 1, repeats: 1, tasks: [], agents: [], labels: {}, crucibleVersion: '0.1.0' });
    specs.forEach((s, i) => {
      const agent = s.agent ?? 'openai:gpt-secret';
      store.ensureAttempt({ id: s.id, runId: 'run-1', taskId: s.task, taskKind: s.kind ?? 'debug', taskContentHash: `hash-${s.task}`, agentSpec: agent, agentConfig: {}, repeat: i, seed: 1, labels: { version: 'v-secret' } });
      store.markRunning(s.id, '2026-01-01T00:00:01.000Z');
      if (s.state === 'harness_error') {
        store.recordHarnessError(s.id, 'SANDBOX_LOST: gone', { final: true });
        return;
      }
      const diff = s.diff ?? DIFF;
      const resolved = s.resolved ?? true;
      store.finishAttempt(s.id, {
        exitStatus: 'submitted',
        resolved,
        cheated: (s.findings ?? []).some((f) => f.confirmed),
        trajectory: trajectory(s.id, s.task, agent, s.output ?? 'not ok 1 - total > adds every price', diff, s.agentConfig),
        diff,
        grade: grade(resolved),
        scores: s.scores ?? [score('resolved', resolved ? 1 : 0), score('coherence', 0.8, { scope_drift: 0, claim_inconsistent: 0 })],
        findings: s.findings ?? [],
      });
    });
  } finally {
    store.close();
  }
}

/** A rationale that satisfies the rules (long enough, cites step 3 and src/cart.ts). */
export const GOOD_RATIONALE = 'The fix at step 3 sums the prices in src/cart.ts, which is what the task asks for.';
