/**
 * Parser for `pytest -rA` output: the "short test summary info" section.
 *
 * Id rule: the pytest node id as printed (`tests/test_x.py::TestC::test_y[1-2]`; a collection
 * error names the file, `tests/test_x.py`). Skips are printed folded by location, without a node
 * id, so a `SKIPPED [N] file:line: reason` line gives one case with id `file:line`.
 *
 * Only the last "short test summary info" section is read, and only its lines that start with a
 * status word, so `PASSED ...` text inside tracebacks or captured output is never counted. The
 * closing counts line (`=== 1 failed, 2 passed in 0.1s ===`) is cross-checked against the lines
 * read, and any difference is a warning.
 *
 * Statuses: PASSED and XPASS (non-strict) → passed; FAILED (including strict XPASS) → failed;
 * ERROR (setup, teardown or collection) → error; SKIPPED and XFAIL → skipped. A test with a
 * teardown error is listed both PASSED and ERROR, so its id appears twice.
 */
import { finishReport, makeCase, neverThrow, splitLines, WarningLog } from './common.js';
import type { ParsedReport, TestCaseResult, TestStatus } from './types.js';

const SUMMARY_HEADER = /^=+ short test summary info =+$/;
const STATUS_LINE = /^(PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS) (.*)$/;
const CLOSING_LINE = /^=+ (.*\bin [\d.]+s\b.*?) =+$/;
const MAX_CLOSING_LENGTH = 1000;
const INTERRUPTED_LINE = /^!+ (.*?) !+$/;

/** Status word of the summary → status, and the closing-line counter it is checked against. */
const WORDS: Record<string, { status: TestStatus; counter: string }> = {
  PASSED: { status: 'passed', counter: 'passed' },
  FAILED: { status: 'failed', counter: 'failed' },
  ERROR: { status: 'error', counter: 'errors' },
  SKIPPED: { status: 'skipped', counter: 'skipped' },
  XFAIL: { status: 'skipped', counter: 'xfailed' },
  XPASS: { status: 'passed', counter: 'xpassed' },
};

/**
 * Parses `pytest -rA` output. Never throws; problems go to `warnings`.
 *
 * @param text - pytest's terminal output.
 */
export function parsePytest(text: string): ParsedReport {
  return neverThrow('pytest', text, parsePytestText);
}

function parsePytestText(text: string): ParsedReport {
  const lines = splitLines(text);
  const log = new WarningLog();
  const start = findLastIndex(lines, (line) => SUMMARY_HEADER.test(line));
  const closingIndex = findLastIndex(lines, isClosingLine);
  const closing = closingIndex > start ? countsOf(lines[closingIndex] ?? '') : undefined;
  if (start < 0) log.add("no 'short test summary info' section found (was pytest run with -rA?)");
  const end = closingIndex > start ? closingIndex : lines.length;
  const read = start < 0 ? { tests: [], weights: new Map<string, number>() } : readSummary(lines, start + 1, end, log);
  if (closing === undefined) log.add('no closing counts line found (truncated output?)');
  else crossCheck(read.weights, closing, log);
  return finishReport('pytest', read.tests, log, closing === undefined ? undefined : summaryOf(closing));
}

/** Whether `line` is the closing counts line (long lines are not tried, to bound regex time). */
function isClosingLine(line: string): boolean {
  return line.length <= MAX_CLOSING_LENGTH && line.startsWith('=') && CLOSING_LINE.test(line);
}

/** Index of the last line satisfying `test`, or -1. */
function findLastIndex(lines: readonly string[], test: (line: string) => boolean): number {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i] ?? '')) return i;
  return -1;
}

/** Reads the status lines of the summary section between `from` and `to`. */
function readSummary(lines: readonly string[], from: number, to: number, log: WarningLog) {
  const tests: TestCaseResult[] = [];
  const weights = new Map<string, number>();
  for (let i = from; i < to; i++) {
    const line = lines[i] ?? '';
    const match = STATUS_LINE.exec(line);
    if (match !== null) {
      const word = match[1] ?? '';
      const { result, weight } = word === 'SKIPPED' ? skippedCase(match[2] ?? '') : plainCase(word, match[2] ?? '');
      tests.push(result);
      const counter = WORDS[word]?.counter ?? word;
      weights.set(counter, (weights.get(counter) ?? 0) + weight);
    } else {
      readOtherLine(line, i + 1, tests, log);
    }
  }
  return { tests, weights };
}

