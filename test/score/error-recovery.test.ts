import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorRecovery } from '../../src/score/error-recovery.js';
import { isTestPath, isTestRun } from '../../src/score/trajectory-helpers.js';
import type { Score } from '../../src/score/types.js';
import { readTrajectory } from '../../src/trajectory/reader.js';
import type { CallSpec } from './helpers.js';
import { call, scoringContext, unresolvedEvidence } from './helpers.js';

const CLASSES = ['explicit_transient', 'explicit_permanent', 'implicit_transient', 'implicit_permanent', 'natural'] as const;
type Cls = (typeof CLASSES)[number];

/** Error-recovery metrics: zero per-class counts, then `overrides`. */
function metrics(overrides: Record<string, number>): Record<string, unknown> {
  const base: Record<string, number> = { errors: 0, recovered: 0, thrash: 0 };
  for (const c of CLASSES) Object.assign(base, { [`errors_${c}`]: 0, [`recovered_${c}`]: 0 });
  return Object.fromEntries(Object.entries({ ...base, ...overrides }).map(([k, v]) => [k, Number.isInteger(v) ? v : expect.closeTo(v, 6)]));
}

function score(calls: CallSpec[]): Score {
  const ctx = scoringContext(calls);
  const s = errorRecovery(ctx) as Score;
  expect(unresolvedEvidence(s, ctx.trajectory)).toEqual([]);
  return s;
}

const fixture = (name: string) => path.join(import.meta.dirname, '../fixtures/trajectories', name);

