/** Base class of every error thrown by the client. */
export class LedgerError extends Error {
  override name = 'LedgerError';
}

export interface ApiErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string | null;
  details?: Record<string, unknown>;
}

/** The API answered with a non-2xx status and an error body. */
export class ApiError extends LedgerError {
  override name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly requestId: string | null;
  readonly details: Record<string, unknown> | undefined;

  constructor(init: ApiErrorInit) {
    super(`${init.status} ${init.code}: ${init.message}`);
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId ?? null;
    this.details = init.details;
  }
}

export class BadRequestError extends ApiError {
  override name = 'BadRequestError';
}

export class AuthenticationError extends ApiError {
  override name = 'AuthenticationError';
}

export class PermissionDeniedError extends ApiError {
  override name = 'PermissionDeniedError';
}

export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

export class ConflictError extends ApiError {
  override name = 'ConflictError';
}

export class ValidationError extends ApiError {
  override name = 'ValidationError';

  /** The offending body field, when the API reported one. */
  get field(): string | undefined {
    const field = this.details?.['field'];
    return typeof field === 'string' ? field : undefined;
  }
}

export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
  /** Delay requested by the `Retry-After` header, in milliseconds (null if absent). */
  readonly retryAfterMs: number | null;

  constructor(init: ApiErrorInit, retryAfterMs: number | null) {
    super(init);
    this.retryAfterMs = retryAfterMs;
  }
}

export class ServerError extends ApiError {
  override name = 'ServerError';
  readonly retryAfterMs: number | null;

  constructor(init: ApiErrorInit, retryAfterMs: number | null) {
    super(init);
    this.retryAfterMs = retryAfterMs;
  }
}

/** The attempt did not complete within the configured timeout. */
export class TimeoutError extends LedgerError {
  override name = 'TimeoutError';
  constructor(readonly timeoutMs: number, readonly url: string) {
    super(`request to ${url} timed out after ${timeoutMs} ms`);
  }
}

/** The request never got an HTTP response (DNS, refused, reset...). */
export class ConnectionError extends LedgerError {
  override name = 'ConnectionError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The caller aborted the request through its own AbortSignal. */
export class RequestAbortedError extends LedgerError {
  override name = 'RequestAbortedError';
}

/** The API answered, but the body could not be understood (e.g. broken JSON). */
export class InvalidResponseError extends LedgerError {
  override name = 'InvalidResponseError';
  constructor(message: string, readonly status: number, readonly requestId: string | null, readonly bodySnippet: string) {
    super(message);
  }
}

interface ErrorBody {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/**
 * Build the typed error for a non-2xx response. `body` is the parsed JSON
 * body, or undefined if it was not JSON.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  requestId: string | null,
  retryAfterMs: number | null,
): ApiError {
  const err = (body as ErrorBody | undefined)?.error;
  const code = typeof err?.code === 'string' ? err.code : `http_${status}`;
  const message = typeof err?.message === 'string' ? err.message : `unexpected HTTP status ${status}`;
  const details =
    err?.details && typeof err.details === 'object' ? (err.details as Record<string, unknown>) : undefined;
  const init: ApiErrorInit = { status, code, message, requestId, details };
  switch (status) {
    case 400:
      return new BadRequestError(init);
    case 401:
      return new AuthenticationError(init);
    case 403:
      return new PermissionDeniedError(init);
    case 404:
      return new NotFoundError(init);
    case 409:
      return new ConflictError(init);
    case 422:
      return new ValidationError(init);
    case 429:
      return new RateLimitError(init, retryAfterMs);
    default:
      return status >= 500 ? new ServerError(init, retryAfterMs) : new ApiError(init);
  }
}
