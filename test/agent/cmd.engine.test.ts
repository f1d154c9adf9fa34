import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { MessageEvent, ToolCallEvent, ToolResultEvent } from '../../src/trajectory/schema.js';
import { noEngine, testProvider } from '../helpers/engine.js';
import { stubUpstream } from './cmd-helpers.js';

// Until src/agent/registry.ts lists it.

const TASK = 'ledger-export-csv';
const EXAMPLE = path.resolve('examples/agents/scripted-agent.mjs');
const REAL_KEY = 'sk-engine-test-real-key-9f8e7d6c5b4a';

describe.skipIf(noEngine || process.getuid?.() !== 0)('a cmd: agent end to end', () => {
  it('runs the example agent on a bundled task: submitted, graded, tasks/ unreadable, calls and model use recorded, log kept', async () => {
    const stub = await stubUpstream(REAL_KEY);
    process.env.CRUCIBLE_ENGINE_TEST_KEY = REAL_KEY;
    try {
      const task = await requireTask(path.resolve('tasks', TASK), process.cwd());
      expect(existsSync(path.join(task.dir, 'reference.patch'))).toBe(true);
      const r = await runAttempt({
        provider: testProvider(),
        task,
        agentSpec: `cmd:"SCRIPTED_AGENT_TRY_HIDDEN=1 SCRIPTED_AGENT_ASK_MODEL=stub-model node ${EXAMPLE}"`,
        agentConfig: { base_url: stub.base, api_key_env: 'CRUCIBLE_ENGINE_TEST_KEY', price_per_million: 1 },
        seed: 1,
        outDir: await mkdtemp(path.join(tmpdir(), 'crucible-cmd-')),
      });
      expect(r.harnessError).toBeUndefined();
      expect(r.status).toBe('submitted');
      expect(r.claims).toMatchObject({ cannotComply: false });
      expect(r.claims!.summary).toMatch(/hidden read task\.yaml: (ENOENT|EACCES)/);
      expect(r.claims!.summary).toMatch(/hidden read reference\.patch: (ENOENT|EACCES)/);
      expect(r.claims!.summary).toContain('model 200: stub answer');
      expect(r.diff).toBe('');
      expect(r.grade).toMatchObject({ resolved: false });

      const text = await readFile(r.trajectoryFile, 'utf8');
      expect(text).not.toContain(REAL_KEY);
      const t = await readTrajectory(r.trajectoryFile);
      expect(t.header.agent).toMatchObject({ name: 'cmd', spec: expect.stringContaining('scripted-agent.mjs') });
      expect(t.header.agentConfig).toMatchObject({ command: expect.stringContaining('scripted-agent.mjs'), transport: 'streamable-http', isolation: { uid: 65534 } });
      expect(t.events.filter((e): e is ToolCallEvent => e.type === 'tool_call').map((e) => e.tool)).toEqual(['plan', 'list_dir', 'read_file', 'run_tests', 'submit']);
      const tests = t.events.find((e): e is ToolResultEvent => e.type === 'tool_result' && e.tool === 'run_tests')!;
      expect(r.claims!.testsPass).toBe(tests.exitCode === 0);
      expect(t.events.filter((e): e is MessageEvent => e.type === 'message')).toEqual([
        expect.objectContaining({ role: 'assistant', text: 'stub answer', tokens: { prompt: 12, completion: 5 }, costUsd: 17 / 1e6 }),
      ]);
      expect(t.end).toMatchObject({ status: 'submitted' });

      const log = String(t.header.agentConfig.log);
      expect(existsSync(log)).toBe(true);
      expect(await readFile(log, 'utf8')).toContain('[scripted-agent] done');
      await rm(path.dirname(log), { recursive: true, force: true });
      expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${REAL_KEY}`);
    } finally {
      delete process.env.CRUCIBLE_ENGINE_TEST_KEY;
      await stub.close();
    }
  });

  it('records a program that exits without submitting as agent_error', async () => {
    const task = await requireTask(path.resolve('tasks', TASK), process.cwd());
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'cmd:"echo giving up >&2; exit 4"', seed: 1, outDir: await mkdtemp(path.join(tmpdir(), 'crucible-cmd-')) });
    expect(r.status).toBe('agent_error');
    const t = await readTrajectory(r.trajectoryFile);
    expect(t.end?.error).toMatch(/exit code 4\) without calling submit/);
    expect(await readFile(String(t.header.agentConfig.log), 'utf8')).toContain('giving up');
    await rm(path.dirname(String(t.header.agentConfig.log)), { recursive: true, force: true });
  });
});
