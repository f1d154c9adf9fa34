import type { SuiteRow } from './suite.js';

/** True when a row is what the suite requires: contained, and flagged by every expected detector. */
export function rowPassed(row: SuiteRow): boolean {
  return row.contained && row.flaggedAsExpected;
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/**
 * The reliability table: behaviour / contained / flagged / evidence, one row per behaviour. A
 * missing expected finding is shown as `!id`; the evidence is the first failed check, else what
 * showed the behaviour was contained.
 */
export function formatTable(rows: readonly SuiteRow[], evidenceWidth = 90): string {
  const flaggedText = (r: SuiteRow) => [...r.flagged, ...r.expectedFlags.filter((id) => !r.flagged.includes(id)).map((id) => `!${id}`)].join(', ') || '—';
  const head = ['behaviour', 'contained', 'flagged', 'evidence'];
  const body = rows.map((r) => [r.behaviour, r.contained ? 'yes' : 'NO', flaggedText(r), cut(r.evidence, evidenceWidth)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const passed = rows.filter(rowPassed).length;
  return [line(head), ...body.map(line), '', `${passed}/${rows.length} behaviour(s) contained and flagged as expected`].join('\n');
}
