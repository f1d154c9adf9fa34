/**
 * Helpers shared by the report parsers: line splitting, a capped warning log, duplicate-id
 * detection and the never-throw guard.
 */
import type { ParsedReport, ReportFormat, TestCaseResult, TestStatus } from './types.js';

/** Most warnings kept per report; the rest are counted in one closing warning. */
export const MAX_WARNINGS = 100;

/**
 * Splits text into lines on `\n` only (a trailing `\r` is dropped). A bare `\r` is kept inside
 * its line so that text such as `"x\rok 1 - fake"` cannot start a line of its own.
 */
export function splitLines(text: string): string[] {
  const lines = text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** Collects warnings, keeping at most {@link MAX_WARNINGS} and counting the rest. */
export class WarningLog {
  private readonly kept: string[] = [];
  private dropped = 0;

  /** Adds a warning. */
  add(message: string): void {
    if (this.kept.length < MAX_WARNINGS) this.kept.push(message);
    else this.dropped += 1;
  }

  /** Adds a warning about a 1-based line number. */
  atLine(lineNo: number, message: string): void {
    this.add(`line ${lineNo}: ${message}`);
  }

  /** The warnings collected so far, with a closing count of dropped ones. */
  list(): string[] {
    return this.dropped > 0 ? [...this.kept, `${this.dropped} more warnings not shown`] : [...this.kept];
  }
}

/** Adds one warning for each id that occurs more than once in `tests`. */
export function warnDuplicates(tests: readonly TestCaseResult[], log: WarningLog): void {
  const counts = new Map<string, number>();
  for (const test of tests) counts.set(test.id, (counts.get(test.id) ?? 0) + 1);
  for (const [id, count] of counts) {
    if (count > 1) log.add(`duplicate test id ${JSON.stringify(id)} appears ${count} times`);
  }
}

/** Builds a test case, leaving out `message` and `durationMs` when they are absent. */
export function makeCase(id: string, status: TestStatus, message?: string, durationMs?: number): TestCaseResult {
  const result: TestCaseResult = { id, status };
  if (message !== undefined && message !== '') result.message = message;
  if (durationMs !== undefined && Number.isFinite(durationMs)) result.durationMs = durationMs;
  return result;
}

/** Assembles a report and adds the duplicate-id warnings. */
export function finishReport(
  format: ReportFormat,
  tests: TestCaseResult[],
  log: WarningLog,
  summary?: ParsedReport['summary'],
): ParsedReport {
  warnDuplicates(tests, log);
  const report: ParsedReport = { format, tests, warnings: log.list() };
  if (summary !== undefined) report.summary = summary;
  return report;
}

/**
 * Runs a parser and turns an unexpected exception (a parser bug, or input hostile enough to
 * exhaust the stack) into a warning, so that callers can rely on parsers never throwing.
 * Non-string input gives an empty report with a warning.
 */
export function neverThrow(
  format: ReportFormat,
  text: unknown,
  parse: (text: string) => ParsedReport,
): ParsedReport {
  if (typeof text !== 'string') {
    return { format, tests: [], warnings: [`input is not a string (got ${typeof text})`] };
  }
  try {
    return parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { format, tests: [], warnings: [`parser failed unexpectedly: ${reason}`] };
  }
}

/** Badness order of statuses, used when several results describe one test. */
const SEVERITY: Record<TestStatus, number> = { passed: 0, skipped: 1, failed: 2, error: 3 };

/** The worse of two statuses (`error` > `failed` > `skipped` > `passed`). */
export function worseStatus(a: TestStatus, b: TestStatus): TestStatus {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

/**
 * Summary from node's test-runner counters (`tests`, `pass`, `fail`, `cancelled`, `skipped`,
 * `todo`), as printed at the end of its TAP and JUnit reports: cancelled counts as failed and todo
 * as skipped. Undefined when none of `tests`, `pass` and `fail` is present.
 */
export function summaryFromNodeCounters(counters: ReadonlyMap<string, number>): ParsedReport['summary'] {
  if (!counters.has('tests') && !counters.has('pass') && !counters.has('fail')) return undefined;
  const get = (key: string): number => counters.get(key) ?? 0;
  const passed = get('pass');
  const failed = get('fail') + get('cancelled');
  const skipped = get('skipped') + get('todo');
  return { passed, failed, skipped, total: counters.get('tests') ?? passed + failed + skipped };
}
