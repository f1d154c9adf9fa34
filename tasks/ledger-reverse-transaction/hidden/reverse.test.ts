// crucible-canary:1dd4e177-91fc-45ec-bfaf-1592236f3fe3
// Hidden tests: talk to the real ledger-api-mock services started for the task
// (127.0.0.1:8080 plain, 127.0.0.1:8081 with --rate-limit-every 2 --retry-after 1).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as ledgerClient from '../../src/index.js';
import {
  AuthenticationError,
  ConflictError,
  LedgerClient,
  NotFoundError,
  PermissionDeniedError,
  type LedgerClientOptions,
  type Transaction,
} from '../../src/index.js';

const PLAIN = 'http://127.0.0.1:8080';
const LIMITED = 'http://127.0.0.1:8081';
const API_KEY = 'test-key-7f3a';
const READ_ONLY_KEY = 'ro-key-19c2';

/** Looked up dynamically so that a missing export fails the tests that need it, not the file. */
function alreadyReversedError(): new (...args: never[]) => Error {
  const ctor = (ledgerClient as Record<string, unknown>)['AlreadyReversedError'];
  assert.equal(typeof ctor, 'function', 'AlreadyReversedError is exported from the package entry point');
  return ctor as new (...args: never[]) => Error;
}

async function resetMock(origin: string): Promise<void> {
  const res = await fetch(`${origin}/__mock/reset`, { method: 'POST' });
  await res.text();
  assert.equal(res.status, 200, `could not reset the mock at ${origin}`);
}

interface Call {
  method: string;
  url: string;
  idempotencyKey: string | null;
  body: unknown;
  status: number;
}

function recordingFetch(): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped: typeof fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers);
    const res = await fetch(input, init);
    calls.push({
      method: init.method ?? 'GET',
      url: String(input),
      idempotencyKey: headers.get('idempotency-key'),
      body: init.body,
      status: res.status,
    });
    return res;
  };
  return { fetch: wrapped, calls };
}

function setup(overrides: Partial<LedgerClientOptions> = {}) {
  const recorder = recordingFetch();
  const delays: number[] = [];
  const ledger = new LedgerClient({
    apiKey: API_KEY,
    baseUrl: `${PLAIN}/v1`,
    timeoutMs: 5000,
    retry: { maxRetries: 3, jitter: false, baseDelayMs: 10 },
    fetch: recorder.fetch,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });
  return { ledger, calls: recorder.calls, delays };
}

/** The oldest `count` debits of an account (reversing a debit can never overdraw it). */
async function oldestDebits(ledger: LedgerClient, accountId: string, count: number): Promise<Transaction[]> {
  const all = await ledger.transactions.list({ accountId, limit: 100 }).toArray();
  return all.reverse().filter((t) => t.amount < 0).slice(0, count);
}

beforeEach(async () => {
  await resetMock(PLAIN);
  await resetMock(LIMITED);
});

