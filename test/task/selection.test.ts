import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectTasks } from '../../src/task/selection.js';
import { globToRegExp, matchesAny } from '../../src/task/glob.js';
import { demoFiles, project } from './helpers.js';

async function root() {
  return project({
    ...demoFiles('inventory-a'),
    ...demoFiles('inventory-b'),
    ...demoFiles('textkit-c'),
    'suites/smoke.yaml': 'tasks:\n  - id: textkit-c\n    content_hash: abc123\n  - id: inventory-a\n',
  });
}

describe('task selection', () => {
  it.each([
    ['all', ['inventory-a', 'inventory-b', 'textkit-c']],
    ['textkit-c,inventory-a', ['textkit-c', 'inventory-a']],
    ['inventory-*', ['inventory-a', 'inventory-b']],
    ['inventory-*,inventory-a', ['inventory-a', 'inventory-b']],
    ['suite:smoke', ['textkit-c', 'inventory-a']],
  ])('%s selects %j', async (spec, ids) => {
    expect((await selectTasks(spec, await root())).map((t) => t.id)).toEqual(ids);
  });

  it('accepts task folders and keeps pinned hashes of suites', async () => {
    const r = await root();
    expect(await selectTasks(`${path.join(r, 'tasks', 'inventory-b')}`, r)).toEqual([{ id: 'inventory-b', dir: path.join(r, 'tasks', 'inventory-b') }]);
    expect((await selectTasks('suite:smoke', r))[0]).toMatchObject({ id: 'textkit-c', pinnedHash: 'abc123' });
  });

  it.each([
    ['inventory-z', /unknown task "inventory-z"; did you mean inventory-a, inventory-b\?/],
    ['nothing-*', /no task id matches "nothing-\*"/],
    ['suite:nope', /suite "nope" not found/],
    ['./not-a-task', /is not a task folder/],
    [' , ', /empty task selection/],
  ])('rejects %j', async (spec, message) => {
    await expect(selectTasks(spec, await root())).rejects.toThrow(message);
  });
});

describe('globs', () => {
  it.each([
    ['test/**', 'test/a/b.ts', true],
    ['test/**', 'src/test/b.ts', false],
    ['**/*.test.ts', 'a/b/c.test.ts', true],
    ['**/*.test.ts', 'c.test.ts', true],
    ['src/*.ts', 'src/a/b.ts', false],
    ['{package,tsconfig}.json', 'tsconfig.json', true],
    ['test/', 'test/x/y', true],
    ['tests/hidden', 'tests/hidden/test_a.py', true],
  ])('%s matches %s: %s', (glob, p, expected) => {
    expect(matchesAny(p, [glob])).toBe(expected);
  });

  it('escapes regular-expression characters', () => {
    expect(globToRegExp('a+b.(c)').test('a+b.(c)')).toBe(true);
    expect(globToRegExp('a+b.(c)').test('aab.(c)')).toBe(false);
  });
});
