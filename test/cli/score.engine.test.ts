import { execFile } from 'node:child_process';
import { appendFile, cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { cliArgs, noEngine, testProvider } from '../helpers/engine.js';

const run = promisify(execFile);

describe.skipIf(noEngine)('crucible score', () => {
  it('re-scores a saved attempt without the agent, and refuses when the task changed since', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'crucible-score-'));
    await cp(path.resolve('test/fixtures/grade-project'), root, { recursive: true });
    const task = await requireTask(path.join(root, 'tasks', 'mini-total'), root);
    const attempt = await runAttempt({ provider: testProvider(), task, agentSpec: 'oracle', seed: 1, outDir: path.join(root, 'out') });
    const out = await run(process.execPath, cliArgs('score', attempt.trajectoryFile, '--json'), { cwd: root });
    const scored = JSON.parse(out.stdout) as { scores: Array<{ name: string; value: number | null }>; unresolvedEvidence: string[]; cheated: boolean };
    expect(scored.scores.map((s) => s.name)).toEqual(['resolved', 'f2p', 'p2p', 'tool_call_accuracy', 'error_recovery', 'coherence', 'structure', 'integrity', 'composite']);
    expect(scored.scores.map((s) => s.value)).toEqual(attempt.scores!.scores.map((s) => s.value));
    expect(scored).toMatchObject({ cheated: false, unresolvedEvidence: [] });

    await appendFile(path.join(root, 'tasks', 'mini-total', 'hidden', 'total.test.ts'), '\n// changed after the attempt\n');
    const refused = await run(process.execPath, cliArgs('score', attempt.trajectoryFile), { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect((refused as { code: number }).code).toBe(1);
    expect((refused as { stderr: string }).stderr).toMatch(/^crucible: refusing to score: tasks\/mini-total has content hash [0-9a-f]{12}, but the attempt ran on [0-9a-f]{12}; the task, its files, repository or image definition changed since/);
  });
});
