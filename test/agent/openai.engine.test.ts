import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openaiAgent } from '../../src/agent/openai/index.js';
import { registerAgent } from '../../src/agent/registry.js';
import { referenceFiles } from '../../src/grade/reference-files.js';
import { runAttempt } from '../../src/run/attempt.js';
import { requireTask } from '../../src/task/loader.js';
import type { LoadedTask } from '../../src/task/loader.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { MessageEvent, ToolCallEvent, ToolResultEvent } from '../../src/trajectory/schema.js';
import { noEngine, testProvider } from '../helpers/engine.js';
import { startMockLlm, textReply, toolReply } from '../helpers/mock-llm.js';
import type { MockLlm } from '../helpers/mock-llm.js';

registerAgent('openai', openaiAgent);

const TASK = 'inventory-sku-normalization';
const KEY = 'sk-engine-test-9d2e7c41b0a85f36';
const KEY_ENV = 'CRUCIBLE_ENGINE_TEST_OPENAI_KEY';

describe.skipIf(noEngine)('openai:MODEL against a scripted OpenAI-compatible endpoint', () => {
  let task: LoadedTask;
  let outDir: string;
  let fix: string;
  const mocks: MockLlm[] = [];

  beforeAll(async () => {
    process.env[KEY_ENV] = KEY;
    task = await requireTask(path.resolve('tasks', TASK), process.cwd());
    outDir = await mkdtemp(path.join(tmpdir(), 'crucible-openai-'));
    const files = await referenceFiles(task);
    expect(files.map((f) => f.path)).toEqual(['src/util.ts']);
    fix = files[0]!.content!;
  });

  afterAll(async () => {
    delete process.env[KEY_ENV];
    for (const m of mocks) await m.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  async function mockLlm(options: Parameters<typeof startMockLlm>[0]): Promise<MockLlm> {
    const m = await startMockLlm({ apiKey: KEY, ...options });
    mocks.push(m);
    return m;
  }

  const agentConfig = (mock: MockLlm) => ({ base_url: mock.url, api_key_env: KEY_ENV, retry_base_delay_ms: 1, price_per_million: { prompt: 1, completion: 4 } });

  it('reads, tests, survives malformed calls, writes the fix and submits: resolved, with messages and invalid calls recorded', async () => {
    const mock = await mockLlm({
      script: [
        // The model "leaks" the key into its text: the trajectory writer must redact it.
        toolReply([{ name: 'read_file', args: '{"path": "src/util.ts"}' }], { text: `Reading the SKU helper (debug: key ${KEY}).`, tokens: { prompt: 900, completion: 40 } }),
        { status: 429, headers: { 'retry-after': '0.05' } },
        toolReply([{ name: 'run_tests', args: '{}' }], { text: 'Reproducing the failure.' }),
        toolReply([{ name: 'read_file', args: '{"path": "src/orders.ts"' }, { name: 'open_file', args: { path: 'src/orders.ts' } }]),
        toolReply([{ name: 'write_file', args: { path: 'src/util.ts', content: fix } }], { text: 'The padding regex strips one character only; fixing it.' }),
        toolReply([{ name: 'run_tests', args: '{}' }]),
        toolReply([{ name: 'submit', args: { summary: 'PADDING now strips runs of whitespace and zero-width spaces at both ends.', testsPass: true } }]),
      ],
    });
    const r = await runAttempt({ provider: testProvider(), task, agentSpec: 'openai:mock-model', agentConfig: agentConfig(mock), seed: 7, outDir });

    expect(r.harnessError).toBeUndefined();
    expect(r.status).toBe('submitted');
    expect(r.grade?.resolved, r.grade?.rationale).toBe(true);
    expect(r.diff).toContain('src/util.ts');
    mock.assertKey(KEY);
    expect(mock.requests).toHaveLength(7);

    const t = await readTrajectory(r.trajectoryFile);
    expect(t.header.agent).toMatchObject({ spec: 'openai:mock-model', name: 'openai' });
    expect(t.header.model).toBe('mock-model');
    expect(t.header.promptVariant).toBe('system-v1');
    expect(t.header.agentConfig).toMatchObject({ base_url: mock.url, model: 'mock-model', api_key_source: `env:${KEY_ENV}`, prompt_version: 'system-v1' });
    expect(t.header.agentConfig.system_prompt_sha256).toMatch(/^[0-9a-f]{64}$/);

    const messages = t.events.filter((e): e is MessageEvent => e.type === 'message');
    const assistant = messages.filter((m) => m.role === 'assistant');
    expect(assistant).toHaveLength(6);
    for (const m of assistant) {
      expect(m.tokens).toBeDefined();
      expect(m.costUsd).toBeGreaterThan(0);
      expect(m.latencyMs).toBeGreaterThanOrEqual(0);
      expect(m.toolCallIds?.length).toBeGreaterThan(0);
    }
    expect(assistant[0]).toMatchObject({ tokens: { prompt: 900, completion: 40 }, text: 'Reading the SKU helper (debug: key [redacted]).' });
    expect(assistant[0]!.costUsd).toBeCloseTo((900 * 1 + 40 * 4) / 1e6, 12);
    expect(messages.slice(0, 2).map((m) => m.role)).toEqual(['system', 'user']);

    const calls = t.events.filter((e): e is ToolCallEvent => e.type === 'tool_call');
    expect(calls.map((c) => c.tool)).toEqual(['read_file', 'run_tests', 'read_file', 'open_file', 'write_file', 'run_tests', 'submit']);
    expect(calls.map((c) => c.callId)).toEqual(assistant.flatMap((m) => m.toolCallIds ?? []));
    const badJson = calls[2]!;
    expect(badJson).toMatchObject({ rawArgs: '{"path": "src/orders.ts"', parsed: false, schemaValid: false });
    const unknown = calls[3]!;
    expect(unknown).toMatchObject({ rawArgs: '{"path":"src/orders.ts"}', parsed: true, schemaValid: false });
    const results = t.events.filter((e): e is ToolResultEvent => e.type === 'tool_result');
    expect(results[2]).toMatchObject({ kind: 'tool_error', error: { type: 'invalid_args' } });
    expect(results[3]).toMatchObject({ kind: 'tool_error', error: { type: 'invalid_args', message: expect.stringContaining('unknown tool') } });
    expect(results[4]!.filesChanged.map((f) => f.path)).toEqual(['src/util.ts']);

    // What the sandbox answered went back to the model as the tool result.
    const fed = (mock.requests[2]!.body.messages as Array<{ role: string; content: string }>).find((m) => m.role === 'tool')!;
    expect(JSON.parse(fed.content)).toMatchObject({ ok: true, result: { content: expect.stringContaining('PADDING') } });

    const raw = await readFile(r.trajectoryFile, 'utf8');
    expect(raw).not.toContain(KEY);
    expect(raw).toContain('[redacted]');
  }, 300_000);

  it('a model that never submits ends at the step limit, and the key stays out of the trajectory', async () => {
    const limited: LoadedTask = { ...task, definition: { ...task.definition, limits: { ...task.definition.limits, steps: 4 } } };
    const mock = await mockLlm({
      script: [textReply('Let me think about it first.')],
      fallback: () => toolReply([{ name: 'list_dir', args: '{}' }, { name: 'read_file', args: '{"path": "README.md"}' }], { text: `still looking (${KEY})` }),
    });
    const r = await runAttempt({ provider: testProvider(), task: limited, agentSpec: 'openai:mock-model', agentConfig: agentConfig(mock), seed: 11, outDir, grade: false });

    expect(r.harnessError).toBeUndefined();
    expect(r.status).toBe('step_limit');
    expect(r.steps).toBe(5);
    mock.assertKey(KEY);
    expect(mock.requests).toHaveLength(4);

    const t = await readTrajectory(r.trajectoryFile);
    expect(t.end).toMatchObject({ status: 'step_limit' });
    const nudges = t.events.filter((e): e is MessageEvent => e.type === 'message' && e.role === 'user').map((m) => m.text);
    expect(nudges).toHaveLength(2); // the task, then one nudge after the text-only reply
    const raw = await readFile(r.trajectoryFile, 'utf8');
    expect(raw).not.toContain(KEY);
  }, 300_000);
});
