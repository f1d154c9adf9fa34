import { describe, expect, it } from 'vitest';
import { candidatesOf } from '../../src/mutation/candidates.js';
import { compareCodePoints } from '../../src/mutation/order.js';
import { addedLineNumbers, isTestFile } from '../../src/mutation/regions.js';

const PATCH = [
  'diff --git a/src/a.ts b/src/a.ts',
  'index 1111111..2222222 100644',
  '--- a/src/a.ts',
  '+++ b/src/a.ts',
  '@@ -1,4 +1,5 @@',
  ' export function f(x: number) {',
  '-  return x > 1;',
  '+  const limit = 2;',
  '+  return x > limit;',
  ' }',
  ' ',
  '@@ -10,2 +11,2 @@ export function g() {',
  '   return 1;',
  '-  // old',
  '+  // new',
  'diff --git a/test/a.test.ts b/test/a.test.ts',
  '--- a/test/a.test.ts',
  '+++ b/test/a.test.ts',
  '@@ -1 +1 @@',
  '-assert(f(1) === false);',
  '+assert(f(2) === false);',
  'diff --git a/src/gone.ts b/src/gone.ts',
  'deleted file mode 100644',
  '--- a/src/gone.ts',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-export const gone = 1 < 2;',
  'diff --git a/src/new.py b/src/new.py',
  'new file mode 100644',
  '--- /dev/null',
  '+++ b/src/new.py',
  '@@ -0,0 +1,2 @@',
  '+def h(a, b):',
  '+    return a < b',
  '',
].join('\n');

describe('addedLineNumbers', () => {
  it('lists the new-side line numbers of added lines per kept file', () => {
    expect(addedLineNumbers(PATCH)).toEqual(
      new Map([
        ['src/a.ts', new Set([2, 3, 12])],
        ['test/a.test.ts', new Set([1])],
        ['src/new.py', new Set([1, 2])],
      ]),
    );
  });

  it('keeps counting after a blank context line whose space an editor stripped', () => {
    const patch = ['diff --git a/src/a.ts b/src/a.ts', '--- a/src/a.ts', '+++ b/src/a.ts', '@@ -1,3 +1,4 @@', ' a();', '', '-b();', '+c();', '+d();', ''].join('\n');
    expect(addedLineNumbers(patch)).toEqual(new Map([['src/a.ts', new Set([3, 4])]]));
  });

  it('does not throw on a path git quotes with octal escapes, and still reads the other files', () => {
    const patch = ['diff --git "a/src/caf\\303\\251.ts" "b/src/caf\\303\\251.ts"', '--- "a/src/caf\\303\\251.ts"', '+++ "b/src/caf\\303\\251.ts"', '@@ -1 +1 @@', '-x;', '+y;', 'diff --git a/src/b.ts b/src/b.ts', '--- a/src/b.ts', '+++ b/src/b.ts', '@@ -1 +1,2 @@', ' x;', '+z;', ''].join('\n');
    expect(addedLineNumbers(patch).get('src/b.ts')).toEqual(new Set([2]));
  });
});

describe('compareCodePoints', () => {
  it('orders by code point whatever the locale: capitals before lower case, astral after BMP', () => {
    expect(['b.ts', 'B.ts', 'a.ts', 'é.ts', '\u{1F600}.ts', '\uFFFF.ts'].sort(compareCodePoints)).toEqual(['B.ts', 'a.ts', 'b.ts', 'é.ts', '\uFFFF.ts', '\u{1F600}.ts']);
    expect(compareCodePoints('ab', 'ab')).toBe(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
  });
});

describe('isTestFile', () => {
  it('recognises conventional test paths and protected paths', () => {
    expect(['test/a.test.ts', 'src/x.spec.ts', 'pkg/tests/test_x.py', 'test_top.py', 'lib/a_test.py', 'conftest.py'].every((f) => isTestFile(f, []))).toBe(true);
    expect(isTestFile('src/a.ts', [])).toBe(false);
    expect(isTestFile('fixtures/data.ts', ['fixtures/**'])).toBe(true);
  });
});

describe('candidatesOf', () => {
  it('mutates only added lines of non-test files, and keeps the originals of mutated files', async () => {
    const a = 'export function f(x: number) {\n  const limit = 2;\n  return x > limit;\n}\n';
    const files = [
      { path: 'src/a.ts', content: a },
      { path: 'test/a.test.ts', content: 'assert(f(2) === false);\n' },
      { path: 'src/gone.ts', content: null },
      { path: 'src/new.py', content: 'def h(a, b):\n    return a < b\n', created: true },
    ];
    const c = await candidatesOf(files, PATCH, []);
    expect(c.valid.map((m) => `${m.file}:${m.line} ${m.mutator} ${m.original} -> ${m.replacement}`)).toEqual([
      'src/a.ts:2 constant-shift 2 -> 3',
      'src/a.ts:2 constant-shift 2 -> 1',
      'src/a.ts:3 statement-delete return x > limit; -> ;',
      'src/a.ts:3 comparison-flip > -> <=',
      'src/new.py:2 statement-delete return a < b -> pass',
      'src/new.py:2 comparison-flip < -> >=',
    ]);
    expect([...c.originals.keys()]).toEqual(['src/a.ts', 'src/new.py']);
    expect(c.originals.get('src/a.ts')).toBe(a);
  });
});
