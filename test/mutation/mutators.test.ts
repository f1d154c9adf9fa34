import { describe, expect, it } from 'vitest';
import { mutantsOf } from '../../src/mutation/mutators.js';
import type { Mutant } from '../../src/mutation/types.js';

/** The parts of a mutant a reader checks: where, which mutator, what became what. */
const brief = (m: Mutant) => [m.line, m.mutator, m.original, m.replacement];

async function valid(path: string, source: string, lines?: number[]) {
  const found = await mutantsOf(path, source, lines ? new Set(lines) : undefined);
  return found.valid.map(brief);
}

describe('comparison flips', () => {
  it('negates every TypeScript comparison', async () => {
    const src = 'const r = [a < b, a <= b, a > b, a >= b, a === b, a !== b, a == b, a != b];\n';
    const found = await mutantsOf('x.ts', src);
    expect(found.valid.filter((m) => m.mutator === 'comparison-flip').map((m) => [m.original, m.replacement])).toEqual([
      ['<', '>='],
      ['<=', '>'],
      ['>', '<='],
      ['>=', '<'],
      ['===', '!=='],
      ['!==', '==='],
      ['==', '!='],
      ['!=', '=='],
    ]);
    expect(found.valid[0]!.text).toBe('const r = [a >= b, a <= b, a > b, a >= b, a === b, a !== b, a == b, a != b];\n');
  });

  it('flips each operator of a Python comparison chain and leaves `is not` alone', async () => {
    expect(await valid('x.py', 'ok = lo <= x < hi\nnone = y is not None\n')).toEqual([
      [1, 'statement-delete', 'ok = lo <= x < hi', 'pass'],
      [1, 'comparison-flip', '<=', '>'],
      [1, 'comparison-flip', '<', '>='],
      [2, 'statement-delete', 'none = y is not None', 'pass'],
    ]);
  });
});

describe('boolean flips', () => {
  it('swaps && and || and flips TypeScript literals, but not literal types', async () => {
    expect(await valid('x.ts', 'type T = true;\nconst x: false | 1 = a && b || true;\n')).toEqual([
      [2, 'boolean-flip', '&&', '||'],
      [2, 'boolean-flip', '||', '&&'],
      [2, 'boolean-flip', 'true', 'false'],
    ]);
  });

  it('swaps and / or and flips True / False in Python', async () => {
    expect(await valid('x.py', 'x = a and b or False\n')).toEqual([
      [1, 'statement-delete', 'x = a and b or False', 'pass'],
      [1, 'boolean-flip', 'and', 'or'],
      [1, 'boolean-flip', 'or', 'and'],
      [1, 'boolean-flip', 'False', 'True'],
    ]);
  });
});

describe('constant shifts', () => {
  it('shifts decimal literals both ways, keeps decimals, and leaves hex and types alone', async () => {
    expect(await valid('x.ts', 'let n: 3 = 0x10 + 7 - 0 + 1.25;\n')).toEqual([
      [1, 'constant-shift', '7', '8'],
      [1, 'constant-shift', '7', '6'],
      [1, 'constant-shift', '0', '1'],
      [1, 'constant-shift', '0', '-1'],
      [1, 'constant-shift', '1.25', '2.25'],
      [1, 'constant-shift', '1.25', '0.25'],
    ]);
  });

  it('parenthesises a negative result right after a minus sign', async () => {
    const found = await mutantsOf('x.py', 'y = x-0\n');
    expect(found.valid.filter((m) => m.mutator === 'constant-shift').map((m) => m.text)).toEqual(['y = x-1\n', 'y = x-(-1)\n']);
  });
});

describe('statement deletion', () => {
  it('replaces TypeScript expression statements and valued returns by an empty statement', async () => {
    const src = ['"use strict";', 'function f(xs: number[]) {', '  let s = 0;', '  for (const x of xs) s += x;', '  log(s);', '  if (!xs.length) return;', '  return s;', '}', ''].join('\n');
    const found = await mutantsOf('x.ts', src);
    const deletions = found.valid.filter((m) => m.mutator === 'statement-delete');
    expect(deletions.map(brief)).toEqual([
      [4, 'statement-delete', 's += x;', ';'],
      [5, 'statement-delete', 'log(s);', ';'],
      [7, 'statement-delete', 'return s;', ';'],
    ]);
    // The loop keeps a body: deleting its statement does not let it swallow the next one.
    expect(deletions[0]!.text).toContain('for (const x of xs) ;\n  log(s);');
  });

  it('replaces Python statements by pass and keeps docstrings', async () => {
    const src = 'def f(xs):\n    """Sum."""\n    total = sum(xs)\n    return total\n';
    expect((await mutantsOf('x.py', src)).valid.filter((m) => m.mutator === 'statement-delete').map(brief)).toEqual([
      [3, 'statement-delete', 'total = sum(xs)', 'pass'],
      [4, 'statement-delete', 'return total', 'pass'],
    ]);
  });
});

describe('argument swaps', () => {
  it('swaps the first two arguments of calls and constructors, not of commutative or single-argument calls', async () => {
    const src = 'fail("E", `m ${x}`, 3);\nnew Map(a, b);\nMath.max(a, b);\ng(a, a);\nh(a);\n';
    expect((await mutantsOf('x.ts', src)).valid.filter((m) => m.mutator === 'argument-swap').map(brief)).toEqual([
      [1, 'argument-swap', '"E", `m ${x}`', '`m ${x}`, "E"'],
      [2, 'argument-swap', 'a, b', 'b, a'],
    ]);
  });

  it('swaps positional Python arguments only', async () => {
    const src = 'f(a, b, c=1)\ng(a, key=b)\nh(x=1, y=2)\n';
    expect((await mutantsOf('x.py', src)).valid.filter((m) => m.mutator === 'argument-swap').map(brief)).toEqual([[1, 'argument-swap', 'a, b', 'b, a']]);
  });
});

describe('validity and scope', () => {
  it('keeps only mutants that still parse', async () => {
    // `{0: 1}` as a TS object key shifted to -1 does not parse (a key cannot be `-1`).
    const found = await mutantsOf('x.ts', 'const o = { 0: "a" };\n');
    expect(found.valid.map((m) => m.replacement)).toEqual(['1']);
    expect(found.invalid.map((m) => m.replacement)).toEqual(['-1']);
  });

  it('only mutates spans that touch the given lines', async () => {
    const src = 'a = x < 1\nb = y < 2\nc = f(\n    p, q)\n';
    expect(await valid('x.py', src, [2, 4])).toEqual([
      [2, 'statement-delete', 'b = y < 2', 'pass'],
      [2, 'comparison-flip', '<', '>='],
      [2, 'constant-shift', '2', '3'],
      [2, 'constant-shift', '2', '1'],
      [3, 'statement-delete', 'c = f(\n    p, q)', 'pass'],
      [4, 'argument-swap', 'p, q', 'q, p'],
    ]);
  });

  it('has nothing to mutate in unsupported or unparseable files', async () => {
    expect(await mutantsOf('x.rb', 'a < b')).toEqual({ valid: [], invalid: [] });
    expect(await mutantsOf('x.ts', 'if (a < b {')).toEqual({ valid: [], invalid: [] });
  });
});
