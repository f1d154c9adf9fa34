import { describe, expect, it } from 'vitest';

import { parseJunit } from '../../src/grade/parsers/junit.js';
import { idsAndStatuses, NODE_SAMPLE_DIR, readFixture } from './fixtures.js';

/** Node's JUnit reporter for sources/node: suite path + name, same on Node 18 and Node 20. */
const NODE_MIXED = [
  { id: 'prints fake lines', status: 'passed' },
  { id: 'plain pass', status: 'passed' },
  { id: 'name with # hash and \\ backslash', status: 'passed' },
  { id: 'name withnewline', status: 'passed' },
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
  { id: 'suite with failing after hook > ran fine', status: 'passed' },
  { id: 'parent with subtests > sub one', status: 'passed' },
  { id: 'parent with subtests > sub two fails', status: 'failed' },
  { id: 'message with fake TAP lines', status: 'failed' },
  { id: 'suite with failing beforeEach > victim of beforeEach', status: 'error' },
  { id: 'skipped suite', status: 'skipped' },
  { id: 'empty suite', status: 'passed' },
];

/** pytest --junitxml for sources/pytest: `classname > name`, or the bare name when classname is empty. */
const PYTEST_MIXED = [
  { id: 'tests.test_import_error', status: 'error' },
  { id: 'tests.test_sample > test_pass', status: 'passed' },
  { id: 'tests.test_sample > test_fail', status: 'failed' },
  { id: 'tests.test_sample > test_skip', status: 'skipped' },
  { id: 'tests.test_sample > test_xfail', status: 'skipped' },
  { id: 'tests.test_sample > test_xpass', status: 'passed' },
  { id: 'tests.test_sample > test_xpass_strict', status: 'failed' },
  { id: 'tests.test_sample > test_setup_error', status: 'error' },
  { id: 'tests.test_sample > test_teardown_error', status: 'error' },
  { id: 'tests.test_sample > test_param[1-2]', status: 'passed' },
  { id: 'tests.test_sample > test_param[2-2]', status: 'passed' },
  { id: 'tests.test_sample > test_param[x y-z]', status: 'passed' },
  { id: 'tests.test_sample.TestGroup > test_in_class', status: 'passed' },
  { id: 'tests.test_sample.TestGroup > test_fake_lines', status: 'failed' },
];

describe('parseJunit on captured reports', () => {
  it.each(['node20-mixed.junit.xml', 'node18-mixed.junit.xml'])('%s: node style ids from nested suites', (name) => {
    const report = parseJunit(readFixture(name));
    expect(report.format).toBe('junit');
    expect(idsAndStatuses(report)).toEqual(NODE_MIXED);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 9, failed: 8, skipped: 4, total: 21 });
  });

  it('node: messages come from the message attribute, durations from time', () => {
    const byId = new Map(parseJunit(readFixture('node20-mixed.junit.xml')).tests.map((t) => [t.id, t]));
    expect(byId.get('outer suite > inner suite > deep fail')).toEqual({
      id: 'outer suite > inner suite > deep fail',
      status: 'failed',
      message: "Expected values to be strictly equal:'got' !== 'want'",
      durationMs: 0.336,
    });
    expect(byId.get('skipped with reason')?.message).toBe('not on this platform');
    expect(byId.get('suite with failing beforeEach > victim of beforeEach')?.message).toBe('failed running beforeEach hook');
  });

  it('pytest --junitxml: classname ids, xfail as skipped, errors', () => {
    const report = parseJunit(readFixture('pytest-mixed.junit.xml'));
    expect(idsAndStatuses(report)).toEqual(PYTEST_MIXED);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 7, failed: 6, skipped: 2, total: 15 });
    const byId = new Map(report.tests.map((t) => [t.id, t]));
    expect(byId.get('tests.test_sample > test_fail')?.message).toBe(
      'assert [1, 2] == [1, 3]\n  At index 1 diff: 2 != 3\n  Use -v to get more diff',
    );
    expect(byId.get('tests.test_sample > test_setup_error')?.message).toBe('failed on setup with "RuntimeError: fixture exploded"');
    expect(byId.get('tests.test_sample > test_xfail')?.message).toBe('known bug');
  });

  it('pytest collection error only', () => {
    const report = parseJunit(readFixture('pytest-collection-error.junit.xml'));
    expect(report.tests).toEqual([{ id: 'tests.test_import_error', status: 'error', message: 'collection failure', durationMs: 0 }]);
    expect(report.summary).toEqual({ passed: 0, failed: 1, skipped: 0, total: 1 });
  });

  it('truncated XML: keeps the complete cases and warns', () => {
    const report = parseJunit(readFixture('garbage-truncated.junit.xml'));
    expect(idsAndStatuses(report)).toEqual(NODE_MIXED.slice(0, 7));
    expect(report.warnings).toEqual(['unclosed element(s) at end of input (truncated XML?): <testsuites>, <testcase>, <failure>']);
    expect(report.summary).toBeUndefined();
  });
});