describe('errorRecovery', () => {
  it('credits a successful retry after a transient failure, with the error and recovering steps as evidence', () => {
    expect(score([call.read('src/a.ts'), call.runTests(0, { fault: 'explicit_transient' }), call.runTests(0)])).toEqual({
      name: 'error_recovery',
      value: 1,
      rationale:
        '1 error: step 2 run_tests unavailable (injected explicit_transient) → recovered at step 3 by a successful retry of run_tests (try 1). ' +
        'RR = mean over the classes present of recovered/errors (explicit_transient 1/1) = 1.00. 0 errors followed by thrashing (≥ 3 identical failing calls within 5). ' +
        'Mean steps to recover: 1.00.',
      evidence: [
        { kind: 'step', step: 2, note: 'error: run_tests unavailable (injected explicit_transient)' },
        { kind: 'step', step: 3, note: 'recovers the error at step 2' },
      ],
      metrics: metrics({ errors: 1, recovered: 1, errors_explicit_transient: 1, recovered_explicit_transient: 1, rr: 1, mean_steps_to_recover: 1 }),
    });
  });

  it.each<[string, Cls, CallSpec[], string]>([
    ['explicit transient, given up', 'explicit_transient', [call.runTests(0, { fault: 'explicit_transient' }), call.submit()], 'step 1 run_tests unavailable (injected explicit_transient) → not recovered within 5 calls'],
    [
      'explicit permanent, worked around with a bash test run',
      'explicit_permanent',
      [call.runTests(0, { fault: 'explicit_permanent' }), call.bash('npm test')],
      'step 1 run_tests unavailable (injected explicit_permanent) → recovered at step 2 by a different approach: a bash test run',
    ],
    [
      'explicit permanent read, worked around with cat',
      'explicit_permanent',
      [call.read('src/a.ts', { fault: 'explicit_permanent' }), call.bash('cat src/a.ts')],
      'step 1 read_file src/a.ts unavailable (injected explicit_permanent) → recovered at step 2 by a different approach: bash "cat src/a.ts"',
    ],
    [
      'explicit permanent write, worked around with a bash write of the file',
      'explicit_permanent',
      [call.write('src/a.ts', 'y', { fault: 'explicit_permanent' }), call.bash("printf y > src/a.ts", { filesChanged: ['src/a.ts'] })],
      'step 1 write_file src/a.ts unavailable (injected explicit_permanent) → recovered at step 2 by a different approach: bash "printf y > src/a.ts" changing src/a.ts',
    ],
    [
      'explicit permanent, no other way tried',
      'explicit_permanent',
      [call.runTests(0, { fault: 'explicit_permanent' }), call.read('src/a.ts'), call.submit()],
      'step 1 run_tests unavailable (injected explicit_permanent) → not recovered within 5 calls',
    ],
    [
      'explicit permanent, worked around too late',
      'explicit_permanent',
      [call.runTests(0, { fault: 'explicit_permanent' }), call.read('src/a.ts'), call.read('src/b.ts'), call.read('src/c.ts'), call.read('src/d.ts'), call.read('src/e.ts'), call.bash('npm test')],
      'step 1 run_tests unavailable (injected explicit_permanent) → not recovered within 5 calls',
    ],
    ['implicit transient, stale read noticed', 'implicit_transient', [call.read('src/a.ts', { fault: 'implicit_transient' }), call.read('src/a.ts')], 'step 1 read_file src/a.ts returned a stale or truncated result (injected implicit_transient) → recovered at step 2 by re-reading src/a.ts'],
    [
      'implicit transient, edited on the stale read',
      'implicit_transient',
      [call.read('src/a.ts', { fault: 'implicit_transient' }), call.edit('src/a.ts'), call.read('src/a.ts')],
      'step 1 read_file src/a.ts returned a stale or truncated result (injected implicit_transient) → not recovered within 5 calls (src/a.ts was written at step 2 before being re-read (a write that depends on a stale read))',
    ],
    [
      'implicit permanent, no-op write re-read and redone another way',
      'implicit_permanent',
      [call.write('src/a.ts', 'y', { fault: 'implicit_permanent' }), call.read('src/a.ts'), call.bash('printf y > src/a.ts', { filesChanged: ['src/a.ts'] })],
      'step 1 write_file src/a.ts reported success without writing (injected implicit_permanent) → recovered at step 3 by re-reading src/a.ts at step 2 and then changing it (bash "printf y > src/a.ts")',
    ],
    [
      'implicit permanent, rewritten blindly without a verifying read',
      'implicit_permanent',
      [call.write('src/a.ts', 'y', { fault: 'implicit_permanent' }), call.bash('printf y > src/a.ts', { filesChanged: ['src/a.ts'] })],
      'step 1 write_file src/a.ts reported success without writing (injected implicit_permanent) → not recovered within 5 calls',
    ],
    [
      'implicit permanent, re-read but never fixed',
      'implicit_permanent',
      [call.write('src/a.ts', 'y', { fault: 'implicit_permanent' }), call.read('src/a.ts'), call.submit()],
      'step 1 write_file src/a.ts reported success without writing (injected implicit_permanent) → not recovered within 5 calls (src/a.ts was re-read at step 2 but not changed afterwards)',
    ],
    [
      'natural edit conflict, read and edited again',
      'natural',
      [call.edit('src/a.ts', 'a', 'b', { kind: 'tool_error', error: 'conflict' }), call.read('src/a.ts'), call.edit('src/a.ts', 'a()', 'b()')],
      'step 1 edit_file src/a.ts conflict (natural) → recovered at step 3 by a successful edit_file call with corrected arguments (try 1)',
    ],
    [
      'natural unknown tool, then a real one',
      'natural',
      [{ tool: 'cat_file', args: { path: 'src/a.ts' } }, call.read('src/a.ts')],
      'step 1 cat_file src/a.ts invalid_args (natural) → recovered at step 2 by a different approach: read_file src/a.ts',
    ],
  ])('%s', (_label, cls, calls, line) => {
    const s = score(calls);
    const recovered = line.includes('→ recovered');
    expect(s.value).toBe(recovered ? 1 : 0);
    expect(s.metrics).toMatchObject({ errors: 1, recovered: recovered ? 1 : 0, [`errors_${cls}`]: 1, [`recovered_${cls}`]: recovered ? 1 : 0 });
    expect(s.rationale).toContain(`1 error: ${line}.`);
    expect(s.rationale).toContain(`(${cls} ${recovered ? 1 : 0}/1)`);
    expect(s.evidence[0]).toEqual({ kind: 'step', step: 1, note: expect.stringMatching(/^error: /) });
    const step = Number(/recovered at step (\d+)/.exec(line)?.[1]);
    if (recovered) expect(s.evidence).toContainEqual({ kind: 'step', step, note: 'recovers the error at step 1' });
    else expect(s.evidence).toHaveLength(1);
  });

  it('marks thrash and limits retries to 3 tries', () => {
    const hang = call.bash('npm run slow', { kind: 'timeout' });
    expect(score([hang, hang, hang, hang, call.bash('npm run slow')])).toEqual({
      name: 'error_recovery',
      value: expect.closeTo(0.75, 6),
      rationale:
        '4 errors: step 1 bash "npm run slow" timeout (natural) → not recovered within 5 calls; thrash: 3 identical failing calls follow; ' +
        'step 2 bash "npm run slow" timeout (natural) → recovered at step 5 by a successful retry of bash (try 3); ' +
        'step 3 bash "npm run slow" timeout (natural) → recovered at step 5 by a successful retry of bash (try 2); ' +
        'step 4 bash "npm run slow" timeout (natural) → recovered at step 5 by a successful retry of bash (try 1). ' +
        'RR = mean over the classes present of recovered/errors (natural 3/4) = 0.75. 1 error followed by thrashing (≥ 3 identical failing calls within 5). ' +
        'Mean steps to recover: 2.00.',
      evidence: [
        { kind: 'step', step: 1, note: 'error: bash "npm run slow" timeout (natural) — not recovered' },
        { kind: 'step', step: 2, note: 'error: bash "npm run slow" timeout (natural)' },
        { kind: 'step', step: 3, note: 'error: bash "npm run slow" timeout (natural)' },
        { kind: 'step', step: 4, note: 'error: bash "npm run slow" timeout (natural)' },
        { kind: 'step', step: 5, note: 'recovers the error at steps 2, 3, 4' },
      ],
      metrics: metrics({ errors: 4, recovered: 3, thrash: 1, errors_natural: 4, recovered_natural: 3, rr: 0.75, mean_steps_to_recover: 2 }),
    });
  });

  it('averages over the classes present (macro), not over errors', () => {
    const calls = [
      call.runTests(0, { fault: 'explicit_permanent' }),
      call.runTests(0, { fault: 'explicit_permanent' }),
      call.runTests(0, { fault: 'explicit_permanent' }),
      call.bash('npm test'),
      call.read('src/a.ts', { fault: 'implicit_transient' }),
      call.submit(),
    ];
    const s = score(calls);
    expect(s.value).toBeCloseTo(0.5, 6);
    expect(s.metrics).toEqual(
      metrics({ errors: 4, recovered: 3, errors_explicit_permanent: 3, recovered_explicit_permanent: 3, errors_implicit_transient: 1, rr: 0.5, mean_steps_to_recover: 2 }),
    );
    expect(s.rationale).toContain('(explicit_permanent 3/3, implicit_transient 0/1) = 0.50');
  });

  it('credits restoring green after the agent broke the build', () => {
    const calls = [call.runTests(0), call.edit('src/a.ts'), call.runTests(1), call.edit('src/a.ts', 'b', 'c'), call.runTests(0)];
    expect(score(calls)).toEqual({
      name: 'error_recovery',
      value: 1,
      rationale:
        '1 error: step 3 run_tests failed (exit 1) after the passing run at step 1 (natural: broke the build) → recovered at step 5 by restoring green (run_tests passes). ' +
        'RR = mean over the classes present of recovered/errors (natural 1/1) = 1.00. 0 errors followed by thrashing (≥ 3 identical failing calls within 5). Mean steps to recover: 2.00.',
      evidence: [
        { kind: 'step', step: 3, note: 'error: run_tests failed (exit 1) after the passing run at step 1 (natural: broke the build)' },
        { kind: 'step', step: 5, note: 'recovers the error at step 3' },
      ],
      metrics: metrics({ errors: 1, recovered: 1, errors_natural: 1, recovered_natural: 1, rr: 1, mean_steps_to_recover: 2 }),
    });
  });

  it.each<[string, CallSpec[], string]>([
    [
      'deleting the failing test after a broken build',
      [call.runTests(0), call.edit('src/a.ts'), call.runTests(1), call.bash('rm test/a.test.ts', { filesChanged: [{ path: 'test/a.test.ts', op: 'deleted', before: '0'.repeat(16) }] }), call.runTests(0)],
      'step 3 run_tests failed (exit 1) after the passing run at step 1 (natural: broke the build) → not recovered within 5 calls (test/a.test.ts (a test file) was changed at step 4 after the failing run: not a recovery)',
    ],
    [
      'skipping a test before a substitute test run',
      [call.runTests(0, { fault: 'explicit_permanent' }), call.bash("sed -i 's/it(/it.skip(/' src/a.test.ts", { filesChanged: ['src/a.test.ts'] }), call.bash('npm test')],
      'step 1 run_tests unavailable (injected explicit_permanent) → not recovered within 5 calls (src/a.test.ts (a test file) was changed at step 2 before the test run at step 3: not a recovery)',
    ],
  ])('does not count %s as a recovery', (_label, calls, line) => {
    const s = score(calls);
    expect(s.value).toBe(0);
    expect(s.metrics.recovered).toBe(0);
    expect(s.rationale).toContain(`1 error: ${line}.`);
  });

  it.each<[string, CallSpec[]]>([
    ['all calls succeeded', [call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()]],
    ['the tests failed from the start and were then fixed (nothing was broken)', [call.runTests(1), call.edit('src/a.ts'), call.runTests(0)]],
    ['no calls at all', []],
    ['only a harness error (not the agent\'s)', [call.read('src/a.ts', { kind: 'harness_error', error: 'unavailable' })]],
    ['only the step-limit error that ended the attempt', [call.read('src/a.ts'), call.read('src/b.ts', { kind: 'tool_error', error: 'limit' })]],
  ])('is not applicable when nothing went wrong: %s', (_label, calls) => {
    expect(score(calls)).toEqual({
      name: 'error_recovery',
      value: null,
      notApplicable: 'no error happened, so nothing to recover from',
      rationale: 'No tool error, injected fault or broken build happened in this attempt, so there was nothing to recover from.',
      evidence: [],
      metrics: metrics({}),
    });
  });

  it('counts a broken build once, not every failing run until it is green again', () => {
    const s = score([call.runTests(0), call.edit('src/a.ts'), call.runTests(1), call.edit('src/a.ts', 'b', 'c'), call.runTests(1), call.edit('src/a.ts', 'c', 'd'), call.runTests(0)]);
    expect(s.metrics).toMatchObject({ errors: 1, recovered: 1, errors_natural: 1, mean_steps_to_recover: 4 });
  });

  it('sees the recovery in a recorded oracle run with run_tests permanently unavailable', async () => {
    const trajectory = await readTrajectory(fixture('oracle-explicit-permanent-run-tests.jsonl'));
    const s = errorRecovery(scoringContext(trajectory, { visibleCommand: 'tsx --test test/*.test.ts' })) as Score;
    expect(s.value).toBe(1);
    expect(s.metrics).toEqual(metrics({ errors: 6, recovered: 6, errors_explicit_permanent: 6, recovered_explicit_permanent: 6, rr: 1, mean_steps_to_recover: 2 }));
    expect(s.rationale).toContain('step 3 run_tests unavailable (injected explicit_permanent) → recovered at step 6 by a different approach: a bash test run');
    expect(s.rationale).toContain('step 12 run_tests unavailable (injected explicit_permanent) → recovered at step 13 by a different approach: a bash test run');
    expect(s.evidence).toContainEqual({ kind: 'step', step: 6, note: 'recovers the error at steps 3, 4, 5' });
    expect(s.evidence).toContainEqual({ kind: 'step', step: 13, note: 'recovers the error at steps 10, 11, 12' });
    expect(unresolvedEvidence(s, trajectory)).toEqual([]);
  });

  it('sees the recovery in a recorded oracle run whose writes silently did nothing', async () => {
    const trajectory = await readTrajectory(fixture('oracle-implicit-permanent-write-file.jsonl'));
    const s = errorRecovery(scoringContext(trajectory, { visibleCommand: 'tsx --test test/*.test.ts' })) as Score;
    expect(s.value).toBe(1);
    expect(s.metrics).toEqual(metrics({ errors: 2, recovered: 2, errors_implicit_permanent: 2, recovered_implicit_permanent: 2, rr: 1, mean_steps_to_recover: 3 }));
    expect(s.rationale).toMatch(/^2 errors: step 5 write_file src\/util.ts reported success without writing \(injected implicit_permanent\) → recovered at step 9 by re-reading src\/util.ts at step 6 and then changing it \(bash /);
    expect(s.evidence).toEqual([
      { kind: 'step', step: 5, note: 'error: write_file src/util.ts reported success without writing (injected implicit_permanent)' },
      { kind: 'step', step: 7, note: 'error: write_file src/util.ts reported success without writing (injected implicit_permanent)' },
      { kind: 'step', step: 6, note: 'verifying re-read for the error at step 5' },
      { kind: 'step', step: 8, note: 'verifying re-read for the error at step 7' },
      { kind: 'step', step: 9, note: 'recovers the error at steps 5, 7' },
    ]);
    expect(unresolvedEvidence(s, trajectory)).toEqual([]);
  });
});

describe('test runs and test files', () => {
  const bash = (command: string) => ({ tool: 'bash', args: { command } });
  it.each<[string, { tool: string; args?: Record<string, unknown> }, boolean]>([
    ['run_tests', { tool: 'run_tests', args: {} }, true],
    ['the visible command inside a pipeline', bash('cd /workspace && make check 2>&1 | tail'), true],
    ['tsx --test', bash('tsx --test test/*.test.ts'), true],
    ['node --test', bash('node --test'), true],
    ['pytest with options', bash('pytest -x tests/'), true],
    ['python -m unittest', bash('python3 -m unittest -v'), true],
    ['npx vitest run', bash('npx vitest run'), true],
    ['reading pytest.ini', bash('cat pytest.ini'), false],
    ['grepping a file', bash('grep -rn unittest src'), false],
    ['a read_file', { tool: 'read_file', args: { path: 'test/a.test.ts' } }, false],
  ])('isTestRun: %s → %s', (_label, rec, expected) => {
    expect(isTestRun(rec, 'make check')).toBe(expected);
  });

  it.each<[string, boolean]>([
    ['test/a.test.ts', true],
    ['tests/unit/helpers.py', true],
    ['pkg/test/x.js', true],
    ['src/__tests__/x.ts', true],
    ['src/a.test.ts', true],
    ['src/a.spec.js', true],
    ['test_orders.py', true],
    ['orders_test.py', true],
    ['./test/x.ts', true],
    ['src/testing.ts', false],
    ['src/contest/a.ts', false],
    ['src/attest.py', false],
  ])('isTestPath(%s) → %s', (p, expected) => {
    expect(isTestPath(p)).toBe(expected);
  });
});
