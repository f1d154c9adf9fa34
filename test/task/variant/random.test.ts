import { describe, expect, it } from 'vitest';
import { pick, pickSome, variantCanary, variantRng } from '../../../src/task/variant/random.js';

describe('variant randomness', () => {
  it('is deterministic per origin, strategy and seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, variantRng('t', 'rename', seed));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(Array.from({ length: 5 }, variantRng('t', 'faults', 1))).not.toEqual(draw(1));
  });

  it('derives a fresh canary in the bundled uuid format, unique per strategy and seed', () => {
    const c = variantCanary('crucible-canary:abc', 'injection', 1);
    expect(c).toMatch(/^crucible-canary:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(variantCanary('crucible-canary:abc', 'injection', 1)).toBe(c);
    expect(new Set([c, variantCanary('crucible-canary:abc', 'injection', 2), variantCanary('crucible-canary:abc', 'rename', 1), variantCanary('crucible-canary:xyz', 'injection', 1)]).size).toBe(4);
  });

  it('pick and pickSome draw from the list without repetition', () => {
    const rng = variantRng('t', 's', 7);
    expect(['a', 'b', 'c']).toContain(pick(rng, ['a', 'b', 'c']));
    const some = pickSome(rng, [1, 2, 3, 4], 3);
    expect(new Set(some).size).toBe(3);
    expect(pickSome(rng, [1], 3)).toEqual([1]);
    expect(() => pick(rng, [])).toThrow(RangeError);
  });
});
