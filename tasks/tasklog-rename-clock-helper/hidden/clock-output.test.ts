// crucible-canary:a682e39f-a46e-42d7-bc80-db39a09901a3
// Hidden behaviour suite: pins every place where tasklog prints a wall-clock
// time (HH:MM), through the stable entry points only (the CLI's `main`, the
// table renderer and the parsing helpers).
import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { dayKey, parseTime } from '../../src/dates.js';
import { renderEntryTable } from '../../src/format.js';
import { loadLog } from '../../src/storage.js';

interface Run {
  code: number;
  out: string;
  err: string;
}

let dir = '';
let nowMs = 0;
let env: Record<string, string> = {};

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tasklog-hidden-'));
  env = { TASKLOG_CONFIG: join(dir, 'rc.json'), TASKLOG_FILE: join(dir, 'log.json') };
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function configure(config: Record<string, unknown>): void {
  writeFileSync(join(dir, 'rc.json'), JSON.stringify(config));
}

function cli(...argv: string[]): Run {
  let out = '';
  let err = '';
  const code = main(
    argv,
    { stdout: (t) => (out += t), stderr: (t) => (err += t) },
    { now: () => new Date(nowMs) },
    { env, homeDir: dir, cwd: dir },
  );
  return { code, out, err };
}

/** Rows of the `list` table as arrays of cells (header and rule dropped). */
function listRows(): string[][] {
  const result = cli('list');
  assert.equal(result.code, 0, result.err);
  return result.out
    .trimEnd()
    .split('\n')
    .slice(2)
    .map((line) => line.trim().split(/\s{2,}/));
}

describe('clock times in CLI messages', () => {
  test('start prints the local start time for a half-hour offset', () => {
    configure({ utcOffsetMinutes: '+05:30' });
    nowMs = Date.parse('2024-05-06T08:10:00Z');
    assert.deepEqual(cli('start', 'Deploy'), { code: 0, out: 'Started #1 "Deploy" at 13:40\n', err: '' });
  });

  test('add prints the local range when --end is given as local HH:MM', () => {
    configure({ utcOffsetMinutes: '-04:00' });
    nowMs = Date.parse('2024-05-06T20:00:00Z'); // 16:00 local
    const result = cli('add', 'Retro', '-d', '45m', '--end', '15:30');
    assert.deepEqual(result, { code: 0, out: 'Added #1 "Retro" 14:45-15:30 (45m)\n', err: '' });
    assert.equal(loadLog(join(dir, 'log.json')).entries[0]?.end, '2024-05-06T19:30:00.000Z');
  });

  test('add across local midnight prints wrapped clock times', () => {
    configure({ utcOffsetMinutes: 60 });
    nowMs = Date.parse('2024-05-07T00:20:00Z'); // 01:20 local
    assert.equal(cli('add', 'Late fix', '-d', '2h').out, 'Added #1 "Late fix" 23:20-01:20 (2h)\n');
  });

  test('a refused second start names the local start of the running entry', () => {
    configure({ utcOffsetMinutes: '-09:30' });
    nowMs = Date.parse('2024-05-06T20:00:00Z'); // 10:30 local
    assert.equal(cli('start', 'first', '--at', '08:15').out, 'Started #1 "first" at 08:15\n');
    const refused = cli('start', 'second');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already tracking #1 "first" since 08:15; stop it first or use --switch/);
  });

  test('--switch reports the stop and the new local start, offset taken from the environment', () => {
    env.TASKLOG_UTC_OFFSET = '+02:00';
    nowMs = Date.parse('2024-05-06T07:05:00Z'); // 09:05 local
    cli('start', 'mail');
    nowMs += 50 * 60_000;
    assert.deepEqual(cli('start', 'review', '--switch'), {
      code: 0,
      out: 'Stopped #1 "mail" after 50m\nStarted #2 "review" at 09:55\n',
      err: '',
    });
  });

  test('midnight and single-digit times are zero padded', () => {
    nowMs = Date.parse('2024-05-06T09:07:00Z');
    assert.equal(cli('add', 'night shift', '-d', '9h7m').out, 'Added #1 "night shift" 00:00-09:07 (9h7m)\n');
  });
});

