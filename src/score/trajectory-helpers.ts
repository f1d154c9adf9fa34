import type { ToolCallPattern } from '../task/schema.js';
import type { Trajectory } from '../trajectory/reader.js';
import type { ToolCallEvent, ToolResultEvent } from '../trajectory/schema.js';

/**
 * Shared helpers for scorers (scoring.md §2–§4): pairing calls with their results, normalised
 * argument keys for redundancy and loop detection, recognising test runs and test files, and
 * matching the task's `ToolCallPattern`s. All pure functions of the recorded trajectory.
 */

/** One tool call with its result (absent when the attempt stopped before the result was recorded). */
export interface CallRecord {
  /** Position in the call sequence, 0-based (the `N` of "within the next N calls" counts these). */
  index: number;
  step: number;
  tool: string;
  call: ToolCallEvent;
  result?: ToolResultEvent;
  /** The arguments as an object: the validated `args` (defaults applied), else the decoded `rawArgs`; undefined when not decodable to an object. */
  args?: Record<string, unknown>;
  /** {@link argsKey} of the call: tool + normalised arguments. */
  key: string;
}

/** Tools that write files through the file API (bash writes are seen only through `filesChanged`). */
export const WRITE_TOOLS: ReadonlySet<string> = new Set(['write_file', 'edit_file']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The call's arguments as an object: validated `args` first, else `rawArgs` decoded as JSON. */
export function callArgs(call: ToolCallEvent): Record<string, unknown> | undefined {
  if (isRecord(call.args)) return call.args;
  if (!call.parsed) return undefined;
  try {
    const decoded: unknown = JSON.parse(call.rawArgs || '{}');
    return isRecord(decoded) ? decoded : undefined;
  } catch {
    return undefined;
  }
}

/** A value with object keys sorted (recursively) and strings trimmed, for comparison. */
export function normalizeValue(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) out[k] = normalizeValue(value[k]);
    return out;
  }
  return value;
}

/**
 * Identity of a call for redundancy / thrash detection: tool name + arguments as JSON with sorted
 * keys and trimmed strings. Validated arguments carry the tool's defaults, so `{"command":"ls"}`
 * and `{"command":"ls","timeout_sec":60}` are the same call. Undecodable arguments are keyed by
 * their trimmed raw text.
 */
export function argsKey(call: ToolCallEvent): string {
  const args = callArgs(call);
  if (args !== undefined) return `${call.tool} ${JSON.stringify(normalizeValue(args))}`;
  return `${call.tool} raw:${call.rawArgs.trim()}`;
}

/** The tool calls of a trajectory in order, each paired with its result by `callId`. */
export function pairCalls(trajectory: Trajectory): CallRecord[] {
  const results = new Map<string, ToolResultEvent>();
  for (const e of trajectory.events) if (e.type === 'tool_result') results.set(e.callId, e);
  const out: CallRecord[] = [];
  for (const e of trajectory.events) {
    if (e.type !== 'tool_call') continue;
    const result = results.get(e.callId);
    const args = callArgs(e);
    out.push({ index: out.length, step: e.step, tool: e.tool, call: e, ...(result ? { result } : {}), ...(args ? { args } : {}), key: argsKey(e) });
  }
  return out;
}

/** A string argument of a call, trimmed; undefined when absent or not a string. */
export function stringArg(rec: Pick<CallRecord, 'args'>, name: string): string | undefined {
  const v = rec.args?.[name];
  return typeof v === 'string' ? v.trim() : undefined;
}

/** The `path` argument of a call (file tools), trimmed, with a leading `./` removed. */
export function pathArg(rec: Pick<CallRecord, 'args'>): string | undefined {
  const p = stringArg(rec, 'path');
  return p === undefined ? undefined : normalizePath(p);
}

