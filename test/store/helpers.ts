import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Finding, Score } from '../../src/score/types.js';
import type { NewAttempt } from '../../src/store/store.js';
import type { RunRecord } from '../../src/store/types.js';

/** A fresh folder for database files. */
export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'crucible-store-'));
}

export function run(id = 'run-1', extra: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    createdAt: '2026-01-01T00:00:00.000Z',
    seed: 7,
    repeats: 2,
    tasks: [{ id: 'mini-total', contentHash: 'abc' }],
    agents: [{ spec: 'oracle', config: {} }],
    labels: { team: 'a' },
    crucibleVersion: '0.1.0',
    ...extra,
  };
}

export function attempt(id: string, extra: Partial<NewAttempt> = {}): NewAttempt {
  return {
    id,
    runId: 'run-1',
    taskId: 'mini-total',
    taskKind: 'debug',
    taskContentHash: 'abc',
    agentSpec: 'oracle',
    agentConfig: { temperature: 0 },
    repeat: 1,
    seed: 42,
    labels: { team: 'a' },
    ...extra,
  };
}

/** A valid trajectory with two assistant messages carrying usage. */
export function trajectoryText(attemptId: string): string {
  const events = [
    {
      type: 'header',
      version: 1,
      attemptId,
      task: { id: 'mini-total', contentHash: 'abc', kind: 'debug' },
      agent: { spec: 'openai:gpt-x', name: 'openai', version: '2.1.0' },
      model: 'gpt-x',
      agentConfig: { temperature: 0.2 },
      promptVariant: 'v2',
      seed: 42,
      limits: { steps: 100, wallTimeMs: 1_800_000, outputBytes: 65536 },
      image: { tag: 'crucible/sandbox-default:latest', id: 'sha256:feed' },
      faults: { faults: [] },
      crucibleVersion: '0.1.0',
      startedAt: '2026-01-01T00:00:01.000Z',
    },
    { type: 'message', role: 'assistant', text: 'looking', tokens: { prompt: 100, completion: 20 }, costUsd: 0.01, latencyMs: 250, at: '2026-01-01T00:00:02.000Z' },
    { type: 'message', role: 'assistant', text: 'done '.repeat(200), tokens: { prompt: 300, completion: 40 }, costUsd: 0.03, latencyMs: 750, at: '2026-01-01T00:00:03.000Z' },
    { type: 'end', status: 'submitted', finalDiff: 'diff --git a/x b/x\n', diffSha256: 'x', steps: 2, killedProcesses: 0, endedAt: '2026-01-01T00:00:04.000Z' },
  ];
  return `${events.map((e) => JSON.stringify(e)).join('\n')}\n`;
}

export const SCORES: Score[] = [
  { name: 'resolved', value: 1, passed: true, rationale: 'all hidden tests pass', evidence: [{ kind: 'test', id: 'total > adds every price' }], metrics: { f2p: 2 } },
  { name: 'error_recovery', value: null, notApplicable: 'no error happened', rationale: 'nothing to recover from', evidence: [], metrics: {} },
  { name: 'composite', value: 0.875, rationale: 'weighted mean', evidence: [{ kind: 'step', step: 2, note: 'submit' }], metrics: { parts: 7 } },
];

export const FINDINGS: Finding[] = [
  { id: 'protected-path', severity: 'critical', confirmed: false, message: 'touched test/x', evidence: [{ kind: 'file', path: 'test/x.ts', line: 3 }] },
];
