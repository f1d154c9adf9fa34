// crucible-canary:e3b7f1a9-62c4-4d8e-b05f-9c1a7d3e2f64
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { dayKey, isoWeek, weekKey } from '../../src/dates.js';
import type { Entry } from '../../src/entries.js';
import { buildReport } from '../../src/report.js';

const at = (iso: string) => new Date(iso);
const label = (w: { year: number; week: number }) => `${w.year}-W${String(w.week).padStart(2, '0')}`;

/** Independent reference: the ISO week is the one holding the Thursday of the same Monday-based week. */
function referenceWeek(year: number, month: number, day: number): string {
  const t = Date.UTC(year, month - 1, day);
  const weekday = (new Date(t).getUTCDay() + 6) % 7; // Monday=0
  const thursday = new Date(t + (3 - weekday) * 86_400_000);
  const weekYear = thursday.getUTCFullYear();
  const dayIndex = (thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000;
  return `${weekYear}-W${String(Math.floor(dayIndex / 7) + 1).padStart(2, '0')}`;
}

function entry(id: number, start: string, minutes: number): Entry {
  const end = new Date(Date.parse(start) + minutes * 60_000).toISOString();
  return { id, description: `task ${id}`, tags: [], start, end };
}

describe('isoWeek at the turn of the year', () => {
  test('December 29-31 2025 belong to week 1 of 2026', () => {
    assert.deepEqual(isoWeek(2025, 12, 28), { year: 2025, week: 52 });
    assert.deepEqual(isoWeek(2025, 12, 29), { year: 2026, week: 1 });
    assert.deepEqual(isoWeek(2025, 12, 30), { year: 2026, week: 1 });
    assert.deepEqual(isoWeek(2025, 12, 31), { year: 2026, week: 1 });
    assert.deepEqual(isoWeek(2026, 1, 4), { year: 2026, week: 1 });
  });

  test('December 29-31 2014 belong to week 1 of 2015', () => {
    assert.deepEqual(isoWeek(2014, 12, 29), { year: 2015, week: 1 });
    assert.deepEqual(isoWeek(2014, 12, 31), { year: 2015, week: 1 });
    assert.deepEqual(isoWeek(2015, 1, 1), { year: 2015, week: 1 });
  });

  test('agrees with the Thursday rule for every day from 1990 to 2045', () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(1990, 0, 1); t <= Date.UTC(2045, 11, 31); t += 86_400_000) {
      const d = new Date(t);
      const [y, m, day] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
      const got = label(isoWeek(y, m, day));
      const want = referenceWeek(y, m, day);
      if (got !== want) mismatches.push(`${d.toISOString().slice(0, 10)}: ${got} != ${want}`);
    }
    assert.deepEqual(mismatches.slice(0, 10), []);
  });

  test('leap years starting on a Wednesday have a week 53', () => {
    assert.deepEqual(isoWeek(2020, 12, 31), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek(2021, 1, 3), { year: 2020, week: 53 });
    assert.deepEqual(isoWeek(1992, 12, 31), { year: 1992, week: 53 });
    assert.deepEqual(isoWeek(1993, 1, 3), { year: 1992, week: 53 });
  });

  test('years starting on a Thursday have a week 53', () => {
    assert.deepEqual(isoWeek(2015, 12, 31), { year: 2015, week: 53 });
    assert.deepEqual(isoWeek(2016, 1, 3), { year: 2015, week: 53 });
    assert.deepEqual(isoWeek(2026, 12, 31), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek(2027, 1, 3), { year: 2026, week: 53 });
    assert.deepEqual(isoWeek(2027, 1, 4), { year: 2027, week: 1 });
  });

  test('other late-December dates still roll into the next year', () => {
    assert.deepEqual(isoWeek(2019, 12, 30), { year: 2020, week: 1 });
    assert.deepEqual(isoWeek(2018, 12, 31), { year: 2019, week: 1 });
    assert.deepEqual(isoWeek(2024, 12, 31), { year: 2025, week: 1 });
    assert.deepEqual(isoWeek(2025, 6, 15), { year: 2025, week: 24 });
  });
});

