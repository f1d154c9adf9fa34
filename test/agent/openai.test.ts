import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openaiAgent } from '../../src/agent/openai/index.js';
import { NUDGE, normalizeToolCalls } from '../../src/agent/openai/loop.js';
import { parseRetryAfter, retryDelayMs, seededRandom } from '../../src/agent/openai/backoff.js';
import { NO_KEY, resolveOpenAIConfig } from '../../src/agent/openai/config.js';
import { loadSystemPrompt, promptsDir } from '../../src/agent/openai/prompt.js';
import { sanitize } from '../../src/agent/openai/provider.js';
import type { Agent, AgentSession } from '../../src/agent/types.js';
import { HarnessError, isHarnessError } from '../../src/errors.js';
import type { LoadedTask } from '../../src/task/loader.js';
import type { ToolResponse } from '../../src/tools/dispatcher.js';
import { TOOLS_BY_NAME, toolSpecs } from '../../src/tools/registry.js';
import type { MessageEvent } from '../../src/trajectory/schema.js';
import { startMockLlm, textReply, toolReply } from '../helpers/mock-llm.js';
import type { MockLlm, MockStep } from '../helpers/mock-llm.js';

const KEY = 'sk-test-4f1c9a7e2b8d6053-unit';
const KEY_ENV = 'CRUCIBLE_TEST_OPENAI_KEY';

type Message = Omit<MessageEvent, 'type' | 'at'>;

/** A session without Docker: records calls and messages, answers like the dispatcher would. */
function fakeSession(options: { steps?: number; answer?: (tool: string, args: Record<string, unknown>) => ToolResponse; signal?: AbortSignal } = {}) {
  const calls: Array<{ tool: string; args: unknown; callId: string | undefined }> = [];
  const messages: Message[] = [];
  let ended: string | undefined;
  const limit = options.steps ?? 50;
  const session: AgentSession = {
    task: { id: 'fake-task', kind: 'debug', instructions: 'Padded SKUs are rejected; fix src/util.ts.' },
    tools: toolSpecs(),
    async call(tool, args, callId) {
      if (ended) return { ok: false, error: { type: 'limit', message: `the attempt has ended (${ended})` } };
      calls.push({ tool, args, callId });
      if (calls.length > limit) {
        ended = 'step_limit';
        return { ok: false, error: { type: 'limit', message: `step limit reached (${limit} tool calls)` } };
      }
      let parsed: Record<string, unknown>;
      try {
        parsed = typeof args === 'string' ? (JSON.parse(args || '{}') as Record<string, unknown>) : (args as Record<string, unknown>);
      } catch {
        return { ok: false, error: { type: 'invalid_args', message: `arguments are not valid JSON: ${String(args).slice(0, 200)}` } };
      }
      if (!TOOLS_BY_NAME.has(tool)) return { ok: false, error: { type: 'invalid_args', message: `unknown tool ${JSON.stringify(tool)}` } };
      if (tool === 'submit') {
        ended = 'submitted';
        return { ok: true, result: { submitted: true } };
      }
      return options.answer?.(tool, parsed) ?? { ok: true, result: { tool, echo: parsed } };
    },
    message(m) {
      messages.push(m);
    },
    get ended() {
      return ended !== undefined;
    },
    seed: 1234,
    signal: options.signal ?? new AbortController().signal,
  };
  return { session, calls, messages, endedAs: () => ended };
}

const submitCall = { name: 'submit', args: { summary: 'fixed the padding regex', testsPass: true } };

let mock: MockLlm | undefined;

async function agentFor(script: MockStep[], config: Record<string, unknown> = {}, extra: { fallback?: MockStep; apiKey?: string } = {}): Promise<{ agent: Agent; mock: MockLlm }> {
  mock = await startMockLlm({ script, apiKey: extra.apiKey ?? KEY, ...(extra.fallback ? { fallback: extra.fallback } : {}) });
  const agent = await openaiAgent({ task: {} as LoadedTask, arg: 'mock-model', config: { base_url: mock.url, api_key_env: KEY_ENV, retry_base_delay_ms: 1, ...config } });
  return { agent, mock };
}

