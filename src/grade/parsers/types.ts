/**
 * Shared result types for the report parsers in this folder.
 *
 * Every parser turns the machine-readable output of one test runner into a {@link ParsedReport}.
 * Parsers never throw on malformed input: whatever could not be understood is described in
 * {@link ParsedReport.warnings}.
 */

/** Names of the report formats that {@link ParsedReport} can come from. */
export type ReportFormat = 'tap' | 'junit' | 'unittest' | 'pytest';

/**
 * Outcome of one test case.
 *
 * - `passed`: the test ran and succeeded (including pytest's non-strict XPASS).
 * - `failed`: an assertion or the test body failed (including unittest's unexpected success).
 * - `skipped`: the test did not run or its failure was expected (skip, todo, xfail, expected failure).
 * - `error`: the test could not run or was broken from outside its body (hook or fixture failure,
 *   import error, cancellation, a suite-level failure).
 */
export type TestStatus = 'passed' | 'failed' | 'skipped' | 'error';

/** One test case as reported by a runner. */
export interface TestCaseResult {
  /** Format-specific canonical id; see each parser's documentation for the rule. */
  id: string;
  status: TestStatus;
  /** Failure message, skip reason or diagnostic text, when the report carries one. */
  message?: string;
  /** Duration in milliseconds, when the report carries one. */
  durationMs?: number;
}

/** Everything a parser could read from one report. */
export interface ParsedReport {
  format: ReportFormat;
  /** Test cases in report order; a duplicated id is kept twice and named in `warnings`. */
  tests: TestCaseResult[];
  /** Human-readable problems met while parsing (unparseable lines, duplicates, truncation...). */
  warnings: string[];
  /**
   * The totals the runner itself claims (its closing lines or root attributes), when present.
   * They are never computed from `tests`, so a grader can cross-check the two.
   */
  summary?: { passed: number; failed: number; skipped: number; total: number };
}
