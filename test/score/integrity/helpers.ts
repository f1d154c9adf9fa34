import { expect } from 'vitest';
import { patchedFiles } from '../../../src/task/patch-files.js';
import { TaskSchema } from '../../../src/task/schema.js';
import type { TaskDefinition } from '../../../src/task/schema.js';
import type { GradeResult } from '../../../src/grade/grade.js';
import type { Trajectory } from '../../../src/trajectory/reader.js';
import { TrajectoryEventSchema } from '../../../src/trajectory/schema.js';
import type { FileChange, HeaderEvent, ToolErrorType, TrajectoryEvent } from '../../../src/trajectory/schema.js';
import type { Finding, ScoringContext } from '../../../src/score/types.js';

export const CANARY = 'crucible-canary:11111111-2222-4333-8444-555555555555';

/** A minimal valid task (TypeScript, tests under test/, hidden tests into test/hidden). */
export function makeTask(overrides: Record<string, unknown> = {}): TaskDefinition {
  return TaskSchema.parse({
    id: 'demo-task',
    title: 'Demo',
    kind: 'debug',
    repo: 'demo',
    instructions: 'Fix the bug.',
    tests: {
      visible: { command: 'tsx --test test/*.test.ts' },
      hidden: { into: 'test/hidden', command: 'tsx --test --test-reporter=tap test/hidden/*.test.ts', format: 'tap' },
    },
    protected: ['test/**', 'package.json', 'tsconfig.json'],
    canary: CANARY,
    ...overrides,
  });
}

/** A Python task: tests under tests/, hidden tests into tests/hidden. */
export function makePyTask(overrides: Record<string, unknown> = {}): TaskDefinition {
  return makeTask({
    tests: {
      visible: { command: 'python3 -m pytest -rA tests' },
      hidden: { into: 'tests/hidden', command: 'python3 -m pytest -rA tests/hidden', format: 'pytest' },
    },
    protected: ['tests/**', 'pyproject.toml'],
    ...overrides,
  });
}

export interface ResultSpec {
  output?: string;
  kind?: 'ok' | 'tool_error' | 'harness_error' | 'timeout';
  exitCode?: number;
  error?: { type: ToolErrorType; message: string };
  filesChanged?: FileChange[];
}

const AT = '2026-01-01T00:00:00.000Z';

/** Builds a trajectory: header, tool_call/tool_result pairs (steps 1, 2, …), then an end event. */
export class TrajectoryBuilder {
  private readonly events: TrajectoryEvent[] = [];
  private step = 0;

  constructor(kind = 'debug') {
    const header: HeaderEvent = {
      type: 'header', version: 1, attemptId: 'demo-task-0001', task: { id: 'demo-task', contentHash: 'c'.repeat(64), kind },
      agent: { spec: 'test', name: 'test', version: '0' }, agentConfig: {}, seed: 1, limits: { steps: 100, wallTimeMs: 60_000, outputBytes: 65_536 },
      image: { tag: 'img', id: 'sha256:0' }, faults: { faults: [] }, crucibleVersion: '0.1.0', startedAt: AT,
    };
    this.events.push(header);
  }

  /** A tool call with its result. `args` are recorded both raw (JSON) and parsed. */
  call(tool: string, args: Record<string, unknown>, result: ResultSpec = {}): this {
    const step = ++this.step;
    const callId = `call-${step}`;
    this.events.push({ type: 'tool_call', step, callId, tool, rawArgs: JSON.stringify(args), parsed: true, schemaValid: true, args, startedAt: AT });
    const kind = result.kind ?? (result.error ? 'tool_error' : 'ok');
    this.events.push({
      type: 'tool_result', step, callId, tool, kind,
      ...(result.error ? { error: result.error } : {}),
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : tool === 'bash' && kind === 'ok' ? { exitCode: 0 } : {}),
      output: result.output ?? (result.error?.message ?? ''), truncated: false, outputHash: '0'.repeat(16), filesChanged: result.filesChanged ?? [], endedAt: AT, durationMs: 1,
    });
    return this;
  }

  /** A call whose arguments were not JSON at all. */
  rawCall(tool: string, rawArgs: string, result: ResultSpec = {}): this {
    const step = ++this.step;
    const callId = `call-${step}`;
    this.events.push({ type: 'tool_call', step, callId, tool, rawArgs, parsed: false, schemaValid: false, startedAt: AT });
    this.events.push({ type: 'tool_result', step, callId, tool, kind: 'tool_error', error: { type: 'invalid_args', message: 'arguments are not JSON' }, output: result.output ?? '', truncated: false, outputHash: '0'.repeat(16), filesChanged: [], endedAt: AT, durationMs: 1 });
    return this;
  }

  bash(command: string, result: ResultSpec = {}): this {
    return this.call('bash', { command, timeout_sec: 60 }, result);
  }

  read(path: string, output: string, result: ResultSpec = {}): this {
    return this.call('read_file', { path }, { output, ...result });
  }

  /** write_file recording the file change (modified unless told). */
  write(path: string, content: string, op: FileChange['op'] = 'modified'): this {
    return this.call('write_file', { path, content }, { output: `wrote ${content.length} bytes to ${path}`, filesChanged: [{ path, op, ...(op !== 'added' ? { before: 'a'.repeat(16) } : {}), ...(op !== 'deleted' ? { after: 'b'.repeat(16) } : {}) }] });
  }

  message(text: string): this {
    this.events.push({ type: 'message', role: 'assistant', text, at: AT });
    return this;
  }

  /** Ends the attempt with this final diff; every event is validated against the trajectory schema. */
  end(finalDiff = ''): Trajectory {
    const end: TrajectoryEvent = { type: 'end', status: 'submitted', claims: { summary: 'done', testsPass: true }, finalDiff, diffSha256: 'f'.repeat(64), steps: this.step, killedProcesses: 0, endedAt: AT };
    const events = [...this.events, end].map((e) => TrajectoryEventSchema.parse(e));
    return { header: events[0] as HeaderEvent, events, end: events[events.length - 1] as Extract<TrajectoryEvent, { type: 'end' }> };
  }
}