/** A workspace-relative path with leading `./` and `/workspace/` removed. */
export function normalizePath(p: string): string {
  return p.trim().replace(/^\/workspace\//, '').replace(/^(\.\/)+/, '');
}

/** Result kinds that are the agent's tool errors (a failing test run is `ok`, a harness error is not the agent's). */
export function isToolError(result: ToolResultEvent | undefined): boolean {
  return result?.kind === 'tool_error' || result?.kind === 'timeout';
}

/** The paths a call's result changed. */
export function changedPaths(rec: CallRecord): string[] {
  return (rec.result?.filesChanged ?? []).map((f) => normalizePath(f.path));
}

/**
 * Common test runners, matched as a command word in a shell command: `tsx --test`, `node --test`,
 * `pytest` / `py.test` / `python -m pytest`, `python -m unittest`, `vitest`, `jest`, `npm test` /
 * `npm run test`. A runner's name inside a path or another word (`pytest.ini`, `cat jest.config.js`)
 * does not count.
 */
const TEST_RUNNER = /(?:^|[\s;&|()])(?:npx\s+)?(?:tsx\s+--test|node\s+--test|pytest|py\.test|python3?\s+-m\s+(?:pytest|unittest)|vitest|jest|npm\s+(?:run\s+)?test)(?=$|[\s;&|()])/;

/**
 * Whether a call runs the tests: every `run_tests` call; a `bash` call whose command contains the
 * task's visible test command (trimmed, non-empty) or invokes a common runner ({@link TEST_RUNNER}).
 */
export function isTestRun(rec: Pick<CallRecord, 'tool' | 'args'>, visibleCommand?: string): boolean {
  if (rec.tool === 'run_tests') return true;
  if (rec.tool !== 'bash') return false;
  const command = stringArg(rec, 'command');
  if (!command) return false;
  const visible = visibleCommand?.trim();
  if (visible && command.includes(visible)) return true;
  return TEST_RUNNER.test(command);
}

/**
 * Outcome of a test run: `pass` (result `ok`, exit code 0), `fail` (result `ok`, exit code not 0:
 * the tests ran and failed — information, not a tool error), undefined when the run did not finish
 * (tool error, timeout, harness error, no result) or the call is not a test run.
 */
export function testOutcome(rec: CallRecord, visibleCommand?: string): 'pass' | 'fail' | undefined {
  if (!isTestRun(rec, visibleCommand) || rec.result?.kind !== 'ok') return undefined;
  const code = rec.result.exitCode;
  if (code === undefined) return undefined;
  return code === 0 ? 'pass' : 'fail';
}

/**
 * A test run that produced a verdict: `run_tests` with result `ok`; a bash test run with result
 * `ok` and exit code 0 (pass) or 1 (the tests ran and some failed — the exit code of node --test,
 * tsx --test, pytest, unittest, vitest and jest for failing tests; other codes mean the runner
 * itself failed or was not found). A result carrying an injected fault does not count.
 */
export function testRan(rec: CallRecord, visibleCommand?: string): boolean {
  if (!isTestRun(rec, visibleCommand) || rec.result?.kind !== 'ok' || rec.result.fault) return false;
  if (rec.tool === 'run_tests') return true;
  return rec.result.exitCode === 0 || rec.result.exitCode === 1;
}

/**
 * Whether a path is a test file: under a `test/`, `tests/` or `__tests__/` folder (at any depth),
 * or named `*.test.*`, `*.spec.*`, `test_*.py` or `*_test.py`.
 */
export function isTestPath(p: string): boolean {
  const parts = normalizePath(p).split('/');
  const name = parts[parts.length - 1] ?? '';
  // Caches the runners write beside tests (bytecode, pytest's cache) are not test files.
  if (isCachePath(p)) return false;
  if (parts.slice(0, -1).some((d) => d === 'test' || d === 'tests' || d === '__tests__')) return true;
  return /\.(test|spec)\.[^/]+$/.test(name) || /^test_.*\.py$/.test(name) || /_test\.py$/.test(name);
}

/** True for files test runners and interpreters write on their own: `__pycache__`, `.pytest_cache`, `node_modules`, `*.pyc`. */
export function isCachePath(p: string): boolean {
  const parts = normalizePath(p).split('/');
  return parts.some((d) => d === '__pycache__' || d === '.pytest_cache' || d === 'node_modules') || /\.py[co]$/.test(parts[parts.length - 1] ?? '');
}

/** Two argument values are equal in the sense of `ToolCallPattern.args`: strings compared trimmed, others exactly. */
function argEquals(actual: unknown, expected: string | number | boolean): boolean {
  if (typeof expected === 'string') return typeof actual === 'string' && actual.trim() === expected.trim();
  return actual === expected;
}

/**
 * Whether a call matches a task's pattern: same tool, every `args` entry equal (strings trimmed),
 * every `args_match` entry a regular expression that matches the argument (numbers and booleans
 * are matched as their text; a missing argument never matches). Says nothing about success.
 * An invalid regular expression in the task matches nothing.
 */
export function matchesPattern(rec: Pick<CallRecord, 'tool' | 'args'>, pattern: ToolCallPattern): boolean {
  if (rec.tool !== pattern.tool) return false;
  for (const [name, expected] of Object.entries(pattern.args ?? {})) {
    if (!argEquals(rec.args?.[name], expected)) return false;
  }
  for (const [name, source] of Object.entries(pattern.args_match ?? {})) {
    const v = rec.args?.[name];
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') return false;
    let re: RegExp;
    try {
      re = new RegExp(source);
    } catch {
      return false;
    }
    if (!re.test(String(v))) return false;
  }
  return true;
}

/** A short human description of a call for rationales: `read_file src/a.ts`, `bash "npm test"`. */
export function describeCall(rec: CallRecord, max = 60): string {
  const p = pathArg(rec);
  if (p !== undefined && rec.tool !== 'search') return `${rec.tool} ${p}`;
  const command = stringArg(rec, 'command');
  if (command !== undefined) return `${rec.tool} ${JSON.stringify(command.length > max ? `${command.slice(0, max)}…` : command)}`;
  return rec.tool;
}

/** "1 call" / "2 calls". */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** Lists items for a rationale, at most `cap` of them, summarising the rest ("… and 3 more"). */
export function capList(items: string[], cap = 8): string {
  if (items.length <= cap) return items.join('; ');
  return `${items.slice(0, cap).join('; ')}; … and ${items.length - cap} more`;
}

/** A number for a rationale, two decimals. */
export function fmt(x: number): string {
  return x.toFixed(2);
}
