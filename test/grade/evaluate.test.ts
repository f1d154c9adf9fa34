import { describe, expect, it } from 'vitest';
import { evaluateReport } from '../../src/grade/evaluate.js';
import type { ParsedReport, TestCaseResult } from '../../src/grade/parsers/types.js';

const report = (tests: TestCaseResult[]): ParsedReport => ({ format: 'tap', tests, warnings: [] });
const pass = (id: string): TestCaseResult => ({ id, status: 'passed' });
const fail = (id: string, message?: string): TestCaseResult => ({ id, status: 'failed', ...(message ? { message } : {}) });

describe('evaluateReport', () => {
  it('resolves when every FAIL_TO_PASS and PASS_TO_PASS test passes and the exit code agrees', () => {
    const e = evaluateReport(report([pass('a'), pass('b'), pass('c')]), 0, false, ['a'], ['b', 'c']);
    expect(e).toMatchObject({ resolved: true, f2p: { passed: 1, total: 1, value: 1 }, p2p: { passed: 2, total: 2, value: 1 }, inconsistencies: [] });
    expect(e.rationale).toBe('resolved: 1/1 FAIL_TO_PASS pass; 2/2 PASS_TO_PASS pass');
  });

  it('names the failing tests with their messages', () => {
    const e = evaluateReport(report([pass('leap a'), fail('parses leap day', 'expected 29, got 28\n\n'), pass('p')]), 1, false, ['leap a', 'parses leap day', 'missing one'], ['p']);
    expect(e.resolved).toBe(false);
    expect(e.f2p).toEqual({ passed: 1, total: 3, value: 1 / 3 });
    expect(e.rationale).toBe('not resolved: 1/3 FAIL_TO_PASS pass; `parses leap day` fails (expected 29, got 28); `missing one` is missing (not in the report (the test did not run)); 1/1 PASS_TO_PASS pass');
  });

  it.each([
    ['skipped F2P fails, skipped P2P passes', [{ id: 'f', status: 'skipped' }, { id: 'p', status: 'skipped' }] as TestCaseResult[], 0, { f2p: 0, p2p: 1 }],
    ['an id reported twice fails', [pass('f'), pass('f'), pass('p')], 0, { f2p: 0, p2p: 1 }],
  ])('%s', (_label, tests, exit, values) => {
    const e = evaluateReport(report(tests), exit, false, ['f'], ['p']);
    expect({ f2p: e.f2p.value, p2p: e.p2p.value }).toEqual(values);
    expect(e.resolved).toBe(false);
  });

  it.each([
    ['exit 0 with a failure reported', [pass('f'), fail('other')], 0, 'the runner exited 0 although the report shows 1 failing test(s)'],
    ['non-zero exit with everything passing', [pass('f'), pass('p')], 1, 'the runner exited 1 although every reported test passed (early exit, crash, or output not written by the runner)'],
    ['an empty report', [], 0, 'the report holds no test results'],
  ])('voids the run on %s', (_label, tests, exit, problem) => {
    const e = evaluateReport(report(tests), exit, false, ['f'], []);
    expect(e.inconsistencies).toContain(problem);
    expect(e.resolved).toBe(false);
  });

  it('treats empty lists as fully passed (refactor tasks with only PASS_TO_PASS)', () => {
    const e = evaluateReport(report([pass('p')]), 0, false, [], ['p']);
    expect(e).toMatchObject({ resolved: true, f2p: { passed: 0, total: 0, value: 1 } });
  });
});
