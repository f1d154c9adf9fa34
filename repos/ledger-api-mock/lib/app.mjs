// HTTP request handling for the mock Ledger API.

import { ApiError, Store } from './store.mjs';
import { Chaos } from './chaos.mjs';

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_BODY = 1024 * 1024;

function stableStringify(value) {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableStringify(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function csvField(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS = ['id', 'account_id', 'amount', 'currency', 'description', 'status', 'reversal_of', 'created_at'];

function parseLimit(query) {
  const raw = query.get('limit');
  if (raw === null) return 25;
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100) {
    throw new ApiError(400, 'invalid_request', 'limit must be an integer between 1 and 100', { param: 'limit' });
  }
  return Number(raw);
}

function parseEnum(query, name, allowed) {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  if (!allowed.includes(raw)) {
    throw new ApiError(400, 'invalid_request', `${name} must be one of ${allowed.join(', ')}`, { param: name });
  }
  return raw;
}

const listParams = (query) => ({ limit: parseLimit(query), cursor: query.get('cursor') ?? undefined });

// [method, pattern, handler(ctx, ...captures)] -- first match wins.
const ROUTES = [
  ['GET', /^\/v1\/accounts$/, ({ store, query }) => [200, store.listAccounts({ ...listParams(query), status: parseEnum(query, 'status', ['open', 'closed']) })]],
  ['POST', /^\/v1\/accounts$/, ({ store, body }) => [201, store.createAccount(body)]],
  ['GET', /^\/v1\/accounts\/([^/]+)$/, ({ store }, id) => [200, (({ seq, ...a }) => a)(store.getAccount(id))]],
  ['POST', /^\/v1\/accounts\/([^/]+)\/close$/, ({ store }, id) => [200, store.closeAccount(id)]],
  ['GET', /^\/v1\/transactions$/, ({ store, query }) => [200, store.listTransactions({
    ...listParams(query), accountId: query.get('account_id') || undefined, status: parseEnum(query, 'status', ['posted', 'reversed']),
  })]],
  ['POST', /^\/v1\/transactions$/, ({ store, body }) => [201, store.createTransaction(body)]],
  ['GET', /^\/v1\/transactions\/export$/, ({ store, query }) => {
    const format = query.get('format') ?? 'csv';
    if (format !== 'csv') throw new ApiError(400, 'invalid_request', 'format must be csv', { param: 'format' });
    const rows = store.exportTransactions(query.get('account_id') || undefined);
    const lines = [CSV_COLUMNS.join(','), ...rows.map((t) => CSV_COLUMNS.map((c) => csvField(t[c])).join(','))];
    return [200, lines.join('\n') + '\n', 'text/csv; charset=utf-8'];
  }],
  ['GET', /^\/v1\/transactions\/([^/]+)$/, ({ store }, id) => [200, (({ seq, ...t }) => t)(store.getTransaction(id))]],
  ['POST', /^\/v1\/transactions\/([^/]+)\/reverse$/, ({ store }, id) => [201, store.reverseTransaction(id)]],
];

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new ApiError(400, 'invalid_request', 'body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJsonBody(text) {
  if (text.trim() === '') return {};
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'request body is not valid JSON');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'invalid_json', 'request body must be a JSON object');
  }
  return body;
}

const errorBody = (code, message, details) => ({ error: details ? { code, message, details } : { code, message } });

