/**
 * Parser for Python `python -m unittest -v` output (stderr, usually merged with stdout).
 *
 * Id rule: `pkg.mod.Class.test_x` for both the pre-3.11 description `test_x (pkg.mod.Class)` and
 * the 3.11+ one `test_x (pkg.mod.Class.test_x)`; see {@link normalizeUnittestId}. Class and module
 * fixture errors get `pkg.mod.Class.setUpClass`-style ids; import failures keep unittest's
 * `unittest.loader._FailedTest.<module>` id. Subtest results are folded into their test's id.
 *
 * Reading: result lines (`<description> ... <status>`) are read only before the first
 * `FAIL:`/`ERROR:`/`UNEXPECTED SUCCESS:` section (a line of `=`, the header, a line of `-`); the
 * sections only add messages and can only make a status worse, so lines inside tracebacks never
 * create passing tests. Statuses: ok → passed; FAIL and unexpected success → failed; ERROR →
 * error; skipped and expected failure → skipped.
 */
import { finishReport, makeCase, neverThrow, splitLines, WarningLog, worseStatus } from './common.js';
import type { ParsedReport, TestCaseResult, TestStatus } from './types.js';

/** `name (dotted.path)` with optional subtest parameters, e.g. `test_x (a.B.test_x) (i=2)`. */
const DESCRIPTION = /^(\S+) \(([^\s()]+)\)(?: (\(.*\)))?$/;
/** A result line: indentation, description, ` ...`, and whatever follows on the line. */
const RESULT_LINE = /^( *)(\S+) \(([^\s()]+)\)(?: (\(.*?\)))? \.\.\.(?: (.*))?$/;
const SEPARATOR_1 = '='.repeat(70);
const SEPARATOR_2 = '-'.repeat(70);
const SECTION_HEADER = /^(FAIL|ERROR|UNEXPECTED SUCCESS): (.*)$/;
const RAN_LINE = /^Ran (\d+) tests? in [\d.]+s$/;
/** Longest status text worth trying to parse (`skipped '<reason>'` included). */
const MAX_STATUS_LENGTH = 1000;
/** Most results read from one line (3.10 chains results of tests that printed no status). */
const MAX_CHAINED_RESULTS = 50;
const FIXTURE_NAMES = new Set(['setUpClass', 'tearDownClass', 'setUpModule', 'tearDownModule']);

/**
 * Maps a unittest test description to the canonical id `pkg.mod.Class.test_x`.
 *
 * Accepts `test_x (pkg.mod.Class)` (Python ≤ 3.10), `test_x (pkg.mod.Class.test_x)` (3.11+) and the
 * canonical form itself; a trailing subtest parameter group such as ` (i=2)` is dropped. Other
 * text is returned trimmed.
 */
export function normalizeUnittestId(description: string): string {
  const trimmed = description.trim();
  const match = DESCRIPTION.exec(trimmed);
  if (match === null) return trimmed;
  return canonicalId(match[1] ?? '', match[2] ?? '');
}

/** `dotted` when it already ends with `.name`, else `dotted.name`. */
function canonicalId(name: string, dotted: string): string {
  return dotted === name || dotted.endsWith(`.${name}`) ? dotted : `${dotted}.${name}`;
}

/**
 * Parses `unittest -v` output. Never throws; problems go to `warnings`.
 *
 * @param text - the runner's stderr (stdout may be interleaved).
 */
export function parseUnittest(text: string): ParsedReport {
  return neverThrow('unittest', text, parseUnittestText);
}

/** What is known about one test while reading. */
interface Entry {
  id: string;
  /** Status from the test's own result line. */
  lineStatus?: TestStatus;
  /** Worst status among its subtest result lines. */
  subStatus?: TestStatus;
  /** Worst status among its FAIL/ERROR sections. */
  sectionStatus?: TestStatus;
  messages: string[];
}

/** A FAIL/ERROR/UNEXPECTED SUCCESS section. */
interface Section {
  kind: string;
  description: string;
  body: string[];
}