beforeEach(() => {
  vi.stubEnv(KEY_ENV, KEY);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await mock?.close();
  mock = undefined;
});

describe('openai agent loop', () => {
  it('sends the prompt, the task and the tools, and runs every tool call with its raw argument string', async () => {
    const readArgs = '{"path": "src/util.ts"}';
    const { agent, mock } = await agentFor(
      [toolReply([{ name: 'read_file', args: readArgs, id: 'call_read' }, { name: 'run_tests', args: '{}', id: 'call_tests' }], { text: 'Let me look.' }), toolReply([{ ...submitCall, id: 'call_submit' }])],
      { temperature: 0.2, top_p: 0.9, max_tokens: 512 },
    );
    const { session, calls, endedAs } = fakeSession({ answer: (tool) => ({ ok: true, result: { tool, content: 'const PADDING = /^\\s/;' } }) });
    await agent.run(session);

    expect(endedAs()).toBe('submitted');
    expect(calls).toEqual([
      { tool: 'read_file', args: readArgs, callId: 'call_read' },
      { tool: 'run_tests', args: '{}', callId: 'call_tests' },
      { tool: 'submit', args: JSON.stringify(submitCall.args), callId: 'call_submit' },
    ]);
    mock.assertKey(KEY);
    expect(mock.requests).toHaveLength(2);
    const first = mock.requests[0]!.body;
    expect(first).toMatchObject({ model: 'mock-model', temperature: 0.2, top_p: 0.9, max_tokens: 512 });
    expect(first.messages[0].role).toBe('system');
    expect(first.messages[0].content).toContain('submit');
    expect(first.messages[1]).toEqual({ role: 'user', content: session.task.instructions });
    expect(first.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(toolSpecs().map((t) => t.name));
    expect(first.tools[0]).toMatchObject({ type: 'function', function: { name: 'read_file', parameters: { type: 'object', required: ['path'] } } });

    const second = mock.requests[1]!.body.messages as Array<Record<string, unknown>>;
    expect(second[2]).toMatchObject({ role: 'assistant', content: 'Let me look.', tool_calls: [{ id: 'call_read', function: { name: 'read_file', arguments: readArgs } }, { id: 'call_tests' }] });
    expect(second[3]).toEqual({ role: 'tool', tool_call_id: 'call_read', content: JSON.stringify({ ok: true, result: { tool: 'read_file', content: 'const PADDING = /^\\s/;' } }) });
    expect(second[4]).toMatchObject({ role: 'tool', tool_call_id: 'call_tests' });
  });

  it('passes bad JSON and unknown tools through and goes on with the error result', async () => {
    const { agent, mock } = await agentFor([
      toolReply([{ name: 'read_file', args: '{"path": "src/util.ts"', id: 'call_bad' }]),
      toolReply([{ name: 'open_file', args: { path: 'src/util.ts' }, id: 'call_unknown' }]),
      toolReply([{ ...submitCall, id: 'call_submit' }]),
    ]);
    const { session, calls, endedAs } = fakeSession();
    await agent.run(session);

    expect(endedAs()).toBe('submitted');
    expect(calls.map((c) => [c.tool, c.args])).toEqual([
      ['read_file', '{"path": "src/util.ts"'],
      ['open_file', '{"path":"src/util.ts"}'],
      ['submit', JSON.stringify(submitCall.args)],
    ]);
    const badResult = (mock.requests[1]!.body.messages as Array<{ role: string; tool_call_id?: string; content: string }>).find((m) => m.tool_call_id === 'call_bad')!;
    expect(JSON.parse(badResult.content)).toMatchObject({ ok: false, error: { type: 'invalid_args', message: expect.stringContaining('not valid JSON') } });
    const unknownResult = (mock.requests[2]!.body.messages as Array<{ role: string; tool_call_id?: string; content: string }>).find((m) => m.tool_call_id === 'call_unknown')!;
    expect(JSON.parse(unknownResult.content)).toMatchObject({ ok: false, error: { type: 'invalid_args', message: expect.stringContaining('unknown tool') } });
  });

  it('records each assistant message with tokens, cost and latency', async () => {
    const { agent } = await agentFor(
      [
        { ...toolReply([{ name: 'run_tests', args: '{}' }], { text: 'Running the tests.', tokens: { prompt: 1000, completion: 500 } }), delayMs: 60 },
        toolReply([submitCall], { tokens: { prompt: 3000, completion: 100 } }),
      ],
      { price_per_million: { prompt: 2, completion: 8 } },
    );
    const { session, messages, calls } = fakeSession();
    await agent.run(session);

    expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'assistant']);
    const [, , first, second] = messages;
    expect(first).toMatchObject({ role: 'assistant', text: 'Running the tests.', toolCallIds: [calls[0]!.callId], tokens: { prompt: 1000, completion: 500 } });
    expect(first!.costUsd).toBeCloseTo((1000 * 2 + 500 * 8) / 1e6, 12);
    expect(first!.latencyMs).toBeGreaterThanOrEqual(50);
    expect(second).toMatchObject({ text: '', toolCallIds: [calls[1]!.callId], tokens: { prompt: 3000, completion: 100 } });
    expect(second!.costUsd).toBeCloseTo((3000 * 2 + 100 * 8) / 1e6, 12);
    expect(typeof second!.latencyMs).toBe('number');
  });

  it('stops when the session reports the step limit, for a model that never submits', async () => {
    const { agent, mock } = await agentFor([], {}, { fallback: () => toolReply([{ name: 'run_tests', args: '{}' }, { name: 'git_diff', args: '{}' }]) });
    const { session, calls, endedAs } = fakeSession({ steps: 4 });
    await agent.run(session);

    expect(endedAs()).toBe('step_limit');
    expect(calls).toHaveLength(5);
    expect(mock.requests).toHaveLength(3);
    expect(new Set(calls.map((c) => c.callId)).size).toBe(calls.length);
  });

  it('nudges a model that answers without tool calls at most twice in a row, then stops', async () => {
    const { agent, mock } = await agentFor([textReply('I think the regex is wrong.'), textReply('Yes, the regex.'), textReply('Done, I believe.'), textReply('never asked for')]);
    const { session, calls, messages, endedAs } = fakeSession();
    await agent.run(session);

    expect(endedAs()).toBeUndefined();
    expect(calls).toHaveLength(0);
    expect(mock.requests).toHaveLength(3);
    expect(messages.filter((m) => m.role === 'user' && m.text === NUDGE)).toHaveLength(2);
    const last = mock.requests[2]!.body.messages as Array<{ role: string; content: string }>;
    expect(last.at(-1)).toEqual({ role: 'user', content: NUDGE });
  });

  it('resets the nudge count after a reply with tool calls', async () => {
    const { agent, mock } = await agentFor([textReply('hm'), textReply('hm'), toolReply([{ name: 'run_tests', args: '{}' }]), textReply('hm'), textReply('hm'), toolReply([submitCall])]);
    const { session, messages, endedAs } = fakeSession();
    await agent.run(session);
    expect(endedAs()).toBe('submitted');
    expect(mock.requests).toHaveLength(6);
    expect(messages.filter((m) => m.text === NUDGE)).toHaveLength(4);
  });

  it('keeps the API key out of agent.config and every recorded message, and lists it as a secret', async () => {
    const { agent } = await agentFor([toolReply([{ name: 'run_tests', args: '{}' }], { text: 'working' }), toolReply([submitCall])], { price_per_million: { prompt: 1, completion: 1 } });
    const { session, messages } = fakeSession();
    await agent.run(session);

    expect(agent.secrets).toContain(KEY);
    expect(JSON.stringify(agent.config)).not.toContain(KEY);
    expect(JSON.stringify(messages)).not.toContain(KEY);
    const prompt = await readFile(path.join(promptsDir(), 'system-v1.md'), 'utf8');
    expect(agent).toMatchObject({ name: 'openai', model: 'mock-model', promptVariant: 'system-v1' });
    expect(agent.config).toMatchObject({
      base_url: mock!.url,
      model: 'mock-model',
      api_key_source: `env:${KEY_ENV}`,
      prompt_version: 'system-v1',
      prompt_variant: 'system-v1',
      system_prompt_sha256: createHash('sha256').update(prompt.trim()).digest('hex'),
      price_per_million: { prompt: 1, completion: 1 },
      max_retries: 5,
    });
  });
});

