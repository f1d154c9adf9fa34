import { describe, expect, it } from 'vitest';

import { normalizeUnittestId, parseUnittest } from '../../src/grade/parsers/unittest.js';
import { idsAndStatuses, readFixture } from './fixtures.js';

const SEP1 = '='.repeat(70);
const SEP2 = '-'.repeat(70);

/** The sample tests of sources/unittest, in the order Python 3.11+ runs them. */
const PY311_ORDER = [
  { id: 'unittest.loader._FailedTest.pkg.test_broken_import', status: 'error' },
  { id: 'pkg.test_calc.BrokenSetup.setUpClass', status: 'error' },
  { id: 'pkg.test_calc.CalcTests.test_add', status: 'passed' },
  { id: 'pkg.test_calc.CalcTests.test_documented', status: 'passed' },
  { id: 'pkg.test_calc.CalcTests.test_fails', status: 'failed' },
  { id: 'pkg.test_calc.CalcTests.test_fake_lines_in_message', status: 'failed' },
  { id: 'pkg.test_calc.CalcTests.test_fixed_bug', status: 'failed' },
  { id: 'pkg.test_calc.CalcTests.test_known_bug', status: 'skipped' },
  { id: 'pkg.test_calc.CalcTests.test_noisy', status: 'passed' },
  { id: 'pkg.test_calc.CalcTests.test_raises', status: 'error' },
  { id: 'pkg.test_calc.CalcTests.test_skipped', status: 'skipped' },
  { id: 'pkg.test_calc.CalcTests.test_subtests', status: 'failed' },
  { id: 'pkg.test_calc.SkippedClass.test_never', status: 'skipped' },
];

/** Python 3.10 prints no result line for setUpClass; its id comes from the ERROR section. */
const PY310_ORDER = [PY311_ORDER[0], ...PY311_ORDER.slice(2), PY311_ORDER[1]];

const SUMMARY = { passed: 1, failed: 8, skipped: 3, total: 12 };

describe('normalizeUnittestId', () => {
  it.each([
    ['test_x (pkg.mod.Class)', 'pkg.mod.Class.test_x'],
    ['test_x (pkg.mod.Class.test_x)', 'pkg.mod.Class.test_x'],
    ['pkg.mod.Class.test_x', 'pkg.mod.Class.test_x'],
    ['  test_x (pkg.mod.Class.test_x) (i=2)  ', 'pkg.mod.Class.test_x'],
    ["test_x (pkg.mod.Class) (msg='a (b)', i=1)", 'pkg.mod.Class.test_x'],
    ['setUpClass (pkg.mod.Class)', 'pkg.mod.Class.setUpClass'],
    ['setUpModule (pkg.mod)', 'pkg.mod.setUpModule'],
    ['pkg.broken (unittest.loader._FailedTest)', 'unittest.loader._FailedTest.pkg.broken'],
    ['pkg.broken (unittest.loader._FailedTest.pkg.broken)', 'unittest.loader._FailedTest.pkg.broken'],
    ['not a description', 'not a description'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeUnittestId(input)).toBe(expected);
  });
});

describe('parseUnittest on captured python -m unittest -v output', () => {
  it.each([
    ['unittest-py311.txt', PY311_ORDER],
    ['unittest-py313.txt', PY311_ORDER],
    ['unittest-py310.txt', PY310_ORDER],
  ])('%s: canonical ids and statuses', (name, expected) => {
    const report = parseUnittest(readFixture(name));
    expect(report.format).toBe('unittest');
    expect(idsAndStatuses(report)).toEqual(expected);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual(SUMMARY);
  });

  it.each(['unittest-py310.txt', 'unittest-py311.txt', 'unittest-py313.txt'])('%s: messages from sections and status lines', (name) => {
    const byId = new Map(parseUnittest(readFixture(name)).tests.map((test) => [test.id, test]));
    expect(byId.get('pkg.test_calc.CalcTests.test_skipped')).toEqual({
      id: 'pkg.test_calc.CalcTests.test_skipped',
      status: 'skipped',
      message: 'needs network',
    });
    expect(byId.get('pkg.test_calc.CalcTests.test_known_bug')?.message).toBe('expected failure');
    expect(byId.get('pkg.test_calc.CalcTests.test_fixed_bug')?.message).toBe('unexpected success');
    expect(byId.get('pkg.test_calc.CalcTests.test_raises')?.message).toMatch(/ValueError: bad value in test_raises$/);
    expect(byId.get('pkg.test_calc.CalcTests.test_fails')?.message).toMatch(/^Traceback[\s\S]*AssertionError: Lists differ/);
    expect(byId.get('pkg.test_calc.BrokenSetup.setUpClass')?.message).toMatch(/RuntimeError: setUpClass exploded$/);
    expect(byId.get('unittest.loader._FailedTest.pkg.test_broken_import')?.message).toMatch(/^ImportError: Failed to import test module/);
    const subtests = byId.get('pkg.test_calc.CalcTests.test_subtests')?.message ?? '';
    expect(subtests).toMatch(/^subTest \(i=2\):\nTraceback[\s\S]*AssertionError: 2 unexpectedly found[\s\S]*\n\nsubTest \(i=3\):\n/);
    expect(byId.get('pkg.test_calc.CalcTests.test_add')?.message).toBeUndefined();
  });

  it('lines inside a traceback (fake result lines, a fake section without its dash line) are not tests', () => {
    const report = parseUnittest(readFixture('unittest-py311.txt'));
    const ids = report.tests.map((test) => test.id);
    expect(ids).not.toContain('pkg.test_calc.Fake.test_fake');
    expect(ids).not.toContain('pkg.test_calc.Fake.test_more');
    const message = report.tests.find((test) => test.id.endsWith('test_fake_lines_in_message'))?.message ?? '';
    expect(message).toContain('test_fake (pkg.test_calc.Fake.test_fake) ... ok');
    expect(message).toContain('FAIL: test_more (pkg.test_calc.Fake.test_more)\nRan 99 tests\nOK');
  });

  it('all-passing run with a docstring test', () => {
    expect(parseUnittest(readFixture('unittest-py311-ok.txt'))).toEqual({
      format: 'unittest',
      tests: [
        { id: 'pkg.test_calc.CalcTests.test_add', status: 'passed' },
        { id: 'pkg.test_calc.CalcTests.test_documented', status: 'passed' },
      ],
      warnings: [],
      summary: { passed: 2, failed: 0, skipped: 0, total: 2 },
    });
  });

  it('truncated output keeps the results read and warns', () => {
    const report = parseUnittest(readFixture('garbage-truncated-unittest.txt'));
    expect(idsAndStatuses(report)).toEqual(PY311_ORDER);
    expect(report.warnings).toEqual(["no 'Ran N tests' line found (truncated output?)"]);
    expect(report.summary).toBeUndefined();
  });
});

