// crucible-canary:bcfd4f16-0607-4797-bd51-df677af4b25c
// Hidden tests: talk to the real ledger-api-mock services started for the task
// (127.0.0.1:8080 plain, 127.0.0.1:8081 with --rate-limit-every 2 --retry-after 1).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AuthenticationError,
  LedgerClient,
  NotFoundError,
  RateLimitError,
  type LedgerClientOptions,
  type RetryOptions,
} from '../../src/index.js';

const PLAIN = 'http://127.0.0.1:8080';
const LIMITED = 'http://127.0.0.1:8081';
const API_KEY = 'test-key-7f3a';

async function resetMock(origin: string): Promise<void> {
  const res = await fetch(`${origin}/__mock/reset`, { method: 'POST' });
  await res.text();
  assert.equal(res.status, 200, `could not reset the mock at ${origin}`);
}

interface Call {
  method: string;
  url: string;
  idempotencyKey: string | null;
  status: number;
  startedAt: number;
  answeredAt: number;
}

/** A fetch that records every call and can add an `X-Mock-Chaos` header to each request. */
function recordingFetch(chaos?: string): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    if (chaos !== undefined) headers.set('X-Mock-Chaos', chaos);
    const startedAt = performance.now();
    const res = await fetch(input, { ...init, headers });
    calls.push({
      method: init.method ?? 'GET',
      url: String(input),
      idempotencyKey: headers.get('idempotency-key'),
      status: res.status,
      startedAt,
      answeredAt: performance.now(),
    });
    return res;
  };
  return { fetch: wrapped, calls };
}

interface Setup {
  origin?: string;
  chaos?: string;
  retry?: Partial<RetryOptions>;
  realSleep?: boolean;
  apiKey?: string;
}

function setup(options: Setup = {}) {
  const delays: number[] = [];
  const recorder = recordingFetch(options.chaos);
  const clientOptions: LedgerClientOptions = {
    apiKey: options.apiKey ?? API_KEY,
    baseUrl: `${options.origin ?? LIMITED}/v1`,
    timeoutMs: 5000,
    retry: options.retry ?? {},
    fetch: recorder.fetch,
  };
  if (!options.realSleep) {
    clientOptions.sleep = async (ms) => {
      delays.push(ms);
    };
  }
  return { ledger: new LedgerClient(clientOptions), delays, calls: recorder.calls };
}

beforeEach(async () => {
  await resetMock(PLAIN);
  await resetMock(LIMITED);
});