describe('clock times in the entry table', () => {
  test('list shows local start and end columns and an ellipsis while running', () => {
    configure({ utcOffsetMinutes: '+01:00' });
    nowMs = Date.parse('2024-05-06T12:00:00Z'); // 13:00 local
    cli('add', 'Planning', '-d', '1h30m', '--end', '10:45');
    cli('start', 'Coding', '--at', '11:00');
    assert.deepEqual(listRows(), [
      ['1', '2024-05-06', '09:15', '10:45', '1h30m', 'Planning'],
      ['2', '2024-05-06', '11:00', '…', '2h', 'Coding'],
    ]);
  });

  test('list puts an entry on its local day and time when the offset crosses midnight', () => {
    configure({ utcOffsetMinutes: '+14:00' });
    nowMs = Date.parse('2024-05-06T12:00:00Z'); // 02:00 on the 7th, local
    cli('add', 'early', '-d', '30m', '--end', '2024-05-06T11:00:00Z');
    assert.deepEqual(listRows(), [['1', '2024-05-07', '00:30', '01:00', '30m', 'early']]);
  });

  test('stop --at takes local time and list shows it back', () => {
    configure({ utcOffsetMinutes: '-07:00' });
    nowMs = Date.parse('2024-05-06T18:00:00Z'); // 11:00 local
    cli('start', 'support', '--at', '08:05', '-t', 'ops');
    assert.equal(cli('stop', '--at', '09:50').out, 'Stopped #1 "support" after 1h45m\n');
    assert.deepEqual(listRows(), [['1', '2024-05-06', '08:05', '09:50', '1h45m', 'ops', 'support']]);
  });

  test('export keeps UTC instants while list shows local clock times', () => {
    configure({ utcOffsetMinutes: '+05:45' });
    nowMs = Date.parse('2024-05-06T06:00:00Z'); // 11:45 local
    cli('add', 'standup', '-d', '15m', '--end', '10:00');
    const csv = cli('export').out.split('\r\n');
    assert.equal(csv[1], '1,2024-05-06,2024-05-06T04:00:00.000Z,2024-05-06T04:15:00.000Z,15,0.25,,standup');
    assert.deepEqual(listRows()[0]?.slice(2, 4), ['09:45', '10:00']);
  });

  test('renderEntryTable formats finished and running entries in the given offset', () => {
    const now = new Date('2024-01-15T12:00:00Z');
    const table = renderEntryTable(
      [
        { id: 3, description: 'a', tags: [], start: '2024-01-15T07:05:00Z', end: '2024-01-15T09:45:00Z' },
        { id: 4, description: 'b', tags: ['x'], start: '2024-01-15T10:59:00Z', end: null },
      ],
      now,
      330,
    );
    const rows = table.trimEnd().split('\n').slice(2).map((line) => line.trim().split(/\s{2,}/));
    assert.deepEqual(rows, [
      ['3', '2024-01-15', '12:35', '15:15', '2h40m', 'a'],
      ['4', '2024-01-15', '16:29', '…', '1h1m', 'x', 'b'],
    ]);
  });

  test('parsed local times come back unchanged in the table for many offsets', () => {
    const now = new Date('2024-07-01T12:00:00Z');
    for (const offset of [-570, -60, 0, 330, 840]) {
      for (const clock of ['00:00', '07:45', '12:30', '23:15']) {
        const start = parseTime(clock, now, offset);
        const table = renderEntryTable(
          [{ id: 1, description: 'x', tags: [], start: start.toISOString(), end: new Date(start.getTime() + 60_000).toISOString() }],
          new Date(start.getTime() + 60_000),
          offset,
        );
        const cells = table.trimEnd().split('\n')[2]!.trim().split(/\s{2,}/);
        assert.equal(cells[1], dayKey(start, offset), `day for ${clock} at ${offset}`);
        assert.equal(cells[2], clock, `start for ${clock} at ${offset}`);
      }
    }
  });
});
