import { describe, expect, it } from 'vitest';

import { PARSERS, parseReport, REPORT_FORMATS, type ReportFormat } from '../../src/grade/parsers/index.js';
import { MAX_WARNINGS } from '../../src/grade/parsers/common.js';
import { readFixture } from './fixtures.js';

/** A real captured fixture per format. */
const CLEAN: Array<[ReportFormat, string]> = [
  ['tap', 'node20-pass.tap'],
  ['junit', 'node20-mixed.junit.xml'],
  ['unittest', 'unittest-py311-ok.txt'],
  ['pytest', 'pytest-mixed.txt'],
];

const GARBAGE = [
  'garbage-binary.bin',
  'garbage-truncated.junit.xml',
  'garbage-truncated.tap',
  'garbage-interleaved.tap',
  'garbage-truncated-unittest.txt',
];

/** Every format crossed with every garbage fixture. */
const GARBAGE_MATRIX = REPORT_FORMATS.flatMap((format) => GARBAGE.map((name) => [format, name] as const));

describe('parseReport', () => {
  it('knows exactly the four formats', () => {
    expect(REPORT_FORMATS).toEqual(['tap', 'junit', 'unittest', 'pytest']);
  });

  it.each(CLEAN)('dispatches %s to its parser', (format, name) => {
    const text = readFixture(name);
    const report = parseReport(format, text);
    expect(report.format).toBe(format);
    expect(report).toEqual(PARSERS[format](text));
  });

  it('throws for an unknown format, listing the known ones', () => {
    expect(() => parseReport('xunit' as ReportFormat, '')).toThrow(
      'unknown report format "xunit"; known formats: tap, junit, unittest, pytest',
    );
    expect(() => parseReport('toString' as ReportFormat, '')).toThrow(/known formats: tap, junit, unittest, pytest/);
  });

  it.each(GARBAGE_MATRIX)('%s parser on %s: no throw, warnings present', (format, name) => {
    const report = parseReport(format, readFixture(name));
    expect(report.format).toBe(format);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(report.warnings.length).toBeLessThanOrEqual(MAX_WARNINGS + 1);
    for (const test of report.tests) expect(['passed', 'failed', 'skipped', 'error']).toContain(test.status);
  });

  it.each(REPORT_FORMATS)('%s parser on binary noise finds no tests', (format) => {
    expect(parseReport(format, readFixture('garbage-binary.bin')).tests).toEqual([]);
  });

  it.each(REPORT_FORMATS)('%s parser turns a non-string input into a warning', (format) => {
    expect(parseReport(format, undefined as unknown as string)).toEqual({
      format,
      tests: [],
      warnings: ['input is not a string (got undefined)'],
    });
  });

  it.each([
    ['tap', 'test point nested 50,000 levels deep', `${' '.repeat(200_000)}ok 1 - x\n`],
    ['tap', 'an unterminated YAML block of 100,000 lines', `1..1\nok 1 - a\n  ---\n${'  k: v\n'.repeat(100_000)}`],
    ['unittest', '50,000 chained results on one line', `${'a (b) ... '.repeat(50_000)}\n`],
    ['unittest', 'a docstring line full of separators', `x (y)\n${'doc ...'.repeat(100_000)}\n`],
    ['pytest', 'a huge closing-looking line', `= ${'in 1s '.repeat(100_000)} =\n`],
    ['junit', 'suites nested 50,000 deep', `${'<testsuite name="s">'.repeat(50_000)}<testcase name="t"/>`],
    ['junit', 'half a million stray <', '<'.repeat(500_000)],
  ] as const)('%s parser on hostile input (%s) stays fast and does not throw', (format, _name, text) => {
    const started = performance.now();
    const report = parseReport(format, text);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(report.warnings.join('\n')).not.toMatch(/parser failed unexpectedly/);
  });

  it('caps the number of warnings', () => {
    const report = parseReport('tap', 'x\n'.repeat(500));
    expect(report.warnings).toHaveLength(MAX_WARNINGS + 1);
    expect(report.warnings.at(-1)).toBe('401 more warnings not shown');
  });
});
