import {
  ConnectionError,
  InvalidResponseError,
  LedgerError,
  RequestAbortedError,
  TimeoutError,
  errorFromResponse,
} from './errors.js';
import { RetryPolicy, defaultSleep, parseRetryAfter, type RetryOptions, type Sleep } from './retry.js';

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method: 'GET' | 'POST';
  /** Path below the base URL, e.g. `/accounts/acc_1`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  idempotencyKey?: string;
  /** Caller's signal; aborting it cancels the request and any pending retry. */
  signal?: AbortSignal;
}

export interface ApiResponse<T> {
  status: number;
  data: T;
  headers: Headers;
  requestId: string | null;
  /** Number of attempts made (1 when the first one succeeded). */
  attempts: number;
}

export interface TransportOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  fetch?: typeof fetch;
  sleep?: Sleep;
  userAgent?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const SNIPPET_LENGTH = 200;

/** Join the base URL, a path and query parameters (undefined/null values are skipped). */
export function buildUrl(baseUrl: string, path: string, query?: Record<string, QueryValue>): string {
  const url = new URL(baseUrl.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, ''));
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    url.searchParams.set(key, String(value));
  }
  return url.toString();
}

/** Sends requests to the API: auth, JSON, timeouts, retries and error mapping. */
export class HttpTransport {
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly retryPolicy: RetryPolicy;
  private readonly apiKey: string;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: Sleep;
  private readonly userAgent: string;

  constructor(options: TransportOptions) {
    if (!options.apiKey) throw new TypeError('apiKey is required');
    this.apiKey = options.apiKey;
    this.baseUrl = options.baseUrl;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retryPolicy = new RetryPolicy(options.retry);
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? defaultSleep;
    this.userAgent = options.userAgent ?? 'ledger-client-ts/0.7.0';
  }

  async request<T>(options: RequestOptions): Promise<ApiResponse<T>> {
    const url = buildUrl(this.baseUrl, options.path, options.query);
    const idempotent = options.method === 'GET' || options.idempotencyKey !== undefined;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await this.attempt<T>(url, options);
        return { ...response, attempts: attempt };
      } catch (error) {
        if (!(error instanceof LedgerError)) throw error;
        if (!this.retryPolicy.shouldRetry(error, attempt, { method: options.method, idempotent })) throw error;
        await this.sleep(this.retryPolicy.delayFor(attempt, error));
        if (options.signal?.aborted) throw new RequestAbortedError('request aborted by caller');
      }
    }
  }

  private headers(options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.apiKey}`,
      Accept: 'application/json',
      'User-Agent': this.userAgent,
    };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.idempotencyKey !== undefined) headers['Idempotency-Key'] = options.idempotencyKey;
    return headers;
  }

  /** One attempt: the timeout covers both the headers and the body. */
  private async attempt<T>(url: string, options: RequestOptions): Promise<Omit<ApiResponse<T>, 'attempts'>> {
    if (options.signal?.aborted) throw new RequestAbortedError('request aborted by caller');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    const onCallerAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onCallerAbort, { once: true });

    let status: number;
    let headers: Headers;
    let text: string;
    try {
      const response = await this.fetchImpl(url, {
        method: options.method,
        headers: this.headers(options),
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
        signal: controller.signal,
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      if (timedOut) throw new TimeoutError(this.timeoutMs, url);
      if (options.signal?.aborted) throw new RequestAbortedError('request aborted by caller', { cause: error });
      throw new ConnectionError(`request to ${url} failed: ${(error as Error).message}`, { cause: error });
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onCallerAbort);
    }

    const requestId = headers.get('x-request-id');
    let body: unknown;
    let parsed = true;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = false;
    }
    if (status < 200 || status >= 300) {
      throw errorFromResponse(status, parsed ? body : undefined, requestId, parseRetryAfter(headers.get('retry-after')));
    }
    if (!parsed) {
      throw new InvalidResponseError(
        `response from ${url} is not valid JSON`,
        status,
        requestId,
        text.slice(0, SNIPPET_LENGTH),
      );
    }
    return { status, data: body as T, headers, requestId };
  }
}
