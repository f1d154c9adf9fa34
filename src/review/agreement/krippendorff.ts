/** One coder's value for one unit: a category (nominal) or a number (any level). */
export type ReliabilityValue = string | number;

/** Reliability data as units × coders; `null` marks a value the coder did not supply. */
export type ReliabilityData = readonly (readonly (ReliabilityValue | null)[])[];

/** Metric of Krippendorff's alpha, i.e. which difference function δ² is used. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval';

/** Krippendorff's coincidence matrix with its marginals. */
export interface CoincidenceMatrix {
  /** Distinct pairable values; ascending when all are numbers, else in first-seen order. */
  values: ReliabilityValue[];
  /** counts[c][k] = o_ck, symmetric, in (fractional) pairable-value units. */
  counts: number[][];
  /** Marginals n_c = Σ_k o_ck: how often value c occurs among pairable values. */
  totals: number[];
  /** n = Σ n_c: number of pairable values (values in units coded by ≥ 2 coders). */
  pairable: number;
}

function present(unit: readonly (ReliabilityValue | null)[], index: number): ReliabilityValue[] {
  return unit.filter((value, coder): value is ReliabilityValue => {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new RangeError(`units[${index}][${coder}] must be finite, got ${value}`);
    }
    return value !== null;
  });
}

function orderValues(values: Iterable<ReliabilityValue>): ReliabilityValue[] {
  const unique = [...new Set(values)];
  const numeric = unique.filter((value): value is number => typeof value === 'number');
  return numeric.length === unique.length ? numeric.sort((x, y) => x - y) : unique;
}

function entry(values: readonly number[], index: number): number {
  const value = values[index];
  if (value === undefined) throw new RangeError(`index ${index} is outside an array of length ${values.length}`);
  return value;
}

function rowAt(matrix: readonly (readonly number[])[], index: number): readonly number[] {
  const row = matrix[index];
  if (row === undefined) throw new RangeError(`matrix has no row ${index}`);
  return row;
}

function tally(values: readonly ReliabilityValue[]): Map<ReliabilityValue, number> {
  const counts = new Map<ReliabilityValue, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/**
 * Builds Krippendorff's coincidence matrix. Each unit u with m_u ≥ 2 values contributes its
 * m_u(m_u − 1) ordered pairs of values from different coders, each weighted 1/(m_u − 1), so every
 * pairable value adds exactly 1 to the matrix total:
 *
 *   o_ck = Σ_u n_uc (n_uk − [c = k]) / (m_u − 1),   n_uc = #coders giving c in unit u.
 *
 * Units with fewer than two values are unpairable and ignored. Empty input → empty matrix, n = 0.
 *
 * @throws RangeError for a non-finite numeric value.
 */
export function coincidenceMatrix(units: ReliabilityData): CoincidenceMatrix {
  const pairableUnits = units.map(present).filter((unitValues) => unitValues.length >= 2);
  const values = orderValues(pairableUnits.flat());
  const position = new Map(values.map((value, index) => [value, index] as const));
  const counts = values.map(() => values.map(() => 0));
  for (const unitValues of pairableUnits) {
    const unitCounts = [...tally(unitValues)];
    for (const [c, countC] of unitCounts) {
      const row = counts[position.get(c) ?? Number.NaN];
      for (const [k, countK] of unitCounts) {
        const column = position.get(k) ?? Number.NaN;
        if (row === undefined || row[column] === undefined) throw new RangeError('value missing from index');
        row[column] += (countC * (countK - (c === k ? 1 : 0))) / (unitValues.length - 1);
      }
    }
  }
  const totals = counts.map((row) => row.reduce((sum, count) => sum + count, 0));
  return { values, counts, totals, pairable: totals.reduce((sum, total) => sum + total, 0) };
}

function numericValues(values: readonly ReliabilityValue[], level: AlphaLevel): number[] {
  return values.map((value) => {
    if (typeof value !== 'number') {
      throw new RangeError(`${level} alpha needs numeric values, got ${JSON.stringify(value)}`);
    }
    return value;
  });
}

/** δ²_ck for value positions c, k of the ascending-ordered value list. */
type Difference = (c: number, k: number) => number;

function differenceFunction(matrix: CoincidenceMatrix, level: AlphaLevel): Difference {
  if (level === 'nominal') return (c, k) => (c === k ? 0 : 1);
  const numbers = numericValues(matrix.values, level);
  if (level === 'interval') return (c, k) => (entry(numbers, c) - entry(numbers, k)) ** 2;
  // Ordinal distance counts how many pairable values lie between c and k, halving the endpoints.
  const cumulative = [0];
  for (const total of matrix.totals) cumulative.push(entry(cumulative, cumulative.length - 1) + total);
  return (c, k) => {
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    const between = entry(cumulative, hi + 1) - entry(cumulative, lo);
    return (between - (entry(matrix.totals, c) + entry(matrix.totals, k)) / 2) ** 2;
  };
}

/**
 * Krippendorff's alpha for any number of coders, with missing values, via the coincidence matrix
 * (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability"):
 *
 *   α = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c,k} o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck
 *
 * with δ² by level, for values c, k:
 *   - nominal:  0 if c = k, else 1
 *   - ordinal:  (Σ_{g=c..k} n_g − (n_c + n_k)/2)², values ranked ascending
 *   - interval: (c − k)²
 *
 * Example: the paper's 4 coders × 12 units data give nominal 0.743, ordinal 0.815, interval 0.849.
 *
 * Edge cases (NaN = undefined): no unit coded by two or more coders (n = 0); and a single distinct
 * pairable value (no variation, D_e = 0). Perfect agreement with variation → 1.
 *
 * @param units - One row per unit, one entry per coder, `null` for missing.
 * @returns α, unitless: 1 = perfect reliability, 0 = chance level, < 0 = systematic disagreement.
 * @throws RangeError for non-finite numbers, or non-numeric values at the ordinal/interval level.
 */
export function krippendorffAlpha(units: ReliabilityData, level: AlphaLevel): number {
  const matrix = coincidenceMatrix(units);
  if (matrix.pairable === 0) return Number.NaN;
  const delta = differenceFunction(matrix, level);
  let observed = 0;
  let expected = 0;
  matrix.totals.forEach((totalC, c) => {
    const row = rowAt(matrix.counts, c);
    matrix.totals.forEach((totalK, k) => {
      const d = delta(c, k);
      observed += entry(row, k) * d;
      expected += totalC * totalK * d;
    });
  });
  if (expected === 0) return Number.NaN;
  return 1 - ((matrix.pairable - 1) * observed) / expected;
}
