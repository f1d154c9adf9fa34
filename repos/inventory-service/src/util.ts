import { fail } from './errors.js';

const SKU_PATTERN = /^[A-Z0-9]+(?:-[A-Z0-9]+)*$/;

/**
 * Normalises and validates a SKU: trims, upper-cases and checks it is made of
 * dash-separated alphanumeric groups (e.g. `MUG-RED-01`).
 *
 * Every module that accepts a SKU from the outside runs it through here so
 * that `" mug-red-01"` and `"MUG-RED-01"` address the same product.
 *
 * @throws InventoryError `VALIDATION` when the SKU is malformed.
 */
export function clean(raw: string): string {
  const sku = raw.trim().toUpperCase();
  if (!SKU_PATTERN.test(sku)) {
    fail('VALIDATION', `invalid SKU "${raw}"`);
  }
  return sku;
}

/**
 * Asserts that `qty` is a positive safe integer (or zero when `allowZero`).
 *
 * @throws InventoryError `VALIDATION` otherwise.
 */
export function assertQty(qty: number, label = 'quantity', allowZero = false): void {
  const min = allowZero ? 0 : 1;
  if (!Number.isSafeInteger(qty) || qty < min) {
    fail('VALIDATION', `${label} must be an integer >= ${min}, got ${qty}`);
  }
}

/** Sums a list of numbers; returns 0 for an empty list. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}
