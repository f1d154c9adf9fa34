import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTask, lintTasks } from '../../src/task/lint.js';
import { formatProblem } from '../../src/task/problems.js';
import { demoFiles, project, taskYaml } from './helpers.js';

async function lint(yaml: string, extra: Record<string, string | undefined> = {}) {
  const files: Record<string, string> = { ...demoFiles('demo-bug', yaml) };
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete files[k];
    else files[k] = v;
  }
  const root = await project(files);
  const r = await lintTask(path.join(root, 'tasks', 'demo-bug'), root);
  return r.problems.map((p) => ({ ...p, file: path.relative(root, p.file) }));
}

describe('task lint', () => {
  it('accepts a valid task', async () => {
    expect(await lint(taskYaml())).toEqual([]);
  });

  it.each([
    ['a wrong type', ['  format: tap', '  format: xml'], { line: 15, column: 5, field: 'tests.hidden.format', message: 'expected one of "tap", "junit", "unittest", "pytest", got "xml"' }],
    ['a missing required field', ['title: Totals are off by one\n', ''], { line: 1, column: 1, field: 'title', message: 'is required (expected string)' }],
    ['an unknown field', ['kind: debug', 'kind: debug\nkinds: refactor'], { line: 4, column: 1, field: '', message: 'unknown field(s) `kinds`' }],
    ['a bad list item', ['  - total > adds cents', '  - 42'], { line: 17, column: 5, field: 'FAIL_TO_PASS.0', message: 'expected string, got 42' }],
  ] as const)('locates %s with file:line:column, field and what was expected', async (_label, [from, to], expected) => {
    const problems = await lint(taskYaml('demo-bug', [[from, to]]));
    expect(problems).toContainEqual({ file: 'tasks/demo-bug/task.yaml', rule: 'schema', severity: 'error', ...expected });
  });

  it('reports YAML syntax errors with their position', async () => {
    const problems = await lint(taskYaml('demo-bug', [['kind: debug', 'kind: debug\nkind: refactor']]));
    expect(problems).toEqual([{ file: 'tasks/demo-bug/task.yaml', rule: 'yaml', severity: 'error', line: 4, column: 1, field: '', message: 'Map keys must be unique' }]);
    expect(formatProblem(problems[0]!)).toBe('tasks/demo-bug/task.yaml:4:1: error: Map keys must be unique [yaml]');
  });

  it('reports missing files, repositories and profiles', async () => {
    const problems = await lint(taskYaml('demo-bug', [['repo: demo', 'repo: nowhere'], ['title:', 'profile: gpu\ntitle:']]), { 'tasks/demo-bug/reference.patch': undefined, 'tasks/demo-bug/setup.patch': undefined });
    expect(problems.map((p) => [p.field, p.message])).toEqual([
      ['setup.patch', 'setup.patch does not exist beside task.yaml'],
      ['reference', 'reference.patch does not exist beside task.yaml'],
      ['repo', 'repos/nowhere does not exist'],
      ['profile', 'no sandbox profile "gpu" (sandboxes/gpu/profile.yaml)'],
    ]);
  });

  it.each([
    ['the path', 'Look at src/total.ts please.'],
    ['the file name', 'The bug is in total.ts somewhere.'],
  ])('refuses debug instructions that name a file the reference changes (%s)', async (_label, text) => {
    const problems = await lint(taskYaml('demo-bug', [['The total shown for a basket is one cent short.', text]]));
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'instructions-name-fix-file', field: 'instructions', line: 7, column: 1 }));
  });

  it('refuses hidden tests that only copy visible ones, unprotected hidden folders and report files', async () => {
    const visible = "import { test } from 'node:test';\n" + "test('visible', () => {});\n".repeat(5);
    const problems = await lint(taskYaml('demo-bug', [['  - test/**', '  - src/never/**'], ['format: tap', 'format: tap\n    timeout_sec: 30'], ['tsx --test --test-reporter=tap test/hidden', 'tsx --test --test-reporter-destination={report} test/hidden']]), {
      'repos/demo/test/total.test.ts': visible,
      'tasks/demo-bug/hidden/total.test.ts': visible,
    });
    expect(problems.map((p) => p.rule).sort()).toEqual(['canary-in-hidden', 'hidden-not-subset', 'protect-hidden', 'report-channel']);
  });

  it('flags duplicate canaries across tasks', async () => {
    const files = { ...demoFiles('demo-a', taskYaml('demo-a', [['-demo-a', '-shared']])), ...demoFiles('demo-b', taskYaml('demo-b', [['-demo-b', '-shared']])) };
    const root = await project(files);
    const results = await lintTasks([path.join(root, 'tasks/demo-a'), path.join(root, 'tasks/demo-b')], root);
    expect(results.map((r) => r.problems.filter((p) => p.rule === 'unique-canary').map((p) => p.message))).toEqual([['not unique: also used by demo-b'], ['not unique: also used by demo-a']]);
  });
});
