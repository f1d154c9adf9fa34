import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type OptionSpec } from '../src/args.js';
import { main, USAGE, VERSION } from '../src/cli.js';
import { UsageError } from '../src/errors.js';
import { loadLog } from '../src/storage.js';
import { tempDir } from './helpers.js';

const SPEC: OptionSpec = {
  values: ['tag', 'offset'],
  switches: ['json'],
  aliases: { t: 'tag', j: 'json' },
};

describe('parseArgs', () => {
  test('collects positionals, repeated values, inline values and aliases', () => {
    const args = parseArgs(['report', '--tag', 'a', '-t', 'b', '--tag=c=d', '-j', 'extra'], SPEC);
    assert.deepEqual(args.positionals, ['report', 'extra']);
    assert.deepEqual(args.options.get('tag'), ['a', 'b', 'c=d']);
    assert.deepEqual([...args.switches], ['json']);
  });

  test('a double dash ends option parsing and a lone dash is positional', () => {
    const args = parseArgs(['add', '--', '--tag', '-x'], SPEC);
    assert.deepEqual(args.positionals, ['add', '--tag', '-x']);
    assert.deepEqual(parseArgs(['export', '-'], SPEC).positionals, ['export', '-']);
  });

  test('values may start with a single dash', () => {
    assert.deepEqual(parseArgs(['--offset', '-60'], SPEC).options.get('offset'), ['-60']);
  });

  test('reports unknown options, missing values and values given to switches', () => {
    assert.throws(() => parseArgs(['--nope'], SPEC), /unknown option --nope/);
    assert.throws(() => parseArgs(['-z'], SPEC), /unknown option -z/);
    assert.throws(() => parseArgs(['--tag'], SPEC), /needs a value/);
    assert.throws(() => parseArgs(['--tag', '--json'], SPEC), /needs a value/);
    assert.throws(() => parseArgs(['--json=yes'], SPEC), UsageError);
  });
});

interface Run {
  code: number;
  out: string;
  err: string;
}

