/**
 * Entry point of the report parsers: {@link parseReport} picks a parser by format name.
 */
import { parseJunit } from './junit.js';
import { parsePytest } from './pytest.js';
import { parseTap } from './tap.js';
import { parseUnittest } from './unittest.js';
import type { ParsedReport, ReportFormat } from './types.js';

export type { ParsedReport, ReportFormat, TestCaseResult, TestStatus } from './types.js';
export { parseJunit } from './junit.js';
export { parsePytest } from './pytest.js';
export { parseTap } from './tap.js';
export { normalizeUnittestId, parseUnittest } from './unittest.js';

/** The parser for each report format. */
export const PARSERS = {
  tap: parseTap,
  junit: parseJunit,
  unittest: parseUnittest,
  pytest: parsePytest,
} as const satisfies Record<ReportFormat, (text: string) => ParsedReport>;

/** Names accepted by {@link parseReport}. */
export const REPORT_FORMATS = Object.keys(PARSERS) as ReportFormat[];

/**
 * Parses a test report of the given format.
 *
 * The parsers themselves never throw on bad input (problems are listed in `warnings`); this
 * function throws only when `format` is not a known format name, which is a programming error.
 *
 * @param format - one of {@link REPORT_FORMATS}.
 * @param text - the report text.
 * @throws Error naming the known formats when `format` is unknown.
 */
export function parseReport(format: ReportFormat, text: string): ParsedReport {
  if (!Object.hasOwn(PARSERS, format)) {
    throw new Error(`unknown report format ${JSON.stringify(format)}; known formats: ${REPORT_FORMATS.join(', ')}`);
  }
  return PARSERS[format](text);
}
