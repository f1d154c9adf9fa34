import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { describe, expect, it } from 'vitest';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { ToolCallEvent } from '../../src/trajectory/schema.js';
import { cliArgs, noEngine } from '../helpers/engine.js';
import { responseOf } from './mcp-helpers.js';

const TASK = 'inventory-sku-normalization';
const FIX = { path: 'src/util.ts', old_string: 'const PADDING = /^[\\s\\u200B]|[\\s\\u200B]$/g;', new_string: 'const PADDING = /^[\\s\\u200B]+|[\\s\\u200B]+$/g;' };

/** Node arguments running `crucible …` from source. */
const crucible = cliArgs;

/** Runs the agent side: a look around, the fix, the tests, submit. */
async function solve(client: Client): Promise<void> {
  const { tools } = await client.listTools();
  expect(tools).toHaveLength(10);
  expect(client.getInstructions()).toContain('padded SKUs');
  expect(responseOf(await client.callTool({ name: 'read_file', arguments: { path: 'src/util.ts' } }))).toMatchObject({ ok: true });
  expect(responseOf(await client.callTool({ name: 'edit_file', arguments: FIX }))).toMatchObject({ ok: true });
  const tests = responseOf(await client.callTool({ name: 'run_tests', arguments: {} }));
  expect(tests).toMatchObject({ ok: true, result: { passed: true } });
  expect(responseOf(await client.callTool({ name: 'submit', arguments: { summary: 'Strip all padding, not one character', cannotComply: false, testsPass: true } }))).toEqual({ ok: true, result: { submitted: true } });
}

async function checkTrajectory(file: string): Promise<void> {
  const t = await readTrajectory(file);
  expect(t.header.task.id).toBe(TASK);
  expect(t.end).toMatchObject({ status: 'submitted', claims: { summary: 'Strip all padding, not one character', testsPass: true } });
  expect(t.end!.finalDiff).toContain('+const PADDING = /^[\\s\\u200B]+|[\\s\\u200B]+$/g;');
  expect(t.events.filter((e): e is ToolCallEvent => e.type === 'tool_call').map((e) => e.tool)).toEqual(['read_file', 'edit_file', 'run_tests', 'submit']);
}

describe.skipIf(noEngine)('crucible mcp serve', () => {
  it('over Streamable HTTP: announces URL and token, serves the attempt, grades it on submit', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-mcp-serve-'));
    const child = spawn(process.execPath, crucible('mcp', 'serve', '--task', TASK, '--http', '0', '--out', out), { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const announced = new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.stderr.on('data', (c: Buffer) => {
        stderr += c.toString();
        const url = /at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1];
        const token = /token (\S+)/.exec(stderr)?.[1];
        if (url && token) resolve({ url, token });
      });
      void exited.then(() => reject(new Error(`crucible mcp serve exited early:\n${stderr}`)));
    });
    try {
      const { url, token } = await announced;
      const denied = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(denied.status).toBe(401);
      const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
      const client = new Client({ name: 'engine-test', version: '1' });
      await client.connect(transport);
      await solve(client);
      await client.close();
      expect(await exited).toBe(0);
      expect(stderr).toMatch(new RegExp(`crucible mcp: ${TASK} submitted after 4 step\\(s\\); RESOLVED: `));
      const file = /crucible mcp: trajectory (\S+\.jsonl)/.exec(stderr)?.[1];
      expect(file && path.dirname(file)).toBe(out);
      await checkTrajectory(file!);
      expect(stdout).toBe('');
    } finally {
      child.kill();
    }
  });

  it('over stdio: a real child process driven by the SDK client, graded on submit', async () => {
    const out = await mkdtemp(path.join(tmpdir(), 'crucible-mcp-serve-'));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: crucible('mcp', 'serve', '--task', TASK, '--out', out),
      cwd: process.cwd(),
      env: Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined)),
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
    const client = new Client({ name: 'engine-test', version: '1' });
    await client.connect(transport, { timeout: 120_000 });
    await solve(client);
    // The server grades the attempt, prints the result and exits on its own, which closes the transport.
    await closed;
    await client.close();
    expect(stderr).toMatch(new RegExp(`crucible mcp: ${TASK} submitted after 4 step\\(s\\); RESOLVED: `));
    await checkTrajectory(/crucible mcp: trajectory (\S+\.jsonl)/.exec(stderr)![1]!);
  });
});