describe('tasklog CLI', () => {
  let dir = '';
  let cleanup: () => void = () => {};
  let nowMs = 0;
  let logFile = '';

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    nowMs = Date.parse('2024-03-11T10:00:00Z'); // a Monday
    logFile = join(dir, 'log.json');
  });

  afterEach(() => {
    cleanup();
  });

  /** Runs the CLI in-process against the temp dir with the fake clock. */
  function cli(...argv: string[]): Run {
    let out = '';
    let err = '';
    const code = main(
      argv,
      { stdout: (t) => (out += t), stderr: (t) => (err += t) },
      { now: () => new Date(nowMs) },
      { env: { TASKLOG_CONFIG: join(dir, 'rc.json'), TASKLOG_FILE: logFile }, homeDir: dir, cwd: dir },
    );
    return { code, out, err };
  }

  const advance = (minutes: number) => {
    nowMs += minutes * 60_000;
  };

  test('prints the version, usage on help, and usage with exit 2 when no command is given', () => {
    assert.deepEqual(cli('--version'), { code: 0, out: `tasklog ${VERSION}\n`, err: '' });
    assert.deepEqual(cli('help'), { code: 0, out: USAGE, err: '' });
    assert.deepEqual(cli(), { code: 2, out: '', err: USAGE });
  });

  test('unknown commands and options not valid for a command exit with 2', () => {
    const unknown = cli('frobnicate');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /unknown command "frobnicate"/);
    const wrongOption = cli('stop', '--tag', 'x');
    assert.equal(wrongOption.code, 2);
    assert.match(wrongOption.err, /--tag is not valid for "stop"/);
  });

  test('start then stop records one finished entry', () => {
    assert.deepEqual(cli('start', 'Write', 'docs', '-t', '#Docs'), {
      code: 0,
      out: 'Started #1 "Write docs" at 10:00\n',
      err: '',
    });
    advance(95);
    assert.deepEqual(cli('stop'), { code: 0, out: 'Stopped #1 "Write docs" after 1h35m\n', err: '' });
    assert.deepEqual(loadLog(logFile).entries, [
      { id: 1, description: 'Write docs', tags: ['docs'], start: '2024-03-11T10:00:00.000Z', end: '2024-03-11T11:35:00.000Z' },
    ]);
  });

  test('starting while another entry runs fails unless --switch is given', () => {
    cli('start', 'first');
    advance(30);
    const refused = cli('start', 'second');
    assert.equal(refused.code, 1);
    assert.match(refused.err, /already tracking #1 "first" since 10:00/);
    assert.equal(loadLog(logFile).entries.length, 1);

    const switched = cli('start', 'second', '--switch');
    assert.equal(switched.code, 0);
    assert.equal(switched.out, 'Stopped #1 "first" after 30m\nStarted #2 "second" at 10:30\n');
    const [first, second] = loadLog(logFile).entries;
    assert.equal(first?.end, second?.start);
  });

  test('stop fails when nothing runs and rejects a stop time before the start', () => {
    assert.equal(cli('stop').code, 1);
    cli('start', 'task', '--at', '09:00');
    const early = cli('stop', '--at', '08:59');
    assert.equal(early.code, 2);
    assert.match(early.err, /after the start time/);
    assert.equal(cli('stop', '--at', '11:00').code, 2); // in the future
    assert.equal(cli('stop', '--at', '09:45').code, 0);
    assert.equal(loadLog(logFile).entries[0]?.end, '2024-03-11T09:45:00.000Z');
  });

  test('add logs a finished block ending now or at --end', () => {
    assert.deepEqual(cli('add', 'Standup', '-d', '15m', '--tag', 'meeting,team'), {
      code: 0,
      out: 'Added #1 "Standup" 09:45-10:00 (15m)\n',
      err: '',
    });
    assert.equal(cli('add', 'Planning', '--duration', '1.5h', '--end', '09:00').out, 'Added #2 "Planning" 07:30-09:00 (1h30m)\n');
    assert.deepEqual(loadLog(logFile).entries[0]?.tags, ['meeting', 'team']);
  });

  test('add rejects missing, zero and malformed durations and times in the future', () => {
    for (const argv of [
      ['add', 'x'],
      ['add', 'x', '-d', '0m'],
      ['add', 'x', '-d', 'soon'],
      ['add', 'x', '-d', '1h', '--end', '10:01'],
      ['add', '-d', '1h'],
    ]) {
      assert.equal(cli(...argv).code, 2, argv.join(' '));
    }
    assert.deepEqual(loadLog(logFile).entries, []);
  });

  test('add warns about overlapping entries but still records them', () => {
    cli('add', 'one', '-d', '1h');
    const second = cli('add', 'two', '-d', '30m');
    assert.equal(second.code, 0);
    assert.equal(second.err, 'tasklog: warning: #2 overlaps #1 "one"\n');
    const touching = cli('add', 'three', '-d', '1h', '--end', '09:00');
    assert.equal(touching.err, '');
  });

  test('default tags from the config apply only when no --tag is given', () => {
    writeFileSync(join(dir, 'rc.json'), JSON.stringify({ defaultTags: ['client-x'] }));
    cli('add', 'a', '-d', '10m');
    cli('add', 'b', '-d', '10m', '-t', 'internal');
    assert.deepEqual(loadLog(logFile).entries.map((e) => e.tags), [['client-x'], ['internal']]);
  });

  test('list prints a table in start order and honours --limit', () => {
    cli('add', 'Later task', '-d', '30m');
    cli('add', 'Earlier task', '-d', '1h', '--end', '08:00', '-t', 'ops');
    assert.equal(
      cli('list').out,
      [
        'ID  DATE        START  END    TIME  TAGS  DESCRIPTION',
        '--  ----------  -----  -----  ----  ----  ------------',
        ' 2  2024-03-11  07:00  08:00    1h  ops   Earlier task',
        ' 1  2024-03-11  09:30  10:00   30m        Later task',
        '',
      ].join('\n'),
    );
    const limited = JSON.parse(cli('list', '-n', '1', '--json').out) as { id: number }[];
    assert.deepEqual(limited.map((e) => e.id), [1]);
    assert.equal(cli('list', '--limit', '0').code, 2);
  });

  test('list --since and --until select whole local days inclusively', () => {
    cli('add', 'sunday', '-d', '1h', '--end', '2024-03-10T12:00:00Z');
    cli('add', 'saturday', '-d', '1h', '--end', '2024-03-09T23:59:00Z');
    cli('add', 'monday', '-d', '1h');
    const out = (argv: string[]) => (JSON.parse(cli('list', '--json', ...argv).out) as { description: string }[]).map((e) => e.description);
    assert.deepEqual(out(['--since', '2024-03-10']), ['sunday', 'monday']);
    assert.deepEqual(out(['--until', '2024-03-10']), ['saturday', 'sunday']);
    assert.deepEqual(out(['--since', 'yesterday', '--until', 'yesterday']), ['sunday']);
    assert.equal(cli('list', '--since', 'tomorrow').code, 2);
  });

  test('report groups by ISO week using the configured offset and rounding', () => {
    writeFileSync(join(dir, 'rc.json'), JSON.stringify({ utcOffsetMinutes: 60, roundToMinutes: 15 }));
    cli('add', 'sunday late', '-d', '23m', '--end', '2024-03-10T23:30:00Z'); // Monday 00:07 local, 23m -> 30m
    cli('add', 'sunday', '-d', '50m', '--end', '2024-03-10T12:00:00Z'); // 50m -> 45m
    const result = cli('report', '--by', 'week');
    assert.equal(result.code, 0);
    assert.equal(
      result.out,
      [
        'WEEK      ENTRIES   TIME  SHARE',
        '--------  -------  -----  -----',
        '2024-W10        1    45m    60%',
        '2024-W11        1    30m    40%',
        'TOTAL           2  1h15m',
        '',
      ].join('\n'),
    );
    assert.equal(cli('report', '--by', 'month').code, 2);
  });

  test('report --json can be filtered by tag', () => {
    cli('add', 'a', '-d', '30m', '-t', 'x');
    cli('add', 'b', '-d', '45m', '-t', 'y', '--end', '09:00');
    const report = JSON.parse(cli('report', '--json', '--by', 'tag', '-t', 'X').out) as { totalMinutes: number; rows: { key: string }[] };
    assert.equal(report.totalMinutes, 30);
    assert.deepEqual(report.rows.map((r) => r.key), ['x']);
  });

  test('export writes CSV to stdout by default and JSON to a file with -o', () => {
    cli('add', 'Fix "login", again', '-d', '1h30m', '-t', 'bug');
    assert.equal(
      cli('export').out,
      'id,date,start,end,minutes,hours,tags,description\r\n' +
        '1,2024-03-11,2024-03-11T08:30:00.000Z,2024-03-11T10:00:00.000Z,90,1.50,bug,"Fix ""login"", again"\r\n',
    );
    const written = cli('export', '--format', 'json', '-o', 'out.json');
    assert.equal(written.out, `Exported 1 entries to ${join(dir, 'out.json')}\n`);
    const exported = JSON.parse(readFileSync(join(dir, 'out.json'), 'utf8')) as { exportedAt: string; entries: unknown[] };
    assert.equal(exported.exportedAt, '2024-03-11T10:00:00.000Z');
    assert.equal(exported.entries.length, 1);
    assert.equal(cli('export', '--format', 'xml').code, 2);
  });

  test('a corrupt log file is reported with exit code 1 and left untouched', () => {
    writeFileSync(logFile, '{ nope');
    const result = cli('add', 'x', '-d', '1h');
    assert.equal(result.code, 1);
    assert.match(result.err, /is not valid JSON/);
    assert.equal(readFileSync(logFile, 'utf8'), '{ nope');
  });

  test('the file option overrides the configured log path relative to the cwd', () => {
    cli('add', 'elsewhere', '-d', '5m', '--file', 'other/log.json');
    assert.equal(loadLog(join(dir, 'other', 'log.json')).entries.length, 1);
    assert.equal(loadLog(logFile).entries.length, 0);
  });
});
