import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, entriesToCsv, guardFormula, parseCsv } from '../src/csv.js';
import { renderTable, truncate } from '../src/format.js';
import { buildReport, renderReport, selectEntries, type ReportOptions } from '../src/report.js';
import { entry } from './helpers.js';

const NOW = new Date('2024-01-08T09:15:00Z');

/** Five entries around the 2023/2024 year boundary, one still running. */
const ENTRIES = [
  entry(1, '2024-01-01T09:00:00Z', '2024-01-01T10:30:00Z', ['work', 'client-a']), // Mon, 90m
  entry(2, '2024-01-01T13:00:00Z', '2024-01-01T13:20:00Z', []), // 20m
  entry(3, '2024-01-07T23:30:00Z', '2024-01-08T00:30:00Z', ['work']), // Sun night, 60m
  entry(4, '2023-12-31T10:00:00Z', '2023-12-31T11:00:00Z', ['admin']), // 60m
  entry(5, '2024-01-08T08:00:00Z', null, ['work']), // running: 75m at NOW
];

function report(options: Partial<ReportOptions>) {
  return buildReport(ENTRIES, { groupBy: 'day', now: NOW, offsetMinutes: 0, ...options });
}

const rows = (r: ReturnType<typeof report>) => r.rows.map((row) => [row.key, row.minutes, row.entries]);

describe('buildReport', () => {
  test('groups by local day in chronological order with running entries counted to now', () => {
    const r = report({ groupBy: 'day' });
    assert.deepEqual(rows(r), [
      ['2023-12-31', 60, 1],
      ['2024-01-01', 110, 2],
      ['2024-01-07', 60, 1],
      ['2024-01-08', 75, 1],
    ]);
    assert.equal(r.totalMinutes, 305);
    assert.equal(r.entryCount, 5);
  });

  test('groups by ISO week across the year boundary', () => {
    assert.deepEqual(rows(report({ groupBy: 'week' })), [
      ['2023-W52', 60, 1],
      ['2024-W01', 170, 3],
      ['2024-W02', 75, 1],
    ]);
  });

  test('the UTC offset decides which week a late-evening entry belongs to', () => {
    assert.deepEqual(rows(report({ groupBy: 'week', offsetMinutes: 60 })), [
      ['2023-W52', 60, 1],
      ['2024-W01', 110, 2],
      ['2024-W02', 135, 2],
    ]);
  });

  test('tag grouping counts an entry under each tag but only once in the total', () => {
    const r = report({ groupBy: 'tag' });
    assert.deepEqual(rows(r), [
      ['work', 225, 3],
      ['client-a', 90, 1],
      ['admin', 60, 1],
      ['(untagged)', 20, 1],
    ]);
    assert.equal(r.totalMinutes, 305);
  });

  test('tags with equal time are sorted alphabetically', () => {
    const tied = [
      entry(1, '2024-01-01T09:00:00Z', '2024-01-01T10:00:00Z', ['zeta']),
      entry(2, '2024-01-01T11:00:00Z', '2024-01-01T12:00:00Z', ['alpha']),
    ];
    const r = buildReport(tied, { groupBy: 'tag', now: NOW, offsetMinutes: 0 });
    assert.deepEqual(r.rows.map((row) => row.key), ['alpha', 'zeta']);
  });

  test('rounds every entry before summing', () => {
    const r = report({ groupBy: 'day', roundTo: 15 });
    // 90, 20->15, 60, 60, 75
    assert.equal(r.totalMinutes, 300);
    assert.deepEqual(r.rows[1], { key: '2024-01-01', minutes: 105, entries: 2 });
  });
});

describe('selectEntries', () => {
  test('the range is half-open on the start time', () => {
    const selected = selectEntries(ENTRIES, {
      from: new Date('2024-01-01T09:00:00Z'),
      until: new Date('2024-01-07T23:30:00Z'),
    });
    assert.deepEqual(selected.map((e) => e.id), [1, 2]);
  });

  test('filters by tag', () => {
    assert.deepEqual(selectEntries(ENTRIES, { tag: 'work' }).map((e) => e.id), [1, 3, 5]);
  });
});

