import { dayKey, hm } from './dates.js';
import { formatDuration } from './duration.js';
import { entryMinutes, type Entry } from './entries.js';

export type Align = 'left' | 'right';

/**
 * Renders a plain-text table: header, a dashed rule, then rows. Columns are
 * as wide as their widest cell and separated by two spaces; trailing
 * whitespace is trimmed so output diffs cleanly. Ends with a newline.
 */
export function renderTable(headers: readonly string[], rows: readonly string[][], align: readonly Align[] = []): string {
  const widths = headers.map((h, col) => Math.max(h.length, ...rows.map((r) => (r[col] ?? '').length)));
  const line = (cells: readonly string[]) =>
    widths
      .map((width, col) => {
        const cell = cells[col] ?? '';
        return align[col] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.map(line)].join('\n') + '\n';
}

/** Shortens text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return text.slice(0, max);
  return `${text.slice(0, max - 1)}…`;
}

/**
 * The `list` table. Times are local (`offsetMinutes`); a running entry
 * shows `…` as its end and its duration so far.
 */
export function renderEntryTable(entries: readonly Entry[], now: Date, offsetMinutes: number): string {
  const rows = entries.map((e) => [
    String(e.id),
    dayKey(new Date(e.start), offsetMinutes),
    hm(new Date(e.start), offsetMinutes),
    e.end === null ? '…' : hm(new Date(e.end), offsetMinutes),
    formatDuration(entryMinutes(e, now)),
    e.tags.join(','),
    truncate(e.description, 40),
  ]);
  return renderTable(['ID', 'DATE', 'START', 'END', 'TIME', 'TAGS', 'DESCRIPTION'], rows, [
    'right',
    'left',
    'left',
    'left',
    'right',
  ]);
}
