import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
  ValidationError,
} from '../src/errors.js';
import { HttpTransport, buildUrl, type TransportOptions } from '../src/http.js';
import { FakeServer, RAW_ACCOUNT, delayed, recordingSleep, sendError, sendJson } from './helpers/fake-server.js';

let fake: FakeServer;
before(async () => {
  fake = await FakeServer.start();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function transport(overrides: Partial<TransportOptions> = {}) {
  const rec = recordingSleep();
  const t = new HttpTransport({
    apiKey: 'sk_test_123',
    baseUrl: fake.baseUrl,
    sleep: rec.sleep,
    retry: { jitter: false, baseDelayMs: 100 },
    ...overrides,
  });
  return { t, delays: rec.delays };
}

describe('HttpTransport requests', () => {
  test('buildUrl joins paths and skips undefined query values', () => {
    assert.equal(
      buildUrl('http://h/v1/', '/transactions', { limit: 10, cursor: undefined, account_id: 'acc 1', x: null }),
      'http://h/v1/transactions?limit=10&account_id=acc+1',
    );
  });

  test('sends bearer auth, accept header and JSON body', async () => {
    fake.on('POST /v1/accounts', (_req, res) => sendJson(res, 201, RAW_ACCOUNT, { 'X-Request-Id': 'req_000007' }));
    const { t } = transport();
    const res = await t.request({ method: 'POST', path: '/accounts', body: { name: 'Ops' }, idempotencyKey: 'k-1' });
    const [req] = fake.requests;
    assert.equal(req!.headers.authorization, 'Bearer sk_test_123');
    assert.equal(req!.headers.accept, 'application/json');
    assert.equal(req!.headers['content-type'], 'application/json');
    assert.equal(req!.headers['idempotency-key'], 'k-1');
    assert.deepEqual(JSON.parse(req!.body), { name: 'Ops' });
    assert.equal(res.status, 201);
    assert.equal(res.requestId, 'req_000007');
    assert.equal(res.attempts, 1);
  });

  test('GET requests carry no body and no content-type', async () => {
    fake.on('GET /v1/accounts/acc_0001', (_req, res) => sendJson(res, 200, RAW_ACCOUNT));
    const { t } = transport();
    await t.request({ method: 'GET', path: '/accounts/acc_0001' });
    assert.equal(fake.requests[0]!.body, '');
    assert.equal(fake.requests[0]!.headers['content-type'], undefined);
  });

  test('constructor requires an api key', () => {
    assert.throws(() => new HttpTransport({ apiKey: '', baseUrl: 'http://x' }), TypeError);
  });
});

describe('HttpTransport error mapping', () => {
  test('maps statuses to typed errors carrying code, message and request id', async () => {
    const cases: Array<[number, string, new (...args: never[]) => Error]> = [
      [401, 'unauthorized', AuthenticationError],
      [403, 'forbidden', PermissionDeniedError],
      [404, 'not_found', NotFoundError],
    ];
    for (const [status, code, Type] of cases) {
      fake.on('GET /v1/thing', (_req, res) => sendError(res, status, code, { 'X-Request-Id': `req_${status}` }));
      const { t } = transport();
      await assert.rejects(t.request({ method: 'GET', path: '/thing' }), (err: unknown) => {
        assert.ok(err instanceof Type, `expected ${Type.name} for ${status}`);
        assert.equal((err as AuthenticationError).code, code);
        assert.equal((err as AuthenticationError).status, status);
        assert.equal((err as AuthenticationError).requestId, `req_${status}`);
        return true;
      });
    }
  });

  test('validation errors expose the offending field', async () => {
    fake.on('POST /v1/accounts', (_req, res) => sendError(res, 422, 'validation_error', {}, { field: 'currency' }));
    const { t } = transport();
    await assert.rejects(t.request({ method: 'POST', path: '/accounts', body: {} }), (err: unknown) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.field, 'currency');
      return true;
    });
    assert.equal(fake.requests.length, 1);
  });

  test('non-JSON error bodies still produce an ApiError with a synthetic code', async () => {
    fake.on('GET /v1/accounts', (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const { t } = transport({ retry: { maxRetries: 0 } });
    await assert.rejects(t.request({ method: 'GET', path: '/accounts' }), (err: unknown) => {
      assert.ok(err instanceof ServerError);
      assert.equal(err.code, 'http_502');
      return true;
    });
  });

  test('malformed JSON on a 200 is an InvalidResponseError after retries', async () => {
    fake.on('GET /v1/accounts', (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data": [');
    });
    const { t } = transport({ retry: { maxRetries: 1, jitter: false, baseDelayMs: 100 } });
    await assert.rejects(t.request({ method: 'GET', path: '/accounts' }), (err: unknown) => {
      assert.ok(err instanceof InvalidResponseError);
      assert.equal(err.bodySnippet, '{"data": [');
      return true;
    });
    assert.equal(fake.requests.length, 2);
  });
});

describe('HttpTransport retries', () => {
  test('429 is retried after the Retry-After delay', async () => {
    fake.on(
      'GET /v1/accounts',
      (_req, res) => sendError(res, 429, 'rate_limited', { 'Retry-After': '2' }),
      (_req, res) => sendJson(res, 200, { data: [], next_cursor: null }),
    );
    const { t, delays } = transport();
    const res = await t.request({ method: 'GET', path: '/accounts' });
    assert.equal(res.attempts, 2);
    assert.deepEqual(delays, [2000]);
  });

  test('gives up with RateLimitError once retries are exhausted', async () => {
    fake.on('GET /v1/accounts', (_req, res) => sendError(res, 429, 'rate_limited', { 'Retry-After': '1' }));
    const { t, delays } = transport({ retry: { maxRetries: 2 } });
    await assert.rejects(t.request({ method: 'GET', path: '/accounts' }), (err: unknown) => {
      assert.ok(err instanceof RateLimitError);
      assert.equal(err.retryAfterMs, 1000);
      return true;
    });
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(delays, [1000, 1000]);
  });

  test('503 on a GET is retried with exponential backoff', async () => {
    fake.on(
      'GET /v1/accounts',
      (_req, res) => sendError(res, 503, 'unavailable'),
      (_req, res) => sendError(res, 503, 'unavailable'),
      (_req, res) => sendJson(res, 200, { data: [], next_cursor: null }),
    );
    const { t, delays } = transport();
    const res = await t.request({ method: 'GET', path: '/accounts' });
    assert.equal(res.attempts, 3);
    assert.deepEqual(delays, [100, 200]);
  });

  test('POST without idempotency key is not retried on 503', async () => {
    fake.on('POST /v1/transactions', (_req, res) => sendError(res, 503, 'unavailable'));
    const { t } = transport();
    await assert.rejects(t.request({ method: 'POST', path: '/transactions', body: { amount: 1 } }), ServerError);
    assert.equal(fake.requests.length, 1);
  });

  test('POST with idempotency key is retried with the same key and body', async () => {
    fake.on(
      'POST /v1/transactions',
      (_req, res) => sendError(res, 500, 'internal_error'),
      (_req, res) => sendJson(res, 201, { id: 'txn_1' }),
    );
    const { t } = transport();
    await t.request({ method: 'POST', path: '/transactions', body: { amount: 1 }, idempotencyKey: 'idem-9' });
    const keys = fake.requests.map((r) => r.headers['idempotency-key']);
    assert.deepEqual(keys, ['idem-9', 'idem-9']);
    assert.equal(fake.requests[0]!.body, fake.requests[1]!.body);
  });
});

describe('HttpTransport timeouts and aborts', () => {
  test('a slow response raises TimeoutError', async () => {
    // Generous margins: these tests must not depend on how loaded the machine is.
    fake.on('GET /v1/accounts', delayed(1500, (_req, res) => sendJson(res, 200, { data: [] })));
    const { t } = transport({ timeoutMs: 200, retry: { maxRetries: 0 } });
    const started = Date.now();
    await assert.rejects(t.request({ method: 'GET', path: '/accounts' }), (err: unknown) => {
      assert.ok(err instanceof TimeoutError);
      assert.equal(err.timeoutMs, 200);
      return true;
    });
    assert.ok(Date.now() - started < 1200, 'timeout should fire well before the response');
  });

  test('a timed-out GET is retried and can then succeed', async () => {
    fake.on(
      'GET /v1/accounts',
      delayed(1500, (_req, res) => sendJson(res, 200, { data: ['late'] })),
      (_req, res) => sendJson(res, 200, { data: ['fast'] }),
    );
    const { t } = transport({ timeoutMs: 500 });
    const res = await t.request<{ data: string[] }>({ method: 'GET', path: '/accounts' });
    assert.deepEqual(res.data.data, ['fast']);
    assert.equal(res.attempts, 2);
  });

  test('caller abort signal cancels the request without retrying', async () => {
    fake.on('GET /v1/accounts', delayed(400, (_req, res) => sendJson(res, 200, {})));
    const { t } = transport({ timeoutMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    await assert.rejects(t.request({ method: 'GET', path: '/accounts', signal: controller.signal }), RequestAbortedError);
    assert.equal(fake.requests.length, 1);
  });

  test('connection refused becomes ConnectionError', async () => {
    const tmp = http.createServer();
    await new Promise<void>((resolve) => tmp.listen(0, '127.0.0.1', resolve));
    const port = (tmp.address() as AddressInfo).port;
    await new Promise<void>((resolve) => tmp.close(() => resolve()));
    const { t, delays } = transport({ baseUrl: `http://127.0.0.1:${port}/v1`, retry: { maxRetries: 1, jitter: false, baseDelayMs: 100 } });
    await assert.rejects(t.request({ method: 'GET', path: '/accounts' }), ConnectionError);
    assert.deepEqual(delays, [100]);
  });
});
