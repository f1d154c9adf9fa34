import { describe, expect, it } from 'vitest';
import { partition, unionExceptMs, unionMs } from '../../bench/helpers/intervals.js';

// The run benchmark's arithmetic (bench/run.bench.ts): its overhead share is only as honest as these.
describe('run benchmark intervals', () => {
  it('counts overlapping spans once and skips gaps and empty spans', () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([{ start: 0, end: 10 }, { start: 5, end: 15 }, { start: 20, end: 25 }, { start: 21, end: 22 }, { start: 30, end: 30 }])).toBe(20);
    expect(unionMs([{ start: 20, end: 25 }, { start: 0, end: 10 }, { start: 10, end: 12 }])).toBe(17);
  });

  it('partitions the window exactly: the first kind by priority wins, the rest goes to the gap categories', () => {
    const spans = [
      { kind: 'exec', start: 2, end: 6 },
      { kind: 'request', start: 5, end: 8 },
      { kind: 'db', start: 7, end: 9 },
      { kind: 'exec', start: 12, end: 20 },
    ];
    // Gaps: [0, 2] (before) and [9, 12] (after); exec [2, 6] + [12, 15], request [6, 8], db [8, 9].
    const parts = partition(spans, 0, 15, ['exec', 'request', 'db'], (t) => (t < 5 ? 'before' : 'after'));
    expect(Object.fromEntries(parts)).toEqual({ before: 2, exec: 7, request: 2, db: 1, after: 3 });
    expect([...parts.values()].reduce((a, b) => a + b, 0)).toBe(15);
  });

  it('measures command time as what commands cover and harness execs do not', () => {
    const commands = [{ start: 0, end: 10 }, { start: 20, end: 30 }];
    // A harness exec of one attempt overlapping another attempt's command [5, 10] and a gap [12, 15].
    const harness = [{ start: 5, end: 15 }];
    expect(unionExceptMs(commands, harness)).toBe(15);
    expect(unionExceptMs(commands, [])).toBe(20);
    expect(unionExceptMs([], harness)).toBe(0);
  });
});