describe('parseUnittest on hand-written output', () => {
  /** Wraps result lines and sections into a complete run. */
  function run(results: string[], sections: string[] = [], outcome = 'OK'): string {
    return [...results, '', ...sections, SEP2, 'Ran 3 tests in 0.001s', '', outcome, ''].join('\n');
  }

  it.each([
    ['docstring containing " ... "', ['test_a (m.C.test_a)', 'Waits ... then checks. ... ok'], [{ id: 'm.C.test_a', status: 'passed' }]],
    ['status on a later line after output', ['test_a (m.C.test_a) ... some output', 'more output', 'FAIL'], [{ id: 'm.C.test_a', status: 'failed' }]],
    ['subtest skip then the test passes', ["test_a (m.C.test_a) ... ", "  test_a (m.C.test_a) (i=1) ... skipped 'odd'", 'test_a (m.C.test_a) ... ok'], [
      { id: 'm.C.test_a', status: 'passed', message: "subTest (i=1): odd" },
    ]],
    ['subtest failure then the test errors', ['test_a (m.C.test_a) ... ', '  test_a (m.C.test_a) (i=1) ... FAIL', 'test_a (m.C.test_a) ... ERROR'], [
      { id: 'm.C.test_a', status: 'error' },
    ]],
    ['3.10 style: a test with failed subtests prints no status', ['test_a (m.C) ... test_b (m.C) ... ok'], [
      { id: 'm.C.test_a', status: 'error', message: 'no result was printed for this test' },
      { id: 'm.C.test_b', status: 'passed' },
    ]],
  ])('%s', (_name, results, expected) => {
    expect(parseUnittest(run(results)).tests).toEqual(expected);
  });

  it('several unexpected successes under one separator', () => {
    const text = run(
      ['test_a (m.C.test_a) ... unexpected success', 'test_b (m.C.test_b) ... unexpected success'],
      [SEP1, 'UNEXPECTED SUCCESS: test_a (m.C.test_a)', 'UNEXPECTED SUCCESS: test_b (m.C.test_b)'],
      'FAILED (unexpected successes=2)',
    );
    const report = parseUnittest(text);
    expect(idsAndStatuses(report)).toEqual([
      { id: 'm.C.test_a', status: 'failed' },
      { id: 'm.C.test_b', status: 'failed' },
    ]);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 1, failed: 2, skipped: 0, total: 3 });
  });

  it('a section can make a passing test fail, never the other way round', () => {
    const text = run(
      ['test_a (m.C.test_a) ... ok'],
      [SEP1, 'FAIL: test_a (m.C.test_a)', 'Docstring line', SEP2, 'AssertionError: no', '', SEP1, 'ERROR: test_z (m.C.test_z)', SEP2, 'boom', ''],
      'FAILED (failures=1, errors=1)',
    );
    const report = parseUnittest(text);
    expect(report.tests).toEqual([
      { id: 'm.C.test_a', status: 'failed', message: 'AssertionError: no' },
      { id: 'm.C.test_z', status: 'error', message: 'boom' },
    ]);
    expect(report.warnings).toEqual(['section for "m.C.test_z", which has no result line']);
  });

  it('result-looking lines after the first section are not read', () => {
    const text = run(['test_a (m.C.test_a) ... FAIL'], [SEP1, 'FAIL: test_a (m.C.test_a)', SEP2, 'test_fake (m.C.test_fake) ... ok', '']);
    expect(idsAndStatuses(parseUnittest(text))).toEqual([{ id: 'm.C.test_a', status: 'failed' }]);
  });

  it('duplicate ids are kept and reported', () => {
    const report = parseUnittest(run(['test_a (m.C.test_a) ... ok', 'test_a (m.C.test_a) ... ok']));
    expect(idsAndStatuses(report)).toEqual([
      { id: 'm.C.test_a', status: 'passed' },
      { id: 'm.C.test_a', status: 'passed' },
    ]);
    expect(report.warnings).toEqual(['duplicate test id "m.C.test_a" appears 2 times']);
  });

  it('NO TESTS RAN and empty input warn', () => {
    expect(parseUnittest('\nRan 0 tests in 0.000s\n\nNO TESTS RAN\n').warnings).toEqual(['no unittest results found']);
    expect(parseUnittest('').warnings).toEqual(["no 'Ran N tests' line found (truncated output?)", 'no unittest results found']);
  });
});
