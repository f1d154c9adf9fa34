import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../src/tools/faults.js';

describe('FaultInjector', () => {
  it('places faults without `at` by seed, the same way every time', () => {
    const plan = { faults: [{ class: 'explicit_transient' as const, tool: 'bash' }] };
    const pattern = (seed: number) => {
      const f = new FaultInjector(plan, seed);
      return [1, 2, 3, 4].map(() => (f.next('bash', false) ? 'x' : '.')).join('');
    };
    expect(pattern(1)).toBe(pattern(1));
    expect(new Set([1, 2, 3, 4, 5, 6, 7, 8].map(pattern)).size).toBeGreaterThan(1);
    expect(pattern(3).split('x')).toHaveLength(2);
  });

  it('counts calls per tool', () => {
    const f = new FaultInjector({ faults: [{ class: 'explicit_permanent', tool: 'run_tests', at: 2 }] }, 0);
    expect([f.next('bash', false), f.next('run_tests', false), f.next('bash', false), f.next('run_tests', false)].map((d) => d?.action ?? null)).toEqual([null, null, null, 'error']);
  });
});
