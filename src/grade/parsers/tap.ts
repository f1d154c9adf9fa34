/**
 * Parser for TAP 13/14 as written by `node --test --test-reporter=tap` (Node 18 and Node 20).
 *
 * Id rule: the names from the outermost test down to the test case, joined with ` > `
 * (`describe > nested describe > it`). Only leaf tests are test cases; a parent (suite or test
 * with subtests) becomes its own `error` case only when it failed for a reason of its own, such as
 * a failing `before`/`after` hook (node's `failureType` is not `subtestsFailed`).
 *
 * Lines inside YAML diagnostic blocks are never read as test points: a block opened by `---`
 * lasts until the `...` at the same indentation, however its lines look (an unterminated block
 * swallows the rest of the stream, with a warning).
 */
import { finishReport, makeCase, neverThrow, splitLines, summaryFromNodeCounters, WarningLog } from './common.js';
import type { ParsedReport, TestCaseResult, TestStatus } from './types.js';

/** Decoded top-level fields of one YAML diagnostic block (`null` for `~`). */
type YamlFields = Map<string, string | null>;

/** A SKIP or TODO directive on a test point. */
interface Directive {
  kind: 'skip' | 'todo';
  reason: string;
}

/** One test point, with the subtests that were reported (indented) before it. */
interface TapPoint {
  ok: boolean;
  name: string;
  directive?: Directive;
  yaml?: YamlFields;
  children: TapPoint[];
  /** True for a parent made up from `# Subtest:` lines because its test point never came. */
  synthetic?: boolean;
}

/** Node's failure types that mean the test itself could not run properly. */
const ERROR_FAILURE_TYPES = new Set(['hookFailed', 'cancelledByParent']);

/** Deepest subtest nesting read; deeper test points are ignored with a warning. */
const MAX_DEPTH = 200;

/** Node's closing counters, e.g. `# pass 7`, read at indentation 0 only. */
const SUMMARY_COMMENT = /^# (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) (\d+(?:\.\d+)?)$/;

