// crucible-canary:75aec0b5-56c8-4390-8ee3-12244b6d2e6c
// Hidden tests: talk to the real ledger-api-mock services started for the task
// (127.0.0.1:8080 plain, 127.0.0.1:8081 with --rate-limit-every 2 --retry-after 1).
import { beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  LedgerClient,
  NotFoundError,
  RateLimitError,
  type LedgerClientOptions,
} from '../../src/index.js';

const ORIGIN = 'http://127.0.0.1:8080';
const LIMITED_ORIGIN = 'http://127.0.0.1:8081';
const API_KEY = 'test-key-7f3a';
const READ_ONLY_KEY = 'ro-key-19c2';
const HEADER = 'id,account_id,amount,currency,description,status,reversal_of,created_at';

async function resetMock(origin: string): Promise<void> {
  const res = await fetch(`${origin}/__mock/reset`, { method: 'POST' });
  await res.text();
  assert.equal(res.status, 200, `could not reset the mock at ${origin}`);
}

/** GET with plain fetch, bypassing the client: what the API really sends. */
async function rawExport(query = '', key = API_KEY): Promise<string> {
  const res = await fetch(`${ORIGIN}/v1/transactions/export${query}`, { headers: { Authorization: `Bearer ${key}` } });
  const text = await res.text();
  assert.equal(res.status, 200);
  return text;
}

function countingFetch(): { fetch: typeof fetch; calls: string[] } {
  const calls: string[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    calls.push(String(input));
    return fetch(input, init);
  };
  return { fetch: wrapped, calls };
}

function client(overrides: Partial<LedgerClientOptions> = {}): LedgerClient {
  return new LedgerClient({
    apiKey: API_KEY,
    baseUrl: `${ORIGIN}/v1`,
    timeoutMs: 5000,
    retry: { maxRetries: 2, baseDelayMs: 10, jitter: false },
    sleep: async () => {},
    ...overrides,
  });
}

