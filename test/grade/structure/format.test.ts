import { describe, expect, it } from 'vitest';

import { lineRange, nameList, percent, signedPercent } from '../../../src/grade/structure/format.js';

describe('detail wording', () => {
  it.each([
    [['a'], '`a`'],
    [['a', 'b'], '`a` and `b`'],
    [['a', 'b', 'c'], '`a`, `b` and `c`'],
    [Array.from({ length: 11 }, (_, i) => `n${i}`), '`n0`, `n1`, `n2`, `n3`, `n4`, `n5`, `n6`, `n7`, `n8`, `n9` and 1 more'],
  ])('nameList(%j)', (names, text) => {
    expect(nameList(names)).toBe(text);
  });

  it.each([
    [-0.597, '\u221259.7%'],
    [0.03, '+3.0%'],
    [0, '±0.0%'],
    [-0.0004, '\u22120.0%'],
  ])('signedPercent(%d)', (change, text) => {
    expect(signedPercent(change)).toBe(text);
  });

  it.each([
    [0.1, '10%'],
    [0.125, '12.5%'],
    [0, '0%'],
    [1, '100%'],
  ])('percent(%d)', (fraction, text) => {
    expect(percent(fraction)).toBe(text);
  });

  it.each([
    [{ startLine: 3, endLine: 3 }, 'line 3'],
    [{ startLine: 3, endLine: 9 }, 'lines 3–9'],
  ])('lineRange(%j)', (span, text) => {
    expect(lineRange(span)).toBe(text);
  });
});
