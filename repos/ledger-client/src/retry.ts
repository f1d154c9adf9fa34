import { ConnectionError, InvalidResponseError, LedgerError, RateLimitError, ServerError, TimeoutError } from './errors.js';

export type Sleep = (ms: number) => Promise<void>;

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  /** Retries after the first attempt (so at most maxRetries + 1 attempts). */
  maxRetries: number;
  /** Delay before the first retry when the server gave no Retry-After. */
  baseDelayMs: number;
  /** Upper bound of the exponential backoff. */
  maxDelayMs: number;
  /** Give up instead of waiting when Retry-After asks for longer than this. */
  maxRetryAfterMs: number;
  /** Randomise backoff delays ("equal jitter"): between delay/2 and delay. */
  jitter: boolean;
  /** Source of randomness for the jitter, in [0, 1). */
  random: () => number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 3,
  baseDelayMs: 250,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  jitter: true,
  random: Math.random,
};

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);

/**
 * Parse a `Retry-After` header into milliseconds. Accepts delta-seconds
 * (`"2"`) and HTTP dates. Returns null when absent or unparseable; dates in
 * the past give 0.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP date always has a weekday/month name; this rejects "-1", "1.5"...
  if (!/[a-z]{3}/i.test(trimmed)) return null;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}

export interface RetryContext {
  method: string;
  /** True when repeating the request cannot apply it twice (GET, or POST with an Idempotency-Key). */
  idempotent: boolean;
}

export class RetryPolicy {
  readonly options: RetryOptions;

  constructor(options: Partial<RetryOptions> = {}) {
    this.options = { ...DEFAULT_RETRY_OPTIONS, ...options };
  }

  /**
   * Whether to retry after `error`, which ended attempt number `attempt`
   * (1 for the first attempt).
   */
  shouldRetry(error: unknown, attempt: number, ctx: RetryContext): boolean {
    if (attempt > this.options.maxRetries) return false;
    if (error instanceof RateLimitError) {
      // A 429 is never applied, so even a plain POST may be repeated.
      return error.retryAfterMs === null || error.retryAfterMs <= this.options.maxRetryAfterMs;
    }
    if (!ctx.idempotent) return false;
    if (error instanceof ServerError) return RETRYABLE_STATUSES.has(error.status);
    return error instanceof TimeoutError || error instanceof ConnectionError || error instanceof InvalidResponseError;
  }

  /** Milliseconds to wait before retry number `attempt` (1-based). */
  delayFor(attempt: number, error: LedgerError): number {
    const retryAfter =
      error instanceof RateLimitError || error instanceof ServerError ? error.retryAfterMs : null;
    if (retryAfter !== null) return retryAfter;
    const { baseDelayMs, maxDelayMs, jitter, random } = this.options;
    const exp = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    if (!jitter) return exp;
    return Math.round(exp / 2 + random() * (exp / 2));
  }
}
