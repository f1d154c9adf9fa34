/** A category label a rater can assign. */
export type Label = string | number;

/**
 * Disagreement weighting for Cohen's kappa, with categories at ordinal positions i, j of K:
 * `'none'` — 1 if i ≠ j else 0; `'linear'` — |i − j| / (K − 1); `'quadratic'` — ((i − j) / (K − 1))².
 */
export type KappaWeights = 'none' | 'linear' | 'quadratic';

/** Options for {@link cohenKappa}. */
export interface KappaOptions<L extends Label> {
  /** Disagreement weighting (default `'none'`). */
  weights?: KappaWeights;
  /**
   * All categories in their order. Defaults to the observed labels sorted ascending, which
   * requires numeric labels when `weights` is not `'none'` (strings have no implied order).
   */
  categories?: readonly L[];
}

function disagreement(weights: KappaWeights, i: number, j: number, size: number): number {
  if (i === j) return 0;
  if (weights === 'none') return 1;
  const distance = Math.abs(i - j) / (size - 1);
  return weights === 'linear' ? distance : distance * distance;
}

function rowOf(matrix: readonly (readonly number[])[], i: number): readonly number[] {
  const row = matrix[i];
  if (row === undefined) throw new RangeError(`matrix has no row ${i}`);
  return row;
}

function cell(matrix: readonly (readonly number[])[], i: number, j: number): number {
  const value = rowOf(matrix, i)[j];
  if (value === undefined) throw new RangeError(`matrix row ${i} has no column ${j}`);
  return value;
}

function assertCountMatrix(matrix: readonly (readonly number[])[]): void {
  matrix.forEach((row, i) => {
    if (row.length !== matrix.length) {
      throw new RangeError(`matrix must be square: row ${i} has ${row.length} cells, expected ${matrix.length}`);
    }
    row.forEach((count, j) => {
      if (!Number.isFinite(count) || count < 0) {
        throw new RangeError(`matrix[${i}][${j}] must be a finite count >= 0, got ${count}`);
      }
    });
  });
}

/**
 * Cohen's kappa from a K×K confusion matrix m, where m[i][j] counts items rater A put in category
 * i and rater B in category j (categories in ordinal order for weighted kappa). With N = Σ m,
 * row totals rᵢ, column totals cⱼ and disagreement weights w (see {@link KappaWeights}):
 *
 *   κ = 1 − (Σ wᵢⱼ mᵢⱼ / N) / (Σ wᵢⱼ rᵢ cⱼ / N²),
 *
 * which for `'none'` equals the familiar (p_o − p_e) / (1 − p_e).
 * Example: [[20, 5], [10, 15]] → p_o = 0.7, p_e = 0.5, κ = 0.4.
 *
 * Edge cases (NaN = undefined): an empty or all-zero matrix; and no expected disagreement, which
 * happens when both raters used one and the same category throughout (no variation to agree on).
 *
 * @returns κ, unitless: 1 = perfect agreement, 0 = chance level, negative = worse than chance.
 * @throws RangeError when the matrix is not square or holds negative / non-finite counts.
 */
export function cohenKappaFromMatrix(
  matrix: readonly (readonly number[])[],
  options: { weights?: KappaWeights } = {},
): number {
  const weights = options.weights ?? 'none';
  assertCountMatrix(matrix);
  const size = matrix.length;
  const rows = matrix.map((row) => row.reduce((sum, count) => sum + count, 0));
  const columns = matrix.map((_, j) => matrix.reduce((sum, row) => sum + (row[j] ?? 0), 0));
  const total = rows.reduce((sum, count) => sum + count, 0);
  if (total === 0) return Number.NaN;
  let observed = 0;
  let expected = 0;
  rows.forEach((rowTotal, i) => {
    columns.forEach((columnTotal, j) => {
      const w = disagreement(weights, i, j, size);
      observed += (w * cell(matrix, i, j)) / total;
      expected += (w * rowTotal * columnTotal) / (total * total);
    });
  });
  if (expected === 0) return Number.NaN;
  return 1 - observed / expected;
}

function defaultCategories<L extends Label>(labels: readonly L[], weights: KappaWeights): L[] {
  const unique = [...new Set(labels)];
  const numeric = unique.filter((label): label is L & number => typeof label === 'number');
  if (numeric.length === unique.length) return numeric.sort((x, y) => x - y);
  if (weights !== 'none') {
    throw new RangeError('weighted kappa with non-numeric labels needs an explicit categories order');
  }
  return unique;
}

/**
 * Counts paired labels into a K×K confusion matrix: m[i][j] = #items with A = categories[i] and
 * B = categories[j].
 *
 * @returns A categories.length × categories.length matrix of counts (all zero for empty input).
 * @throws RangeError when the arrays differ in length or a label is missing from `categories`.
 */
export function confusionMatrix<L extends Label>(
  ratingsA: readonly L[],
  ratingsB: readonly L[],
  categories: readonly L[],
): number[][] {
  if (ratingsA.length !== ratingsB.length) {
    throw new RangeError(`rater arrays differ in length: ${ratingsA.length} vs ${ratingsB.length}`);
  }
  const position = new Map(categories.map((category, index) => [category, index] as const));
  const indexOf = (label: L | undefined): number => {
    const index = label === undefined ? undefined : position.get(label);
    if (index === undefined) throw new RangeError(`label ${String(label)} is not among the categories`);
    return index;
  };
  const matrix = categories.map(() => categories.map(() => 0));
  ratingsA.forEach((labelA, item) => {
    const row = matrix[indexOf(labelA)];
    const j = indexOf(ratingsB[item]);
    if (row !== undefined) row[j] = (row[j] ?? 0) + 1;
  });
  return matrix;
}

/**
 * Cohen's kappa for two raters who labelled the same items: ratingsA[i] and ratingsB[i] are the
 * two labels of item i. Builds the confusion matrix over `categories` and applies
 * {@link cohenKappaFromMatrix} (see there for the formula).
 *
 * Edge cases: no items → NaN; both raters always giving the same single label → NaN (no
 * variation, chance agreement is already 1); identical labellings with ≥ 2 categories used → 1.
 *
 * @returns κ, unitless, in [−1, 1].
 * @throws RangeError when the arrays differ in length, a label is outside `categories`, or
 *   weighted kappa is requested for non-numeric labels without `categories`.
 */
export function cohenKappa<L extends Label>(
  ratingsA: readonly L[],
  ratingsB: readonly L[],
  options: KappaOptions<L> = {},
): number {
  const weights = options.weights ?? 'none';
  const categories = options.categories ?? defaultCategories([...ratingsA, ...ratingsB], weights);
  return cohenKappaFromMatrix(confusionMatrix(ratingsA, ratingsB, categories), { weights });
}