function parseUnittestText(text: string): ParsedReport {
  const lines = splitLines(text);
  const log = new WarningLog();
  const closing = findClosing(lines);
  const sectionStarts = findSectionStarts(lines, closing?.separator ?? lines.length);
  const resultsEnd = sectionStarts[0] ?? closing?.separator ?? lines.length;
  const entries = readResults(lines.slice(0, resultsEnd));
  const sections = readSections(lines, sectionStarts, closing?.separator ?? lines.length);
  for (const section of sections) applySection(section, entries, log);
  if (closing === undefined) log.add("no 'Ran N tests' line found (truncated output?)");
  const tests = entries.map((entry) => finalCase(entry, log));
  if (tests.length === 0) log.add('no unittest results found');
  return finishReport('unittest', tests, log, closing?.summary);
}

/** The closing `Ran N tests` block: index of the `-` line before it and the claimed totals. */
function findClosing(lines: readonly string[]): { separator: number; summary: NonNullable<ParsedReport['summary']> } | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const ran = RAN_LINE.exec(lines[i] ?? '');
    if (ran === null) continue;
    const separator = lines[i - 1] === SEPARATOR_2 ? i - 1 : i;
    return { separator, summary: summaryFrom(Number(ran[1]), lines.slice(i + 1)) };
  }
  return undefined;
}

/** Totals from `Ran N tests` and the `OK`/`FAILED (...)` line after it. */
function summaryFrom(total: number, after: readonly string[]): NonNullable<ParsedReport['summary']> {
  const outcome = after.map((line) => /^(?:OK|FAILED)(?: \((.*)\))?$/.exec(line)).find((match) => match !== null);
  const counts = new Map<string, number>();
  for (const part of (outcome?.[1] ?? '').split(',')) {
    const match = /^\s*([a-z ]+)=(\d+)\s*$/.exec(part);
    if (match !== null) counts.set(match[1] ?? '', Number(match[2]));
  }
  const get = (key: string): number => counts.get(key) ?? 0;
  const failed = get('failures') + get('errors') + get('unexpected successes');
  const skipped = get('skipped') + get('expected failures');
  return { passed: Math.max(0, total - failed - skipped), failed, skipped, total };
}

/** Indexes of the `=` lines that open a section, before `limit`. */
function findSectionStarts(lines: readonly string[], limit: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < limit; i++) {
    if (lines[i] === SEPARATOR_1 && sectionHeaderLength(lines, i + 1) > 0) starts.push(i);
  }
  return starts;
}

/**
 * Number of header lines (1, or 2 with a docstring line) when a section header starts at `i`:
 * `FAIL: ...`/`ERROR: ...` followed by a `-` line, or `UNEXPECTED SUCCESS: ...`. 0 otherwise.
 */
function sectionHeaderLength(lines: readonly string[], i: number): number {
  const header = SECTION_HEADER.exec(lines[i] ?? '');
  if (header === null) return 0;
  if (header[1] === 'UNEXPECTED SUCCESS') return 1;
  if (lines[i + 1] === SEPARATOR_2) return 1;
  return lines[i + 2] === SEPARATOR_2 ? 2 : 0;
}

/** Reads the result lines before the first section. */
function readResults(lines: readonly string[]): Entry[] {
  const entries: Entry[] = [];
  let docHeader: string | undefined;
  for (const line of lines) {
    if (docHeader !== undefined) {
      const handled = readDocLine(line, docHeader, entries);
      docHeader = undefined;
      if (handled) continue;
    }
    if (readResultLine(line, entries)) continue;
    if (DESCRIPTION.test(line) && !line.startsWith(' ')) docHeader = line;
    else applyLoneStatus(line, entries);
  }
  return entries;
}

/**
 * Handles the line after a description printed alone (tests with a docstring print the
 * docstring's first line, then ` ... status`). Returns false when the line is not such a line.
 */
