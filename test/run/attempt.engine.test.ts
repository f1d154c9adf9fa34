import { createHash } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerAgent } from '../../src/agent/registry.js';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import { noEngine, testProvider } from '../helpers/engine.js';

const ROOT = path.resolve('test/fixtures/grade-project');

registerAgent('test-leaves-processes', () => ({
  name: 'test-leaves-processes',
  version: '1',
  config: {},
  secrets: [],
  async run(session) {
    await session.call('bash', { command: 'setsid sh -c "while true; do date +%s%N > clock.txt; sleep 0.01; done" >/dev/null 2>&1 & sleep 600 >/dev/null 2>&1 & echo started' });
    await session.call('edit_file', { path: 'src/total.ts', old_string: 'prices.slice(1)', new_string: 'prices' });
    await session.call('submit', { summary: 'fixed, and left two processes running', testsPass: true });
  },
}));

describe.skipIf(noEngine)('an attempt from start to grade', () => {
  it('kills every process the agent started before taking the diff, and grades exactly the recorded diff', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-attempt-'));
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'test-leaves-processes', seed: 1, outDir: out });
    const t = await readTrajectory(r.trajectoryFile);
    expect(t.end).toMatchObject({ status: 'submitted', steps: 3, claims: { summary: 'fixed, and left two processes running', testsPass: true } });
    expect(t.end!.killedProcesses).toBeGreaterThanOrEqual(2);
    expect(t.end!.finalDiff).toBe(r.diff);
    expect(t.end!.diffSha256).toBe(createHash('sha256').update(r.diff).digest('hex'));
    expect(r.diff).toMatch(/diff --git a\/clock.txt b\/clock.txt\nnew file mode 100644/);
    expect(r.grade).toMatchObject({ resolved: true });
  });

  it('replays a recorded trajectory to the same final diff', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-attempt-'));
    const first = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 3, outDir: out });
    const again = await runAttempt({ provider: testProvider(), task, agentSpec: `replay:${first.trajectoryFile}`, seed: 3, outDir: out });
    expect(again.status).toBe('submitted');
    expect(again.diff).toBe(first.diff);
    expect(again.diff).not.toBe('');
    expect(again.grade?.resolved).toBe(true);
    const header = (await readTrajectory(again.trajectoryFile)).header;
    expect(header.agent).toMatchObject({ spec: `replay:${first.trajectoryFile}`, name: 'replay' });
  });

  it('records noop as submitted and not resolved, with a header naming task, hash, agent, seed, limits and image', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'noop', seed: 9, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-attempt-')) });
    expect(r).toMatchObject({ status: 'submitted', steps: 1, diff: '', grade: { resolved: false } });
    const t = await readTrajectory(r.trajectoryFile);
    expect(t.header).toMatchObject({
      version: 1,
      task: { id: 'mini-total', contentHash: r.contentHash, kind: 'debug' },
      agent: { spec: 'noop', name: 'noop' },
      seed: 9,
      limits: { steps: 100, wallTimeMs: 1_800_000 },
      image: { tag: 'crucible/sandbox-default:latest', id: expect.stringMatching(/^sha256:/) },
    });
  });

  it('names the known agents when the spec is unknown', async () => {
    const task = await requireTask(path.join(ROOT, 'tasks', 'mini-total'), ROOT);
    await expect(runAttempt({ provider: testProvider(), task, agentSpec: 'gpt-magic', seed: 1, outDir: tmpdir() })).rejects.toThrow(/^unknown agent "gpt-magic"; known agents: cmd, hostile, mcp, mcp-http, noop, openai, oracle, replay, test-leaves-processes$/);
  });
});
