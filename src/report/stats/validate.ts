/**
 * Argument checks shared by the statistics modules. Every function throws a `RangeError`
 * naming the offending parameter, so bad inputs fail loudly instead of turning into NaN
 * somewhere downstream in a report.
 */

/**
 * Asserts that `value` is an integer ≥ 0 (a count of runs, tasks or successes).
 *
 * @throws RangeError when `value` is negative, fractional, NaN or infinite.
 */
export function assertCount(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Asserts that `value` is an integer ≥ 1.
 *
 * @throws RangeError when `value` is < 1, fractional, NaN or infinite.
 */
export function assertPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
}

/**
 * Asserts that `value` lies strictly between 0 and 1 (a confidence level, alpha or power).
 *
 * @throws RangeError when `value` ≤ 0, ≥ 1 or NaN.
 */
export function assertOpenUnit(name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw new RangeError(`${name} must be strictly between 0 and 1, got ${value}`);
  }
}

/**
 * Asserts that `value` is a finite number ≥ 0 (a standard deviation or a rate).
 *
 * @throws RangeError when `value` is negative, NaN or infinite.
 */
export function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`);
  }
}

/**
 * Asserts that every element of `values` is a finite number.
 *
 * @throws RangeError naming the first non-finite element.
 */
export function assertFiniteValues(name: string, values: readonly number[]): void {
  values.forEach((value, index) => {
    if (!Number.isFinite(value)) {
      throw new RangeError(`${name}[${index}] must be a finite number, got ${value}`);
    }
  });
}

/**
 * Reads `values[index]`, throwing instead of returning `undefined` when out of range.
 * Used in hot loops where the index is known to be valid but the type system cannot tell.
 *
 * @throws RangeError when `index` is outside `values`.
 */
export function at(values: ArrayLike<number>, index: number): number {
  const value = values[index];
  if (value === undefined) {
    throw new RangeError(`index ${index} is outside an array of length ${values.length}`);
  }
  return value;
}
