import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dayKey, hm, isoWeek, parseDay, parseOffset, parseTime, startOfLocalDay, weekKey } from '../src/dates.js';
import { UsageError } from '../src/errors.js';

const at = (iso: string) => new Date(iso);

describe('isoWeek', () => {
  test('early January can belong to the previous year', () => {
    assert.deepEqual(isoWeek(2021, 1, 3), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek(2021, 1, 4), { year: 2021, week: 1 });
    assert.deepEqual(isoWeek(2027, 1, 1), { year: 2026, week: 53 });
  });

  test('late December can belong to the next year', () => {
    assert.deepEqual(isoWeek(2024, 12, 29), { year: 2024, week: 52 });
    assert.deepEqual(isoWeek(2024, 12, 30), { year: 2025, week: 1 });
  });

  test('a year starting on Thursday has week 1 on January 1st and 53 weeks', () => {
    assert.deepEqual(isoWeek(2026, 1, 1), { year: 2026, week: 1 });
    assert.deepEqual(isoWeek(2020, 12, 31), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek(2024, 6, 15), { year: 2024, week: 24 });
  });
});

describe('local day and week keys', () => {
  test('dayKey applies the UTC offset in both directions', () => {
    assert.equal(dayKey(at('2024-03-10T23:30:00Z'), 0), '2024-03-10');
    assert.equal(dayKey(at('2024-03-10T23:30:00Z'), 60), '2024-03-11');
    assert.equal(dayKey(at('2024-03-11T00:30:00Z'), -60), '2024-03-10');
    assert.equal(hm(at('2024-03-11T00:30:00Z'), -60), '23:30');
  });

  test('weekKey moves a late Sunday entry into the next week for positive offsets', () => {
    assert.equal(weekKey(at('2024-01-07T23:30:00Z'), 0), '2024-W01');
    assert.equal(weekKey(at('2024-01-07T23:30:00Z'), 60), '2024-W02');
    assert.equal(weekKey(at('2021-01-03T12:00:00Z'), 0), '2020-W53');
  });

  test('startOfLocalDay returns the UTC instant of local midnight', () => {
    assert.equal(startOfLocalDay(at('2024-03-10T23:00:00Z'), 120).toISOString(), '2024-03-10T22:00:00.000Z');
    assert.equal(startOfLocalDay(at('2024-03-10T03:00:00Z'), -300).toISOString(), '2024-03-09T05:00:00.000Z');
  });
});

describe('parseDay', () => {
  const now = at('2024-03-10T12:00:00Z');

  test('understands today, yesterday and N days ago', () => {
    assert.equal(parseDay('today', now, 0).toISOString(), '2024-03-10T00:00:00.000Z');
    assert.equal(parseDay('Yesterday', now, 0).toISOString(), '2024-03-09T00:00:00.000Z');
    assert.equal(parseDay('3d', now, 0).toISOString(), '2024-03-07T00:00:00.000Z');
  });

  test('calendar dates start at local midnight and impossible dates are rejected', () => {
    assert.equal(parseDay('2024-02-29', now, -300).toISOString(), '2024-02-29T05:00:00.000Z');
    assert.throws(() => parseDay('2023-02-29', now, 0), UsageError);
    assert.throws(() => parseDay('2024-13-01', now, 0), UsageError);
    assert.throws(() => parseDay('last week', now, 0), UsageError);
  });
});

describe('parseTime and parseOffset', () => {
  test('HH:MM is a local time on the current local day', () => {
    const now = at('2024-03-10T12:00:00Z');
    assert.equal(parseTime('09:30', now, 120).toISOString(), '2024-03-10T07:30:00.000Z');
    assert.equal(parseTime('0:05', now, 0).toISOString(), '2024-03-10T00:05:00.000Z');
    assert.throws(() => parseTime('24:00', now, 0), UsageError);
    assert.throws(() => parseTime('9.30', now, 0), UsageError);
  });

  test('ISO timestamps need an explicit zone', () => {
    const now = at('2024-03-10T12:00:00Z');
    assert.equal(parseTime('2024-03-10T08:00:00+01:00', now, 0).toISOString(), '2024-03-10T07:00:00.000Z');
    assert.throws(() => parseTime('2024-03-10T08:00:00', now, 0), UsageError);
  });

  test('parseOffset accepts Z, signed HH:MM, HHMM and plain minutes within range', () => {
    assert.equal(parseOffset('Z'), 0);
    assert.equal(parseOffset('+02:00'), 120);
    assert.equal(parseOffset('-0530'), -330);
    assert.equal(parseOffset('-330'), -330);
    assert.equal(parseOffset(120), 120);
    assert.ok(Object.is(parseOffset('-00:00'), 0));
    assert.throws(() => parseOffset('+15:00'), RangeError);
    assert.throws(() => parseOffset('+02:75'), RangeError);
    assert.throws(() => parseOffset('CET'), RangeError);
  });
});
