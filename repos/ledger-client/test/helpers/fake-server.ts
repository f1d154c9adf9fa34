import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as received by the fake server. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Handler = (req: RecordedRequest, res: http.ServerResponse) => void | Promise<void>;

/** Write a JSON response. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}

/** Write an error response in the API's `{ error: { code, message } }` format. */
export function sendError(
  res: http.ServerResponse,
  status: number,
  code: string,
  headers: Record<string, string> = {},
  details?: Record<string, unknown>,
): void {
  sendJson(res, status, { error: { code, message: `fake ${code}`, ...(details ? { details } : {}) } }, headers);
}

/**
 * A tiny scriptable HTTP server on 127.0.0.1 for client tests.
 *
 * Register handlers with `on('GET /v1/accounts', handler)`. Passing several
 * handlers scripts successive calls: the n-th request gets the n-th handler,
 * and the last handler answers every request after that. Unrouted requests
 * get a 404 `not_found`. Every request is recorded in `requests`.
 */
export class FakeServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, { handlers: Handler[]; calls: number }>();
  private readonly server: http.Server;
  private port = 0;

  private constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://fake.invalid');
        const recorded: RecordedRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        this.requests.push(recorded);
        const route = this.routes.get(`${recorded.method} ${recorded.path}`);
        if (!route) {
          sendError(res, 404, 'not_found');
          return;
        }
        const handler = route.handlers[Math.min(route.calls, route.handlers.length - 1)]!;
        route.calls++;
        Promise.resolve(handler(recorded, res)).catch((err: unknown) => {
          res.destroy(err as Error);
        });
      });
    });
  }

  static async start(): Promise<FakeServer> {
    const fake = new FakeServer();
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** Base URL of the fake API, including `/v1`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  on(route: string, ...handlers: Handler[]): this {
    if (handlers.length === 0) throw new Error('at least one handler is required');
    this.routes.set(route, { handlers, calls: 0 });
    return this;
  }

  /** Requests received for one route, e.g. `requestsFor('GET /v1/accounts')`. */
  requestsFor(route: string): RecordedRequest[] {
    return this.requests.filter((r) => `${r.method} ${r.path}` === route);
  }

  reset(): void {
    this.routes.clear();
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Deterministic sleep stand-in that records the requested delays. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

export const RAW_ACCOUNT = {
  id: 'acc_0001',
  name: 'Operating',
  currency: 'USD',
  balance: 125000,
  status: 'open',
  created_at: '2024-01-01T00:00:00Z',
};

export function rawTransaction(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `txn_${String(n).padStart(6, '0')}`,
    account_id: 'acc_0001',
    amount: n % 2 === 0 ? -100 * n : 250 * n,
    currency: 'USD',
    description: `Transaction ${n}`,
    status: 'posted',
    reversal_of: null,
    created_at: `2024-02-01T00:${String(n % 60).padStart(2, '0')}:00Z`,
    ...overrides,
  };
}

/** Wrap a handler so that it answers only after `ms` milliseconds (skipped if the client went away). */
export function delayed(ms: number, handler: Handler): Handler {
  return (req, res) => {
    const timer = setTimeout(() => {
      if (!res.destroyed && !res.writableEnded) void handler(req, res);
    }, ms);
    res.on('close', () => clearTimeout(timer));
  };
}
