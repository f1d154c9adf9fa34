/**
 * Error codes are part of the public contract: callers (and the HTTP layer
 * that wraps this library elsewhere) switch on `code`, never on messages.
 */
export type ErrorCode =
  | 'NOT_FOUND'
  | 'DUPLICATE'
  | 'VALIDATION'
  | 'INSUFFICIENT_STOCK'
  | 'INVALID_STATE'
  | 'COUPON_INVALID';

/** The single error type thrown by every module of the library. */
export class InventoryError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'InventoryError';
    this.code = code;
  }
}

/**
 * Throws an {@link InventoryError}. Typed as `never` so it can be used in
 * expression position (`x ?? fail(...)`).
 */
export function fail(code: ErrorCode, message: string): never {
  throw new InventoryError(code, message);
}
