import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CmdAgent, cmdAgent } from '../../src/agent/cmd/agent.js';
import { checkIsolation, hiddenPaths } from '../../src/agent/cmd/isolation.js';
import { MeteringProxy, meterJson, meterSse, parsePrice } from '../../src/agent/cmd/proxy.js';
import type { MeteredMessage } from '../../src/agent/cmd/proxy.js';
import { isHarnessError } from '../../src/errors.js';
import { requireTask } from '../../src/task/loader.js';
import type { MessageEvent, ToolCallEvent } from '../../src/trajectory/schema.js';
import { stubUpstream } from './cmd-helpers.js';
import { fakeSession } from './mcp-helpers.js';

const REAL_KEY = 'sk-real-upstream-key-0123456789abcdef';
const EXAMPLE = path.resolve('examples/agents/scripted-agent.mjs');
const TASK_ID = 'ledger-export-csv';
const isRoot = process.getuid?.() === 0;

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  while (closers.length) await closers.pop()!().catch(() => {});
});

async function upstream() {
  const stub = await stubUpstream(REAL_KEY);
  closers.push(() => stub.close());
  return stub;
}

async function proxy(options: { upstream?: string; apiKey?: string } = {}) {
  const recorded: MeteredMessage[] = [];
  const p = await MeteringProxy.start({
    upstream: options.upstream,
    apiKey: options.apiKey,
    clientKey: 'crucible-dummy',
    price: { prompt: 2, completion: 10 },
    record: (m) => recorded.push(m),
  });
  closers.push(() => p.close());
  return { proxy: p, recorded };
}

function chat(base: string, key: string, body: Record<string, unknown>) {
  return fetch(`${base}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify(body) });
}

describe('the metering proxy', () => {
  it('forwards to the upstream with the real key, and records tokens, cost and latency of each completion', async () => {
    const stub = await upstream();
    const { proxy: p, recorded } = await proxy({ upstream: stub.base, apiKey: REAL_KEY });
    expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const res = await chat(p.url, 'crucible-dummy', { model: 'stub-model', messages: [{ role: 'user', content: 'hi' }] });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { choices: Array<{ message: { content: string } }> };
    expect(body.choices[0]!.message.content).toBe('stub answer');
    expect(stub.requests).toHaveLength(1);
    expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${REAL_KEY}`);
    expect(stub.requests[0]!.url).toBe('/v1/chat/completions');
    expect(recorded).toEqual([{ role: 'assistant', text: 'stub answer', tokens: { prompt: 12, completion: 5 }, costUsd: (12 * 2 + 5 * 10) / 1e6, latencyMs: expect.any(Number) }]);
    expect(recorded[0]!.latencyMs).toBeGreaterThanOrEqual(15);
  });

  it('meters streamed completions, asking the upstream for the usage chunk', async () => {
    const stub = await upstream();
    const { proxy: p, recorded } = await proxy({ upstream: stub.base, apiKey: REAL_KEY });
    const res = await chat(p.url, 'crucible-dummy', { model: 'stub-model', stream: true, messages: [{ role: 'user', content: 'hi' }] });
    const text = await res.text();
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expect(text).toContain('data: [DONE]');
    expect(stub.requests[0]!.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(recorded).toEqual([expect.objectContaining({ role: 'assistant', text: 'stub answer', tokens: { prompt: 12, completion: 5 } })]);
  });

  it('refuses requests without the per-attempt key and never forwards them', async () => {
    const stub = await upstream();
    const { proxy: p, recorded } = await proxy({ upstream: stub.base, apiKey: REAL_KEY });
    expect((await chat(p.url, REAL_KEY, { model: 'x', messages: [] })).status).toBe(401);
    expect((await fetch(`${p.url}/models`)).status).toBe(401);
    expect((await fetch(p.url.replace('/v1', '/other'), { headers: { authorization: 'Bearer crucible-dummy' } })).status).toBe(404);
    expect(stub.requests).toEqual([]);
    expect(recorded).toEqual([]);
  });

  it('passes upstream errors through without recording them, and says when no upstream is configured', async () => {
    const stub = await upstream();
    const wrongKey = await proxy({ upstream: stub.base, apiKey: 'sk-wrong' });
    expect((await chat(wrongKey.proxy.url, 'crucible-dummy', { model: 'x', messages: [] })).status).toBe(401);
    expect(wrongKey.recorded).toEqual([]);
    const none = await proxy({});
    const res = await chat(none.proxy.url, 'crucible-dummy', { model: 'x', messages: [] });
    expect(res.status).toBe(502);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/no upstream/);
  });

  it('reads usage and text of chat, responses and streamed formats, and prices', () => {
    expect(meterJson({ choices: [{ message: { content: 'a' } }], usage: { prompt_tokens: 1, completion_tokens: 2 } })).toEqual({ text: 'a', tokens: { prompt: 1, completion: 2 } });
    expect(meterJson({ output: [{ type: 'message', content: [{ type: 'output_text', text: 'b' }] }], usage: { input_tokens: 3, output_tokens: 4 } })).toEqual({ text: 'b', tokens: { prompt: 3, completion: 4 } });
    expect(meterJson({ data: [] })).toBeUndefined();
    expect(meterSse('data: {"type":"response.output_text.delta","delta":"c"}\n\ndata: {"type":"response.completed","response":{"usage":{"input_tokens":5,"output_tokens":6}}}\n\n')).toEqual({ text: 'c', tokens: { prompt: 5, completion: 6 } });
    expect(parsePrice(3)).toEqual({ prompt: 3, completion: 3 });
    expect(parsePrice({ input: 1, output: 4 })).toEqual({ prompt: 1, completion: 4 });
    expect(parsePrice(undefined)).toBeUndefined();
    expect(() => parsePrice('cheap')).toThrow(/price_per_million/);
  });
});