describe('parseJunit on hand-written XML', () => {
  it('generic nested suites with classnames, entities, CDATA and comments', () => {
    const xml = `<?xml version="1.0"?>
<!DOCTYPE testsuites [ <!ELEMENT testsuites ANY> ]>
<testsuites tests="4" failures="1" errors="1" skipped="1">
  <!-- generated -->
  <testsuite name="outer">
    <testsuite name="inner">
      <testcase classname="a.B" name="t&lt;1&gt; &amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;" time="0.5"/>
      <testcase classname="a.B" name="fails"><failure message="">  <![CDATA[boom <not a tag>]]>  </failure></testcase>
      <testcase classname="a.B" name="errs"><error type="E" message="bad&#10;line"/></testcase>
      <testcase classname="a.B" name="skips"><skipped/><system-out><testcase name="fake"/></system-out></testcase>
    </testsuite>
  </testsuite>
</testsuites>`;
    const report = parseJunit(xml);
    expect(report.tests).toEqual([
      { id: 'a.B > t<1> & "q" \'s\' AB', status: 'passed', durationMs: 500 },
      { id: 'a.B > fails', status: 'failed', message: 'boom <not a tag>' },
      { id: 'a.B > errs', status: 'error', message: 'bad\nline' },
      { id: 'a.B > skips', status: 'skipped' },
    ]);
    expect(report.warnings).toEqual([]);
    expect(report.summary).toEqual({ passed: 1, failed: 2, skipped: 1, total: 4 });
  });

  it.each([
    ['no classname attribute: suite path + name', '<testsuite name="S"><testcase name="t"/></testsuite>', 'S > t'],
    ['empty classname: name alone', '<testsuite name="pytest"><testcase classname="" name="mod"/></testsuite>', 'mod'],
    ['classname: classname > name', '<testsuite name="S"><testcase classname="C" name="t"/></testsuite>', 'C > t'],
    ['node style: classname "test" everywhere', '<testsuites><testsuite name="D"><testcase classname="test" name="t"/></testsuite></testsuites>', 'D > t'],
  ])('%s', (_name, xml, id) => {
    expect(parseJunit(xml).tests.map((test) => test.id)).toEqual([id]);
  });

  it('summary falls back to the sum of child suites', () => {
    const xml = '<testsuites><testsuite tests="2" failures="1"><testcase classname="c" name="a"/><testcase classname="c" name="b"><failure/></testcase></testsuite><testsuite tests="1" skipped="1"><testcase classname="c" name="s"><skipped/></testcase></testsuite></testsuites>';
    expect(parseJunit(xml).summary).toEqual({ passed: 1, failed: 1, skipped: 1, total: 3 });
  });

  it.each([
    ['mismatched end tag', '<testsuites><testsuite name="s"><testcase classname="c" name="t"></testsuite></testsuites>', 'end tag </testsuite> also closes <testcase>'],
    ['unexpected end tag', '<testsuites><testcase classname="c" name="t"/></nope></testsuites>', 'unexpected end tag </nope> ignored'],
    ['stray text around the root', 'npm WARN something\n<testsuites><testcase classname="c" name="t"/></testsuites>', 'text outside the root element ignored'],
    ['unknown entity', '<testsuites><testcase classname="c" name="a&nbsp;b"/></testsuites>', 'unknown entity &nbsp; kept as text'],
    ['no test cases', '<testsuites/>', 'no <testcase> elements found'],
    ['not XML at all', 'Segmentation fault (core dumped)', 'no XML root element found'],
  ])('%s is reported in warnings', (_name, xml, warning) => {
    expect(parseJunit(xml).warnings).toContain(warning);
  });

  it('duplicate ids are kept and reported', () => {
    const report = parseJunit('<testsuite><testcase classname="c" name="t"/><testcase classname="c" name="t"><failure/></testcase></testsuite>');
    expect(idsAndStatuses(report)).toEqual([
      { id: 'c > t', status: 'passed' },
      { id: 'c > t', status: 'failed' },
    ]);
    expect(report.warnings).toEqual(['duplicate test id "c > t" appears 2 times']);
  });
});
