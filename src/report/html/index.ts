/** The static HTML report (`crucible report`): see write-report.ts for the entry point. */
export { writeReport } from './write-report.js';
export type { WriteReportOptions, WriteReportResult } from './write-report.js';
export { renderIndex } from './render-index.js';
export { renderAttempt } from './render-attempt.js';
export type { AttemptPageInput } from './render-attempt.js';
export type { ReportInput } from './report-input.js';
export { attemptFileName, attemptHref, ATTEMPTS_DIR } from './attempt-file.js';
export { escapeHtml, html, raw, SafeHtml } from './escape.js';