/** Indented continuation lines extend the previous message; anything else is reported. */
function readOtherLine(line: string, lineNo: number, tests: TestCaseResult[], log: WarningLog): void {
  const last = tests[tests.length - 1];
  const interrupted = INTERRUPTED_LINE.exec(line);
  if (interrupted !== null) log.atLine(lineNo, `run interrupted: ${interrupted[1] ?? ''}`);
  else if (/^\s/.test(line) && line.trim() !== '' && last !== undefined) {
    last.message = last.message === undefined ? line.trim() : `${last.message}\n${line.trim()}`;
  } else if (line.trim() !== '') log.atLine(lineNo, 'unparseable line in short test summary');
}

/** A `WORD nodeid[ - message]` line (pytest 7 also writes `XPASS nodeid reason`). */
function plainCase(word: string, rest: string): { result: TestCaseResult; weight: number } {
  const { nodeId, remainder } = splitNodeId(rest);
  let message = remainder.startsWith('- ') ? remainder.slice(2) : remainder;
  if (word === 'XFAIL' || word === 'XPASS') message = message === '' ? word.toLowerCase() : `${word.toLowerCase()}: ${message}`;
  const status = WORDS[word]?.status ?? 'error';
  return { result: makeCase(nodeId, status, message === '' ? undefined : message), weight: 1 };
}

/** A folded `SKIPPED [N] file:line: reason` line (or `SKIPPED [N] nodeid: reason`). */
function skippedCase(rest: string): { result: TestCaseResult; weight: number } {
  const folded = /^\[(\d+)\] (.*)$/.exec(rest);
  const weight = folded === null ? 1 : Number(folded[1]);
  const body = folded === null ? rest : (folded[2] ?? '');
  const located = /^(.+?:\d+): ?(.*)$/.exec(body);
  let id: string;
  let reason: string;
  if (located !== null && !(located[1] ?? '').includes('::')) {
    id = located[1] ?? '';
    reason = located[2] ?? '';
  } else {
    const { nodeId, remainder } = splitNodeId(body);
    id = nodeId.replace(/:$/, '');
    reason = remainder.replace(/^- /, '');
  }
  const message = weight > 1 ? `${reason} (${weight} tests)` : reason;
  return { result: makeCase(id, 'skipped', message === '' ? undefined : message), weight };
}

/** Splits `nodeid rest` at the first space outside brackets (parameter ids may hold spaces). */
function splitNodeId(text: string): { nodeId: string; remainder: string } {
  let depth = 0;
  for (let k = 0; k < text.length; k++) {
    const ch = text[k];
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    else if (ch === ' ' && depth === 0) return { nodeId: text.slice(0, k), remainder: text.slice(k + 1).trim() };
  }
  return { nodeId: text.trim(), remainder: '' };
}

/** Counters from the closing line, e.g. `3 failed, 6 passed, 1 skipped, 3 errors in 0.03s`. */
function countsOf(line: string): Map<string, number> {
  const counts = new Map<string, number>();
  const body = CLOSING_LINE.exec(line)?.[1] ?? '';
  for (const match of body.matchAll(/(\d+) ([a-z]+)/g)) {
    const word = match[2] ?? '';
    const key = word === 'error' ? 'errors' : word === 'warning' ? 'warnings' : word;
    counts.set(key, Number(match[1]));
  }
  return counts;
}

/** Warns for every counter where the status lines and the closing line disagree. */
function crossCheck(weights: ReadonlyMap<string, number>, closing: ReadonlyMap<string, number>, log: WarningLog): void {
  for (const [word, { counter }] of Object.entries(WORDS)) {
    const read = weights.get(counter) ?? 0;
    const claimed = closing.get(counter) ?? 0;
    if (read !== claimed) log.add(`${read} ${word} in the short test summary but the closing line reports ${claimed} ${counter}`);
  }
}

/** The closing line's totals: xpassed counts as passed, errors as failed, xfailed as skipped. */
function summaryOf(closing: ReadonlyMap<string, number>): NonNullable<ParsedReport['summary']> {
  const get = (key: string): number => closing.get(key) ?? 0;
  const passed = get('passed') + get('xpassed');
  const failed = get('failed') + get('errors');
  const skipped = get('skipped') + get('xfailed');
  return { passed, failed, skipped, total: passed + failed + skipped };
}