describe('renderReport and renderTable', () => {
  test('renders rows, shares and a total line', () => {
    const r = buildReport(ENTRIES.slice(0, 2), { groupBy: 'tag', now: NOW, offsetMinutes: 0 });
    assert.equal(
      renderReport(r),
      [
        'TAG         ENTRIES   TIME  SHARE',
        '----------  -------  -----  -----',
        'client-a          1  1h30m    82%',
        'work              1  1h30m    82%',
        '(untagged)        1    20m    18%',
        'TOTAL             2  1h50m',
        '',
      ].join('\n'),
    );
  });

  test('an empty report says so', () => {
    assert.equal(renderReport(buildReport([], { groupBy: 'day', now: NOW, offsetMinutes: 0 })), 'No entries in range.\n');
  });

  test('tables pad columns, right-align on request and trim trailing spaces, truncate adds an ellipsis', () => {
    assert.equal(renderTable(['A', 'NUM'], [['long value', '7'], ['x', '12']], ['left', 'right']),
      'A           NUM\n----------  ---\nlong value    7\nx            12\n');
    assert.equal(truncate('abcdef', 4), 'abc…');
    assert.equal(truncate('abc', 3), 'abc');
  });
});

describe('CSV export', () => {
  test('quotes only when needed and doubles embedded quotes', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(42), '42');
  });

  test('guards free text that a spreadsheet would evaluate as a formula', () => {
    assert.equal(guardFormula('=SUM(A1:A3)'), "'=SUM(A1:A3)");
    assert.equal(guardFormula('-5 min standup'), "'-5 min standup");
    assert.equal(guardFormula('@channel'), "'@channel");
    assert.equal(guardFormula('fix bug = 1'), 'fix bug = 1');
  });

  test('writes a header and CRLF-terminated records sorted by start', () => {
    const csv = entriesToCsv([ENTRIES[4]!, ENTRIES[1]!], { now: NOW, offsetMinutes: 0 });
    assert.equal(
      csv,
      'id,date,start,end,minutes,hours,tags,description\r\n' +
        '2,2024-01-01,2024-01-01T13:00:00Z,2024-01-01T13:20:00Z,20,0.33,,task 2\r\n' +
        '5,2024-01-08,2024-01-08T08:00:00Z,,75,1.25,work,task 5\r\n',
    );
  });

  test('the date column uses the local day', () => {
    const csv = entriesToCsv([ENTRIES[2]!], { now: NOW, offsetMinutes: 60 });
    assert.equal(parseCsv(csv)[1]?.[1], '2024-01-08');
  });

  test('tricky descriptions survive a round trip through parseCsv', () => {
    const tricky = ['commas, everywhere', 'quote " inside', 'line\nbreak', ' leading space', ''];
    const entries = tricky.map((d, i) => entry(i + 1, `2024-02-0${i + 1}T10:00:00Z`, `2024-02-0${i + 1}T11:00:00Z`, ['a', 'b'], d));
    const parsed = parseCsv(entriesToCsv(entries, { now: NOW, offsetMinutes: 0 }));
    assert.equal(parsed.length, tricky.length + 1);
    assert.deepEqual(parsed.slice(1).map((row) => row[7]), tricky);
    assert.deepEqual(parsed.slice(1).map((row) => row[6]), tricky.map(() => 'a;b'));
  });

  test('parseCsv accepts LF line endings and rejects unterminated quotes', () => {
    assert.deepEqual(parseCsv('a,b\n1,"x"\n'), [['a', 'b'], ['1', 'x']]);
    assert.deepEqual(parseCsv('a,,c'), [['a', '', 'c']]);
    assert.throws(() => parseCsv('a,"open\n'), SyntaxError);
  });
});
