import { describe, expect, it } from 'vitest';

import { parseTap, parseYaml } from '../../src/grade/parsers/tap.js';
import { idsAndStatuses, NODE_SAMPLE_DIR, readFixture } from './fixtures.js';

/** Ids and statuses node's TAP reporter gives for sources/node (same on Node 18 and Node 20). */
const NODE_MIXED = [
  { id: 'prints fake lines', status: 'passed' },
  { id: 'plain pass', status: 'passed' },
  { id: 'name with # hash and \\ backslash', status: 'passed' },
  { id: 'name with\\nnewline', status: 'passed' },
  { id: `${NODE_SAMPLE_DIR}/load-error.test.mjs`, status: 'error' },
  { id: 'adds numbers', status: 'passed' },
  { id: 'compares objects', status: 'failed' },
  { id: 'skipped with reason', status: 'skipped' },
  { id: 'todo later', status: 'skipped' },
  { id: 'failing todo', status: 'skipped' },
  { id: 'outer suite > passes inside', status: 'passed' },
  { id: 'outer suite > inner suite > deep pass', status: 'passed' },
  { id: 'outer suite > inner suite > deep fail', status: 'failed' },
  { id: 'outer suite > inner suite > deep skip', status: 'skipped' },
  { id: 'suite with failing before hook > never runs', status: 'error' },
  { id: 'suite with failing before hook', status: 'error' },
  { id: 'suite with failing after hook > ran fine', status: 'passed' },
  { id: 'suite with failing after hook', status: 'error' },
  { id: 'parent with subtests > sub one', status: 'passed' },
  { id: 'parent with subtests > sub two fails', status: 'failed' },
  { id: 'message with fake TAP lines', status: 'failed' },
  { id: 'suite with failing beforeEach > victim of beforeEach', status: 'error' },
  { id: 'skipped suite', status: 'skipped' },
];

describe('parseTap on captured node --test output', () => {
  it.each(['node20-mixed.tap', 'node18-mixed.tap'])('%s: leaf tests, own suite failures, statuses', (name) => {
    const report = parseTap(readFixture(name));
    expect(report.format).toBe('tap');
    expect(idsAndStatuses(report)).toEqual(NODE_MIXED);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 9, failed: 8, skipped: 4, total: 21 });
  });

  it.each(['node20-mixed.tap', 'node18-mixed.tap'])('%s: messages from YAML diagnostics and directives', (name) => {
    const byId = new Map(parseTap(readFixture(name)).tests.map((test) => [test.id, test]));
    expect(byId.get('outer suite > inner suite > deep fail')?.message).toBe(
      "Expected values to be strictly equal:\n\n'got' !== 'want'\nexpected: want\nactual: got",
    );
    expect(byId.get('compares objects')?.message).toContain('expected:\n  a: 1\n  b:\n    0: 1\n    1: 3');
    expect(byId.get('compares objects')?.message).toContain('actual:\n  a: 1\n  b:\n    0: 1\n    1: 2');
    expect(byId.get('skipped with reason')?.message).toBe('not on this platform');
    expect(byId.get('todo later')?.message).toBe('TODO: write me');
    expect(byId.get('suite with failing before hook')?.message).toBe('database unavailable');
    expect(byId.get('suite with failing after hook')?.message).toBe('cleanup failed');
    expect(byId.get('parent with subtests > sub two fails')?.message).toBe('bad type in sub two');
    expect(byId.get('adds numbers')?.message).toBeUndefined();
    expect(byId.get('adds numbers')?.durationMs).toBeGreaterThan(0);
  });

  it('does not count test points written inside a YAML diagnostic block', () => {
    const report = parseTap(readFixture('node20-mixed.tap'));
    const fake = report.tests.find((test) => test.id === 'message with fake TAP lines');
    expect(fake).toEqual({
      id: 'message with fake TAP lines',
      status: 'failed',
      message: 'multi\nok 99 - fake pass\nnot ok 100 - fake fail\n# pass 50',
      durationMs: expect.any(Number),
    });
    expect(report.tests.map((test) => test.id)).not.toContain('fake pass');
    expect(report.tests.map((test) => test.id)).not.toContain('fake fail');
  });

  it('reads an all-passing run, ignoring stdout that node turned into comments', () => {
    const report = parseTap(readFixture('node20-pass.tap'));
    expect(idsAndStatuses(report)).toEqual([
      { id: 'prints fake lines', status: 'passed' },
      { id: 'plain pass', status: 'passed' },
      { id: 'name with # hash and \\ backslash', status: 'passed' },
      { id: 'name with\\nnewline', status: 'passed' },
    ]);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 4, failed: 0, skipped: 0, total: 4 });
  });
});