export function traj(kind = 'debug'): TrajectoryBuilder {
  return new TrajectoryBuilder(kind);
}

/** A trajectory with no calls, ending with `diff`. */
export function diffOnly(diff: string): Trajectory {
  return traj().end(diff);
}

export function ctx(trajectory: Trajectory, task: TaskDefinition = makeTask(), grade?: Partial<GradeResult>): ScoringContext {
  return { task, trajectory, ...(grade ? { grade: { task: task.id, contentHash: 'c'.repeat(64), apply: { applied: true, method: 'apply' }, restoredProtected: [], structure: [], resolved: false, rationale: '', ...grade } } : {}) };
}

function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

/**
 * A git-style diff of one file, from its whole text before and after: one hunk covering the
 * changed middle, with the common prefix and suffix (up to 3 lines each) as context.
 */
export function fileDiff(path: string, before: string | null, after: string | null): string {
  const a = before === null ? [] : lines(before);
  const b = after === null ? [] : lines(after);
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  const ctxBefore = Math.min(3, pre);
  const ctxAfter = Math.min(3, suf);
  const start = pre - ctxBefore;
  const oldBody = a.slice(start, a.length - suf + ctxAfter);
  const newBody = b.slice(start, b.length - suf + ctxAfter);
  const head = [`diff --git a/${path} b/${path}`];
  if (before === null) head.push('new file mode 100644', 'index 0000000..1111111', '--- /dev/null', `+++ b/${path}`);
  else if (after === null) head.push('deleted file mode 100644', 'index 1111111..0000000', `--- a/${path}`, '+++ /dev/null');
  else head.push('index 1111111..2222222 100644', `--- a/${path}`, `+++ b/${path}`);
  const body = [
    ...a.slice(start, pre).map((l) => ` ${l}`),
    ...a.slice(pre, a.length - suf).map((l) => `-${l}`),
    ...b.slice(pre, b.length - suf).map((l) => `+${l}`),
    ...a.slice(a.length - suf, a.length - suf + ctxAfter).map((l) => ` ${l}`),
  ];
  const range = (from: number, count: number) => `${count === 0 ? from : from + 1}${count === 1 ? '' : `,${count}`}`;
  const hunk = `@@ -${range(start, oldBody.length)} +${range(start, newBody.length)} @@`;
  return [...head, hunk, ...body].join('\n') + '\n';
}

/** Several file diffs joined. */
export function gitDiff(...parts: string[]): string {
  return parts.join('');
}

/** Lines joined with newlines (and a final newline). */
export function src(...l: string[]): string {
  return `${l.join('\n')}\n`;
}

/**
 * Asserts every evidence item of `findings` resolves: steps exist in the trajectory, file paths
 * are in the final diff (either side of a rename). Returns the findings for chaining.
 */
export function expectResolvable(c: ScoringContext, findings: readonly Finding[]): readonly Finding[] {
  const steps = new Set(c.trajectory.events.flatMap((e) => (e.type === 'tool_call' ? [e.step] : [])));
  const paths = new Set(patchedFiles(c.trajectory.end?.finalDiff ?? '').flatMap((f) => (f.from ? [f.path, f.from] : [f.path])));
  for (const f of findings) {
    expect(f.message.length, `${f.id} message`).toBeGreaterThan(10);
    expect(f.evidence.length, `${f.id} has evidence`).toBeGreaterThan(0);
    if (f.confirmed) expect(f.severity).toBe('critical');
    for (const e of f.evidence) {
      if (e.kind === 'step') expect(steps.has(e.step), `${f.id}: step ${e.step} exists`).toBe(true);
      if (e.kind === 'file') expect(paths.has(e.path), `${f.id}: ${e.path} is in the diff`).toBe(true);
    }
  }
  return findings;
}
