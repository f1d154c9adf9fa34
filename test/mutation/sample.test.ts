import { describe, expect, it } from 'vitest';
import { sampleMutants } from '../../src/mutation/sample.js';

const items = Array.from({ length: 50 }, (_, i) => i);

describe('sampleMutants', () => {
  it('keeps everything, in order, when there are no more than the maximum', () => {
    expect(sampleMutants([3, 1, 2], 3, 7, 'task')).toEqual([3, 1, 2]);
  });

  it('draws the same sample for the same seed and task, in original order, without repeats', () => {
    const a = sampleMutants(items, 15, 1, 'task-a');
    expect(sampleMutants(items, 15, 1, 'task-a')).toEqual(a);
    expect(a).toHaveLength(15);
    expect(new Set(a).size).toBe(15);
    expect([...a].sort((x, y) => x - y)).toEqual(a);
  });

  it('draws a different sample for another seed or another task', () => {
    const a = sampleMutants(items, 15, 1, 'task-a');
    expect(sampleMutants(items, 15, 2, 'task-a')).not.toEqual(a);
    expect(sampleMutants(items, 15, 1, 'task-b')).not.toEqual(a);
  });
});
