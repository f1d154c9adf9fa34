import { UsageError } from './errors.js';

/**
 * Durations are whole minutes everywhere in tasklog. Parsing accepts the
 * forms people actually type:
 *
 * - `90` or `90m`, `90min`  -> 90
 * - `1h30m`, `1h 30m`, `1h30` -> 90 (a trailing bare number after hours is minutes)
 * - `1.5h`, `1.25 hours`    -> 90, 75 (fractions of an hour round half-up to the minute)
 * - `1:30`                  -> 90
 */

const TOKEN = /(\d+)(?:\.(\d{1,6}))?\s*(hours|hour|hrs|hr|h|minutes|minute|mins|min|m)?/y;

/**
 * Parses a duration into whole minutes. Zero is allowed here; commands that
 * need a positive duration check that themselves.
 *
 * @throws UsageError for empty, malformed or ambiguous input (units out of
 *   order or repeated, fractional minutes, `1:75`).
 */
export function parseDuration(text: string): number {
  const input = text.trim().toLowerCase();
  if (input === '') throw new UsageError('empty duration');

  const clock = /^(\d+):(\d{2})$/.exec(input);
  if (clock) {
    const minutes = Number(clock[2]);
    if (minutes > 59) throw new UsageError(`invalid duration "${text}": minutes must be below 60`);
    return Number(clock[1]) * 60 + minutes;
  }

  let hours: number | undefined;
  let minutes: number | undefined;
  let pos = 0;
  while (pos < input.length) {
    while (input[pos] === ' ') pos++;
    TOKEN.lastIndex = pos;
    const match = TOKEN.exec(input);
    if (!match) throw new UsageError(`invalid duration "${text}"`);
    const [, whole = '0', fraction, unit] = match;
    pos = TOKEN.lastIndex;
    const isLast = input.slice(pos).trim() === '';

    if (unit !== undefined && unit.startsWith('h')) {
      if (hours !== undefined || minutes !== undefined) {
        throw new UsageError(`invalid duration "${text}": hours must come first and only once`);
      }
      hours = hoursToMinutes(whole, fraction);
      continue;
    }
    // Bare numbers are minutes, but only on their own ("90") or right after
    // an hours token at the end ("1h30"); "30 20" is rejected.
    if (unit === undefined && !(isLast && (hours !== undefined || pos === match[0].length))) {
      throw new UsageError(`invalid duration "${text}": missing unit`);
    }
    if (minutes !== undefined) throw new UsageError(`invalid duration "${text}": minutes given twice`);
    if (fraction !== undefined) throw new UsageError(`invalid duration "${text}": fractional minutes`);
    minutes = Number(whole);
  }
  return (hours ?? 0) + (minutes ?? 0);
}

/** Converts "1" + "25" (i.e. 1.25 h) to minutes using integer maths, rounding half up. */
function hoursToMinutes(whole: string, fraction: string | undefined): number {
  const base = Number(whole) * 60;
  if (fraction === undefined) return base;
  const scale = 10 ** fraction.length;
  // fraction/scale hours = fraction*60/scale minutes; add scale/2 to round half up.
  return base + Math.floor((Number(fraction) * 60 * 2 + scale) / (2 * scale));
}

/**
 * Formats minutes compactly: `45m`, `2h`, `1h30m`, `25h5m`.
 *
 * @throws RangeError for negative or fractional input.
 */
export function formatDuration(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0) {
    throw new RangeError(`cannot format duration ${minutes}`);
  }
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m}m`;
  if (m === 0) return `${h}h`;
  return `${h}h${m}m`;
}

/** Minutes as decimal hours with two decimals, e.g. 90 -> `1.50`. */
export function formatHours(minutes: number): string {
  return (minutes / 60).toFixed(2);
}

/**
 * Rounds minutes to the nearest multiple of `step`, halves up
 * (`roundMinutes(8, 15)` -> 15, `roundMinutes(7, 15)` -> 0). A step of 1
 * leaves the value unchanged.
 */
export function roundMinutes(minutes: number, step: number): number {
  if (step <= 1) return minutes;
  return Math.floor((minutes * 2 + step) / (2 * step)) * step;
}
