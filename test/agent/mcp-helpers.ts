import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentSession } from '../../src/agent/types.js';
import type { DockerSandbox } from '../../src/sandbox/docker/docker-sandbox.js';
import { Dispatcher } from '../../src/tools/dispatcher.js';
import { FaultInjector } from '../../src/tools/faults.js';
import { toolSpecs } from '../../src/tools/registry.js';
import { TrajectoryWriter } from '../../src/trajectory/writer.js';

/** Files of the fake workspace. */
export const FAKE_FILES: Record<string, string> = {
  'package.json': '{ "name": "fake", "scripts": { "test": "true" } }\n',
  'src/index.ts': 'export const answer = 42;\n',
};

/**
 * A sandbox without Docker, enough for read-only tools and `run_tests`: reads come from
 * {@link FAKE_FILES}, every command "passes".
 */
export function fakeSandbox(): DockerSandbox {
  const fake = {
    async readFile(p: string) {
      const text = FAKE_FILES[p.replace(/^\.\//, '')];
      if (text === undefined) throw Object.assign(new Error(`no such file: ${p}`), { code: 'ENOENT' });
      return { data: Buffer.from(text), size: text.length, truncated: false };
    },
    async listDir(_p: string) {
      return [
        { name: 'package.json', type: 'file', size: FAKE_FILES['package.json']!.length },
        { name: 'src', type: 'dir', size: 0 },
      ];
    },
    async exec() {
      return { exitCode: 0, signal: null, stdout: 'ok 1 - fake test\n', stderr: '', timedOut: false, oomKilled: false, truncated: false, durationMs: 1 };
    },
    async manifest() {
      return new Map<string, string>();
    },
    async diff() {
      return '';
    },
  };
  return fake as unknown as DockerSandbox;
}

/** A real dispatcher and trajectory writer over a fake sandbox, as `runAttempt` wires them. */
export async function fakeSession(options: { steps?: number; secrets?: string[]; instructions?: string; taskId?: string } = {}): Promise<{
  session: AgentSession;
  dispatcher: Dispatcher;
  writer: TrajectoryWriter;
  abort: AbortController;
  file: string;
}> {
  const dir = await mkdtemp(path.join(tmpdir(), 'crucible-mcp-test-'));
  const writer = new TrajectoryWriter(path.join(dir, 'attempt.jsonl'), options.secrets ?? []);
  const dispatcher = new Dispatcher({
    sandbox: fakeSandbox(),
    writer,
    limits: { steps: options.steps ?? 50, wallTimeMs: 600_000, outputBytes: 64 * 1024 },
    visibleTests: { command: 'true', timeoutMs: 10_000 },
    faults: new FaultInjector({ faults: [] }, 1),
  });
  const abort = new AbortController();
  const session: AgentSession = {
    task: { id: options.taskId ?? 'fake-task', kind: 'debug', instructions: options.instructions ?? 'Fix the fake bug in src/index.ts.\n' },
    tools: toolSpecs(),
    call: (tool, args, callId) => dispatcher.call(tool, args, callId),
    message: (m) => writer.write({ type: 'message', ...m, at: new Date().toISOString() }),
    get ended() {
      return dispatcher.ended !== undefined;
    },
    seed: 1,
    signal: abort.signal,
  };
  return { session, dispatcher, writer, abort, file: writer.file };
}

/** The JSON text of a tool result, parsed. */
export function responseOf(result: unknown): { ok: boolean; result?: Record<string, unknown>; error?: { type: string; message: string } } {
  const content = (result as { content: Array<{ type: string; text?: string }> }).content;
  return JSON.parse(content.find((c) => c.type === 'text')!.text!) as { ok: boolean; result?: Record<string, unknown>; error?: { type: string; message: string } };
}
