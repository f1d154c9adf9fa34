import { describe, expect, it } from 'vitest';
import {
  coincidenceMatrix,
  cohenKappa,
  cohenKappaFromMatrix,
  confusionMatrix,
  krippendorffAlpha,
  precisionRecall,
  precisionRecallFromLabels,
  type AlphaLevel,
  type ReliabilityValue,
} from '../../src/review/agreement.js';

const _ = null;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders × 12 units.
const coders: (number | null)[][] = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];
const paperUnits = (coders[0] ?? []).map((_value, unit) => coders.map((row) => row[unit] ?? null));

function labelsFromCounts(counts: { yesYes: number; yesNo: number; noYes: number; noNo: number }): {
  a: string[];
  b: string[];
} {
  const cells: [string, string, number][] = [
    ['yes', 'yes', counts.yesYes],
    ['yes', 'no', counts.yesNo],
    ['no', 'yes', counts.noYes],
    ['no', 'no', counts.noNo],
  ];
  const a: string[] = [];
  const b: string[] = [];
  for (const [labelA, labelB, count] of cells) {
    for (let i = 0; i < count; i++) {
      a.push(labelA);
      b.push(labelB);
    }
  }
  return { a, b };
}

describe('cohenKappaFromMatrix', () => {
  it.each([
    { name: 'the 20/5/10/15 example', matrix: [[20, 5], [10, 15]], kappa: 0.4 },
    { name: 'perfect agreement', matrix: [[25, 0], [0, 25]], kappa: 1 },
    { name: 'perfect disagreement', matrix: [[0, 25], [25, 0]], kappa: -1 },
    { name: 'chance-level agreement', matrix: [[10, 10], [10, 10]], kappa: 0 },
    { name: 'constant but different raters', matrix: [[0, 8], [0, 0]], kappa: 0 },
  ])('$name → κ = $kappa', ({ matrix, kappa }) => {
    expect(cohenKappaFromMatrix(matrix)).toBeCloseTo(kappa, 12);
  });

  // Hand-worked 3-category example, rows = A, columns = B, N = 6:
  // p_o = 2/3, p_e = 1/3 → κ = 0.5; linear D_o = 1/6, D_e = 4/9 → 0.625; quadratic 1/12, 1/3 → 0.75.
  it.each([
    { weights: 'none', kappa: 0.5 },
    { weights: 'linear', kappa: 0.625 },
    { weights: 'quadratic', kappa: 0.75 },
  ] as const)('3×3 example with $weights weights → κ = $kappa', ({ weights, kappa }) => {
    const matrix = [
      [1, 1, 0],
      [0, 1, 1],
      [0, 0, 2],
    ];
    expect(cohenKappaFromMatrix(matrix, { weights })).toBeCloseTo(kappa, 12);
  });

  it.each(['linear', 'quadratic'] as const)('matches unweighted κ for two categories with %s weights', (weights) => {
    expect(cohenKappaFromMatrix([[20, 5], [10, 15]], { weights })).toBeCloseTo(0.4, 12);
  });

  it.each([
    { name: 'an empty matrix', matrix: [] },
    { name: 'an all-zero matrix', matrix: [[0, 0], [0, 0]] },
    { name: 'one shared category (no variation)', matrix: [[12, 0], [0, 0]] },
  ])('is NaN for $name', ({ matrix }) => {
    expect(cohenKappaFromMatrix(matrix)).toBeNaN();
  });

  it.each([
    { name: 'a non-square matrix', matrix: [[1, 2, 3], [4, 5, 6]] },
    { name: 'a negative count', matrix: [[1, -1], [0, 1]] },
    { name: 'a NaN count', matrix: [[1, Number.NaN], [0, 1]] },
  ])('rejects $name', ({ matrix }) => {
    expect(() => cohenKappaFromMatrix(matrix)).toThrow(RangeError);
  });
});

