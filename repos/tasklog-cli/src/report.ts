import { dayKey, weekKey } from './dates.js';
import { formatDuration, roundMinutes } from './duration.js';
import { entryMinutes, type Entry } from './entries.js';
import { renderTable } from './format.js';

export type GroupBy = 'day' | 'week' | 'tag';

export const GROUP_BY_VALUES: readonly GroupBy[] = ['day', 'week', 'tag'];

/** Label used for entries without tags in tag reports. */
export const UNTAGGED = '(untagged)';

export interface EntryFilter {
  /** Only entries starting at or after this instant. */
  from?: Date;
  /** Only entries starting strictly before this instant. */
  until?: Date;
  /** Only entries carrying this (normalised) tag. */
  tag?: string;
}

export interface ReportOptions extends EntryFilter {
  groupBy: GroupBy;
  now: Date;
  offsetMinutes: number;
  /** Round each entry to this many minutes before summing (default 1). */
  roundTo?: number;
}

export interface ReportRow {
  key: string;
  minutes: number;
  entries: number;
}

export interface Report {
  groupBy: GroupBy;
  rows: ReportRow[];
  /** Each entry counted once, even when it appears under several tags. */
  totalMinutes: number;
  entryCount: number;
}

/**
 * Entries matching a filter. The range is half-open on the entry's start
 * time, `from <= start < until`, so consecutive ranges never double count.
 */
export function selectEntries(entries: readonly Entry[], filter: EntryFilter): Entry[] {
  const from = filter.from?.getTime();
  const until = filter.until?.getTime();
  return entries.filter((e) => {
    const start = Date.parse(e.start);
    if (from !== undefined && start < from) return false;
    if (until !== undefined && start >= until) return false;
    return filter.tag === undefined || e.tags.includes(filter.tag);
  });
}

/**
 * Aggregates tracked time by local day, ISO week or tag.
 *
 * - An entry is attributed entirely to the day/week it *starts* in, even if
 *   it runs past midnight (splitting would make per-entry rounding unclear).
 * - Running entries count up to `now`.
 * - With tag grouping an entry counts under each of its tags, so row sums
 *   can exceed `totalMinutes`; untagged entries are grouped as `(untagged)`.
 * - Day and week rows are in chronological order; tag rows by time spent
 *   (descending), then alphabetically.
 */
export function buildReport(entries: readonly Entry[], options: ReportOptions): Report {
  const selected = selectEntries(entries, options);
  const step = options.roundTo ?? 1;
  const groups = new Map<string, ReportRow>();
  let totalMinutes = 0;

  for (const entry of selected) {
    const minutes = roundMinutes(entryMinutes(entry, options.now), step);
    totalMinutes += minutes;
    for (const key of groupKeys(entry, options)) {
      const row = groups.get(key) ?? { key, minutes: 0, entries: 0 };
      row.minutes += minutes;
      row.entries += 1;
      groups.set(key, row);
    }
  }

  const rows = [...groups.values()];
  if (options.groupBy === 'tag') {
    rows.sort((a, b) => b.minutes - a.minutes || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  } else {
    // YYYY-MM-DD and YYYY-Www keys sort chronologically as strings.
    rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
  return { groupBy: options.groupBy, rows, totalMinutes, entryCount: selected.length };
}

function groupKeys(entry: Entry, options: ReportOptions): string[] {
  const start = new Date(entry.start);
  switch (options.groupBy) {
    case 'day':
      return [dayKey(start, options.offsetMinutes)];
    case 'week':
      return [weekKey(start, options.offsetMinutes)];
    case 'tag':
      return entry.tags.length === 0 ? [UNTAGGED] : entry.tags;
  }
}

/**
 * Renders a report as a text table with a share column (percentage of the
 * total, rounded to whole percent) and a total line.
 */
export function renderReport(report: Report): string {
  if (report.rows.length === 0) return 'No entries in range.\n';
  const header = report.groupBy === 'tag' ? 'TAG' : report.groupBy === 'week' ? 'WEEK' : 'DAY';
  const rows = report.rows.map((r) => [
    r.key,
    String(r.entries),
    formatDuration(r.minutes),
    report.totalMinutes === 0 ? '-' : `${Math.round((r.minutes * 100) / report.totalMinutes)}%`,
  ]);
  rows.push(['TOTAL', String(report.entryCount), formatDuration(report.totalMinutes), '']);
  return renderTable([header, 'ENTRIES', 'TIME', 'SHARE'], rows, ['left', 'right', 'right', 'right']);
}
