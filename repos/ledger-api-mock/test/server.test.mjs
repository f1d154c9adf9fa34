import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, startServer } from '../server.mjs';

const KEY = 'sk_test_mock';
const auth = { Authorization: `Bearer ${KEY}` };

async function call(base, path, { method = 'GET', headers = {}, body } = {}) {
  const res = await fetch(base + path, {
    method,
    headers: { ...auth, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = JSON.parse(text); } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

describe('ledger-api-mock: default behaviour', () => {
  let srv;
  before(async () => { srv = await startServer({ port: 0, apiKeys: [KEY], readOnlyKeys: ['sk_read_only'], quiet: true }); });
  after(async () => { await srv.close(); });

  test('health needs no auth', async () => {
    const r = await call(srv.url, '/v1/health', { headers: { Authorization: '' } });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'ok' });
  });

  test('missing or wrong key gives 401, read-only key on POST gives 403', async () => {
    const r1 = await call(srv.url, '/v1/accounts', { headers: { Authorization: 'Bearer nope' } });
    assert.equal(r1.status, 401);
    assert.equal(r1.json.error.code, 'unauthorized');
    const r2 = await call(srv.url, '/v1/accounts', { method: 'POST', body: { name: 'x', currency: 'USD' }, headers: { Authorization: 'Bearer sk_read_only' } });
    assert.equal(r2.status, 403);
    assert.equal(r2.json.error.code, 'forbidden');
  });

  test('seeded data is deterministic for a given seed', async () => {
    const r = await call(srv.url, '/v1/accounts/acc_0001');
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { id: 'acc_0001', name: 'Operating', currency: 'USD', balance: 411184, status: 'open', created_at: '2024-01-01T00:00:00Z' });
  });

  test('transactions paginate newest first across pages without duplicates', async () => {
    const ids = [];
    let cursor = null;
    let pages = 0;
    do {
      const r = await call(srv.url, `/v1/transactions?limit=40${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(r.status, 200);
      ids.push(...r.json.data.map((t) => t.id));
      cursor = r.json.next_cursor;
      pages++;
    } while (cursor);
    assert.equal(pages, 5);
    assert.equal(ids.length, 180);
    assert.equal(new Set(ids).size, 180);
    assert.equal(ids[0], 'txn_000180');
  });

  test('cursor reused with other filters is rejected and bad limit is 400', async () => {
    const first = await call(srv.url, '/v1/transactions?limit=5&account_id=acc_0001');
    const r = await call(srv.url, `/v1/transactions?limit=5&account_id=acc_0002&cursor=${first.json.next_cursor}`);
    assert.equal(r.json.error.code, 'invalid_cursor');
    const bad = await call(srv.url, '/v1/transactions?limit=101');
    assert.equal(bad.status, 400);
    assert.equal(bad.json.error.code, 'invalid_request');
  });

  test('idempotency key replays the first response and detects conflicts', async () => {
    const body = { account_id: 'acc_0001', amount: -500, description: 'idem' };
    const headers = { 'Idempotency-Key': 'idem-1' };
    const a = await call(srv.url, '/v1/transactions', { method: 'POST', body, headers });
    const b = await call(srv.url, '/v1/transactions', { method: 'POST', body, headers });
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assert.equal(b.json.id, a.json.id);
    const c = await call(srv.url, '/v1/transactions', { method: 'POST', body: { ...body, amount: -501 }, headers });
    assert.equal(c.status, 409);
    assert.equal(c.json.error.code, 'idempotency_conflict');
  });

  test('insufficient funds and validation errors', async () => {
    const r = await call(srv.url, '/v1/transactions', { method: 'POST', body: { account_id: 'acc_0002', amount: -100000000000 } });
    assert.equal(r.status, 409);
    assert.equal(r.json.error.code, 'insufficient_funds');
    const v = await call(srv.url, '/v1/accounts', { method: 'POST', body: { name: 'New', currency: 'XXX' } });
    assert.equal(v.status, 422);
    assert.equal(v.json.error.details.field, 'currency');
  });

  test('chaos header: rate-limit once, then malformed and delay', async () => {
    const headers = { 'X-Mock-Chaos': 'rate-limit, retry-after=7, times=1' };
    const first = await call(srv.url, '/v1/accounts', { headers });
    assert.equal(first.status, 429);
    assert.equal(first.headers.get('retry-after'), '7');
    const second = await call(srv.url, '/v1/accounts', { headers });
    assert.equal(second.status, 200);
    const bad = await call(srv.url, '/v1/accounts', { headers: { 'X-Mock-Chaos': 'malformed' } });
    assert.equal(bad.status, 200);
    assert.equal(bad.json, undefined);
    const started = Date.now();
    await call(srv.url, '/v1/health');
    const slow = await call(srv.url, '/v1/accounts', { headers: { 'X-Mock-Chaos': 'delay=150' } });
    assert.equal(slow.status, 200);
    assert.ok(Date.now() - started >= 140);
  });

  test('csv export lists transactions oldest first', async () => {
    const res = await fetch(`${srv.url}/v1/transactions/export?account_id=acc_0003`, { headers: auth });
    assert.match(res.headers.get('content-type'), /^text\/csv/);
    const lines = (await res.text()).trimEnd().split('\n');
    assert.equal(lines[0], 'id,account_id,amount,currency,description,status,reversal_of,created_at');
    assert.equal(lines.length, 61);
    assert.ok(lines[1].startsWith('txn_000003,acc_0003,'));
  });
});

describe('ledger-api-mock: startup chaos flags', () => {
  test('--rate-limit-every 2 rate-limits the first request per key and path', async () => {
    const options = parseArgs(['--port', '0', '--api-key', KEY, '--rate-limit-every', '2', '--retry-after', '0', '--quiet']);
    const srv = await startServer(options);
    try {
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await call(srv.url, '/v1/accounts')).status);
      assert.deepEqual(statuses, [429, 200, 429]);
      assert.equal((await call(srv.url, '/v1/accounts/acc_0001')).status, 429);
    } finally {
      await srv.close();
    }
  });
});
