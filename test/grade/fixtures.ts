/** Loads the captured runner reports in test/fixtures/reports (see capture.sh there). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { ParsedReport, TestStatus } from '../../src/grade/parsers/types.js';

/** Absolute path of a report fixture. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url));
}

/** A report fixture as text (binary fixtures are read as latin1 so every byte is kept). */
export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), name.endsWith('.bin') ? 'latin1' : 'utf8');
}

/** Only ids and statuses, in report order: what a grader decides on. */
export function idsAndStatuses(report: ParsedReport): Array<{ id: string; status: TestStatus }> {
  return report.tests.map(({ id, status }) => ({ id, status }));
}

/** Path where capture.sh ran the node samples (printed by node in file-level failures). */
export const NODE_SAMPLE_DIR = '/tmp/crucible-fixture-src/node';
