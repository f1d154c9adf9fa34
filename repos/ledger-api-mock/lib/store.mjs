// In-memory state of the mock: accounts, transactions, idempotency records.

import { CURRENCIES, accountId, generateSeedData, isoSeconds, transactionId } from './data.mjs';

const ACCOUNT_EPOCH = Date.UTC(2024, 0, 1);
const TXN_EPOCH = Date.UTC(2024, 1, 1);
const MAX_AMOUNT = 10 ** 12;

export class ApiError extends Error {
  constructor(status, code, message, details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

const strip = ({ seq, ...pub }) => pub;

export function encodeCursor(payload) {
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

export function decodeCursor(cursor, kind, filterKey) {
  let payload;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ApiError(400, 'invalid_cursor', 'cursor is malformed');
  }
  if (!payload || payload.k !== kind || !Number.isInteger(payload.s)) {
    throw new ApiError(400, 'invalid_cursor', 'cursor is malformed');
  }
  if (payload.f !== filterKey) {
    throw new ApiError(400, 'invalid_cursor', 'cursor was issued for different filters');
  }
  return payload.s;
}

/**
 * Key-set pagination over `items` (already sorted by seq in `direction`).
 * The cursor stores the seq of the last item returned.
 */
function paginate(items, { kind, filterKey, limit, cursor, descending }) {
  let rest = items;
  if (cursor !== undefined) {
    const after = decodeCursor(cursor, kind, filterKey);
    rest = items.filter((item) => (descending ? item.seq < after : item.seq > after));
  }
  const page = rest.slice(0, limit);
  const more = rest.length > limit;
  return {
    data: page.map(strip),
    next_cursor: more ? encodeCursor({ k: kind, s: page[page.length - 1].seq, f: filterKey }) : null,
  };
}

export class Store {
  constructor(seedOptions) {
    this.seedOptions = seedOptions;
    this.reset();
  }

  reset() {
    const { accounts, transactions } = generateSeedData(this.seedOptions);
    this.accounts = accounts;
    this.transactions = transactions;
    this.idempotency = new Map();
  }

  getAccount(id) {
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw new ApiError(404, 'not_found', `no account with id ${id}`);
    return account;
  }

  getTransaction(id) {
    const txn = this.transactions.find((t) => t.id === id);
    if (!txn) throw new ApiError(404, 'not_found', `no transaction with id ${id}`);
    return txn;
  }

  listAccounts({ limit, cursor, status }) {
    const items = this.accounts.filter((a) => !status || a.status === status);
    return paginate(items, { kind: 'accounts', filterKey: `status=${status ?? ''}`, limit, cursor, descending: false });
  }

  listTransactions({ limit, cursor, accountId: acc, status }) {
    if (acc) this.getAccount(acc);
    const items = this.transactions
      .filter((t) => (!acc || t.account_id === acc) && (!status || t.status === status))
      .reverse();
    const filterKey = `account_id=${acc ?? ''}&status=${status ?? ''}`;
    return paginate(items, { kind: 'transactions', filterKey, limit, cursor, descending: true });
  }

  exportTransactions(acc) {
    if (acc) this.getAccount(acc);
    return this.transactions.filter((t) => !acc || t.account_id === acc).map(strip);
  }

  createAccount(body) {
    if (typeof body.name !== 'string' || body.name.trim().length === 0 || body.name.length > 100) {
      throw new ApiError(422, 'validation_error', 'name must be a string of 1 to 100 characters', { field: 'name' });
    }
    if (typeof body.currency !== 'string' || !(body.currency in CURRENCIES)) {
      throw new ApiError(422, 'validation_error', `currency must be one of ${Object.keys(CURRENCIES).join(', ')}`, { field: 'currency' });
    }
    const seq = this.accounts.length + 1;
    const account = {
      id: accountId(seq), name: body.name, currency: body.currency, balance: 0, status: 'open',
      created_at: isoSeconds(ACCOUNT_EPOCH + (seq - 1) * 3600_000), seq,
    };
    this.accounts.push(account);
    return strip(account);
  }

  closeAccount(id) {
    const account = this.getAccount(id);
    if (account.status === 'closed') throw new ApiError(409, 'account_closed', `account ${id} is already closed`);
    if (account.balance !== 0) {
      throw new ApiError(409, 'account_not_empty', `account ${id} has balance ${account.balance}`, { balance: account.balance });
    }
    account.status = 'closed';
    return strip(account);
  }

  #post(account, amount, description, reversalOf = null) {
    if (account.balance + amount < 0) {
      throw new ApiError(409, 'insufficient_funds', `balance ${account.balance} is lower than ${-amount}`, { balance: account.balance });
    }
    const seq = this.transactions.length + 1;
    const txn = {
      id: transactionId(seq), account_id: account.id, amount, currency: account.currency, description,
      status: 'posted', reversal_of: reversalOf, created_at: isoSeconds(TXN_EPOCH + seq * 37 * 60_000), seq,
    };
    account.balance += amount;
    this.transactions.push(txn);
    return txn;
  }

  createTransaction(body) {
    if (typeof body.account_id !== 'string') {
      throw new ApiError(422, 'validation_error', 'account_id is required', { field: 'account_id' });
    }
    if (!Number.isInteger(body.amount) || body.amount === 0 || Math.abs(body.amount) > MAX_AMOUNT) {
      throw new ApiError(422, 'validation_error', 'amount must be a non-zero integer in minor units', { field: 'amount' });
    }
    const description = body.description ?? '';
    if (typeof description !== 'string' || description.length > 200) {
      throw new ApiError(422, 'validation_error', 'description must be a string of at most 200 characters', { field: 'description' });
    }
    const account = this.getAccount(body.account_id);
    if (body.currency !== undefined && body.currency !== account.currency) {
      throw new ApiError(422, 'validation_error', `account currency is ${account.currency}`, { field: 'currency' });
    }
    if (account.status !== 'open') throw new ApiError(409, 'account_closed', `account ${account.id} is closed`);
    return strip(this.#post(account, body.amount, description));
  }

  reverseTransaction(id) {
    const original = this.getTransaction(id);
    if (original.status === 'reversed' || original.reversal_of) {
      throw new ApiError(409, 'already_reversed', `transaction ${id} cannot be reversed again`);
    }
    const account = this.getAccount(original.account_id);
    if (account.status !== 'open') throw new ApiError(409, 'account_closed', `account ${account.id} is closed`);
    const reversal = this.#post(account, -original.amount, `Reversal of ${id}`, id);
    original.status = 'reversed';
    return strip(reversal);
  }
}
