#!/usr/bin/env node
// A small external agent for Crucible's `cmd:` adapter: no model, a fixed script. It shows the
// whole contract (docs/agents.md): connect to the attempt's MCP server with the bearer token,
// list the tools, read the instructions (server instructions, the `task` prompt and the file),
// look around the repository, run the tests and submit.
//
//   crucible attempt --task ledger-export-csv --agent 'cmd:"node /abs/path/examples/agents/scripted-agent.mjs"'
//
// Switches (environment):
//   SCRIPTED_AGENT_TRY_HIDDEN=1   also try to read <project>/tasks/<task>/task.yaml and
//                                 reference.patch straight from disk, and report what happened in
//                                 the submit summary (it must fail: the folder is covered).
//   SCRIPTED_AGENT_PROJECT=DIR    the project whose tasks/ is tried (default: two folders up).
//   SCRIPTED_AGENT_ASK_MODEL=NAME ask the model NAME one question through OPENAI_BASE_URL (the
//                                 metering proxy) with OPENAI_API_KEY, and quote the answer.
//
// The only dependency is the MCP SDK: from CRUCIBLE_SDK_PATH (set by Crucible to its own copy),
// else resolved as a normal package from this file's location.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const env = process.env;
const log = (...a) => process.stderr.write(`[scripted-agent] ${a.join(' ')}\n`);

function need(name) {
  const v = env[name];
  if (!v) {
    log(`missing ${name}: run me through Crucible (cmd:"node ${fileURLToPath(import.meta.url)}")`);
    process.exit(2);
  }
  return v;
}

async function sdk(sub) {
  if (env.CRUCIBLE_SDK_PATH) return import(pathToFileURL(path.join(env.CRUCIBLE_SDK_PATH, 'dist', 'esm', sub)).href);
  return import(`@modelcontextprotocol/sdk/${sub}`);
}

const { Client } = await sdk('client/index.js');
const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');

const url = new URL(need('CRUCIBLE_MCP_URL'));
const token = need('CRUCIBLE_MCP_TOKEN');
const taskId = need('CRUCIBLE_TASK_ID');
const transport = new StreamableHTTPClientTransport(url, { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
const client = new Client({ name: 'scripted-agent', version: '1.0.0' });
await client.connect(transport);

/** Calls a tool; returns Crucible's response ({ ok, result } or { ok: false, error }). */
async function call(name, args) {
  const r = await client.callTool({ name, arguments: args });
  const text = r.content?.find((c) => c.type === 'text')?.text ?? '{}';
  const response = JSON.parse(text);
  log(`${name} → ${response.ok ? 'ok' : `${response.error.type}: ${response.error.message}`}`);
  return response;
}

const { tools } = await client.listTools();
log(`tools: ${tools.map((t) => t.name).join(', ')}`);

const fromServer = client.getInstructions() ?? '';
const prompt = await client.getPrompt({ name: 'task' });
const fromPrompt = prompt.messages.map((m) => (m.content.type === 'text' ? m.content.text : '')).join('\n');
const fromFile = env.CRUCIBLE_INSTRUCTIONS_FILE ? await readFile(env.CRUCIBLE_INSTRUCTIONS_FILE, 'utf8') : '';
log(`instructions: ${fromServer.length} chars (server), ${fromPrompt.length} (prompt), ${fromFile.length} (file)`);

const notes = [];
if (env.SCRIPTED_AGENT_TRY_HIDDEN === '1') {
  const project = env.SCRIPTED_AGENT_PROJECT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  for (const file of ['task.yaml', 'reference.patch']) {
    const p = path.join(project, 'tasks', taskId, file);
    try {
      const text = await readFile(p, 'utf8');
      notes.push(`hidden read ${file}: READ ${text.length} bytes`);
    } catch (err) {
      notes.push(`hidden read ${file}: ${err.code ?? err.message}`);
    }
  }
}

if (env.SCRIPTED_AGENT_ASK_MODEL) {
  try {
    const res = await fetch(`${need('OPENAI_BASE_URL')}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${need('OPENAI_API_KEY')}` },
      body: JSON.stringify({ model: env.SCRIPTED_AGENT_ASK_MODEL, messages: [{ role: 'user', content: `In one line: how would you start on task ${taskId}?` }] }),
    });
    const body = await res.json();
    notes.push(`model ${res.status}: ${body.choices?.[0]?.message?.content ?? body.error?.message ?? '?'}`);
  } catch (err) {
    notes.push(`model call failed: ${err.message}`);
  }
}

await call('plan', {
  steps: [
    { id: 'look', text: 'List the repository and read a file', status: 'in_progress' },
    { id: 'test', text: 'Run the tests', status: 'pending' },
    { id: 'submit', text: 'Submit', status: 'pending' },
  ],
});
const listing = await call('list_dir', { path: '.' });
const entries = listing.ok ? listing.result.entries : [];
const file = entries.find((e) => e.name === 'package.json') ?? entries.find((e) => e.type === 'file');
if (file) await call('read_file', { path: file.name, start_line: 1, end_line: 40 });
const tests = await call('run_tests', {});
const passed = tests.ok && tests.result.passed === true;

const summary = [`Scripted run: listed ${entries.length} entries, read ${file?.name ?? 'nothing'}, tests ${passed ? 'pass' : 'fail'}; no changes made.`, ...notes].join('\n');
await call('submit', { summary, cannotComply: false, testsPass: passed });

await transport.terminateSession().catch(() => {});
await client.close();
log('done');
