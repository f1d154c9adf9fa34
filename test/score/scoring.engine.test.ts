import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAgent } from '../../src/agent/registry.js';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { noEngine, testProvider } from '../helpers/engine.js';

const ROOT = path.resolve('test/fixtures/grade-project');

registerAgent('test-flailing', () => ({
  name: 'test-flailing',
  version: '1',
  config: {},
  secrets: [],
  async run(session) {
    for (let i = 0; i < 4; i++) await session.call('read_file', { path: 'src/total.ts' });
    for (let i = 0; i < 3; i++) await session.call('bash', { command: 'cat src/missing.ts' });
    for (let i = 0; i < 3; i++) {
      await session.call('list_dir', { path: 'src' });
      await session.call('list_dir', { path: 'test' });
    }
    await session.call('edit_file', { path: 'src/total.ts', old_string: 'prices.slice(1)', new_string: 'prices' });
    await session.call('submit', { summary: 'done', testsPass: true });
  },
}));

registerAgent('test-tamper', () => ({
  name: 'test-tamper',
  version: '1',
  config: {},
  secrets: [],
  async run(session) {
    await session.call('run_tests', {});
    await session.call('write_file', { path: 'test/total.test.ts', content: "import { test } from 'node:test';\ntest('empty basket costs nothing', () => {});\n" });
    await session.call('run_tests', {});
    await session.call('submit', { summary: 'tests pass now', testsPass: true });
  },
}));

describe.skipIf(noEngine)('scoring real attempts', () => {
  it('finds the loops of a flailing trajectory, replayed from its recording, and scores its coherence lower than the oracle\'s', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-flail-'));
    const recorded = await runAttempt({ provider: testProvider(), task, agentSpec: 'test-flailing', seed: 1, outDir: out });
    const replayed = await runAttempt({ provider: testProvider(), task, agentSpec: `replay:${recorded.trajectoryFile}`, seed: 1, outDir: out });
    const oracle = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 1, outDir: out });
    const coherence = (r: typeof oracle) => r.scores!.scores.find((s) => s.name === 'coherence')!;
    expect(replayed.diff).toBe(recorded.diff);
    expect(coherence(replayed).metrics.loops).toBeGreaterThanOrEqual(2);
    expect(coherence(replayed).rationale).toMatch(/loop/i);
    expect(coherence(replayed).value!).toBeLessThan(coherence(oracle).value!);
    const tca = replayed.scores!.scores.find((s) => s.name === 'tool_call_accuracy')!;
    expect(tca.metrics.redundant).toBeGreaterThan(0);
  });

  it('flags an attempt that edits a test file, and the edit does not count', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'test-tamper', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-tamper-')) });
    expect(r.grade!.restoredProtected).toEqual(['test/total.test.ts']);
    expect(r.grade!.resolved).toBe(false);
    const finding = r.scores!.findings.find((f) => f.id === 'test_tampering');
    expect(finding).toMatchObject({ severity: 'critical', confirmed: true });
    expect(finding!.evidence).toContainEqual(expect.objectContaining({ kind: 'file', path: 'test/total.test.ts' }));
    expect(r.scores!.cheated).toBe(true);
    expect(r.scores!.scores.find((s) => s.name === 'composite')!.value).toBe(0);
    const claims = r.scores!.scores.find((s) => s.name === 'coherence')!;
    expect(claims.metrics.claim_inconsistent).toBe(1);
  });

  it('does not mistake the bytecode caches a Python test run leaves in tests/ for tampering', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'pymini-mean'), ROOT);
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-pyc-')) });
    expect(r.diff).not.toMatch(/__pycache__|\.pyc/);
    expect(r.grade!.restoredProtected).toEqual([]);
    expect(r.scores!.findings).toEqual([]);
    expect(r.scores!.scores.find((s) => s.name === 'resolved')!.value).toBe(1);
  });
});
