import { PassThrough } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, describe, expect, it } from 'vitest';
import { McpServeAgent, mcpHttpServeAgent, mcpServeAgent, parseMcpArg } from '../../src/agent/mcp/agent.js';
import { createMcpServer, TASK_PROMPT, ToolBridge } from '../../src/agent/mcp/server.js';
import { AGENTS } from '../../src/agent/registry.js';
import { mcpCommand } from '../../src/cli/commands/mcp.js';
import type { LoadedTask } from '../../src/task/loader.js';
import { TOOLS, toolSpecs } from '../../src/tools/registry.js';
import type { ToolCallEvent, ToolResultEvent } from '../../src/trajectory/schema.js';
import { fakeSession, responseOf } from './mcp-helpers.js';

/** The client side of a stdio connection over in-process streams (what StdioClientTransport does over a child's pipes). */
class StreamClientTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly buffer = new ReadBuffer();

  constructor(
    private readonly toServer: PassThrough,
    private readonly fromServer: PassThrough,
  ) {}

  async start(): Promise<void> {
    this.fromServer.on('data', (chunk: Buffer) => {
      this.buffer.append(chunk);
      for (let m = this.buffer.readMessage(); m; m = this.buffer.readMessage()) this.onmessage?.(m);
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.toServer.write(serializeMessage(message));
  }

  async close(): Promise<void> {
    this.toServer.end();
    this.onclose?.();
  }
}

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!().catch(() => {});
});

