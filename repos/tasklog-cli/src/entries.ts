import { MS_PER_MINUTE } from './dates.js';
import { UsageError } from './errors.js';

/** One block of tracked time. */
export interface Entry {
  /** Positive integer, unique within a log, never reused. */
  id: number;
  description: string;
  /** Normalised tags (lower-case, no `#`). */
  tags: string[];
  /** ISO-8601 UTC instant. */
  start: string;
  /** ISO-8601 UTC instant, or `null` while the entry is running. */
  end: string | null;
}

const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;

/**
 * Length of an entry in whole minutes (nearest minute). Running entries
 * count up to `now`. Never negative, even if the clock went backwards.
 */
export function entryMinutes(entry: Entry, now: Date): number {
  const end = entry.end === null ? now.getTime() : Date.parse(entry.end);
  const ms = end - Date.parse(entry.start);
  return Math.max(0, Math.round(ms / MS_PER_MINUTE));
}

/** The entry currently being tracked, if any. */
export function findRunning(entries: readonly Entry[]): Entry | undefined {
  return entries.find((e) => e.end === null);
}

/**
 * Next free id: one above the highest id in use (not `length + 1`, since
 * hand-edited logs can have gaps).
 */
export function nextId(entries: readonly Entry[]): number {
  let max = 0;
  for (const e of entries) max = Math.max(max, e.id);
  return max + 1;
}

/**
 * Normalises user-supplied tags: accepts comma-separated lists
 * (`--tag a,b`), strips a leading `#`, lower-cases and removes duplicates
 * while keeping first-seen order.
 *
 * @throws UsageError for tags with characters other than a-z, 0-9, `_`, `-`.
 */
export function normalizeTags(raw: readonly string[]): string[] {
  const tags: string[] = [];
  for (const chunk of raw) {
    for (const part of chunk.split(',')) {
      const tag = part.trim().replace(/^#/, '').toLowerCase();
      if (tag === '') continue;
      if (!TAG_PATTERN.test(tag)) throw new UsageError(`invalid tag "${part.trim()}"`);
      if (!tags.includes(tag)) tags.push(tag);
    }
  }
  return tags;
}

/** Copy of the entries sorted by start time, ties broken by id. */
export function sortByStart(entries: readonly Entry[]): Entry[] {
  return [...entries].sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.id - b.id);
}

/**
 * Whether two entries share any time. Touching entries (one ends exactly
 * when the other starts) do not overlap. Running entries extend to `now`.
 */
export function overlaps(a: Entry, b: Entry, now: Date): boolean {
  const aEnd = a.end === null ? now.getTime() : Date.parse(a.end);
  const bEnd = b.end === null ? now.getTime() : Date.parse(b.end);
  return Date.parse(a.start) < bEnd && Date.parse(b.start) < aEnd;
}