describe('openai agent: provider failures', () => {
  it('retries a 429, honouring Retry-After, then goes on', async () => {
    const { agent, mock } = await agentFor([{ status: 429, headers: { 'retry-after': '0.3' } }, toolReply([submitCall])]);
    const { session, endedAs } = fakeSession();
    const started = Date.now();
    await agent.run(session);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(endedAs()).toBe('submitted');
    expect(mock.requests).toHaveLength(2);
  });

  it('retries 5xx (retry-after-ms) and dropped connections with backoff', async () => {
    const { agent, mock } = await agentFor([{ status: 503, headers: { 'retry-after-ms': '20' } }, { hangUp: true }, { status: 502 }, toolReply([submitCall])]);
    const { session, endedAs } = fakeSession();
    await agent.run(session);
    expect(endedAs()).toBe('submitted');
    expect(mock.requests).toHaveLength(4);
  });

  it('throws HarnessError PROVIDER_FAILED when a 500 persists after max_retries', async () => {
    const { agent, mock } = await agentFor([], { max_retries: 2 }, { fallback: { status: 500 } });
    const { session, messages } = fakeSession();
    const err = await agent.run(session).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isHarnessError(err, 'PROVIDER_FAILED')).toBe(true);
    expect((err as HarnessError).message).toMatch(/answered 500.*still failing after 2 retries/);
    expect(mock.requests).toHaveLength(3);
    expect(messages.filter((m) => m.role === 'assistant')).toHaveLength(0);
  });

  it('ends as the agent\'s own failure (not a harness error) when the conversation outgrows the context window', async () => {
    const { agent, mock } = await agentFor([{ status: 400, body: { error: { message: "This model's maximum context length is 8192 tokens", code: 'context_length_exceeded' } } }]);
    const { session } = fakeSession();
    const err = await agent.run(session).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(isHarnessError(err)).toBe(false);
    expect((err as Error).message).toMatch(/^the conversation no longer fits the model's context \(400: .*maximum context length/);
    expect(mock.requests).toHaveLength(1);
  });

  it('fails at once, on one line and without the key, when the key is refused (401)', async () => {
    const { agent, mock } = await agentFor([toolReply([submitCall])], {}, { apiKey: 'sk-the-right-key-0000' });
    const { session } = fakeSession();
    const err = (await agent.run(session).catch((e: unknown) => e)) as HarnessError;
    expect(isHarnessError(err, 'PROVIDER_FAILED')).toBe(true);
    expect(err.message).toContain('401');
    expect(err.message).toContain(`env:${KEY_ENV}`);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toContain(KEY);
    expect(err.message).not.toContain('sk-wro');
    expect(mock.requests).toHaveLength(1);
  });

  it('does not retry other 4xx answers', async () => {
    const { agent, mock } = await agentFor([{ status: 404, body: { error: { message: 'The model `mock-model` does not exist', type: 'invalid_request_error' } } }]);
    const err = (await agent.run(fakeSession().session).catch((e: unknown) => e)) as HarnessError;
    expect(isHarnessError(err, 'PROVIDER_FAILED')).toBe(true);
    expect(err.message).toMatch(/answered 404 for model "mock-model": The model `mock-model` does not exist/);
    expect(mock.requests).toHaveLength(1);
  });

  it('gives up on an unreachable endpoint after the retries', async () => {
    const dead = await startMockLlm({ script: [] });
    const url = dead.url;
    await dead.close();
    const agent = await openaiAgent({ task: {} as LoadedTask, arg: 'm', config: { base_url: url, api_key_env: KEY_ENV, max_retries: 1, retry_base_delay_ms: 1 } });
    const err = (await agent.run(fakeSession().session).catch((e: unknown) => e)) as HarnessError;
    expect(isHarnessError(err, 'PROVIDER_FAILED')).toBe(true);
    expect(err.message).toMatch(/cannot reach the model provider.*ECONNREFUSED.*still failing after 1 retry/);
  });

  it('returns quietly when the session is aborted during a request', async () => {
    const controller = new AbortController();
    const { agent, mock } = await agentFor([{ ...toolReply([submitCall]), delayMs: 2_000 }]);
    const { session, calls } = fakeSession({ signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    await agent.run(session);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(calls).toHaveLength(0);
    expect(mock.requests).toHaveLength(1);
  });
});

describe('openai agent: configuration', () => {
  it('takes the base URL and key from the environment by default', () => {
    const c = resolveOpenAIConfig('gpt-x', {}, { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1/', OPENAI_API_KEY: 'sk-env-key-123456' });
    expect(c).toMatchObject({ model: 'gpt-x', baseURL: 'http://127.0.0.1:8000/v1', apiKey: 'sk-env-key-123456', apiKeySource: 'env:OPENAI_API_KEY', secrets: ['sk-env-key-123456'] });
    expect(c.retry).toEqual({ maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000 });
  });

  it('prefers base_url and api_key_env from the configuration', () => {
    const c = resolveOpenAIConfig('m', { base_url: 'http://localhost:11434/v1', api_key_env: 'MY_KEY' }, { OPENAI_BASE_URL: 'http://elsewhere/v1', OPENAI_API_KEY: 'sk-not-this-one', MY_KEY: 'sk-mine-7890' });
    expect(c).toMatchObject({ baseURL: 'http://localhost:11434/v1', apiKey: 'sk-mine-7890', apiKeySource: 'env:MY_KEY' });
  });

  it('needs no key for a local server, but does for OpenAI itself', () => {
    expect(resolveOpenAIConfig('llama', { base_url: 'http://127.0.0.1:8080/v1' }, {})).toMatchObject({ apiKey: NO_KEY, apiKeySource: 'none', secrets: [] });
    expect(() => resolveOpenAIConfig('gpt-x', {}, {})).toThrow(expect.objectContaining({ code: 'ENV_MISSING' }));
    expect(() => resolveOpenAIConfig('m', { base_url: 'http://x/v1', api_key_env: 'UNSET_KEY_VAR' }, {})).toThrow(/UNSET_KEY_VAR/);
  });

  it('refuses a missing model, unknown keys and bad values', () => {
    expect(() => resolveOpenAIConfig('', {}, { OPENAI_API_KEY: 'k' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => resolveOpenAIConfig('m', { temprature: 0 }, { OPENAI_API_KEY: 'k' })).toThrow(/temprature/);
    expect(() => resolveOpenAIConfig('m', { top_p: 2 }, { OPENAI_API_KEY: 'k' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => resolveOpenAIConfig('m', { base_url: 'ftp://x' }, { OPENAI_API_KEY: 'k' })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => resolveOpenAIConfig('m', { system_prompt_file: 'a.md', prompt_version: 'v1' }, { OPENAI_API_KEY: 'k' })).toThrow(/not both/);
  });

  it('masks a password in the base URL and treats it as a secret', () => {
    const c = resolveOpenAIConfig('m', { base_url: 'https://user:hunter2secret@llm.example/v1' }, {});
    expect(c.displayBaseURL).toBe('https://user:***@llm.example/v1');
    expect(c.secrets).toContain('hunter2secret');
  });

  it('loads the bundled prompt or a file of your own, with version, variant and sha256', async () => {
    const bundled = await loadSystemPrompt({});
    expect(bundled).toMatchObject({ version: 'system-v1', variant: 'system-v1' });
    expect(bundled.sha256).toBe(createHash('sha256').update(bundled.text).digest('hex'));
    const dir = await mkdtemp(path.join(tmpdir(), 'crucible-prompt-'));
    try {
      await writeFile(path.join(dir, 'terse.md'), 'Be terse. Use the tools.\n');
      const custom = await loadSystemPrompt({ file: 'terse.md', variant: 'terse-a' }, dir);
      expect(custom).toMatchObject({ text: 'Be terse. Use the tools.', version: 'file:terse.md', variant: 'terse-a', file: 'terse.md' });
      await expect(loadSystemPrompt({ file: 'missing.md' }, dir)).rejects.toThrow(/ENOENT/);
      await expect(loadSystemPrompt({ version: 'v999' })).rejects.toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('openai agent: helpers', () => {
  it('draws the same jitter for the same seed, within [half, all] of the exponential ceiling', () => {
    const policy = { maxRetries: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    const draw = (seed: number) => {
      const random = seededRandom(seed);
      return [0, 1, 2, 3, 4].map((r) => retryDelayMs(policy, r, random));
    };
    const a = draw(7);
    expect(draw(7)).toEqual(a);
    expect(draw(8)).not.toEqual(a);
    a.forEach((d, r) => {
      const ceiling = Math.min(1_000, 100 * 2 ** r);
      expect(d).toBeGreaterThanOrEqual(ceiling / 2);
      expect(d).toBeLessThanOrEqual(ceiling);
    });
    expect(retryDelayMs(policy, 0, seededRandom(1), 400)).toBe(400);
    expect(retryDelayMs(policy, 0, seededRandom(1), 90_000)).toBe(1_000);
  });

  it('reads Retry-After as seconds, milliseconds or a date', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(parseRetryAfter(h({ 'retry-after': '2' }))).toBe(2000);
    expect(parseRetryAfter(h({ 'retry-after': '0.25' }))).toBe(250);
    expect(parseRetryAfter(h({ 'retry-after-ms': '15', 'retry-after': '9' }))).toBe(15);
    expect(parseRetryAfter(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(parseRetryAfter(h({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(parseRetryAfter(h({}))).toBeUndefined();
  });

  it('fills in missing or repeated tool call ids and keeps raw arguments as text', () => {
    const used = new Set<string>(['call_a']);
    const calls = normalizeToolCalls(
      [
        { id: '', type: 'function', function: { name: 'read_file', arguments: '{"path":' } },
        { id: 'call_a', type: 'function', function: { name: 'bash', arguments: '{}' } },
        { id: 'x', type: 'function', function: { name: 'run_tests', arguments: { } as unknown as string } },
      ],
      3,
      used,
    );
    expect(calls).toEqual([
      { id: 'call_3_1', name: 'read_file', arguments: '{"path":' },
      { id: 'call_3_2', name: 'bash', arguments: '{}' },
      { id: 'x', name: 'run_tests', arguments: '{}' },
    ]);
  });

  it('strips keys from provider messages', () => {
    expect(sanitize('Incorrect API key provided: sk-proj-abc***********wxyz.\n  See docs', ['sk-real'])).toBe('Incorrect API key provided: [redacted]. See docs');
    expect(sanitize('echo sk-real and more', ['sk-real'])).toBe('echo [redacted] and more');
  });
});