describe('parseTap on damaged captured output', () => {
  it('truncated stream: keeps what was complete and warns', () => {
    const report = parseTap(readFixture('garbage-truncated.tap'));
    expect(idsAndStatuses(report)).toEqual([...NODE_MIXED.slice(0, 8), { id: 'todo late', status: 'passed' }]);
    expect(report.warnings).toEqual([
      'no top-level plan line (1..N) found (truncated output?)',
      'line 95: last line has no line end (truncated output?)',
    ]);
    expect(report.summary).toBeUndefined();
  });

  it('interleaved app output: lines inside YAML are ignored, stray test points are flagged as duplicates', () => {
    const report = parseTap(readFixture('garbage-interleaved.tap'));
    expect(idsAndStatuses(report)).toEqual([
      { id: 'prints fake lines', status: 'passed' },
      { id: 'plain pass', status: 'passed' },
      { id: 'printed by the app', status: 'passed' },
      { id: 'name with # hash and \\ backslash', status: 'passed' },
      { id: 'name with\\nnewline', status: 'passed' },
      { id: 'printed by the app', status: 'passed' },
    ]);
    expect(report.warnings).toEqual([
      'line 8: unexpected line inside YAML block (ignored)',
      'line 9: unexpected line inside YAML block (ignored)',
      'line 17: unparseable TAP line',
      'line 26: unexpected line inside YAML block (ignored)',
      'line 27: unexpected line inside YAML block (ignored)',
      'line 35: unparseable TAP line',
      'duplicate test id "printed by the app" appears 2 times',
    ]);
  });
});

