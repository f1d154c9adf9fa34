import { Store, StoreError, StoreSchemaError } from '../store/index.js';
import { ReportError } from './errors.js';
import { parseSelector, select, selectorFilter, type Selection } from './pairing.js';

/**
 * Reads one {@link Selection} per selector from a results database (which must exist). Only when
 * a selector matches nothing is the whole database read, so the error can name what exists.
 *
 * @throws ReportError for a bad selector or one matching nothing; StoreError for a missing file.
 */
export function readSelections(file: string, selectors: readonly string[]): Selection[] {
  const store = Store.open(file, { mustExist: true });
  try {
    return selectors.map((text) => {
      const selector = parseSelector(text);
      const attempts = store.scoredAttempts(selectorFilter(selector));
      return select(attempts.length > 0 ? attempts : store.scoredAttempts(), selector);
    });
  } finally {
    store.close();
  }
}

/**
 * The one-line message of an expected failure of a report command (a bad selector or config, no
 * overlap, a missing or too-new database), or undefined for anything else, which is a bug.
 */
export function expectedFailure(err: unknown): string | undefined {
  if (err instanceof ReportError || err instanceof StoreError || err instanceof StoreSchemaError) return err.message;
  return undefined;
}

/**
 * Parses an integer option value of at least `min` (default 0).
 *
 * @throws ReportError `BAD_CONFIG` naming the option, e.g. "Expected --seed to be a non-negative integer, got "-1"".
 */
export function integerOption(name: string, value: string, min = 0): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
    throw new ReportError('BAD_CONFIG', `Expected ${name} to be ${min === 0 ? 'a non-negative integer' : `an integer >= ${min}`}, got ${JSON.stringify(value)}`);
  }
  return number;
}

/**
 * Parses a finite number option value, optionally bounded to [0, 1].
 *
 * @throws ReportError `BAD_CONFIG` naming the option.
 */
export function numberOption(name: string, value: string, unit = false): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || (unit && number > 1)) {
    throw new ReportError('BAD_CONFIG', `Expected ${name} to be a number ${unit ? 'in [0, 1]' : '>= 0'}, got ${JSON.stringify(value)}`);
  }
  return number;
}