describe('cohenKappa', () => {
  it('gives κ = 0.40 for 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no', () => {
    const { a, b } = labelsFromCounts({ yesYes: 20, yesNo: 5, noYes: 10, noNo: 15 });
    expect(cohenKappa(a, b)).toBeCloseTo(0.4, 12);
  });

  it.each([
    { weights: 'none', kappa: 0.5 },
    { weights: 'linear', kappa: 0.625 },
    { weights: 'quadratic', kappa: 0.75 },
  ] as const)('orders numeric labels ascending for $weights weights', ({ weights, kappa }) => {
    expect(cohenKappa([3, 2, 1, 3, 1, 2], [3, 3, 1, 3, 2, 2], { weights })).toBeCloseTo(kappa, 12);
  });

  it('uses an explicit category order for string labels', () => {
    const a = ['low', 'low', 'mid', 'mid', 'high', 'high'];
    const b = ['low', 'mid', 'mid', 'high', 'high', 'high'];
    expect(cohenKappa(a, b, { weights: 'linear', categories: ['low', 'mid', 'high'] })).toBeCloseTo(0.625, 12);
  });

  it.each([
    { name: 'string labels', labels: ['pass', 'fail', 'pass', 'skip'] },
    { name: 'numeric labels', labels: [1, 4, 2, 2, 3] },
  ])('is 1 when the raters agree on every item ($name)', ({ labels }) => {
    expect(cohenKappa(labels, [...labels])).toBe(1);
  });

  it('is 1 for identical ordinal labellings under quadratic weights', () => {
    expect(cohenKappa([1, 2, 3, 1], [1, 2, 3, 1], { weights: 'quadratic' })).toBe(1);
  });

  it('is NaN when both raters always give the same single label', () => {
    expect(cohenKappa(['pass', 'pass', 'pass'], ['pass', 'pass', 'pass'])).toBeNaN();
  });

  it('is NaN with no items', () => {
    expect(cohenKappa([], [])).toBeNaN();
  });

  it('ignores unused categories when unweighted', () => {
    const { a, b } = labelsFromCounts({ yesYes: 20, yesNo: 5, noYes: 10, noNo: 15 });
    expect(cohenKappa(a, b, { categories: ['yes', 'no', 'unsure'] })).toBeCloseTo(0.4, 12);
  });

  it.each([
    { name: 'arrays of different length', run: () => cohenKappa(['a'], ['a', 'b']) },
    {
      name: 'a label outside categories',
      run: () => cohenKappa(['a', 'c'], ['a', 'a'], { categories: ['a', 'b'] }),
    },
    {
      name: 'weighted string labels without an order',
      run: () => cohenKappa(['a', 'b'], ['b', 'a'], { weights: 'linear' }),
    },
  ])('rejects $name', ({ run }) => {
    expect(run).toThrow(RangeError);
  });
});

describe('confusionMatrix', () => {
  it('counts A labels by row and B labels by column', () => {
    expect(confusionMatrix(['x', 'x', 'y', 'z'], ['x', 'y', 'y', 'x'], ['x', 'y', 'z'])).toEqual([
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 0],
    ]);
  });
});

