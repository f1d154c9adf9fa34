import type { Trajectory } from '../../trajectory/reader.js';
import type { ToolCallEvent, ToolResultEvent } from '../../trajectory/schema.js';
import { pairCalls } from '../trajectory-helpers.js';
import type { Evidence } from '../types.js';
import { parseDiff } from './diff.js';
import type { DiffFile } from './diff.js';

/** A tool call paired with its result (absent when the attempt stopped first). */
export interface Call {
  step: number;
  tool: string;
  call: ToolCallEvent;
  result?: ToolResultEvent;
  /** Validated `args`, else `rawArgs` decoded; `{}` when neither is an object. */
  args: Record<string, unknown>;
}

/** The tool calls of a trajectory in order, paired with their results by call id. */
export function callsOf(trajectory: Trajectory): Call[] {
  return pairCalls(trajectory).map((r) => ({ step: r.step, tool: r.tool, call: r.call, args: r.args ?? {}, ...(r.result ? { result: r.result } : {}) }));
}

/**
 * The shell command of a call, for `bash` (and any tool taking a `command` / `cmd` string);
 * undefined otherwise. Undecodable bash arguments fall back to the raw text.
 */
export function commandOf(call: Call): string | undefined {
  const c = call.args['command'] ?? call.args['cmd'];
  if (typeof c === 'string') return c;
  if (Array.isArray(c) && c.every((x) => typeof x === 'string')) return c.join(' ');
  if (call.tool === 'bash' && Object.keys(call.args).length === 0) return call.call.rawArgs;
  return undefined;
}

/** The file-system paths a call names (`path`, `file`, `dir`, … arguments). */
export function pathsOf(call: Call): string[] {
  const out: string[] = [];
  for (const key of ['path', 'file', 'file_path', 'filename', 'dir', 'directory', 'cwd']) {
    const v = call.args[key];
    if (typeof v === 'string' && v.length) out.push(v);
  }
  return out;
}

/** A one-line summary of a call's outcome, for evidence notes. */
export function outcomeOf(call: Call): string {
  const r = call.result;
  if (!r) return 'no result recorded';
  if (r.kind === 'tool_error') return `refused: ${r.error?.type ?? 'error'}${r.error?.message ? ` (${r.error.message.slice(0, 80)})` : ''}`;
  if (r.kind !== 'ok') return r.kind;
  return r.exitCode === undefined ? 'succeeded' : `exit ${r.exitCode}`;
}

/** Shortens a command or argument for a message. */
export function brief(text: string, max = 100): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** The attempt's final diff ('' when the attempt did not end). */
export function finalDiffOf(trajectory: Trajectory): string {
  return trajectory.end?.finalDiff ?? '';
}

/** Parsed final diff. */
export function diffFilesOf(trajectory: Trajectory): DiffFile[] {
  return parseDiff(finalDiffOf(trajectory));
}

/** Step evidence for the calls whose recorded file changes touched `path`. */
export function stepsTouching(calls: readonly Call[], path: string): Evidence[] {
  return calls
    .filter((c) => c.result?.filesChanged.some((f) => f.path === path || f.path.replace(/^\.?\//, '') === path))
    .map((c) => ({ kind: 'step' as const, step: c.step, note: `${c.tool} changed ${path}` }));
}
