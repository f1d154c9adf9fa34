import { describe, expect, it } from 'vitest';
import type { Milestone, TaskDefinition } from '../../src/task/schema.js';
import { checkFromSpec, creditMilestones, defaultMilestones, describeProgress, milestoneContext, progressRate, taskMilestones } from '../../src/score/milestones.js';
import type { MilestoneCheck } from '../../src/score/milestones.js';
import type { CallSpec } from './helpers.js';
import { buildTrajectory, call, taskDefinition } from './helpers.js';

/** A git diff changing each given file by one line. */
function diffOf(...paths: string[]): string {
  return paths.map((p) => `diff --git a/${p} b/${p}\n--- a/${p}\n+++ b/${p}\n@@ -1 +1 @@\n-old\n+new\n`).join('');
}

function run(calls: CallSpec[], options: { task?: TaskDefinition; diff?: string; checks?: MilestoneCheck[] } = {}) {
  const task = options.task ?? taskDefinition();
  const trajectory = buildTrajectory(calls, { end: { finalDiff: options.diff ?? '' } });
  const ctx = milestoneContext(task, trajectory);
  const checks = options.checks ?? taskMilestones(task).checks;
  const progress = creditMilestones(checks, ctx);
  return { progress, pr: progressRate(progress), text: describeProgress(checks, progress, ctx), ctx };
}

/** creditedAt per milestone id (undefined = not credited). */
const credited = (progress: ReturnType<typeof run>['progress']) => Object.fromEntries(progress.map((p) => [p.id, p.creditedAt]));

const fullDebug: CallSpec[] = [call.runTests(1), call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()];

