import { describe, expect, it } from 'vitest';
import { checkRationale, findReferences, type ReferenceTargets } from '../../src/review/rationale.js';

const targets: ReferenceTargets = { steps: [1, 2, 3], tests: ['total > adds every price'], files: ['src/cart.ts', 'README'] };

describe('rationale rules', () => {
  it.each([
    ['#2', [{ kind: 'step', step: 2 }]],
    ['Step 3', [{ kind: 'step', step: 3 }]],
    ['steps 1', [{ kind: 'step', step: 1 }]],
    ['step 9', []],
    ['test total > adds every price', [{ kind: 'test', id: 'total > adds every price' }]],
    ['the file src/cart.ts', [{ kind: 'file', path: 'src/cart.ts' }]],
    ['cart.ts', [{ kind: 'file', path: 'src/cart.ts' }]],
    ['src/cart.tsx', []],
    ['lib/src/cart.ts.bak', []],
    ['README', [{ kind: 'file', path: 'README' }]],
  ])('finds references in %j', (text, expected) => {
    expect(findReferences(`see ${text} here`, targets)).toEqual(expected);
  });

  it('accepts a long enough rationale with a reference', () => {
    expect(checkRationale('The change at step 3 is correct and minimal for the task.', targets)).toEqual({ ok: true, references: [{ kind: 'step', step: 3 }] });
  });

  it('refuses a short rationale, saying the minimum and the length', () => {
    expect(checkRationale('  fine, #3  ', targets)).toEqual({ ok: false, message: 'must be at least 40 characters, got 8' });
  });

  it('refuses a rationale without a reference, listing what can be cited', () => {
    expect(checkRationale('This looks entirely reasonable to me, nothing else to add here.', targets)).toEqual({
      ok: false,
      message: 'must reference at least one step (#12 or "step 12"), test id or file path of this attempt; steps: 1, 2, 3; files: src/cart.ts, README; tests: total > adds every price',
    });
  });
});
