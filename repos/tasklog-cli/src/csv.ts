import { dayKey } from './dates.js';
import { entryMinutes, sortByStart, type Entry } from './entries.js';

/** Column order of `tasklog export --format csv`. Downstream sheets depend on it. */
export const CSV_COLUMNS = ['id', 'date', 'start', 'end', 'minutes', 'hours', 'tags', 'description'] as const;

/**
 * Quotes a field per RFC 4180 when it contains a comma, a double quote, a
 * line break, or leading/trailing whitespace (which spreadsheet apps would
 * otherwise trim). Embedded quotes are doubled.
 */
export function csvField(value: string | number): string {
  const text = String(value);
  if (/[",\r\n]/.test(text) || text !== text.trim()) {
    return `"${text.replace(/"/g, '""')}"`;
  }
  return text;
}

/**
 * Neutralises spreadsheet formula injection: free text starting with `=`,
 * `+`, `-` or `@` is prefixed with a single quote so Excel/Sheets show it
 * as text instead of evaluating it.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@]/.test(text) ? `'${text}` : text;
}

/** Joins already-plain values into one CSV record (no line terminator). */
export function csvRow(values: readonly (string | number)[]): string {
  return values.map(csvField).join(',');
}

export interface CsvOptions {
  now: Date;
  offsetMinutes: number;
}

/**
 * Renders entries as CSV with a header row, sorted by start time. Records
 * end with CRLF as RFC 4180 asks (Excel needs it for embedded newlines to
 * survive). `date` is the local day; `start`/`end` are UTC instants so the
 * export is unambiguous; running entries have an empty `end` and are
 * measured up to `now`.
 */
export function entriesToCsv(entries: readonly Entry[], options: CsvOptions): string {
  const lines = [csvRow(CSV_COLUMNS)];
  for (const entry of sortByStart(entries)) {
    const minutes = entryMinutes(entry, options.now);
    lines.push(
      csvRow([
        entry.id,
        dayKey(new Date(entry.start), options.offsetMinutes),
        entry.start,
        entry.end ?? '',
        minutes,
        (minutes / 60).toFixed(2),
        entry.tags.join(';'),
        guardFormula(entry.description),
      ]),
    );
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

/**
 * Parses CSV text into rows of fields. Handles quoted fields with embedded
 * commas, doubled quotes and line breaks, and both LF and CRLF record
 * separators. A trailing line break does not produce an empty last row.
 *
 * @throws SyntaxError on an unterminated quoted field.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let inQuotes = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') inQuotes = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (ch === '\r' && text[i + 1] === '\n') i++;
    } else {
      field += ch;
    }
    i++;
  }
  if (inQuotes) throw new SyntaxError('unterminated quoted field');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
