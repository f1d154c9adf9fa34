import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseBytes, resolveLimits } from '../../src/sandbox/limits.js';
import { parseDuration } from '../../src/sandbox/gc.js';

describe('limits', () => {
  it('defaults to 256 pids, 2 GiB memory, 1 CPU and 1 GiB disk', () => {
    expect(resolveLimits()).toEqual({ pids: 256, memoryBytes: 2 * 1024 ** 3, cpus: 1, diskBytes: 1024 ** 3 });
    expect(resolveLimits({ cpus: 0.5 })).toEqual({ ...DEFAULT_LIMITS, cpus: 0.5 });
  });

  it.each([[{ pids: 0 }], [{ memoryBytes: -1 }], [{ cpus: Number.NaN }]])('rejects %o', (bad) => {
    expect(() => resolveLimits(bad)).toThrow(/Expected limit `\w+` to be a positive number/);
  });

  it.each([
    ['512m', 512 * 1024 ** 2],
    ['2GiB', 2 * 1024 ** 3],
    ['1048576', 1048576],
    ['1.5k', 1536],
  ])('parses size %s', (text, bytes) => {
    expect(parseBytes(text)).toBe(bytes);
  });

  it('names the bad size', () => {
    expect(() => parseBytes('lots')).toThrow('Expected a size like 512m or 2g, got "lots"');
  });

  it.each([
    ['90s', 90_000],
    ['30m', 1_800_000],
    ['2h', 7_200_000],
    ['1d', 86_400_000],
  ])('parses duration %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('rejects a duration without a unit', () => {
    expect(() => parseDuration('10')).toThrow(/Expected a duration like 30m/);
  });
});