/** Lines that are valid TAP but carry no test result. */
const NON_RESULT_LINES = [/^TAP version \d+$/i, /^\d+\.\.\d+(?:\s*#.*)?$/, /^#/, /^pragma [+-]\S+$/];

/** A test point line: `ok`/`not ok`, optional number, optional `-`, description and directive. */
const TEST_POINT = /^(not ok|ok)(?=\s|$)[ \t]*(\d+)?[ \t]*(?:-(?=\s|$))?[ \t]*(.*)$/;

/**
 * Parses TAP text into test cases. Never throws; problems go to `warnings`.
 *
 * @param text - the whole TAP stream (stdout of `node --test --test-reporter=tap`).
 */
export function parseTap(text: string): ParsedReport {
  return neverThrow('tap', text, parseTapText);
}

/** Mutable state of one pass over the stream. */
interface TapState {
  log: WarningLog;
  /** `pending[level]`: finished points at that depth not yet claimed by a parent. */
  pending: TapPoint[][];
  /** `subtestNames[level]`: the last `# Subtest:` name seen at that depth. */
  subtestNames: string[];
  /** The last test point and its indentation, while a YAML block may still follow it. */
  last?: { point: TapPoint; indent: number };
  counters: Map<string, number>;
  sawPoint: boolean;
  sawTopPlan: boolean;
}

function parseTapText(text: string): ParsedReport {
  const lines = splitLines(text);
  const state: TapState = { log: new WarningLog(), pending: [], subtestNames: [], counters: new Map(), sawPoint: false, sawTopPlan: false };
  let i = 0;
  while (i < lines.length) i = handleLine(lines, i, state);
  const roots = closeOrphans(state);
  const tests: TestCaseResult[] = [];
  for (const root of roots) collectCases(root, [], tests);
  if (!state.sawPoint) state.log.add('no TAP test points found');
  else if (!state.sawTopPlan) state.log.add('no top-level plan line (1..N) found (truncated output?)');
  if (text !== '' && !text.endsWith('\n')) state.log.atLine(lines.length, 'last line has no line end (truncated output?)');
  return finishReport('tap', tests, state.log, summaryFromNodeCounters(state.counters));
}

/** Handles the line at `i` and returns the index of the next line to read. */
function handleLine(lines: string[], i: number, state: TapState): number {
  const line = lines[i] ?? '';
  const indent = indentOf(line);
  const body = line.slice(indent).trimEnd();
  if (body === '') return i + 1;
  if (body === '---') return handleYaml(lines, i, indent, state);
  state.last = undefined;
  const point = parseTestPoint(body, i + 1, state.log);
  if (point !== undefined) addPoint(point, indent, i + 1, state);
  else handleOtherLine(body, indent, i + 1, state);
  return i + 1;
}

/** Reads a YAML block starting at `start`, attaches it to the preceding test point. */
function handleYaml(lines: string[], start: number, indent: number, state: TapState): number {
  const end = findYamlEnd(lines, start, indent, state.log);
  const last = state.last;
  state.last = undefined;
  if (last !== undefined && last.indent + 2 === indent && last.point.yaml === undefined) {
    last.point.yaml = parseYaml(lines.slice(start + 1, end), indent);
  } else {
    state.log.atLine(start + 1, 'YAML block without a preceding test point (ignored)');
  }
  return end + 1;
}

/**
 * Index of the `...` line closing the YAML block opened at `start` (or `lines.length` when the
 * block is never closed). Lines less indented than the block are reported but stay inside it.
 */
function findYamlEnd(lines: string[], start: number, indent: number, log: WarningLog): number {
  const marker = `${' '.repeat(indent)}...`;
  for (let j = start + 1; j < lines.length; j++) {
    const line = lines[j] ?? '';
    if (line.trimEnd() === marker) return j;
    if (line.trim() !== '' && indentOf(line) < indent) {
      log.atLine(j + 1, 'unexpected line inside YAML block (ignored)');
    }
  }
  log.atLine(start + 1, 'unterminated YAML block (everything after it was ignored)');
  return lines.length;
}

/** Handles a line that is neither a test point nor YAML: comments, plan, summary, garbage. */
function handleOtherLine(body: string, indent: number, lineNo: number, state: TapState): void {
  const subtest = /^# Subtest:(?: (.*))?$/.exec(body);
  if (subtest !== null) {
    const level = Math.floor(indent / 4);
    if (level > MAX_DEPTH) return;
    state.subtestNames.length = level;
    state.subtestNames[level] = unescapeTap(subtest[1] ?? '');
    return;
  }
  if (indent === 0 && /^\d+\.\.\d+/.test(body)) state.sawTopPlan = true;
  const counter = indent === 0 ? SUMMARY_COMMENT.exec(body) : null;
  if (counter !== null) {
    state.counters.set(counter[1] ?? '', Number(counter[2]));
    return;
  }
  if (/^Bail out!/i.test(body)) {
    state.log.atLine(lineNo, `bail out: ${body.slice('Bail out!'.length).trim() || '(no reason)'}`);
    return;
  }
  if (NON_RESULT_LINES.some((pattern) => pattern.test(body))) return;
  state.log.atLine(lineNo, 'unparseable TAP line');
}

/** Parses a test point line body, or returns undefined when the line is not one. */
function parseTestPoint(body: string, lineNo: number, log: WarningLog): TapPoint | undefined {
  const match = TEST_POINT.exec(body);
  if (match === null) return undefined;
  const rest = match[3] ?? '';
  const hash = findUnescapedHash(rest);
  const description = unescapeTap((hash < 0 ? rest : rest.slice(0, hash)).trim());
  const point: TapPoint = {
    ok: match[1] === 'ok',
    name: description !== '' ? description : `test ${match[2] ?? '?'}`,
    children: [],
  };
  if (description === '') log.atLine(lineNo, 'test point without a description');
  const directive = hash < 0 ? undefined : parseDirective(rest.slice(hash + 1));
  if (directive !== undefined) point.directive = directive;
  return point;
}

/** Position of the first `#` not escaped by a backslash, or -1. */
function findUnescapedHash(text: string): number {
  for (let k = 0; k < text.length; k++) {
    if (text[k] === '\\') k++;
    else if (text[k] === '#') return k;
  }
  return -1;
}

/** Parses the text after `#` on a test point into a SKIP/TODO directive, if it is one. */
function parseDirective(text: string): Directive | undefined {
  const match = /^\s*(skip|todo)\S*(?:\s+(.*))?$/i.exec(text);
  if (match === null) return undefined;
  const kind = (match[1] ?? '').toLowerCase() === 'skip' ? 'skip' : 'todo';
  return { kind, reason: unescapeTap((match[2] ?? '').trim()) };
}

/** Undoes TAP's `\\` and `\#` escapes in descriptions. */
function unescapeTap(text: string): string {
  return text.replace(/\\([\\#])/g, '$1');
}

/** Files a test point under its depth and hands it the subtests reported just before it. */
function addPoint(point: TapPoint, indent: number, lineNo: number, state: TapState): void {
  if (indent % 4 !== 0) state.log.atLine(lineNo, `test point indented by ${indent} spaces, not a multiple of 4`);
  const level = Math.floor(indent / 4);
  if (level > MAX_DEPTH) {
    state.log.atLine(lineNo, `test point nested deeper than ${MAX_DEPTH} levels (ignored)`);
    return;
  }
  adoptOrphansBelow(level + 1, state);
  point.children = state.pending[level + 1] ?? [];
  state.pending.length = level + 1;
  (state.pending[level] ??= []).push(point);
  state.subtestNames.length = level;
  state.last = { point, indent };
  state.sawPoint = true;
}

/**
 * Points deeper than `level` that no parent claimed (their parent's test point never came) are
 * wrapped in synthetic parents named after the `# Subtest:` lines, so their ids keep the path.
 */
function adoptOrphansBelow(level: number, state: TapState): void {
  for (let depth = state.pending.length - 1; depth > level; depth--) {
    const orphans = state.pending[depth] ?? [];
    if (orphans.length === 0) continue;
    const name = state.subtestNames[depth - 1] ?? '(unknown parent)';
    state.log.add(`no test point for parent ${JSON.stringify(name)} of ${orphans.length} subtest(s) (truncated output?)`);
    (state.pending[depth - 1] ??= []).push({ ok: false, name, children: orphans, synthetic: true });
    state.pending[depth] = [];
  }
}

/** Adopts all leftover orphans at end of input and returns the top-level points. */
function closeOrphans(state: TapState): TapPoint[] {
  adoptOrphansBelow(0, state);
  return state.pending[0] ?? [];
}

/** Appends the cases of `point` (its leaves, or its own failure) to `out`. */
function collectCases(point: TapPoint, path: string[], out: TestCaseResult[]): void {
  const id = [...path, point.name].join(' > ');
  if (point.children.length === 0) {
    const leaf = leafCase(point, id);
    if (leaf !== undefined) out.push(leaf);
    return;
  }
  for (const child of point.children) collectCases(child, [...path, point.name], out);
  if (ownFailure(point)) out.push(makeCase(id, 'error', failureMessage(point.yaml), durationOf(point.yaml)));
}

/** The case of a point without children; undefined for an empty suite that passed. */
function leafCase(point: TapPoint, id: string): TestCaseResult | undefined {
  const duration = durationOf(point.yaml);
  if (point.directive !== undefined) {
    const { kind, reason } = point.directive;
    const message = kind === 'todo' ? `TODO${reason !== '' ? `: ${reason}` : ''}` : reason;
    return makeCase(id, 'skipped', message, duration);
  }
  if (point.ok) {
    return point.yaml?.get('type') === 'suite' ? undefined : makeCase(id, 'passed', undefined, duration);
  }
  return makeCase(id, failedStatus(point.yaml), failureMessage(point.yaml), duration);
}

/** `error` for hook failures, cancellations and whole-file crashes; `failed` otherwise. */
function failedStatus(yaml: YamlFields | undefined): TestStatus {
  const failureType = yaml?.get('failureType');
  if (failureType != null && ERROR_FAILURE_TYPES.has(failureType)) return 'error';
  const exitCode = yaml?.get('exitCode');
  const signal = yaml?.get('signal');
  return (exitCode != null && exitCode !== '0') || signal != null ? 'error' : 'failed';
}

/** Whether a parent failed for a reason other than its subtests failing. */
function ownFailure(point: TapPoint): boolean {
  if (point.ok || point.synthetic === true || point.directive !== undefined) return false;
  const failureType = point.yaml?.get('failureType');
  if (failureType === 'subtestsFailed') return false;
  if (failureType != null) return true;
  return !point.children.some((child) => !child.ok && child.directive === undefined);
}

/** Message from a YAML block: `error`, then `expected` and `actual` when present. */
function failureMessage(yaml: YamlFields | undefined): string | undefined {
  if (yaml === undefined) return undefined;
  const parts: string[] = [];
  const error = yaml.get('error');
  if (error != null && error !== '') parts.push(error);
  for (const key of ['expected', 'actual']) {
    if (yaml.has(key)) parts.push(labelled(key, yaml.get(key) ?? 'null'));
  }
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** `key: value`, or `key:` followed by the value's lines indented by two spaces. */
function labelled(key: string, value: string): string {
  if (!value.includes('\n')) return `${key}: ${value}`;
  return `${key}:\n${value.split('\n').map((line) => `  ${line}`).join('\n')}`;
}

/** `duration_ms` from a YAML block, when it is a number. */
function durationOf(yaml: YamlFields | undefined): number | undefined {
  const raw = yaml?.get('duration_ms');
  if (raw == null || raw.trim() === '') return undefined;
  const value = Number(raw);
  return Number.isFinite(value) ? value : undefined;
}

/** Number of leading spaces. */
function indentOf(line: string): number {
  let n = 0;
  while (line[n] === ' ') n++;
  return n;
}

/**
 * Minimal reader for node's YAML diagnostics: top-level `key: value` pairs at `baseIndent`, with
 * quoted and plain scalars, `~`, block scalars (`|-`, `|`, `>`) and nested maps (kept as text).
 */
export function parseYaml(lines: readonly string[], baseIndent: number): Map<string, string | null> {
  const fields: YamlFields = new Map();
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    let next = i + 1;
    while (next < lines.length && isContinuation(lines[next] ?? '', baseIndent)) next++;
    const match = indentOf(line) === baseIndent ? /^([A-Za-z_][\w.-]*):(?:[ \t]+(.*))?$/.exec(line.slice(baseIndent)) : null;
    if (match !== null) fields.set(match[1] ?? '', yamlValue((match[2] ?? '').trim(), lines.slice(i + 1, next)));
    i = next;
  }
  return fields;
}

/** Whether a line belongs to the value of the key above it (blank or more indented). */
function isContinuation(line: string, baseIndent: number): boolean {
  return line.trim() === '' || indentOf(line) > baseIndent;
}

/** Decodes one YAML value from the text after the colon and its continuation lines. */
function yamlValue(raw: string, continuation: readonly string[]): string | null {
  if (raw.startsWith('|') || raw.startsWith('>')) return blockScalar(raw, continuation);
  if (raw === '') return continuation.length > 0 ? dedent(continuation).join('\n').trimEnd() : null;
  if (raw === '~' || raw === 'null') return null;
  const joined = [raw, ...continuation.map((line) => line.trim())].join(' ').trim();
  if (joined.startsWith("'") && joined.endsWith("'") && joined.length >= 2) {
    return joined.slice(1, -1).replace(/''/g, "'");
  }
  if (joined.startsWith('"') && joined.endsWith('"') && joined.length >= 2) return doubleQuoted(joined);
  return joined;
}

/** A literal (`|`) or folded (`>`) block scalar, trailing blank lines dropped. */
function blockScalar(header: string, continuation: readonly string[]): string {
  const body = dedent(continuation);
  while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop();
  return header.startsWith('>') ? body.join(' ') : body.join('\n');
}

/** Removes the smallest indentation of the non-blank lines from every line. */
function dedent(lines: readonly string[]): string[] {
  const widths = lines.filter((line) => line.trim() !== '').map(indentOf);
  const cut = widths.length > 0 ? Math.min(...widths) : 0;
  return lines.map((line) => line.slice(Math.min(cut, indentOf(line))));
}

/** A double-quoted scalar, decoded as JSON when possible. */
function doubleQuoted(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'string' ? value : text.slice(1, -1);
  } catch {
    return text.slice(1, -1);
  }
}
