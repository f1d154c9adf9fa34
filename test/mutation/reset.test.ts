import { describe, expect, it } from 'vitest';
import { differingPaths, mutantTimeoutSec } from '../../src/mutation/run.js';
import { compareManifests, differencePaths } from '../../src/mutation/workspace-reset.js';

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

describe('workspace manifest comparison', () => {
  it('sorts added, changed and missing files apart, ignored build output and caches included', () => {
    const reference = new Map([
      ['src/a.ts', 'aaaa'],
      ['dist/a.js', 'bbbb'],
      ['link', 'link:cccc'],
      ['out/report.json', 'dddd'],
    ]);
    const current = new Map([
      ['src/a.ts', 'aaaa'],
      ['dist/a.js', 'ffff'],
      ['link', 'link:eeee'],
      ['tsconfig.tsbuildinfo', '1111'],
      ['.pytest_cache/v/cache/lastfailed', '2222'],
    ]);
    const d = compareManifests(reference, current);
    expect(d).toEqual({ added: ['.pytest_cache/v/cache/lastfailed', 'tsconfig.tsbuildinfo'], changed: ['dist/a.js', 'link'], missing: ['out/report.json'] });
    expect(differencePaths(d)).toEqual(['.pytest_cache/v/cache/lastfailed', 'dist/a.js', 'link', 'out/report.json', 'tsconfig.tsbuildinfo']);
    expect(compareManifests(reference, new Map(reference))).toEqual({ added: [], changed: [], missing: [] });
  });
});