function readDocLine(line: string, description: string, entries: Entry[]): boolean {
  if (RESULT_LINE.test(line)) return false;
  const starts = separatorEnds(line);
  if (starts.length === 0) return false;
  const statusAt = starts.find((at) => line.length - at <= MAX_STATUS_LENGTH && parseStatus(line.slice(at).trim()) !== undefined);
  const match = DESCRIPTION.exec(description);
  const tail = line.slice(statusAt ?? starts[0] ?? line.length);
  if (!recordResult(canonicalId(match?.[1] ?? '', match?.[2] ?? ''), false, tail, entries)) readResultLine(tail, entries);
  return true;
}

/** Where the text after each ` ... ` separator starts (a separator may also end the line). */
function separatorEnds(line: string): number[] {
  const ends: number[] = [];
  for (let at = line.indexOf(' ...'); at >= 0; at = line.indexOf(' ...', at + 1)) {
    if (at + 4 === line.length) ends.push(line.length);
    else if (line[at + 4] === ' ') ends.push(at + 5);
  }
  return ends;
}

/**
 * Handles `description ... rest`, where `rest` may itself start another result (Python 3.10
 * prints no status for a test whose subtests failed); returns false when it is not a result line.
 */
function readResultLine(line: string, entries: Entry[]): boolean {
  let rest = line;
  for (let chained = 0; chained < MAX_CHAINED_RESULTS; chained++) {
    const match = RESULT_LINE.exec(rest);
    if (match === null) return chained > 0;
    const isSubtest = (match[1] ?? '') !== '' || match[4] !== undefined;
    rest = match[5] ?? '';
    if (recordResult(canonicalId(match[2] ?? '', match[3] ?? ''), isSubtest, rest, entries, match[4])) return true;
  }
  return true;
}

/**
 * Records a result for `id`; `tail` is the text after ` ... `. Returns true when the tail was the
 * test's status, false when it is something else (another result, output, nothing yet).
 */
function recordResult(id: string, isSubtest: boolean, tail: string, entries: Entry[], params?: string): boolean {
  const entry = entryFor(id, isSubtest, entries);
  const parsed = tail.length <= MAX_STATUS_LENGTH ? parseStatus(tail.trim()) : undefined;
  if (parsed !== undefined) applyStatus(entry, parsed, isSubtest, params);
  return parsed !== undefined;
}

/** The entry a new result line for `id` belongs to: the current one if still open, else a new one. */
function entryFor(id: string, isSubtest: boolean, entries: Entry[]): Entry {
  const last = entries[entries.length - 1];
  if (last !== undefined && last.id === id && (isSubtest || last.lineStatus === undefined)) return last;
  const entry: Entry = { id, messages: [] };
  entries.push(entry);
  return entry;
}

/** Applies a parsed status to an entry, as its own status or as one of its subtests'. */
function applyStatus(entry: Entry, parsed: ParsedStatus, isSubtest: boolean, params?: string): void {
  if (!isSubtest) {
    entry.lineStatus = parsed.status;
    if (parsed.message !== undefined) entry.messages.push(parsed.message);
    return;
  }
  entry.subStatus = entry.subStatus === undefined ? parsed.status : worseStatus(entry.subStatus, parsed.status);
  if (parsed.status === 'skipped' && parsed.message !== undefined) {
    entry.messages.push(`subTest${params === undefined ? '' : ` ${params}`}: ${parsed.message}`);
  }
}

/** A status word alone on a line completes the last test when its status is still open. */
function applyLoneStatus(line: string, entries: Entry[]): void {
  const last = entries[entries.length - 1];
  if (last === undefined || last.lineStatus !== undefined) return;
  const parsed = parseStatus(line.trim());
  if (parsed !== undefined) applyStatus(last, parsed, false);
}

/** A status word with its message. */
interface ParsedStatus {
  status: TestStatus;
  message?: string;
}

/** Parses what unittest prints after ` ... `; undefined when it is not a status. */
function parseStatus(tail: string): ParsedStatus | undefined {
  switch (tail) {
    case 'ok':
      return { status: 'passed' };
    case 'FAIL':
      return { status: 'failed' };
    case 'ERROR':
      return { status: 'error' };
    case 'expected failure':
      return { status: 'skipped', message: 'expected failure' };
    case 'unexpected success':
      return { status: 'failed', message: 'unexpected success' };
  }
  const skipped = /^skipped(?: (.*))?$/.exec(tail);
  if (skipped === null) return undefined;
  return { status: 'skipped', message: pythonString(skipped[1] ?? '') };
}