describe('transactions.reverse', () => {
  test('reverses a debit and resolves to the new reversal transaction', async () => {
    const { ledger } = setup();
    const before = await ledger.accounts.get('acc_0001');
    const original = await ledger.transactions.get('txn_000004');
    assert.equal(original.amount, -4000);
    const reversal = await ledger.transactions.reverse('txn_000004');
    assert.equal(reversal.id, 'txn_000181');
    assert.equal(reversal.accountId, 'acc_0001');
    assert.equal(reversal.amount, 4000);
    assert.equal(reversal.currency, 'USD');
    assert.equal(reversal.status, 'posted');
    assert.equal(reversal.reversalOf, 'txn_000004');
    assert.match(reversal.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal((await ledger.transactions.get('txn_000004')).status, 'reversed');
    assert.equal((await ledger.accounts.get('acc_0001')).balance, before.balance + 4000);
  });

  test('reversing the same transaction twice rejects with AlreadyReversedError', async () => {
    const AlreadyReversed = alreadyReversedError();
    const { ledger, calls } = setup();
    await ledger.transactions.reverse('txn_000007');
    const callsBefore = calls.length;
    await assert.rejects(ledger.transactions.reverse('txn_000007'), (err: unknown) => {
      assert.ok(err instanceof AlreadyReversed, `expected AlreadyReversedError, got ${String(err)}`);
      assert.ok(err instanceof ConflictError, 'AlreadyReversedError is a ConflictError');
      assert.equal(err.status, 409);
      assert.equal(err.code, 'already_reversed');
      assert.match(err.requestId ?? '', /^req_\d+$/);
      return true;
    });
    assert.equal(calls.length - callsBefore, 1, 'a 409 is not retried');
  });

  test('a reversal cannot itself be reversed', async () => {
    const AlreadyReversed = alreadyReversedError();
    const { ledger } = setup();
    const reversal = await ledger.transactions.reverse('txn_000010');
    await assert.rejects(ledger.transactions.reverse(reversal.id), AlreadyReversed);
  });

  test('the same idempotency key replays the first reversal instead of failing', async () => {
    const { ledger, calls } = setup();
    const before = await ledger.accounts.get('acc_0001');
    const first = await ledger.transactions.reverse('txn_000016', { idempotencyKey: 'reverse-16' });
    const again = await ledger.transactions.reverse('txn_000016', { idempotencyKey: 'reverse-16' });
    assert.deepEqual(again, first);
    const posts = calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 2);
    for (const post of posts) {
      assert.match(post.url, /\/v1\/transactions\/txn_000016\/reverse$/);
      assert.equal(post.idempotencyKey, 'reverse-16');
    }
    assert.equal((await ledger.accounts.get('acc_0001')).balance, before.balance + 14200);
  });

  test('an unknown or odd id is a NotFoundError and is escaped in the path', async () => {
    const { ledger, calls } = setup();
    await assert.rejects(ledger.transactions.reverse('txn_999999'), NotFoundError);
    await assert.rejects(ledger.transactions.reverse('../accounts'), (err: unknown) => err instanceof NotFoundError && err.code === 'not_found');
    const posts = calls.filter((c) => c.method === 'POST');
    assert.equal(posts.length, 2);
    assert.ok(posts.every((c) => c.idempotencyKey), 'reversals always carry an Idempotency-Key');
    assert.match(posts[1]!.url, /\/v1\/transactions\/\.\.%2Faccounts\/reverse$/);
  });

  test('a reversal that would overdraw the account is a plain ConflictError', async () => {
    const AlreadyReversed = alreadyReversedError();
    const { ledger } = setup();
    const account = await ledger.accounts.get('acc_0002');
    const credit = await ledger.transactions.create({ accountId: 'acc_0002', amount: 1000 });
    await ledger.transactions.create({ accountId: 'acc_0002', amount: -(account.balance + 1000) });
    await assert.rejects(ledger.transactions.reverse(credit.id), (err: unknown) => {
      assert.ok(!(err instanceof AlreadyReversed), 'insufficient funds is not an already-reversed error');
      assert.ok(err instanceof ConflictError, `got ${String(err)}`);
      assert.equal(err.code, 'insufficient_funds');
      return true;
    });
    assert.equal((await ledger.transactions.get(credit.id)).status, 'posted');
  });

  test('a rate-limited reversal is retried with the same key and applied once', async () => {
    const { ledger, calls, delays } = setup({ baseUrl: `${LIMITED}/v1` });
    const reversal = await ledger.transactions.reverse('txn_000013');
    assert.equal(reversal.reversalOf, 'txn_000013');
    const posts = calls.filter((c) => c.method === 'POST');
    assert.deepEqual(posts.map((c) => c.status), [429, 201]);
    assert.equal(posts[0]!.idempotencyKey, posts[1]!.idempotencyKey);
    assert.equal(delays[0], 1000);
    const reversed = await ledger.transactions.list({ status: 'reversed' }).toArray();
    assert.deepEqual(reversed.map((t) => t.id), ['txn_000013']);
  });
});