/** Minimal RFC 4180 reader for `\n`-terminated records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  assert.equal(field, '', 'CSV must end with a line break');
  assert.equal(record.length, 0, 'CSV must end with a line break');
  return records;
}

beforeEach(async () => {
  await resetMock(ORIGIN);
  await resetMock(LIMITED_ORIGIN);
});

describe('transactions.export', () => {
  test('resolves to the CSV text exactly as the API serves it', async () => {
    const csv = await client().transactions.export();
    assert.equal(typeof csv, 'string');
    assert.equal(csv, await rawExport());
  });

  test('starts with the documented header and has one line per transaction', async () => {
    const csv = await client().transactions.export();
    const lines = csv.split('\n');
    assert.equal(lines[0], HEADER);
    assert.equal(lines.at(-1), '', 'the export ends with a newline');
    assert.equal(lines.length, 1 + 180 + 1);
    assert.ok(!csv.includes('\r'), 'line endings are \\n');
  });

  test('filters by account and keeps the oldest-first order', async () => {
    const csv = await client().transactions.export({ accountId: 'acc_0002' });
    assert.equal(csv, await rawExport('?account_id=acc_0002'));
    const [header, ...rows] = parseCsv(csv);
    assert.deepEqual(header, HEADER.split(','));
    assert.equal(rows.length, 60);
    assert.ok(rows.every((r) => r[1] === 'acc_0002' && r[3] === 'JPY'));
    const created = rows.map((r) => r[7]!);
    assert.deepEqual(created, [...created].sort(), 'oldest first');
    assert.equal(rows[0]![0], 'txn_000002');
  });

  test('keeps quoted fields with commas and quotes intact', async () => {
    const csv = await client().transactions.export({ accountId: 'acc_0001' });
    assert.ok(csv.includes(',"Bank fee, monthly",') || csv.includes(',"Lunch ""team""",'), 'quoted descriptions survive');
    const records = parseCsv(csv);
    assert.ok(records.every((r) => r.length === 8), 'every record has 8 fields');
    const descriptions = new Set(records.slice(1).map((r) => r[4]));
    assert.ok(descriptions.has('Bank fee, monthly') || descriptions.has('Lunch "team"'));
  });

  test('includes transactions created through the client', async () => {
    const ledger = client();
    const created = await ledger.transactions.create({ accountId: 'acc_0003', amount: 1234, description: 'Refund, "partial"' });
    const rows = parseCsv(await ledger.transactions.export({ accountId: 'acc_0003' })).slice(1);
    assert.equal(rows.length, 61);
    assert.deepEqual(rows.at(-1), [
      created.id,
      'acc_0003',
      '1234',
      'GBP',
      'Refund, "partial"',
      'posted',
      '',
      created.createdAt,
    ]);
  });

  test('agrees with the paginated listing of the same account', async () => {
    const ledger = client();
    const listed = await ledger.transactions.list({ accountId: 'acc_0001', limit: 7 }).toArray();
    assert.equal(listed.length, 60);
    const rows = parseCsv(await ledger.transactions.export({ accountId: 'acc_0001' })).slice(1);
    assert.deepEqual(
      rows.map((r) => [r[0], Number(r[2])]),
      [...listed].reverse().map((t) => [t.id, t.amount]),
    );
  });

  test('an unknown account is a NotFoundError', async () => {
    await assert.rejects(client().transactions.export({ accountId: 'acc_9999' }), (err: unknown) => {
      assert.ok(err instanceof NotFoundError, `got ${String(err)}`);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'not_found');
      assert.match(err.requestId ?? '', /^req_\d+$/);
      return true;
    });
  });

  test('a wrong API key is an AuthenticationError and is not retried', async () => {
    const counting = countingFetch();
    const ledger = client({ apiKey: 'not-a-real-key', fetch: counting.fetch });
    await assert.rejects(ledger.transactions.export(), (err: unknown) => {
      assert.ok(err instanceof AuthenticationError, `got ${String(err)}`);
      assert.equal(err.code, 'unauthorized');
      return true;
    });
    assert.equal(counting.calls.length, 1);
    assert.match(counting.calls[0]!, /\/v1\/transactions\/export(\?|$)/);
  });

  test('works with a read-only key', async () => {
    const csv = await client({ apiKey: READ_ONLY_KEY }).transactions.export({ accountId: 'acc_0003' });
    assert.equal(csv, await rawExport('?account_id=acc_0003'));
  });

  test('is retried after a 429, waiting for Retry-After', async () => {
    const delays: number[] = [];
    const counting = countingFetch();
    const ledger = client({
      baseUrl: `${LIMITED_ORIGIN}/v1`,
      fetch: counting.fetch,
      retry: { maxRetries: 3, random: () => 0 },
      sleep: async (ms) => {
        delays.push(ms);
      },
    });
    const csv = await ledger.transactions.export();
    assert.equal(csv, await rawExport());
    assert.equal(counting.calls.length, 2);
    assert.deepEqual(delays, [1000]);
  });

  test('any 2xx answer resolves to its text, as 2xx does for the JSON endpoints', async () => {
    const ledger = client({ fetch: async () => new Response(`${HEADER}\n`, { status: 299, headers: { 'Content-Type': 'text/csv; charset=utf-8' } }) });
    assert.equal(await ledger.transactions.export(), `${HEADER}\n`);
  });

  test('a 3xx answer is an ApiError with the server details, never CSV text', async () => {
    const body = JSON.stringify({ error: { code: 'multiple_choices', message: 'pick a representation' } });
    const ledger = client({ fetch: async () => new Response(body, { status: 300, headers: { 'Content-Type': 'application/json', 'X-Request-Id': 'req_300' } }) });
    await assert.rejects(ledger.transactions.export(), (err: unknown) => {
      assert.ok(err instanceof ApiError, `got ${String(err)}`);
      assert.equal(err.status, 300);
      assert.equal(err.code, 'multiple_choices');
      assert.equal(err.requestId, 'req_300');
      return true;
    });
  });

  test('surfaces a RateLimitError when retries are disabled', async () => {
    const ledger = client({ baseUrl: `${LIMITED_ORIGIN}/v1`, retry: { maxRetries: 0 } });
    await assert.rejects(ledger.transactions.export(), (err: unknown) => {
      assert.ok(err instanceof RateLimitError, `got ${String(err)}`);
      assert.equal(err.retryAfterMs, 1000);
      return true;
    });
  });
});

describe('listing against the mock API', () => {
  test('list walks the 8 default-size pages newest first', async () => {
    const ledger = client();
    let pages = 0;
    const ids: string[] = [];
    for await (const page of ledger.transactions.list().pages()) {
      pages++;
      ids.push(...page.data.map((t) => t.id));
    }
    assert.equal(pages, 8);
    assert.equal(ids.length, 180);
    assert.equal(new Set(ids).size, 180);
    assert.equal(ids[0], 'txn_000180');
    assert.equal(ids.at(-1), 'txn_000001');
  });

  test('listPage cursors chain and stay bound to their filters', async () => {
    const ledger = client();
    const first = await ledger.transactions.listPage({ accountId: 'acc_0001', limit: 10 });
    assert.equal(first.data.length, 10);
    assert.ok(first.nextCursor);
    const second = await ledger.transactions.listPage({ accountId: 'acc_0001', limit: 10, cursor: first.nextCursor! });
    assert.equal(second.data.length, 10);
    assert.ok(second.data[0]!.createdAt < first.data[9]!.createdAt, 'second page continues after the first');
    assert.equal(new Set([...first.data, ...second.data].map((t) => t.id)).size, 20);
    await assert.rejects(
      ledger.transactions.listPage({ accountId: 'acc_0002', limit: 10, cursor: first.nextCursor! }),
      (err: unknown) => err instanceof BadRequestError && err.code === 'invalid_cursor',
    );
  });

  test('status filter and limit validation', async () => {
    const ledger = client();
    const reversed = await ledger.transactions.listPage({ status: 'reversed' });
    assert.deepEqual(reversed, { data: [], nextCursor: null });
    await assert.rejects(
      ledger.transactions.listPage({ limit: 0 }),
      (err: unknown) => err instanceof BadRequestError && err.code === 'invalid_request',
    );
  });

  test('accounts list follows cursors one account per page', async () => {
    const ledger = client();
    const sizes: number[] = [];
    for await (const page of ledger.accounts.list({ limit: 1 }).pages()) sizes.push(page.data.length);
    assert.deepEqual(sizes, [1, 1, 1]);
    const accounts = await ledger.accounts.list().toArray();
    assert.deepEqual(accounts.map((a) => [a.id, a.currency]), [
      ['acc_0001', 'USD'],
      ['acc_0002', 'JPY'],
      ['acc_0003', 'GBP'],
    ]);
  });
});