export function createApp(options) {
  const store = new Store({ seed: options.seed, accounts: options.accounts, transactionsPerAccount: options.transactions });
  const chaos = new Chaos(options);
  const apiKeys = new Set(options.apiKeys);
  const readOnlyKeys = new Set(options.readOnlyKeys);
  let requestCounter = 0;

  async function handle(req, res) {
    const requestId = `req_${String(++requestCounter).padStart(6, '0')}`;
    const url = new URL(req.url, 'http://mock.invalid');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = req.method.toUpperCase();
    let delayMs = 0;

    const send = (status, payload, { contentType = JSON_TYPE, headers = {}, raw = false } = {}) => {
      const body = raw || typeof payload === 'string' ? payload : JSON.stringify(payload);
      const write = () => {
        if (res.destroyed || res.writableEnded) return;
        res.writeHead(status, { 'Content-Type': contentType, 'X-Request-Id': requestId, ...headers });
        res.end(body);
      };
      if (delayMs > 0) setTimeout(write, delayMs).unref();
      else write();
    };
    const sendError = (err) => {
      if (err instanceof ApiError) {
        const headers = err.retryAfter !== undefined && err.retryAfter !== null ? { 'Retry-After': String(err.retryAfter) } : {};
        send(err.status, errorBody(err.code, err.message, err.details), { headers });
      } else {
        if (!options.quiet) console.error(err);
        send(500, errorBody('internal_error', 'unexpected error'));
      }
    };

    try {
      const rawBody = await readBody(req);
      if (path === '/v1/health' && method === 'GET') return send(200, { status: 'ok' });
      if (path === '/__mock/reset' && method === 'POST') {
        store.reset();
        chaos.reset();
        requestCounter = 0;
        return send(200, { reset: true });
      }

      const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      const apiKey = match?.[1];
      if (!apiKey || !(apiKeys.has(apiKey) || readOnlyKeys.has(apiKey))) {
        throw new ApiError(401, 'unauthorized', 'missing or invalid API key');
      }
      if (method === 'POST' && readOnlyKeys.has(apiKey)) {
        throw new ApiError(403, 'forbidden', 'this API key is read-only');
      }

      const decision = chaos.decide({ apiKey, method, path, header: req.headers['x-mock-chaos'] });
      delayMs = decision.delayMs;
      const fault = decision.fault;
      if (fault?.kind === 'drop') {
        req.socket.destroy();
        return undefined;
      }
      if (fault?.kind === 'error') {
        const err = new ApiError(fault.status, fault.code, `chaos: simulated ${fault.status}`);
        err.retryAfter = fault.retryAfter;
        throw err;
      }

      let handler = null;
      let captures = [];
      let pathMatched = false;
      for (const [routeMethod, pattern, fn] of ROUTES) {
        const m = pattern.exec(path);
        if (!m) continue;
        pathMatched = true;
        if (routeMethod === method) {
          handler = fn;
          captures = m.slice(1).map(decodeURIComponent);
          break;
        }
      }
      if (!handler) {
        throw pathMatched
          ? new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`)
          : new ApiError(404, 'not_found', `no route for ${method} ${path}`);
      }

      const idemKey = method === 'POST' ? req.headers['idempotency-key'] : undefined;
      let body = {};
      if (method === 'POST') body = parseJsonBody(rawBody);
      let status;
      let payload;
      let contentType;
      if (idemKey !== undefined) {
        if (idemKey.length < 1 || idemKey.length > 255) {
          throw new ApiError(400, 'invalid_request', 'Idempotency-Key must be 1 to 255 characters');
        }
        const storeKey = `${apiKey}\n${idemKey}`;
        const fingerprint = `${method} ${path} ${stableStringify(body)}`;
        const previous = store.idempotency.get(storeKey);
        if (previous) {
          if (previous.fingerprint !== fingerprint) {
            throw new ApiError(409, 'idempotency_conflict', 'Idempotency-Key was used with a different request');
          }
          if (fault?.kind === 'malformed') return send(200, '{"data": [', { raw: true });
          return send(previous.status, previous.payload, { headers: { 'Idempotent-Replayed': 'true' } });
        }
        try {
          [status, payload, contentType] = handler({ store, query: url.searchParams, body }, ...captures);
        } catch (err) {
          if (err instanceof ApiError && err.status < 500 && err.status !== 429) {
            store.idempotency.set(storeKey, { fingerprint, status: err.status, payload: errorBody(err.code, err.message, err.details) });
          }
          throw err;
        }
        store.idempotency.set(storeKey, { fingerprint, status, payload });
      } else {
        [status, payload, contentType] = handler({ store, query: url.searchParams, body }, ...captures);
      }
      if (fault?.kind === 'malformed') return send(200, '{"data": [', { raw: true });
      return send(status, payload, { contentType: contentType ?? JSON_TYPE });
    } catch (err) {
      return sendError(err);
    }
  }

  return { handle, store, chaos };
}
