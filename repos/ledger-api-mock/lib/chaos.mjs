// Fault injection ("chaos") for the mock: decided per request from the
// startup flags (every Nth request per api key + method + path) and from the
// optional `X-Mock-Chaos` request header.

const STATUS_CODES = {
  400: 'invalid_request', 401: 'unauthorized', 403: 'forbidden', 404: 'not_found', 409: 'idempotency_conflict',
  422: 'validation_error', 429: 'rate_limited', 500: 'internal_error', 502: 'unavailable', 503: 'unavailable',
  504: 'unavailable',
};

export function errorCodeForStatus(status) {
  return STATUS_CODES[status] ?? (status >= 500 ? 'internal_error' : 'invalid_request');
}

/** Parse `rate-limit, retry-after=2; delay=50, times=1` into an object. */
export function parseChaosHeader(value) {
  const directives = {};
  for (const part of String(value).split(/[,;]/)) {
    const [rawName, rawArg] = part.split('=');
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    directives[name] = rawArg === undefined ? true : rawArg.trim();
  }
  return directives;
}

const every = (n, count) => n > 0 && (count - 1) % n === 0;

export class Chaos {
  constructor(options) {
    this.options = options;
    this.counters = new Map();
  }

  reset() {
    this.counters.clear();
  }

  #next(key) {
    const count = (this.counters.get(key) ?? 0) + 1;
    this.counters.set(key, count);
    return count;
  }

  /**
   * Decide what to do with a request. Returns
   * `{ delayMs, fault: null | {kind: 'error', status, code, retryAfter} | {kind: 'malformed'} | {kind: 'drop'} }`.
   */
  decide({ apiKey, method, path, header }) {
    const o = this.options;
    const routeKey = `${apiKey} ${method} ${path}`;
    const count = this.#next(routeKey);
    let delayMs = o.latencyMs;
    let fault = null;

    if (every(o.rateLimitEvery, count)) {
      fault = { kind: 'error', status: 429, code: 'rate_limited', retryAfter: o.retryAfter };
    } else if (every(o.failEvery, count)) {
      fault = { kind: 'error', status: 503, code: 'unavailable', retryAfter: null };
    } else if (every(o.malformedEvery, count)) {
      fault = { kind: 'malformed' };
    }
    if (every(o.slowEvery, count)) delayMs += o.slowMs;

    if (header) {
      const d = parseChaosHeader(header);
      const times = d.times === undefined ? Infinity : Number(d.times);
      const used = this.#next(`${routeKey} header:${header}`);
      if (used <= times) {
        if (d.delay !== undefined) delayMs += Number(d.delay) || 0;
        const retryAfter = d['retry-after'] !== undefined ? Number(d['retry-after']) : o.retryAfter;
        if (d['rate-limit']) {
          fault = { kind: 'error', status: 429, code: 'rate_limited', retryAfter };
        } else if (d.status !== undefined) {
          const status = Number(d.status);
          fault = {
            kind: 'error', status, code: errorCodeForStatus(status),
            retryAfter: status === 429 || d['retry-after'] !== undefined ? retryAfter : null,
          };
        } else if (d.malformed) {
          fault = { kind: 'malformed' };
        } else if (d.drop) {
          fault = { kind: 'drop' };
        }
      }
    }
    return { delayMs, fault };
  }
}