/** Best-effort decoding of a Python string repr such as `'needs network'`. */
function pythonString(repr: string): string {
  const quote = repr[0];
  if ((quote === "'" || quote === '"') && repr.endsWith(quote) && repr.length >= 2) {
    return repr.slice(1, -1).replace(/\\(['"\\])/g, '$1');
  }
  return repr;
}

/** Reads the body of each section (up to the next section or the closing `-` line). */
function readSections(lines: readonly string[], starts: readonly number[], end: number): Section[] {
  return starts.map((start, k) => {
    const headerLength = sectionHeaderLength(lines, start + 1);
    const header = SECTION_HEADER.exec(lines[start + 1] ?? '');
    const bodyStart = start + 1 + headerLength + (header?.[1] === 'UNEXPECTED SUCCESS' ? 0 : 1);
    const body = lines.slice(bodyStart, starts[k + 1] ?? end);
    return { kind: header?.[1] ?? 'ERROR', description: header?.[2] ?? '', body };
  });
}

/** Merges a section into the entry of its test (the last with that id), or adds one. */
function applySection(section: Section, entries: Entry[], log: WarningLog): void {
  if (section.kind === 'UNEXPECTED SUCCESS') {
    for (const line of [`UNEXPECTED SUCCESS: ${section.description}`, ...section.body]) {
      const header = SECTION_HEADER.exec(line);
      if (header?.[1] === 'UNEXPECTED SUCCESS') mergeSection(header[2] ?? '', 'failed', undefined, entries, log);
    }
    return;
  }
  const status: TestStatus = section.kind === 'FAIL' ? 'failed' : 'error';
  mergeSection(section.description, status, sectionMessage(section), entries, log);
}

/** Worsens the status of the test named by `description` and adds the message. */
function mergeSection(description: string, status: TestStatus, message: string | undefined, entries: Entry[], log: WarningLog): void {
  const id = normalizeUnittestId(description);
  let entry = findLast(entries, id);
  if (entry === undefined) {
    const name = DESCRIPTION.exec(description.trim())?.[1] ?? '';
    if (!FIXTURE_NAMES.has(name)) log.add(`section for ${JSON.stringify(id)}, which has no result line`);
    entry = { id, messages: [] };
    entries.push(entry);
  }
  entry.sectionStatus = entry.sectionStatus === undefined ? status : worseStatus(entry.sectionStatus, status);
  if (message !== undefined) entry.messages.push(message);
}

/** A section's traceback, prefixed by the subtest parameters when there are any. */
function sectionMessage(section: Section): string | undefined {
  const body = [...section.body];
  while (body.length > 0 && (body[body.length - 1] ?? '').trim() === '') body.pop();
  const text = body.join('\n');
  const params = DESCRIPTION.exec(section.description.trim())?.[3];
  if (params === undefined) return text === '' ? undefined : text;
  return `subTest ${params}:\n${text}`;
}

/** The last entry with `id`. */
function findLast(entries: readonly Entry[], id: string): Entry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]?.id === id) return entries[i];
  return undefined;
}

/** Combines line, subtest and section statuses into the final case. */
function finalCase(entry: Entry, log: WarningLog): TestCaseResult {
  let status = entry.lineStatus;
  if (entry.subStatus !== undefined) {
    status = status === undefined ? entry.subStatus : entry.subStatus === 'skipped' ? status : worseStatus(status, entry.subStatus);
  }
  if (entry.sectionStatus !== undefined) status = status === undefined ? entry.sectionStatus : worseStatus(status, entry.sectionStatus);
  const messages = [...entry.messages];
  if (status === undefined) {
    log.add(`no result printed for ${JSON.stringify(entry.id)} (counted as error)`);
    status = 'error';
    messages.push('no result was printed for this test');
  }
  return makeCase(entry.id, status, messages.length > 0 ? messages.join('\n\n') : undefined);
}