describe('Retry-After handling', () => {
  test('a rate-limited GET waits the full Retry-After before retrying', async () => {
    const { ledger, delays, calls } = setup({ retry: { random: () => 0 } });
    const account = await ledger.accounts.get('acc_0001');
    assert.equal(account.id, 'acc_0001');
    assert.deepEqual(calls.map((c) => c.status), [429, 200]);
    assert.deepEqual(delays, [1000]);
  });

  test('Retry-After is not shortened by jitter', async () => {
    const { ledger, delays, calls } = setup({
      origin: PLAIN,
      chaos: 'rate-limit, retry-after=2, times=1',
      retry: { jitter: true, random: () => 0.5 },
    });
    const page = await ledger.transactions.listPage({ limit: 5 });
    assert.equal(page.data.length, 5);
    assert.deepEqual(calls.map((c) => c.status), [429, 200]);
    assert.deepEqual(delays, [2000]);
  });

  test('Retry-After is not capped by maxDelayMs', async () => {
    const { ledger, delays } = setup({ retry: { maxDelayMs: 200, jitter: false } });
    const txn = await ledger.transactions.get('txn_000042');
    assert.equal(txn.id, 'txn_000042');
    assert.deepEqual(delays, [1000]);
  });

  test('with the real clock the retry is only sent once Retry-After has elapsed', async () => {
    const { ledger, calls } = setup({ realSleep: true, retry: { random: () => 0 } });
    const accounts = await ledger.accounts.list().toArray();
    assert.equal(accounts.length, 3);
    assert.equal(calls.length, 2);
    const waited = calls[1]!.startedAt - calls[0]!.answeredAt;
    assert.ok(waited >= 950, `retried after ${Math.round(waited)} ms, Retry-After asked for 1000 ms`);
  });

  test('a POST without idempotency key is retried after a 429 and applied once', async () => {
    const { ledger, delays, calls } = setup({ retry: { random: () => 0 } });
    const res = await ledger.http.request<{ id: string; amount: number }>({
      method: 'POST',
      path: '/transactions',
      body: { account_id: 'acc_0002', amount: 500, description: 'retry me' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.attempts, 2);
    assert.equal(res.data.amount, 500);
    assert.deepEqual(delays, [1000]);
    assert.deepEqual(calls.map((c) => c.idempotencyKey), [null, null]);
    const check = setup({ retry: { jitter: false } });
    assert.equal((await check.ledger.transactions.get(res.data.id)).description, 'retry me');
    await assert.rejects(check.ledger.transactions.get('txn_000182'), NotFoundError);
  });

  test('create() through the rate-limited API reuses its idempotency key and creates one transaction', async () => {
    const { ledger, calls } = setup({ retry: { jitter: false } });
    const created = await ledger.transactions.create({ accountId: 'acc_0003', amount: 700, description: 'nightly sync' });
    const posts = calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 2);
    assert.ok(posts[0]!.idempotencyKey);
    assert.equal(posts[0]!.idempotencyKey, posts[1]!.idempotencyKey);
    const newest = await ledger.transactions.listPage({ accountId: 'acc_0003', limit: 3 });
    assert.equal(newest.data[0]!.id, created.id);
    assert.equal(newest.data.filter((t) => t.description === 'nightly sync').length, 1);
  });

  test('paginating through the rate-limited API waits before every page', async () => {
    const { ledger, delays, calls } = setup({ retry: { random: () => 0.5 } });
    const txns = await ledger.transactions.list({ accountId: 'acc_0001', limit: 25 }).toArray();
    assert.equal(txns.length, 60);
    assert.equal(new Set(txns.map((t) => t.id)).size, 60);
    assert.deepEqual(calls.map((c) => c.status), [429, 200, 429, 200, 429, 200]);
    assert.deepEqual(delays, [1000, 1000, 1000]);
  });

  test('a 503 carrying Retry-After is honoured as well', async () => {
    const { ledger, delays, calls } = setup({
      origin: PLAIN,
      chaos: 'status=503, retry-after=1, times=1',
      retry: { random: () => 0 },
    });
    assert.equal(await ledger.accounts.get('acc_0002').then((a) => a.currency), 'JPY');
    assert.deepEqual(calls.map((c) => c.status), [503, 200]);
    assert.deepEqual(delays, [1000]);
  });
});

describe('retry limits and backoff', () => {
  test('exhausted retries surface a RateLimitError with the server details', async () => {
    const { ledger, delays, calls } = setup({
      origin: PLAIN,
      chaos: 'rate-limit, retry-after=1',
      retry: { maxRetries: 2, jitter: false },
    });
    await assert.rejects(ledger.accounts.get('acc_0001'), (err: unknown) => {
      assert.ok(err instanceof RateLimitError, `got ${String(err)}`);
      assert.equal(err.status, 429);
      assert.equal(err.code, 'rate_limited');
      assert.equal(err.retryAfterMs, 1000);
      assert.match(err.requestId ?? '', /^req_\d+$/);
      return true;
    });
    assert.equal(calls.length, 3);
    assert.deepEqual(delays, [1000, 1000]);
  });

  test('maxRetries 0 surfaces the first 429 without waiting', async () => {
    const { ledger, delays, calls } = setup({ retry: { maxRetries: 0 } });
    await assert.rejects(ledger.transactions.listPage(), (err: unknown) => err instanceof RateLimitError && err.retryAfterMs === 1000);
    assert.equal(calls.length, 1);
    assert.deepEqual(delays, []);
  });

  test('a Retry-After longer than maxRetryAfterMs is not waited for', async () => {
    const { ledger, delays, calls } = setup({ origin: PLAIN, chaos: 'rate-limit, retry-after=120' });
    await assert.rejects(ledger.accounts.get('acc_0001'), (err: unknown) => err instanceof RateLimitError && err.retryAfterMs === 120_000);
    assert.equal(calls.length, 1);
    assert.deepEqual(delays, []);
  });

  test('Retry-After: 0 allows an immediate retry', async () => {
    const { ledger, delays } = setup({ origin: PLAIN, chaos: 'rate-limit, retry-after=0, times=1' });
    assert.equal((await ledger.accounts.get('acc_0003')).id, 'acc_0003');
    assert.deepEqual(delays, [0]);
  });

  test('a 503 without Retry-After still backs off exponentially with jitter', async () => {
    const { ledger, delays } = setup({
      origin: PLAIN,
      chaos: 'status=503, times=2',
      retry: { baseDelayMs: 200, random: () => 0 },
    });
    assert.equal((await ledger.transactions.get('txn_000001')).id, 'txn_000001');
    assert.deepEqual(delays, [100, 200]);
  });

  test('without Retry-After and with jitter off, the backoff doubles exactly from baseDelayMs', async () => {
    const { ledger, delays, calls } = setup({
      origin: PLAIN,
      chaos: 'status=503, times=3',
      retry: { baseDelayMs: 200, jitter: false, random: () => 0.5 },
    });
    assert.equal((await ledger.transactions.get('txn_000001')).id, 'txn_000001');
    assert.equal(calls.length, 4);
    assert.deepEqual(delays, [200, 400, 800]);
  });

  test('without Retry-After, equal jitter spreads each delay between half and all of the backoff', async () => {
    const { ledger, delays } = setup({
      origin: PLAIN,
      chaos: 'status=503, times=2',
      retry: { baseDelayMs: 200, random: () => 0.5 },
    });
    assert.equal((await ledger.transactions.get('txn_000001')).id, 'txn_000001');
    assert.deepEqual(delays, [150, 300]);
  });

  test('authentication errors are never retried, even on the rate-limited API', async () => {
    const { ledger, delays, calls } = setup({ apiKey: 'wrong-key' });
    await assert.rejects(ledger.accounts.get('acc_0001'), AuthenticationError);
    assert.equal(calls.length, 1);
    assert.deepEqual(delays, []);
  });
});
