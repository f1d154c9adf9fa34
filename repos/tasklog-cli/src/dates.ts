import { UsageError } from './errors.js';

/**
 * Date helpers. tasklog stores instants in UTC and interprets "days" in a
 * fixed UTC offset from the config (no DST rules: a time log needs stable
 * day boundaries more than it needs political time zones). The trick used
 * throughout: shift the instant by the offset, then read it with the
 * `getUTC*` methods to get local wall-clock fields.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;

function shift(date: Date, offsetMinutes: number): Date {
  return new Date(date.getTime() + offsetMinutes * MS_PER_MINUTE);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** Local calendar day of an instant as `YYYY-MM-DD`. */
export function dayKey(date: Date, offsetMinutes: number): string {
  const local = shift(date, offsetMinutes);
  return `${local.getUTCFullYear()}-${pad2(local.getUTCMonth() + 1)}-${pad2(local.getUTCDate())}`;
}

/** Local wall-clock time of an instant as `HH:MM`. */
export function hm(date: Date, offsetMinutes: number): string {
  const local = shift(date, offsetMinutes);
  return `${pad2(local.getUTCHours())}:${pad2(local.getUTCMinutes())}`;
}

/**
 * ISO-8601 week number of a calendar date. Weeks start on Monday and week 1
 * is the week containing the year's first Thursday, so early January can
 * belong to the previous year's last week (and late December to next
 * year's week 1). The returned `year` is that week-numbering year.
 */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay(); // Monday=1 .. Sunday=7
  // The Thursday of the same ISO week decides which year the week belongs to.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const weekYear = date.getUTCFullYear();
  const dayOfYear = Math.floor((date.getTime() - Date.UTC(weekYear, 0, 1)) / MS_PER_DAY) + 1;
  return { year: weekYear, week: Math.ceil(dayOfYear / 7) };
}

/** Local ISO week of an instant as `YYYY-Www`, e.g. `2024-W01`. */
export function weekKey(date: Date, offsetMinutes: number): string {
  const local = shift(date, offsetMinutes);
  const { year, week } = isoWeek(local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate());
  return `${year}-W${pad2(week)}`;
}

/** The instant at which the local day containing `date` starts. */
export function startOfLocalDay(date: Date, offsetMinutes: number): Date {
  const local = shift(date, offsetMinutes);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  return new Date(midnight - offsetMinutes * MS_PER_MINUTE);
}

/**
 * Parses a day argument into the instant the local day starts. Accepts
 * `today`, `yesterday`, `Nd` (N days ago) and `YYYY-MM-DD`.
 *
 * @throws UsageError for anything else, including impossible dates such as
 *   `2023-02-29`.
 */
export function parseDay(text: string, now: Date, offsetMinutes: number): Date {
  const input = text.trim().toLowerCase();
  const today = startOfLocalDay(now, offsetMinutes);
  if (input === 'today') return today;
  if (input === 'yesterday') return new Date(today.getTime() - MS_PER_DAY);
  const ago = /^(\d{1,4})d$/.exec(input);
  if (ago) return new Date(today.getTime() - Number(ago[1]) * MS_PER_DAY);

  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input);
  if (!match) throw new UsageError(`invalid date "${text}" (use YYYY-MM-DD, today, yesterday or Nd)`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utcMidnight = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC silently rolls 2023-02-29 over to March 1st; catch that.
  if (utcMidnight.getUTCMonth() !== month - 1 || utcMidnight.getUTCDate() !== day) {
    throw new UsageError(`invalid date "${text}": no such day`);
  }
  return new Date(utcMidnight.getTime() - offsetMinutes * MS_PER_MINUTE);
}

/**
 * Parses a point in time: `HH:MM` on the local day of `now`, or a full
 * ISO-8601 timestamp (which must include a time zone or `Z`).
 *
 * @throws UsageError when malformed.
 */
export function parseTime(text: string, now: Date, offsetMinutes: number): Date {
  const input = text.trim();
  const clock = /^(\d{1,2}):(\d{2})$/.exec(input);
  if (clock) {
    const hours = Number(clock[1]);
    const minutes = Number(clock[2]);
    if (hours > 23 || minutes > 59) throw new UsageError(`invalid time "${text}"`);
    const dayStart = startOfLocalDay(now, offsetMinutes).getTime();
    return new Date(dayStart + (hours * 60 + minutes) * MS_PER_MINUTE);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(input)) {
    const t = Date.parse(input);
    if (!Number.isNaN(t)) return new Date(t);
  }
  throw new UsageError(`invalid time "${text}" (use HH:MM or an ISO-8601 timestamp)`);
}

/**
 * Parses a UTC offset: `Z`, `+02:00`, `-0530` (sign and four digits), or a
 * plain number of minutes (`120`, `-330`). Valid offsets range from -12:00
 * to +14:00.
 *
 * @throws RangeError when malformed or out of range.
 */
export function parseOffset(value: string | number): number {
  let minutes: number;
  if (typeof value === 'number') {
    minutes = value;
  } else {
    const text = value.trim();
    const hhmm = /^([+-])(\d{2}):?(\d{2})$/.exec(text);
    if (text.toUpperCase() === 'Z') {
      minutes = 0;
    } else if (hhmm) {
      const sign = hhmm[1] === '-' ? -1 : 1;
      if (Number(hhmm[3]) > 59) throw new RangeError(`invalid UTC offset "${value}"`);
      minutes = sign * (Number(hhmm[2]) * 60 + Number(hhmm[3]));
    } else if (/^[+-]?\d+$/.test(text)) {
      minutes = Number(text);
    } else {
      throw new RangeError(`invalid UTC offset "${value}"`);
    }
  }
  if (!Number.isInteger(minutes) || minutes < -720 || minutes > 840) {
    throw new RangeError(`UTC offset out of range: ${value}`);
  }
  return minutes === 0 ? 0 : minutes; // normalise -0 from "-00:00"
}