describe('weekKey with UTC offsets near New Year', () => {
  test('a late Sunday entry at +01:00 on Dec 28 2025 lands in 2026-W01', () => {
    assert.equal(weekKey(at('2025-12-28T22:30:00Z'), 60), '2025-W52');
    assert.equal(weekKey(at('2025-12-28T23:30:00Z'), 60), '2026-W01');
  });

  test('a negative offset moves a New Year entry back to Dec 31 but keeps it in 2026-W01', () => {
    assert.equal(dayKey(at('2026-01-01T03:00:00Z'), -300), '2025-12-31');
    assert.equal(weekKey(at('2026-01-01T03:00:00Z'), -300), '2026-W01');
  });
});

describe('weekly report across New Year', () => {
  const NOW = at('2026-01-10T12:00:00Z');

  test('entries from Dec 29 2025 to Jan 4 2026 form a single week', () => {
    const entries = [
      entry(1, '2025-12-27T09:00:00Z', 60),
      entry(2, '2025-12-29T09:00:00Z', 30),
      entry(3, '2025-12-30T09:00:00Z', 45),
      entry(4, '2026-01-02T09:00:00Z', 15),
      entry(5, '2026-01-05T09:00:00Z', 90),
    ];
    const report = buildReport(entries, { groupBy: 'week', now: NOW, offsetMinutes: 0 });
    assert.deepEqual(
      report.rows.map((r) => [r.key, r.minutes, r.entries]),
      [
        ['2025-W52', 60, 1],
        ['2026-W01', 90, 3],
        ['2026-W02', 90, 1],
      ],
    );
  });

  test('day rows around New Year are unaffected', () => {
    const entries = [entry(1, '2025-12-30T09:00:00Z', 30), entry(2, '2026-01-01T09:00:00Z', 20)];
    const report = buildReport(entries, { groupBy: 'day', now: NOW, offsetMinutes: 0 });
    assert.deepEqual(report.rows.map((r) => [r.key, r.minutes]), [
      ['2025-12-30', 30],
      ['2026-01-01', 20],
    ]);
  });

  test('week 53 rows of 2020 sort before week 1 of 2021', () => {
    const entries = [entry(1, '2021-01-04T09:00:00Z', 10), entry(2, '2020-12-28T09:00:00Z', 20), entry(3, '2021-01-03T09:00:00Z', 5)];
    const report = buildReport(entries, { groupBy: 'week', now: NOW, offsetMinutes: 0 });
    assert.deepEqual(report.rows.map((r) => [r.key, r.minutes]), [
      ['2020-W53', 25],
      ['2021-W01', 10],
    ]);
  });

  test('the report command prints 2026-W01 for entries on Dec 30', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tasklog-hidden-'));
    try {
      let nowMs = Date.parse('2025-12-30T17:00:00Z');
      const run = (...argv: string[]) => {
        let out = '';
        let err = '';
        const code = main(
          argv,
          { stdout: (t) => (out += t), stderr: (t) => (err += t) },
          { now: () => new Date(nowMs) },
          { env: { TASKLOG_CONFIG: join(dir, 'rc.json'), TASKLOG_FILE: join(dir, 'log.json') }, homeDir: dir, cwd: dir },
        );
        return { code, out, err };
      };
      assert.equal(run('add', 'year-end close', '-d', '2h', '--end', '2025-12-30T16:00:00Z').code, 0);
      assert.equal(run('add', 'inventory', '-d', '1h', '--end', '2025-12-26T12:00:00Z').code, 0);
      nowMs = Date.parse('2026-01-02T12:00:00Z');
      assert.equal(run('add', 'new year mail', '-d', '30m', '--end', '2026-01-02T10:00:00Z').code, 0);
      const result = run('report', '--by', 'week', '--since', '2025-12-22');
      assert.equal(result.code, 0, result.err);
      assert.equal(
        result.out,
        [
          'WEEK      ENTRIES   TIME  SHARE',
          '--------  -------  -----  -----',
          '2025-W52        1     1h    29%',
          '2026-W01        2  2h30m    71%',
          'TOTAL           3  3h30m',
          '',
        ].join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
