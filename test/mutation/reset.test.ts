import { describe, expect, it } from 'vitest';
import { differingPaths, mutantTimeoutSec } from '../../src/mutation/run.js';

const section = (path: string, body: string) => `diff --git a/${path} b/${path}\n--- a/${path}\n+++ b/${path}\n${body}\n`;

describe('reset check', () => {
  it('names the files whose diff section changed, appeared or disappeared', () => {
    const before = section('src/a.ts', '+x') + section('src/b.ts', '+y');
    const after = section('src/a.ts', '+x') + section('src/b.ts', '+z') + section('tmp.log', '+w');
    expect(differingPaths(before, after)).toEqual(['src/b.ts', 'tmp.log']);
    expect(differingPaths(before, before)).toEqual([]);
    expect(differingPaths(section('src/a.ts', '+x'), '')).toEqual(['src/a.ts']);
  });
});

describe('mutant timeout', () => {
  it('is 1.5 × the baseline run plus 10 s, rounded up, never above the task timeout', () => {
    expect(mutantTimeoutSec(4_000, 300)).toBe(16);
    expect(mutantTimeoutSec(4_100, 300)).toBe(17);
    expect(mutantTimeoutSec(400_000, 300)).toBe(300);
  });
});
