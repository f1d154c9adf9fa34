import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { LedgerClient } from '../src/client.js';
import { ConflictError, NotFoundError } from '../src/errors.js';
import { FakeServer, RAW_ACCOUNT, rawTransaction, recordingSleep, sendError, sendJson, type Handler } from './helpers/fake-server.js';

let fake: FakeServer;
before(async () => {
  fake = await FakeServer.start();
});
after(async () => {
  await fake.close();
});
beforeEach(() => fake.reset());

function client() {
  let n = 0;
  return new LedgerClient({
    apiKey: 'sk_test_123',
    baseUrl: fake.baseUrl,
    sleep: recordingSleep().sleep,
    retry: { jitter: false },
    idempotencyKeyFactory: () => `idem-${++n}`,
  });
}

/** Serve `total` transactions newest first, honouring limit and cursor like the real API. */
function transactionPages(total: number): Handler {
  return (req, res) => {
    const limit = Number(req.query.get('limit') ?? 25);
    const cursor = req.query.get('cursor');
    const start = cursor ? Number(cursor.replace('after-', '')) - 1 : total;
    const ids: number[] = [];
    for (let n = start; n >= 1 && ids.length < limit; n--) ids.push(n);
    const last = ids[ids.length - 1];
    sendJson(res, 200, {
      data: ids.map((n) => rawTransaction(n)),
      next_cursor: last !== undefined && last > 1 ? `after-${last}` : null,
    });
  };
}

describe('accounts resource', () => {
  test('get maps snake_case fields to camelCase', async () => {
    fake.on('GET /v1/accounts/acc_0001', (_req, res) => sendJson(res, 200, RAW_ACCOUNT));
    const account = await client().accounts.get('acc_0001');
    assert.deepEqual(account, {
      id: 'acc_0001', name: 'Operating', currency: 'USD', balance: 125000, status: 'open', createdAt: '2024-01-01T00:00:00Z',
    });
  });

  test('get escapes the id in the path', async () => {
    const ledger = client();
    await assert.rejects(ledger.accounts.get('../transactions'), NotFoundError);
    assert.equal(fake.requests[0]!.path, '/v1/accounts/..%2Ftransactions');
  });

  test('list walks every page and forwards the status filter', async () => {
    fake.on(
      'GET /v1/accounts',
      (_req, res) => sendJson(res, 200, { data: [RAW_ACCOUNT], next_cursor: 'p2' }),
      (_req, res) => sendJson(res, 200, { data: [{ ...RAW_ACCOUNT, id: 'acc_0002' }], next_cursor: null }),
    );
    const ids = (await client().accounts.list({ status: 'open', limit: 1 }).toArray()).map((a) => a.id);
    assert.deepEqual(ids, ['acc_0001', 'acc_0002']);
    const queries = fake.requests.map((r) => r.query.toString());
    assert.deepEqual(queries, ['limit=1&status=open', 'limit=1&cursor=p2&status=open']);
  });

  test('create sends the body with a generated idempotency key', async () => {
    fake.on('POST /v1/accounts', (req, res) => sendJson(res, 201, { ...RAW_ACCOUNT, ...JSON.parse(req.body), balance: 0 }));
    const account = await client().accounts.create({ name: 'Payroll', currency: 'EUR' });
    assert.equal(account.name, 'Payroll');
    assert.equal(account.currency, 'EUR');
    assert.equal(fake.requests[0]!.headers['idempotency-key'], 'idem-1');
  });

  test('close surfaces account_not_empty as a ConflictError', async () => {
    fake.on('POST /v1/accounts/acc_0001/close', (_req, res) => sendError(res, 409, 'account_not_empty', {}, { balance: 5 }));
    await assert.rejects(client().accounts.close('acc_0001', { idempotencyKey: 'mine' }), (err: unknown) => {
      assert.ok(err instanceof ConflictError);
      assert.equal(err.code, 'account_not_empty');
      assert.deepEqual(err.details, { balance: 5 });
      return true;
    });
    assert.equal(fake.requests[0]!.headers['idempotency-key'], 'mine');
  });
});

describe('transactions resource', () => {
  test('list follows next_cursor through all pages without duplicates', async () => {
    fake.on('GET /v1/transactions', transactionPages(60));
    const txns = await client().transactions.list({ limit: 25 }).toArray();
    assert.equal(txns.length, 60);
    assert.equal(new Set(txns.map((t) => t.id)).size, 60);
    assert.equal(txns[0]!.id, 'txn_000060');
    assert.equal(txns[59]!.id, 'txn_000001');
    assert.equal(fake.requests.length, 3);
  });

  test('listPage maps filters to query parameters and fields to camelCase', async () => {
    fake.on('GET /v1/transactions', (_req, res) =>
      sendJson(res, 200, { data: [rawTransaction(7, { status: 'reversed', reversal_of: null })], next_cursor: null }));
    const page = await client().transactions.listPage({ accountId: 'acc_0001', status: 'reversed', limit: 10 });
    assert.equal(fake.requests[0]!.query.toString(), 'limit=10&account_id=acc_0001&status=reversed');
    assert.equal(page.nextCursor, null);
    assert.equal(page.data[0]!.accountId, 'acc_0001');
    assert.equal(page.data[0]!.reversalOf, null);
    assert.equal(page.data[0]!.createdAt, '2024-02-01T00:07:00Z');
  });

  test('create posts snake_case body and reuses the idempotency key across retries', async () => {
    fake.on(
      'POST /v1/transactions',
      (_req, res) => sendError(res, 503, 'unavailable'),
      (req, res) => sendJson(res, 201, rawTransaction(61, { amount: JSON.parse(req.body).amount })),
    );
    const txn = await client().transactions.create({ accountId: 'acc_0001', amount: -2500, description: 'Coffee' });
    assert.equal(txn.amount, -2500);
    assert.deepEqual(JSON.parse(fake.requests[0]!.body), { account_id: 'acc_0001', amount: -2500, description: 'Coffee' });
    assert.deepEqual(fake.requests.map((r) => r.headers['idempotency-key']), ['idem-1', 'idem-1']);
  });

  test('create rejects zero and fractional amounts before any request', async () => {
    const ledger = client();
    await assert.rejects(ledger.transactions.create({ accountId: 'acc_0001', amount: 0 }), RangeError);
    await assert.rejects(ledger.transactions.create({ accountId: 'acc_0001', amount: 12.5 }), RangeError);
    assert.equal(fake.requests.length, 0);
  });

  test('insufficient funds is a ConflictError and is not retried', async () => {
    fake.on('POST /v1/transactions', (_req, res) => sendError(res, 409, 'insufficient_funds'));
    await assert.rejects(client().transactions.create({ accountId: 'acc_0001', amount: -10 }), (err: unknown) =>
      err instanceof ConflictError && err.code === 'insufficient_funds');
    assert.equal(fake.requests.length, 1);
  });
});

describe('LedgerClient', () => {
  test('ping reports the health status', async () => {
    fake.on('GET /v1/health', (_req, res) => sendJson(res, 200, { status: 'ok' }));
    assert.equal(await client().ping(), true);
  });

  test('default idempotency keys are unique UUIDs', async () => {
    fake.on('POST /v1/accounts', (_req, res) => sendJson(res, 201, RAW_ACCOUNT));
    const ledger = new LedgerClient({ apiKey: 'k', baseUrl: fake.baseUrl });
    await ledger.accounts.create({ name: 'a', currency: 'USD' });
    await ledger.accounts.create({ name: 'a', currency: 'USD' });
    const [a, b] = fake.requests.map((r) => String(r.headers['idempotency-key']));
    assert.match(a!, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a, b);
  });
});