describe('default milestones', () => {
  it('credit a complete debug trajectory in order: reproduce → localize → patch → validate → report', () => {
    const r = run(fullDebug, { diff: diffOf('src/a.ts') });
    expect(r.progress).toEqual([
      { id: 'reproduce', firstReached: 1, reachedAt: 1, creditedAt: 1 },
      { id: 'localize', firstReached: 2, reachedAt: 2, creditedAt: 2 },
      { id: 'patch', firstReached: 3, reachedAt: 3, creditedAt: 3 },
      { id: 'validate', firstReached: 4, reachedAt: 4, creditedAt: 4 },
      { id: 'report', firstReached: 5, reachedAt: 5, creditedAt: 5 },
    ]);
    expect(r.pr).toBe(1);
    expect(r.text).toBe('5/5 milestones (reproduce, localize, patch, validate, report)');
  });

  it.each<[string, CallSpec[], Record<string, number | undefined>, string]>([
    [
      'a read before the reproduction is credited with it (sticky)',
      [call.read('src/a.ts'), call.runTests(1), call.edit('src/a.ts'), call.runTests(0), call.submit()],
      { reproduce: 2, localize: 2, patch: 3, validate: 4, report: 5 },
      '5/5 milestones (reproduce, localize, patch, validate, report)',
    ],
    [
      'patching before any test run: nothing is credited without the reproduction',
      [call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()],
      { reproduce: undefined, localize: undefined, patch: undefined, validate: undefined, report: undefined },
      '0/5 milestones; reproduce missing: no step with a test run before the first change to a non-test file; reached but not credited without it: localize (step 1), patch (step 2), validate (step 3), report (step 4)',
    ],
    [
      'no test run after the last edit stops at validate',
      [call.runTests(1), call.read('src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.edit('src/a.ts', 'b', 'c'), call.submit()],
      { reproduce: 1, localize: 2, patch: 3, validate: undefined, report: undefined },
      '3/5 milestones (reproduce, localize, patch); validate missing: no test run after the last edit at step 5; reached but not credited without it: report (step 6)',
    ],
    [
      'a read of a file the diff does not change does not localize',
      [call.runTests(1), call.read('src/other.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()],
      { reproduce: 1, localize: undefined, patch: undefined, validate: undefined, report: undefined },
      '1/5 milestones (reproduce); localize missing: no step with a read of a file the final diff changes; reached but not credited without it: patch (step 3), validate (step 4), report (step 5)',
    ],
    [
      'a test-only change is not a patch; a cat of the file is a read; a failed test run tool call is no run',
      [call.runTests(1, { kind: 'tool_error', fault: 'explicit_permanent' }), call.bash('npm test', { exitCode: 1 }), call.bash('cat ./src/a.ts'), call.edit('test/a.test.ts'), call.submit()],
      { reproduce: 2, localize: 3, patch: undefined, validate: undefined, report: undefined },
      '2/5 milestones (reproduce, localize); patch missing: no step with a change to a non-test file; reached but not credited without it: report (step 5)',
    ],
  ])('%s', (_label, calls, expected, text) => {
    const r = run(calls, { diff: diffOf('src/a.ts') });
    expect(credited(r.progress)).toEqual(expected);
    expect(r.text).toBe(text);
  });

  it('an empty diff explains why localize is missing', () => {
    expect(run([call.runTests(1), call.read('src/a.ts'), call.submit()]).text).toBe('1/5 milestones (reproduce); localize missing: the final diff is empty; reached but not credited without it: validate (step 1), report (step 3)');
  });

  it.each<[TaskDefinition['kind'], CallSpec[], string[], number]>([
    ['refactor', [call.bash('grep -n foo src/a.ts'), call.edit('src/a.ts'), call.runTests(0), call.submit()], ['understand', 'restructure', 'validate', 'report'], 1],
    ['refactor', [call.edit('src/a.ts'), call.submit()], ['understand', 'restructure', 'validate', 'report'], 0],
    ['api-integration', [call.read('docs/api.md'), call.edit('src/client.ts'), call.runTests(1), call.submit()], ['read-spec', 'implement', 'validate', 'report'], 1],
    ['api-integration', [call.read('docs/api.md'), call.edit('docs/api.md'), call.runTests(0), call.submit()], ['read-spec', 'implement', 'validate', 'report'], 0.25],
  ])('%s defaults: %j', (kind, calls, ids, pr) => {
    const checks = defaultMilestones(kind);
    expect(checks.map((c) => c.id)).toEqual(ids);
    expect(run(calls, { task: taskDefinition({ kind }) }).pr).toBeCloseTo(pr, 6);
  });
});

describe('task-authored milestones', () => {
  const authored: Milestone[] = [
    { id: 'localize', description: 'read the helper', call: { tool: 'read_file', args_match: { path: 'util\\.ts$' } } },
    { id: 'patch', description: 'fix the helper', touches: ['src/util.ts'] },
    { id: 'validate', description: 'the suite passes', tests: 'pass' },
  ];
  const task = taskDefinition({ expect: { milestones: authored } });

  it('replace the defaults when declared', () => {
    expect(taskMilestones(task).source).toBe('task');
    expect(taskMilestones(taskDefinition()).source).toBe('default');
  });

  it.each<[string, CallSpec[], Record<string, number | undefined>, string]>([
    ['in order', [call.read('src/util.ts'), call.edit('src/util.ts'), call.runTests(0)], { localize: 1, patch: 2, validate: 3 }, '3/3 milestones (localize, patch, validate)'],
    [
      'a change before the read waits for the read, then counts',
      [call.edit('src/util.ts'), call.read('src/util.ts'), call.runTests(0)],
      { localize: 2, patch: 2, validate: 3 },
      '3/3 milestones (localize, patch, validate)',
    ],
    [
      'a passing run before the patch is stale: the code changed after it',
      [call.read('src/util.ts'), call.runTests(0), call.edit('src/util.ts')],
      { localize: 1, patch: 3, validate: undefined },
      '2/3 milestones (localize, patch); validate missing: a passing test run seen only at step 2, before the edit at step 3',
    ],
    [
      'a failing run does not pass; a read that failed does not count',
      [call.read('src/util.ts', { kind: 'tool_error', error: 'not_found' }), call.read('src/util.ts'), call.edit('src/util.ts'), call.runTests(1)],
      { localize: 2, patch: 3, validate: undefined },
      '2/3 milestones (localize, patch); validate missing: no step with a passing test run',
    ],
    [
      'a faulted call does not succeed; a change elsewhere does not touch',
      [call.read('src/util.ts', { fault: 'implicit_transient' }), call.edit('src/other.ts'), call.runTests(0)],
      { localize: undefined, patch: undefined, validate: undefined },
      '0/3 milestones; localize missing: no step with a successful read_file(path~/util\\.ts$/); reached but not credited without it: validate (step 3)',
    ],
  ])('%s', (_label, calls, expected, text) => {
    const r = run(calls, { task });
    expect(credited(r.progress)).toEqual(expected);
    expect(r.text).toBe(text);
  });

  it.each<[string, Milestone, CallSpec, boolean]>([
    ['call with exact args', { id: 'm', description: 'd', call: { tool: 'bash', args: { command: 'npm test' } } }, call.bash(' npm test '), true],
    ['call with a non-zero exit', { id: 'm', description: 'd', call: { tool: 'bash', args: { command: 'npm test' } } }, call.bash('npm test', { exitCode: 1 }), false],
    ['touches a glob', { id: 'm', description: 'd', touches: ['src/**'] }, call.write('src/deep/x.ts'), true],
    ['touches ignores by-products', { id: 'm', description: 'd', touches: ['**'] }, call.bash('python x.py', { filesChanged: ['pkg/__pycache__/x.cpython-312.pyc'] }), false],
    ['tests run (failing)', { id: 'm', description: 'd', tests: 'run' }, call.runTests(1), true],
    ['tests run via a runner in bash', { id: 'm', description: 'd', tests: 'run' }, call.bash('cd pkg && python -m pytest -q', { exitCode: 1 }), true],
    ['call and tests together', { id: 'm', description: 'd', call: { tool: 'run_tests' }, tests: 'pass' }, call.runTests(0), true],
    ['no predicate at all', { id: 'm', description: 'd' }, call.runTests(0), false],
  ])('checkFromSpec: %s', (_label, milestone, spec, expected) => {
    const trajectory = buildTrajectory([spec]);
    const ctx = milestoneContext(taskDefinition(), trajectory);
    expect(checkFromSpec(milestone).reached(ctx.calls[0]!, ctx)).toBe(expected);
  });

  it('a milestone without predicate says so', () => {
    const t = taskDefinition({ expect: { milestones: [{ id: 'think', description: 'think hard' }] } });
    expect(run([call.runTests(0)], { task: t }).text).toBe('0/1 milestones; think missing: it declares no call, touches or tests predicate to check');
  });
});

describe('progress rate', () => {
  it('is 0 for an empty trajectory and for no milestones', () => {
    const r = run([]);
    expect(r.pr).toBe(0);
    expect(r.progress.every((p) => p.creditedAt === undefined && p.firstReached === undefined)).toBe(true);
    expect(progressRate([])).toBe(0);
  });
});
