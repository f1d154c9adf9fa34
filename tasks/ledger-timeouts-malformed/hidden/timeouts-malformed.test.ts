// crucible-canary:447766eb-b2f2-48bf-ac38-6b0ba2875aea
// Hidden tests: talk to the real ledger-api-mock services started for the task:
//   127.0.0.1:8080 plain, 127.0.0.1:8082 --malformed-every 1, 127.0.0.1:8083 --slow-every 1 --slow-ms 2000.
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConnectionError,
  InvalidResponseError,
  LedgerClient,
  NotFoundError,
  RequestAbortedError,
  TimeoutError,
  type LedgerClientOptions,
  type RetryOptions,
} from '../../src/index.js';

const PLAIN = 'http://127.0.0.1:8080';
const MALFORMED = 'http://127.0.0.1:8082';
const SLOW = 'http://127.0.0.1:8083';
const API_KEY = 'test-key-7f3a';
const TIMEOUT_MS = 300;

async function resetMock(origin: string): Promise<void> {
  const res = await fetch(`${origin}/__mock/reset`, { method: 'POST' });
  await res.text();
  assert.equal(res.status, 200, `could not reset the mock at ${origin}`);
}

interface Call {
  method: string;
  url: string;
  idempotencyKey: string | null;
}

/** A fetch that records every call and can add an `X-Mock-Chaos` header to each request. */
function recordingFetch(chaos?: string): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped: typeof fetch = (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (chaos !== undefined) headers.set('X-Mock-Chaos', chaos);
    calls.push({ method: init.method ?? 'GET', url: String(input), idempotencyKey: headers.get('idempotency-key') });
    return fetch(input, { ...init, headers });
  };
  return { fetch: wrapped, calls };
}

interface Setup {
  origin: string;
  chaos?: string;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  baseUrl?: string;
}

function setup(options: Setup) {
  const sleeps: number[] = [];
  const recorder = recordingFetch(options.chaos);
  const clientOptions: LedgerClientOptions = {
    apiKey: API_KEY,
    baseUrl: options.baseUrl ?? `${options.origin}/v1`,
    timeoutMs: options.timeoutMs ?? 5000,
    retry: { jitter: false, baseDelayMs: 10, maxRetries: 0, ...options.retry },
    fetch: recorder.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { ledger: new LedgerClient(clientOptions), sleeps, calls: recorder.calls };
}

beforeEach(async () => {
  await resetMock(PLAIN);
  await resetMock(MALFORMED);
  await resetMock(SLOW);
});

describe('timeouts against a slow API', () => {
  test('a GET slower than timeoutMs rejects with TimeoutError', async () => {
    const { ledger } = setup({ origin: SLOW, timeoutMs: TIMEOUT_MS });
    const started = Date.now();
    await assert.rejects(ledger.accounts.get('acc_0001'), (err: unknown) => {
      assert.ok(err instanceof TimeoutError, `expected TimeoutError, got ${String(err)}`);
      assert.equal(err.timeoutMs, TIMEOUT_MS);
      assert.match(err.url, /\/v1\/accounts\/acc_0001$/);
      return true;
    });
    assert.ok(Date.now() - started < 1800, 'the client gave up before the slow answer arrived');
  });

  test('a timed-out GET is retried up to maxRetries, then surfaces TimeoutError', async () => {
    const { ledger, calls, sleeps } = setup({ origin: SLOW, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 2 } });
    await assert.rejects(ledger.transactions.listPage({ limit: 5 }), TimeoutError);
    assert.equal(calls.length, 3);
    assert.equal(sleeps.length, 2);
  });

  test('a POST without idempotency key is not retried after a timeout', async () => {
    const { ledger, calls } = setup({ origin: SLOW, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 3 } });
    await assert.rejects(
      ledger.http.request({ method: 'POST', path: '/transactions', body: { account_id: 'acc_0001', amount: 100 } }),
      (err: unknown) => err instanceof TimeoutError,
    );
    assert.equal(calls.length, 1);
  });

  test('create() retries a timed-out POST with the same idempotency key', async () => {
    const { ledger, calls } = setup({ origin: SLOW, timeoutMs: TIMEOUT_MS, retry: { maxRetries: 1 } });
    await assert.rejects(ledger.transactions.create({ accountId: 'acc_0001', amount: 100 }), TimeoutError);
    assert.equal(calls.length, 2);
    assert.ok(calls[0]!.idempotencyKey);
    assert.equal(calls[1]!.idempotencyKey, calls[0]!.idempotencyKey);
  });

  test('a slow GET that answers within the timeout succeeds', async () => {
    const { ledger, calls } = setup({ origin: SLOW, timeoutMs: 6000 });
    const account = await ledger.accounts.get('acc_0002');
    assert.equal(account.id, 'acc_0002');
    assert.equal(calls.length, 1);
  });

  test('a GET that times out once and then answers quickly succeeds', async () => {
    const { ledger, calls } = setup({ origin: PLAIN, chaos: 'delay=2500, times=1', timeoutMs: 500, retry: { maxRetries: 2 } });
    const txn = await ledger.transactions.get('txn_000003');
    assert.equal(txn.id, 'txn_000003');
    assert.equal(calls.length, 2);
  });

  test('a caller abort during a slow request is RequestAbortedError and is not retried', async () => {
    const { ledger, calls } = setup({ origin: SLOW, timeoutMs: 5000, retry: { maxRetries: 3 } });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(ledger.accounts.get('acc_0001', { signal: controller.signal }), RequestAbortedError);
    assert.equal(calls.length, 1);
  });

  test('a refused connection is a ConnectionError, not a timeout', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const { ledger } = setup({ origin: PLAIN, baseUrl: `http://127.0.0.1:${port}/v1` });
    await assert.rejects(ledger.accounts.get('acc_0001'), (err: unknown) => err instanceof ConnectionError && !(err instanceof TimeoutError));
  });
});