describe('krippendorffAlpha', () => {
  it.each([
    { level: 'nominal', alpha: 0.743 },
    { level: 'ordinal', alpha: 0.815 },
    { level: 'interval', alpha: 0.849 },
  ] as const)("reproduces Krippendorff's published $level α = $alpha", ({ level, alpha }) => {
    expect(krippendorffAlpha(paperUnits, level)).toBeCloseTo(alpha, 3);
  });

  it('builds the published coincidence matrix for that data', () => {
    const matrix = coincidenceMatrix(paperUnits);
    expect(matrix.values).toEqual([1, 2, 3, 4, 5]);
    expect(matrix.pairable).toBeCloseTo(40, 12);
    [9, 13, 10, 5, 3].forEach((total, c) => expect(matrix.totals[c]).toBeCloseTo(total, 12));
    expect(matrix.counts[0]?.[0]).toBeCloseTo(7, 12);
    expect(matrix.counts[0]?.[1]).toBeCloseTo(4 / 3, 12);
    expect(matrix.counts[4]).toEqual([0, 0, 0, 0, 3]);
    matrix.counts.forEach((row, c) => {
      row.forEach((count, k) => expect(count).toBeCloseTo(matrix.counts[k]?.[c] ?? Number.NaN, 12));
    });
  });

  it('gives the same nominal α when the values are category names', () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const named = paperUnits.map((unit) =>
      unit.map((value) => (value === null ? null : (names[value - 1] ?? null))),
    );
    expect(krippendorffAlpha(named, 'nominal')).toBeCloseTo(0.743, 3);
  });

  // Two coders, values {1, 2}: o₁₁ = 2, o₁₂ = o₂₁ = 1, o₂₂ = 4, n = 8 → α = 1 − 7·2 / (2·3·5) = 8/15.
  // With only two distinct values every level's δ² is a constant multiple, so all levels agree.
  it.each(['nominal', 'ordinal', 'interval'] as const)('hand-worked binary example (%s) → 8/15', (level) => {
    const units = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 2],
    ];
    expect(krippendorffAlpha(units, level)).toBeCloseTo(8 / 15, 12);
  });

  it.each(['nominal', 'ordinal', 'interval'] as const)('is 1 for perfect agreement despite gaps (%s)', (level) => {
    const units = [
      [1, 1, _],
      [3, _, 3],
      [2, 2, 2],
      [_, 5, 5],
      [4, _, _],
    ];
    expect(krippendorffAlpha(units, level)).toBe(1);
  });

  it.each<{ name: string; units: (ReliabilityValue | null)[][]; level: AlphaLevel }>([
    { name: 'no data', units: [], level: 'nominal' },
    { name: 'no unit with two coders', units: [[1, _], [_, 2], [3]], level: 'interval' },
    { name: 'no variation', units: [[2, 2], [2, 2, _]], level: 'ordinal' },
  ])('is NaN for $name', ({ units, level }) => {
    expect(krippendorffAlpha(units, level)).toBeNaN();
  });

  it('accepts units with different numbers of coders', () => {
    const ragged = paperUnits.map((unit) => unit.filter((value) => value !== null));
    expect(krippendorffAlpha(ragged, 'interval')).toBeCloseTo(0.849, 3);
  });

  it('rejects non-numeric values at the interval level and non-finite numbers', () => {
    expect(() => krippendorffAlpha([['a', 'b']], 'interval')).toThrow(RangeError);
    expect(() => krippendorffAlpha([[1, Number.NaN]], 'nominal')).toThrow(RangeError);
  });
});

describe('precisionRecall', () => {
  it.each([
    { tp: 8, fp: 2, fn: 4, precision: 0.8, recall: 2 / 3, f1: 16 / 22 },
    { tp: 5, fp: 0, fn: 0, precision: 1, recall: 1, f1: 1 },
    { tp: 0, fp: 5, fn: 0, precision: 0, recall: Number.NaN, f1: 0 },
    { tp: 0, fp: 0, fn: 3, precision: Number.NaN, recall: 0, f1: 0 },
    { tp: 0, fp: 0, fn: 0, precision: Number.NaN, recall: Number.NaN, f1: Number.NaN },
  ])('TP=$tp FP=$fp FN=$fn → P=$precision R=$recall F1=$f1', ({ tp, fp, fn, precision, recall, f1 }) => {
    const result = precisionRecall({ truePositives: tp, falsePositives: fp, falseNegatives: fn });
    const check = (actual: number, expected: number): void => {
      if (Number.isNaN(expected)) expect(actual).toBeNaN();
      else expect(actual).toBeCloseTo(expected, 12);
    };
    check(result.precision, precision);
    check(result.recall, recall);
    check(result.f1, f1);
  });

  it('counts per-item flags, ignoring items neither side flagged', () => {
    const detected = [true, true, false, false, true, false];
    const reviewed = [true, false, true, false, true, false];
    const result = precisionRecallFromLabels(detected, reviewed);
    expect(result).toMatchObject({ truePositives: 2, falsePositives: 1, falseNegatives: 1 });
    expect(result.precision).toBeCloseTo(2 / 3, 12);
    expect(result.recall).toBeCloseTo(2 / 3, 12);
    expect(result.f1).toBeCloseTo(2 / 3, 12);
  });

  it('rejects mismatched lengths and invalid counts', () => {
    expect(() => precisionRecallFromLabels([true], [])).toThrow(RangeError);
    expect(() => precisionRecall({ truePositives: -1, falsePositives: 0, falseNegatives: 0 })).toThrow(RangeError);
  });
});