function httpClient(url: string, token: string | undefined): { client: Client; transport: StreamableHTTPClientTransport } {
  const transport = new StreamableHTTPClientTransport(new URL(url), token === undefined ? {} : { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  closers.push(() => client.close());
  return { client, transport };
}

/** Starts an HTTP MCP agent on a fake session; resolves once it announced its URL. */
async function startHttpAgent(options: { disconnectGraceMs?: number } = {}) {
  const fake = await fakeSession();
  const lines: string[] = [];
  let announced!: () => void;
  const ready = new Promise<void>((resolve) => (announced = resolve));
  const agent = new McpServeAgent({
    transport: { kind: 'http', port: 0 },
    disconnectGraceMs: options.disconnectGraceMs,
    announce: (line) => {
      lines.push(line);
      if (line.includes('token')) announced();
    },
  });
  closers.push(() => agent.close());
  const running = agent.run(fake.session);
  running.catch(() => {});
  await ready;
  return { ...fake, agent, running, lines, url: agent.url! };
}

describe('the MCP server (in memory)', () => {
  it('lists every Crucible tool with its description and input schema, and gives the task as instructions and prompt', async () => {
    const { session } = await fakeSession({ instructions: 'Make the answer 43.\n' });
    const server = createMcpServer(new ToolBridge(session));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    closers.push(() => client.close());

    const { tools } = await client.listTools();
    expect(tools).toHaveLength(TOOLS.length);
    expect(tools).toHaveLength(10);
    const specs = toolSpecs();
    for (const spec of specs) {
      const tool = tools.find((t) => t.name === spec.name);
      expect(tool?.description).toBe(spec.description);
      expect(tool?.inputSchema).toEqual(spec.parameters);
      expect(tool?.inputSchema.type).toBe('object');
    }
    expect(client.getInstructions()).toContain('Make the answer 43.');
    expect(client.getInstructions()).toContain('submit');
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual([TASK_PROMPT]);
    const prompt = await client.getPrompt({ name: TASK_PROMPT });
    expect(prompt.messages[0]).toEqual({ role: 'user', content: { type: 'text', text: 'Make the answer 43.\n' } });
  });

  it('forwards calls as sent: results as JSON text, failures with isError, invalid arguments recorded by the dispatcher', async () => {
    const { session, writer } = await fakeSession();
    const server = createMcpServer(new ToolBridge(session));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    const client = new Client({ name: 'test', version: '1' });
    await client.connect(clientSide);
    closers.push(() => client.close());

    const read = await client.callTool({ name: 'read_file', arguments: { path: 'src/index.ts' } });
    expect(read.isError).toBeFalsy();
    expect(responseOf(read)).toMatchObject({ ok: true, result: { path: 'src/index.ts', content: 'export const answer = 42;\n' } });
    expect(read.structuredContent).toEqual(responseOf(read));

    const bad = await client.callTool({ name: 'read_file', arguments: { path: 'a', nonsense: 1 } });
    expect(bad.isError).toBe(true);
    expect(responseOf(bad)).toMatchObject({ ok: false, error: { type: 'invalid_args' } });

    const unknown = await client.callTool({ name: 'rm_rf', arguments: {} });
    expect(responseOf(unknown)).toMatchObject({ ok: false, error: { type: 'invalid_args', message: expect.stringContaining('unknown tool') } });

    const calls = writer.events.filter((e): e is ToolCallEvent => e.type === 'tool_call');
    expect(calls.map((c) => [c.tool, c.schemaValid])).toEqual([
      ['read_file', true],
      ['read_file', false],
      ['rm_rf', false],
    ]);
    expect(calls[1]!.rawArgs).toBe('{"path":"a","nonsense":1}');
  });
});

describe('mcp serve over stdio', () => {
  function stdioPair() {
    const toServer = new PassThrough();
    const fromServer = new PassThrough();
    return { toServer, fromServer, transport: new StreamClientTransport(toServer, fromServer) };
  }

  it('serves the attempt until submit; further calls answer that the attempt has ended', async () => {
    const { session, writer } = await fakeSession();
    const { toServer, fromServer, transport } = stdioPair();
    const agent = new McpServeAgent({ transport: { kind: 'stdio', stdin: toServer, stdout: fromServer } });
    closers.push(() => agent.close());
    const running = agent.run(session);
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    closers.push(() => client.close());

    expect((await client.listTools()).tools).toHaveLength(10);
    expect(responseOf(await client.callTool({ name: 'run_tests', arguments: {} }))).toMatchObject({ ok: true, result: { passed: true } });
    const submitted = await client.callTool({ name: 'submit', arguments: { summary: 'done', testsPass: true } });
    expect(responseOf(submitted)).toEqual({ ok: true, result: { submitted: true } });
    await expect(running).resolves.toBeUndefined();
    expect(session.ended).toBe(true);

    const after = await client.callTool({ name: 'list_dir', arguments: {} });
    expect(after.isError).toBe(true);
    expect(responseOf(after).error).toMatchObject({ type: 'limit', message: expect.stringContaining('the attempt has ended (submitted)') });
    expect(writer.events.filter((e) => e.type === 'tool_result').map((e) => (e as ToolResultEvent).tool)).toEqual(['run_tests', 'submit']);
  });

  it('fails the attempt (agent_error) when the client closes stdin without submitting', async () => {
    const { session } = await fakeSession();
    const { toServer, fromServer, transport } = stdioPair();
    const agent = new McpServeAgent({ transport: { kind: 'stdio', stdin: toServer, stdout: fromServer } });
    closers.push(() => agent.close());
    const running = agent.run(session);
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    await client.callTool({ name: 'list_dir', arguments: {} });
    await client.close();
    await expect(running).rejects.toThrow(/disconnected without calling submit/);
    expect(session.ended).toBe(false);
  });

  it('stops serving when the session is aborted (wall time)', async () => {
    const { session, abort } = await fakeSession();
    const { toServer, fromServer } = stdioPair();
    const agent = new McpServeAgent({ transport: { kind: 'stdio', stdin: toServer, stdout: fromServer } });
    closers.push(() => agent.close());
    const running = agent.run(session);
    abort.abort();
    await expect(running).resolves.toBeUndefined();
  });
});

describe('mcp serve over Streamable HTTP', () => {
  it('binds 127.0.0.1, announces URL and token, and answers 401 without the right bearer token', async () => {
    const { url, lines, agent } = await startHttpAgent();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(lines.join('\n')).toContain(url);
    expect(lines.join('\n')).toContain(agent.token);
    expect(agent.secrets).toContain(agent.token);

    const init = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
    const post = (headers: Record<string, string>) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(init) });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await post({ authorization: `Basic ${agent.token}` })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${agent.token}x` })).status).toBe(401);
    const denied = await post({ authorization: 'Bearer nope' });
    expect(denied.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url.replace('/mcp', '/other'), { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await post({ authorization: `Bearer ${agent.token}` })).status).toBe(200);

    const wrong = httpClient(url, 'not-the-token');
    await expect(wrong.client.connect(wrong.transport)).rejects.toThrow(/401|Unauthorized/i);
    const none = httpClient(url, undefined);
    await expect(none.client.connect(none.transport)).rejects.toThrow(/401|Unauthorized/i);
  });

  it('lists all 10 tools with input schemas, runs calls, and ends on submit', async () => {
    const { url, agent, running, session, writer } = await startHttpAgent();
    const { client, transport } = httpClient(url, agent.token);
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOLS.map((t) => t.name));
    for (const t of tools) expect(t.inputSchema).toMatchObject({ type: 'object' });
    expect(tools.find((t) => t.name === 'read_file')!.inputSchema.required).toEqual(['path']);

    const plan = await client.callTool({ name: 'plan', arguments: { steps: [{ text: 'look around' }] } });
    expect(responseOf(plan)).toEqual({ ok: true, result: { steps: 1 } });
    const listing = await client.callTool({ name: 'list_dir', arguments: {} });
    expect(responseOf(listing).result!.entries).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'package.json' })]));

    // A second client (a reconnect) drives the same attempt.
    const second = httpClient(url, agent.token);
    await second.client.connect(second.transport);
    await second.client.callTool({ name: 'read_file', arguments: { path: 'package.json' } });

    await client.callTool({ name: 'submit', arguments: { summary: 'nothing to do', cannotComply: false, testsPass: true } });
    await expect(running).resolves.toBeUndefined();
    expect(session.ended).toBe(true);
    const ended = await second.client.callTool({ name: 'read_file', arguments: { path: 'package.json' } });
    expect(responseOf(ended).error?.message).toMatch(/the attempt has ended/);
    expect(writer.events.filter((e) => e.type === 'tool_call').map((e) => (e as ToolCallEvent).tool)).toEqual(['plan', 'list_dir', 'read_file', 'submit']);
    expect(writer.events.some((e) => e.type === 'plan')).toBe(true);

    await agent.close();
    await expect(fetch(url, { method: 'POST', headers: { authorization: `Bearer ${agent.token}` }, body: '{}' })).rejects.toThrow();
  });

  it('ends the attempt as a failure when every session is closed and none reopens', async () => {
    const { url, agent, running } = await startHttpAgent({ disconnectGraceMs: 50 });
    const { client, transport } = httpClient(url, agent.token);
    await client.connect(transport);
    await client.callTool({ name: 'list_dir', arguments: {} });
    await transport.terminateSession();
    await expect(running).rejects.toThrow(/disconnected without calling submit/);
  });

  it('stops at the step limit like any agent', async () => {
    const fake = await fakeSession({ steps: 2 });
    const agent = new McpServeAgent({ transport: { kind: 'http', port: 0 }, announce: () => {} });
    closers.push(() => agent.close());
    const running = agent.run(fake.session);
    await expect.poll(() => agent.url).toBeDefined();
    const { client, transport } = httpClient(agent.url!, agent.token);
    await client.connect(transport);
    await client.callTool({ name: 'list_dir', arguments: {} });
    await client.callTool({ name: 'list_dir', arguments: {} });
    const third = await client.callTool({ name: 'list_dir', arguments: {} });
    expect(responseOf(third).error).toMatchObject({ type: 'limit', message: expect.stringContaining('step limit') });
    await expect(running).resolves.toBeUndefined();
    expect(fake.dispatcher.ended?.status).toBe('step_limit');
  });
});

describe('agent specs', () => {
  const ctx = { task: {} as LoadedTask, config: {} };

  it('parses mcp (stdio), mcp:PORT and mcp-http:PORT', () => {
    expect(parseMcpArg('')).toEqual({ kind: 'stdio' });
    expect(parseMcpArg('stdio')).toEqual({ kind: 'stdio' });
    expect(parseMcpArg('8123')).toEqual({ kind: 'http', port: 8123 });
    expect(parseMcpArg('http:0')).toEqual({ kind: 'http', port: 0 });
    expect(() => parseMcpArg('tcp:1')).toThrow(/CONFIG_INVALID|expected/);
    expect(() => parseMcpArg('70000')).toThrow(/expected/);
    expect((mcpServeAgent({ ...ctx, arg: '' }) as McpServeAgent).config).toEqual({ transport: 'stdio' });
    expect((mcpHttpServeAgent({ ...ctx, arg: '' }) as McpServeAgent).config).toEqual({ transport: 'streamable-http', port: 0 });
    expect((mcpHttpServeAgent({ ...ctx, arg: '9000' }) as McpServeAgent).config).toEqual({ transport: 'streamable-http', port: 9000 });
  });
});

describe('crucible mcp serve (command)', () => {
  it('takes --task, --http, --seed and --out, and makes the mcp agents known', () => {
    const serve = mcpCommand().commands.find((c) => c.name() === 'serve')!;
    expect(serve.options.map((o) => o.long)).toEqual(['--task', '--http', '--seed', '--out']);
    expect(serve.options.find((o) => o.long === '--task')!.mandatory).toBe(true);
    expect(AGENTS.mcp).toBeDefined();
    expect(AGENTS['mcp-http']).toBeDefined();
  });
});