describe('authentication and permissions', () => {
  test('a read-only key cannot reverse: PermissionDeniedError, not retried', async () => {
    const { ledger, calls } = setup({ apiKey: READ_ONLY_KEY });
    await assert.rejects(ledger.transactions.reverse('txn_000004'), (err: unknown) => {
      assert.ok(err instanceof PermissionDeniedError, `got ${String(err)}`);
      assert.equal(err.status, 403);
      assert.equal(err.code, 'forbidden');
      return true;
    });
    assert.equal(calls.length, 1);
    assert.equal((await ledger.transactions.get('txn_000004')).status, 'posted');
  });

  test('a wrong API key is an AuthenticationError when reversing', async () => {
    const { ledger, calls } = setup({ apiKey: 'sk_wrong' });
    await assert.rejects(ledger.transactions.reverse('txn_000004'), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError, `got ${String(err)}`);
      assert.equal(err.status, 401);
      assert.equal(err.code, 'unauthorized');
      return true;
    });
    assert.equal(calls.length, 1);
    assert.equal(calls[0]!.method, 'POST');
  });

  test('a read-only key can still read and list', async () => {
    const { ledger } = setup({ apiKey: READ_ONLY_KEY });
    const page = await ledger.transactions.listPage({ accountId: 'acc_0003', limit: 4 });
    assert.equal(page.data.length, 4);
    assert.ok(page.data.every((t) => t.accountId === 'acc_0003'));
    assert.equal((await ledger.accounts.get('acc_0003')).currency, 'GBP');
  });

  test('a read-only key cannot create transactions either', async () => {
    const { ledger, calls } = setup({ apiKey: READ_ONLY_KEY });
    await assert.rejects(
      ledger.transactions.create({ accountId: 'acc_0001', amount: 100 }),
      (err: unknown) => err instanceof PermissionDeniedError && err.code === 'forbidden',
    );
    assert.equal(calls.length, 1);
  });

  test('a wrong API key is rejected on reads too, without retries', async () => {
    const { ledger, calls } = setup({ apiKey: 'sk_wrong' });
    await assert.rejects(ledger.transactions.list().toArray(), AuthenticationError);
    assert.equal(calls.length, 1);
  });
});

describe('listing reversed transactions', () => {
  test('reversed originals are listed newest first across pages', async () => {
    const { ledger } = setup();
    const debits = await oldestDebits(ledger, 'acc_0001', 12);
    assert.equal(debits.length, 12);
    for (const debit of debits) await ledger.transactions.reverse(debit.id);
    const sizes: number[] = [];
    const ids: string[] = [];
    for await (const page of ledger.transactions.list({ status: 'reversed', limit: 5 }).pages()) {
      sizes.push(page.data.length);
      ids.push(...page.data.map((t) => t.id));
      assert.ok(page.data.every((t) => t.status === 'reversed'));
    }
    assert.deepEqual(sizes, [5, 5, 2]);
    assert.deepEqual(ids, debits.map((t) => t.id).reverse());
  });

  test('reversals appear first in the account listing, each pointing at its original', async () => {
    const { ledger } = setup();
    const debits = await oldestDebits(ledger, 'acc_0003', 3);
    const reversals: Transaction[] = [];
    for (const debit of debits) reversals.push(await ledger.transactions.reverse(debit.id));
    const newest = await ledger.transactions.list({ accountId: 'acc_0003', limit: 2 }).toArray(3);
    assert.deepEqual(newest.map((t) => t.id), reversals.map((t) => t.id).reverse());
    assert.deepEqual(newest.map((t) => t.reversalOf), debits.map((t) => t.id).reverse());
    assert.deepEqual(newest.map((t) => t.amount), debits.map((t) => -t.amount).reverse());
  });

  test('with nothing reversed, the reversed listing is empty and posted spans every page', async () => {
    const { ledger } = setup();
    assert.deepEqual(await ledger.transactions.list({ status: 'reversed' }).toArray(), []);
    const sizes: number[] = [];
    for await (const page of ledger.transactions.list({ status: 'posted', limit: 100 }).pages()) sizes.push(page.data.length);
    assert.deepEqual(sizes, [100, 80]);
  });
});