describe('cmd agent configuration', () => {
  it('hides the project tasks and git metadata', async () => {
    const task = await requireTask(path.resolve('tasks', TASK_ID), process.cwd());
    const hidden = hiddenPaths(task);
    expect(hidden).toContain(path.resolve('tasks'));
    if (existsSync(path.resolve('.git'))) expect(hidden).toContain(path.resolve('.git'));
    if (existsSync(path.resolve('.crucible'))) expect(hidden).toContain(path.resolve('.crucible'));
    expect(hidden).not.toContain(task.dir);
  });

  it('refuses to run without root, with CONFIG_INVALID', () => {
    vi.spyOn(process, 'getuid').mockReturnValue(1000);
    let err: unknown;
    try {
      checkIsolation([]);
    } catch (e) {
      err = e;
    }
    expect(isHarnessError(err, 'CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/root/);
  });

  it('refuses an empty command and a bad configuration', async () => {
    const task = await requireTask(path.resolve('tasks', TASK_ID), process.cwd());
    await expect(cmdAgent({ task, arg: '  ', config: {} })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(cmdAgent({ task, arg: 'true', config: { price_per_million: 'cheap' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(cmdAgent({ task, arg: 'true', config: { grace_sec: -1 } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('grace_sec') });
    await expect(cmdAgent({ task, arg: 'true', config: { base_ulr: 'http://x' } })).rejects.toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('base_ulr') });
    await expect(cmdAgent({ task, arg: 'true', config: { api_key_env: 'CRUCIBLE_TEST_SURELY_UNSET' } })).rejects.toMatchObject({ code: 'ENV_MISSING' });
  });
});

describe.skipIf(!isRoot)('cmd agent with a fake sandbox (needs root for the isolation)', () => {
  async function agentFor(command: string, config: Record<string, unknown> = {}) {
    const task = await requireTask(path.resolve('tasks', TASK_ID), process.cwd());
    const agent = (await cmdAgent({ task, arg: command, config })) as CmdAgent;
    closers.push(() => rm(path.dirname(agent.logFile), { recursive: true, force: true }));
    closers.push(() => agent.close());
    return agent;
  }

  it('runs the example agent isolated: it submits over MCP, its model call is metered, tasks/ is unreadable, the real key stays out', async () => {
    const stub = await upstream();
    process.env.CRUCIBLE_TEST_UPSTREAM_KEY = REAL_KEY;
    closers.push(async () => delete process.env.CRUCIBLE_TEST_UPSTREAM_KEY);
    const agent = await agentFor(`SCRIPTED_AGENT_TRY_HIDDEN=1 SCRIPTED_AGENT_ASK_MODEL=stub-model node ${EXAMPLE}`, {
      base_url: stub.base,
      api_key_env: 'CRUCIBLE_TEST_UPSTREAM_KEY',
      price_per_million: { prompt: 1, completion: 2 },
      model: 'stub-model',
    });
    expect(agent.secrets).toContain(REAL_KEY);
    expect(JSON.stringify(agent.config)).not.toContain(REAL_KEY);
    expect(existsSync(path.resolve('tasks', TASK_ID, 'task.yaml'))).toBe(true);
    const { session, dispatcher, writer, file } = await fakeSession({ taskId: TASK_ID, secrets: agent.secrets });
    await agent.run(session);
    await agent.close();

    expect(dispatcher.ended?.status).toBe('submitted');
    const claims = dispatcher.ended!.claims!;
    expect(claims).toMatchObject({ cannotComply: false, testsPass: true });
    expect(claims.summary).toMatch(/hidden read task\.yaml: (ENOENT|EACCES)/);
    expect(claims.summary).toMatch(/hidden read reference\.patch: (ENOENT|EACCES)/);
    expect(claims.summary).toContain('model 200: stub answer');

    const tools = writer.events.filter((e): e is ToolCallEvent => e.type === 'tool_call').map((e) => e.tool);
    expect(tools).toEqual(['plan', 'list_dir', 'read_file', 'run_tests', 'submit']);
    const messages = writer.events.filter((e): e is MessageEvent => e.type === 'message');
    expect(messages).toEqual([expect.objectContaining({ role: 'assistant', text: 'stub answer', tokens: { prompt: 12, completion: 5 }, costUsd: (12 + 10) / 1e6 })]);
    expect(stub.requests[0]!.headers.authorization).toBe(`Bearer ${REAL_KEY}`);
    expect(await readFile(file, 'utf8')).not.toContain(REAL_KEY);

    const log = await readFile(agent.logFile, 'utf8');
    expect(log).toContain('[scripted-agent] tools: read_file, write_file');
    expect(log).toMatch(/instructions: \d+ chars \(server\), \d+ \(prompt\), \d+ \(file\)/);
    expect(log).toContain('[scripted-agent] done');
    expect(log).not.toContain(REAL_KEY);
  });

  it('gives the program only its own environment, as nobody, in its own folder', async () => {
    process.env.CRUCIBLE_TEST_UPSTREAM_KEY = REAL_KEY;
    closers.push(async () => delete process.env.CRUCIBLE_TEST_UPSTREAM_KEY);
    const agent = await agentFor(`id -u; pwd; ls -ld .; env | sort; cat "$CRUCIBLE_INSTRUCTIONS_FILE"; echo "tasks=$(ls -A ${path.resolve('tasks')} | wc -l)"; exit 3`, { api_key_env: 'CRUCIBLE_TEST_UPSTREAM_KEY', env: { EXTRA: 'yes' } });
    const { session } = await fakeSession({ taskId: TASK_ID, instructions: 'Do the ledger thing.\n' });
    await expect(agent.run(session)).rejects.toThrow(/ended \(exit code 3\) without calling submit/);
    await agent.close();
    const log = await readFile(agent.logFile, 'utf8');
    expect(log).toMatch(/^65534$/m);
    expect(log).toMatch(/^\/tmp\/crucible-agent-\w+$/m);
    expect(log).toMatch(/^drwx------ \d+ nobody nogroup .* \.$/m);
    for (const name of ['CRUCIBLE_MCP_URL=http://127.0.0.1:', 'CRUCIBLE_MCP_TOKEN=', `CRUCIBLE_TASK_ID=${TASK_ID}`, 'CRUCIBLE_INSTRUCTIONS_FILE=/tmp/crucible-agent-', 'OPENAI_BASE_URL=http://127.0.0.1:', 'OPENAI_API_KEY=crucible-', 'CRUCIBLE_SDK_PATH=/', 'EXTRA=yes']) {
      expect(log).toContain(name);
    }
    expect(log).toContain('Do the ledger thing.');
    expect(log).toMatch(/^tasks=0$/m);
    expect(log).not.toContain(REAL_KEY);
    expect(log).toContain('program ended with exit code 3');
  });

  it('kills a program still running after it submitted, once the grace is over', async () => {
    const agent = await agentFor(`node ${EXAMPLE}; sleep 600`, { grace_sec: 0.2 });
    const { session, dispatcher } = await fakeSession({ taskId: TASK_ID });
    const started = Date.now();
    await agent.run(session);
    expect(Date.now() - started).toBeLessThan(15_000);
    await agent.close();
    expect(dispatcher.ended?.status).toBe('submitted');
    expect(await readFile(agent.logFile, 'utf8')).toMatch(/still running after 200 ms: killing it/);
  });

  it('bounds the program log', async () => {
    const agent = await agentFor('head -c 300000 /dev/zero | tr "\\0" x; exit 0', { log_bytes: 1000 });
    const { session } = await fakeSession({ taskId: TASK_ID });
    await expect(agent.run(session)).rejects.toThrow(/without calling submit/);
    await agent.close();
    const log = await readFile(agent.logFile, 'utf8');
    expect(log).toContain('[crucible: output cut after 1000 bytes]');
    expect(log.length).toBeLessThan(2000);
  });
});
