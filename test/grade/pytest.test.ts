import { describe, expect, it } from 'vitest';

import { parsePytest } from '../../src/grade/parsers/pytest.js';
import { idsAndStatuses, readFixture } from './fixtures.js';

const HEADER = '=========================== short test summary info ============================';

/** Wraps summary lines into the tail of a pytest run. */
function run(lines: string[], closing: string): string {
  return ['... earlier output ...', HEADER, ...lines, `======= ${closing} =======`, ''].join('\n');
}

describe('parsePytest on captured pytest -rA output', () => {
  it('mixed run: node ids, parametrized ids with spaces, xfail/xpass, teardown error as a duplicate', () => {
    const report = parsePytest(readFixture('pytest-mixed.txt'));
    expect(report.format).toBe('pytest');
    expect(report.tests).toEqual([
      { id: 'tests/test_sample.py::test_pass', status: 'passed' },
      { id: 'tests/test_sample.py::test_teardown_error', status: 'passed' },
      { id: 'tests/test_sample.py::test_param[1-2]', status: 'passed' },
      { id: 'tests/test_sample.py::test_param[2-2]', status: 'passed' },
      { id: 'tests/test_sample.py::test_param[x y-z]', status: 'passed' },
      { id: 'tests/test_sample.py::TestGroup::test_in_class', status: 'passed' },
      { id: 'tests/test_sample.py:15', status: 'skipped', message: 'needs network' },
      { id: 'tests/test_sample.py::test_xfail', status: 'skipped', message: 'xfail: known bug' },
      { id: 'tests/test_sample.py::test_xpass', status: 'passed', message: 'xpass: fixed already' },
      { id: 'tests/test_import_error.py', status: 'error' },
      { id: 'tests/test_sample.py::test_setup_error', status: 'error', message: 'RuntimeError: fixture exploded' },
      { id: 'tests/test_sample.py::test_teardown_error', status: 'error', message: 'RuntimeError: teardown expl...' },
      { id: 'tests/test_sample.py::test_fail', status: 'failed', message: 'assert [1, 2] == [1, 3]' },
      { id: 'tests/test_sample.py::test_xpass_strict', status: 'failed' },
      { id: 'tests/test_sample.py::TestGroup::test_fake_lines', status: 'failed', message: 'AssertionError: boom' },
    ]);
    expect(report.warnings).toEqual(['duplicate test id "tests/test_sample.py::test_teardown_error" appears 2 times']);
    expect(report.summary).toEqual({ passed: 7, failed: 6, skipped: 2, total: 15 });
  });

  it('PASSED lines in captured output and in failure messages are not tests', () => {
    const ids = parsePytest(readFixture('pytest-mixed.txt')).tests.map((test) => test.id);
    for (const spoof of ['test_spoofed_stdout', 'test_spoofed_stderr', 'test_spoofed_msg', 'test_spoofed_summary']) {
      expect(ids).not.toContain(`tests/test_sample.py::${spoof}`);
    }
  });

  it('interrupted collection', () => {
    expect(parsePytest(readFixture('pytest-collection-error.txt'))).toEqual({
      format: 'pytest',
      tests: [{ id: 'tests/test_import_error.py', status: 'error' }],
      warnings: ['line 19: run interrupted: Interrupted: 1 error during collection'],
      summary: { passed: 0, failed: 1, skipped: 0, total: 1 },
    });
  });
});

describe('parsePytest on hand-written summaries', () => {
  it.each([
    ['pytest 8 XPASS with a dash', ['XPASS t.py::test_x - fixed'], '1 xpassed in 0.01s', [
      { id: 't.py::test_x', status: 'passed', message: 'xpass: fixed' },
    ]],
    ['pytest 7.0 XFAIL with an indented reason line', ['XFAIL t.py::test_x', '  reason: known bug'], '1 xfailed in 0.01s', [
      { id: 't.py::test_x', status: 'skipped', message: 'xfail\nreason: known bug' },
    ]],
    ['" - " inside parameter brackets', ['FAILED t.py::test_p[a - b] - assert 0'], '1 failed in 0.01s', [
      { id: 't.py::test_p[a - b]', status: 'failed', message: 'assert 0' },
    ]],
    ['folded skips', ['SKIPPED [3] t.py:10: no gpu'], '3 skipped in 0.01s', [
      { id: 't.py:10', status: 'skipped', message: 'no gpu (3 tests)' },
    ]],
    ['skip with a node id', ['SKIPPED [1] t.py::test_s: no gpu'], '1 skipped in 0.01s', [
      { id: 't.py::test_s', status: 'skipped', message: 'no gpu' },
    ]],
    ['class and nested parametrization', ['PASSED t.py::C::test_y[1-2]', 'ERROR t.py::C::test_z - fixture'], '1 passed, 1 error in 0.01s', [
      { id: 't.py::C::test_y[1-2]', status: 'passed' },
      { id: 't.py::C::test_z', status: 'error', message: 'fixture' },
    ]],
  ])('%s', (_name, lines, closing, expected) => {
    const report = parsePytest(run(lines, closing));
    expect(report.tests).toEqual(expected);
    expect(report.warnings).toEqual([]);
  });

  it('more PASSED lines than the closing line claims is a warning', () => {
    const report = parsePytest(run(['PASSED t.py::test_a', 'PASSED t.py::fake'], '1 passed in 0.01s'));
    expect(report.warnings).toEqual(['2 PASSED in the short test summary but the closing line reports 1 passed']);
    expect(report.summary).toEqual({ passed: 1, failed: 0, skipped: 0, total: 1 });
  });

  it('only the last summary section counts', () => {
    const text = [HEADER, 'PASSED t.py::spoof', 'noise', run(['FAILED t.py::test_a'], '1 failed in 0.01s')].join('\n');
    expect(idsAndStatuses(parsePytest(text))).toEqual([{ id: 't.py::test_a', status: 'failed' }]);
  });

  it.each([
    ['no summary section', '===== 2 passed in 0.01s =====\n', ["no 'short test summary info' section found (was pytest run with -rA?)", '0 PASSED in the short test summary but the closing line reports 2 passed']],
    ['cut before the closing line', `${HEADER}\nPASSED t.py::a\n`, ['no closing counts line found (truncated output?)']],
    ['garbage inside the section', run(['PASSED t.py::a', 'oops'], '1 passed in 0.01s'), ['line 4: unparseable line in short test summary']],
  ])('%s warns', (_name, text, warnings) => {
    expect(parsePytest(text).warnings).toEqual(warnings);
  });
});