describe('malformed responses', () => {
  test('a 200 with a truncated JSON body is an InvalidResponseError', async () => {
    const { ledger } = setup({ origin: MALFORMED });
    await assert.rejects(ledger.accounts.get('acc_0001'), (err: unknown) => {
      assert.ok(err instanceof InvalidResponseError, `expected InvalidResponseError, got ${String(err)}`);
      assert.equal(err.status, 200);
      assert.equal(err.bodySnippet, '{"data": [');
      assert.match(err.requestId ?? '', /^req_\d+$/);
      return true;
    });
  });

  test('a malformed GET is retried, then reported', async () => {
    const { ledger, calls, sleeps } = setup({ origin: MALFORMED, retry: { maxRetries: 2 } });
    await assert.rejects(ledger.transactions.get('txn_000010'), InvalidResponseError);
    assert.equal(calls.length, 3);
    assert.equal(sleeps.length, 2);
  });

  test('listing rejects instead of yielding garbage from a malformed page', async () => {
    const { ledger } = setup({ origin: MALFORMED, retry: { maxRetries: 1 } });
    await assert.rejects(ledger.transactions.list({ limit: 10 }).toArray(), InvalidResponseError);
  });

  test('a malformed answer to a POST without idempotency key is not retried', async () => {
    const { ledger, calls } = setup({ origin: MALFORMED, retry: { maxRetries: 3 } });
    await assert.rejects(
      ledger.http.request({ method: 'POST', path: '/transactions', body: { account_id: 'acc_0001', amount: 100 } }),
      InvalidResponseError,
    );
    assert.equal(calls.length, 1);
  });

  test('create() retries a malformed answer with the same key and the transaction is applied once', async () => {
    const { ledger, calls } = setup({ origin: PLAIN, chaos: 'malformed, times=1', retry: { maxRetries: 2 } });
    const created = await ledger.transactions.create({ accountId: 'acc_0002', amount: 321, description: 'after garbage' });
    assert.equal(created.amount, 321);
    assert.equal(created.accountId, 'acc_0002');
    assert.equal(calls.length, 2);
    assert.equal(calls[1]!.idempotencyKey, calls[0]!.idempotencyKey);
    const page = await setup({ origin: PLAIN }).ledger.transactions.listPage({ accountId: 'acc_0002', limit: 5 });
    assert.equal(page.data.filter((t) => t.description === 'after garbage').length, 1);
    assert.equal(page.data[0]!.id, created.id);
  });

  test('a GET answered with garbage once succeeds on the retry', async () => {
    const { ledger, calls } = setup({ origin: PLAIN, chaos: 'malformed, times=1', retry: { maxRetries: 1 } });
    const account = await ledger.accounts.get('acc_0003');
    assert.deepEqual([account.id, account.currency], ['acc_0003', 'GBP']);
    assert.equal(calls.length, 2);
  });

  test('a JSON error answer on the malformed instance is still a typed error', async () => {
    const { ledger, calls } = setup({ origin: MALFORMED, retry: { maxRetries: 2 } });
    await assert.rejects(ledger.accounts.get('acc_9999'), (err: unknown) => err instanceof NotFoundError && err.code === 'not_found');
    assert.equal(calls.length, 1);
  });
});