describe('parseTap on hand-written TAP', () => {
  it.each([
    ['plain TAP 14', 'TAP version 14\n1..2\nok 1 - a\nnot ok 2 - b\n', [
      { id: 'a', status: 'passed' },
      { id: 'b', status: 'failed' },
    ]],
    ['no numbers or dashes', '1..2\nok first\nnot ok second\n', [
      { id: 'first', status: 'passed' },
      { id: 'second', status: 'failed' },
    ]],
    ['directives in any case', '1..3\nok 1 - a # skip no db\nok 2 - b # Skipped\nnot ok 3 - c # todo later\n', [
      { id: 'a', status: 'skipped', message: 'no db' },
      { id: 'b', status: 'skipped' },
      { id: 'c', status: 'skipped', message: 'TODO: later' },
    ]],
    ['escaped hash is part of the name, a plain comment is not', '1..2\nok 1 - a \\# b\nok 2 - c # just a note\n', [
      { id: 'a # b', status: 'passed' },
      { id: 'c', status: 'passed' },
    ]],
    ['unnamed test point', '1..1\nok 1\n', [{ id: 'test 1', status: 'passed' }]],
  ])('%s', (_name, text, expected) => {
    expect(parseTap(text).tests).toEqual(expected);
  });

  it('a failed parent without failureType is an error case only when no child failed', () => {
    const text = [
      '# Subtest: a', '    ok 1 - a1', '    1..1', 'not ok 1 - a',
      '# Subtest: b', '    not ok 1 - b1', '    1..1', 'not ok 2 - b', '1..2', '',
    ].join('\n');
    expect(idsAndStatuses(parseTap(text))).toEqual([
      { id: 'a > a1', status: 'passed' },
      { id: 'a', status: 'error' },
      { id: 'b > b1', status: 'failed' },
    ]);
  });

  it('a run cut inside subtests keeps the children under their # Subtest: names', () => {
    const text = '# Subtest: outer\n    # Subtest: inner\n        ok 1 - leaf\n        not ok 2 - other\n';
    const report = parseTap(text);
    expect(idsAndStatuses(report)).toEqual([
      { id: 'outer > inner > leaf', status: 'passed' },
      { id: 'outer > inner > other', status: 'failed' },
    ]);
    expect(report.warnings).toEqual([
      'no test point for parent "inner" of 2 subtest(s) (truncated output?)',
      'no test point for parent "outer" of 1 subtest(s) (truncated output?)',
      'no top-level plan line (1..N) found (truncated output?)',
    ]);
  });

  it('an unterminated YAML block swallows the rest of the stream (fail closed)', () => {
    const text = '1..2\nnot ok 1 - a\n  ---\n  error: x\nok 2 - spoof\n';
    const report = parseTap(text);
    expect(report.tests).toEqual([{ id: 'a', status: 'failed', message: 'x' }]);
    expect(report.warnings).toEqual([
      'line 5: unexpected line inside YAML block (ignored)',
      'line 3: unterminated YAML block (everything after it was ignored)',
    ]);
  });

  it.each([
    ['orphan YAML block', '1..1\n# note\n  ---\n  ok 5 - inside\n  ...\nok 1 - a\n', 'line 3: YAML block without a preceding test point (ignored)'],
    ['bail out', '1..2\nok 1 - a\nBail out! database down\n', 'line 3: bail out: database down'],
    ['odd indentation', '1..1\n  ok 1 - a\n', 'line 2: test point indented by 2 spaces, not a multiple of 4'],
    ['garbage line', '1..1\nhello\nok 1 - a\n', 'line 2: unparseable TAP line'],
  ])('%s is reported in warnings', (_name, text, warning) => {
    const report = parseTap(text);
    expect(report.warnings).toContain(warning);
    expect(report.tests.map((test) => test.id)).not.toContain('inside');
  });

  it('duplicate ids are kept and reported', () => {
    const report = parseTap('1..2\nok 1 - same\nnot ok 2 - same\n');
    expect(idsAndStatuses(report)).toEqual([
      { id: 'same', status: 'passed' },
      { id: 'same', status: 'failed' },
    ]);
    expect(report.warnings).toEqual(['duplicate test id "same" appears 2 times']);
  });

  it('a spoofed summary comment from a test is escaped by node and ignored; the last counters win', () => {
    const report = parseTap('1..1\n# \\# pass 1000\n# pass 1000\nok 1 - a\n# tests 1\n# pass 1\n');
    expect(report.summary).toEqual({ passed: 1, failed: 0, skipped: 0, total: 1 });
  });

  it('never throws on empty input', () => {
    expect(parseTap('')).toEqual({ format: 'tap', tests: [], warnings: ['no TAP test points found'] });
  });
});

describe('parseYaml (node diagnostics subset)', () => {
  it('reads scalars, block scalars and nested maps', () => {
    const lines = [
      "  error: 'it''s broken'",
      '  code: "ERR\\tX"',
      '  exitCode: ~',
      '  duration_ms: 1.5',
      '  stack: |-',
      '    line one',
      '      indented',
      '',
      '  expected:',
      '    a: 1',
      '  folded: >',
      '    one',
      '    two',
    ];
    expect(Object.fromEntries(parseYaml(lines, 2))).toEqual({
      error: "it's broken",
      code: 'ERR\tX',
      exitCode: null,
      duration_ms: '1.5',
      stack: 'line one\n  indented',
      expected: 'a: 1',
      folded: 'one two',
    });
  });
});
