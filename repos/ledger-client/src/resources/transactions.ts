import type { HttpTransport } from '../http.js';
import { Paginator, mapPage, type Page, type RawPage } from '../pagination.js';
import {
  toTransaction,
  type CallOptions,
  type ListOptions,
  type RawTransaction,
  type Transaction,
  type TransactionStatus,
  type WriteOptions,
} from '../types.js';

export interface ListTransactionsParams extends ListOptions {
  accountId?: string;
  status?: TransactionStatus;
}

export interface CreateTransactionInput {
  accountId: string;
  /** Non-zero amount in minor units: positive credits, negative debits. */
  amount: number;
  /** Optional safety check: must equal the account currency. */
  currency?: string;
  description?: string;
}

export class TransactionsResource {
  constructor(
    private readonly http: HttpTransport,
    private readonly newIdempotencyKey: () => string,
  ) {}

  /** One page of transactions, newest first. */
  async listPage(params: ListTransactionsParams & { cursor?: string } = {}): Promise<Page<Transaction>> {
    const { data } = await this.http.request<RawPage<RawTransaction>>({
      method: 'GET',
      path: '/transactions',
      query: {
        limit: params.limit,
        cursor: params.cursor,
        account_id: params.accountId,
        status: params.status,
      },
      signal: params.signal,
    });
    return mapPage(data, toTransaction);
  }

  /** Every matching transaction, newest first, fetching pages lazily. */
  list(params: ListTransactionsParams = {}): Paginator<Transaction> {
    return new Paginator((cursor) => this.listPage({ ...params, cursor }));
  }

  async get(id: string, options: CallOptions = {}): Promise<Transaction> {
    const { data } = await this.http.request<RawTransaction>({
      method: 'GET',
      path: `/transactions/${encodeURIComponent(id)}`,
      signal: options.signal,
    });
    return toTransaction(data);
  }

  async create(input: CreateTransactionInput, options: WriteOptions = {}): Promise<Transaction> {
    if (!Number.isSafeInteger(input.amount) || input.amount === 0) {
      throw new RangeError(`amount must be a non-zero integer of minor units, got ${input.amount}`);
    }
    const body: Record<string, unknown> = { account_id: input.accountId, amount: input.amount };
    if (input.currency !== undefined) body['currency'] = input.currency;
    if (input.description !== undefined) body['description'] = input.description;
    const { data } = await this.http.request<RawTransaction>({
      method: 'POST',
      path: '/transactions',
      body,
      idempotencyKey: options.idempotencyKey ?? this.newIdempotencyKey(),
      signal: options.signal,
    });
    return toTransaction(data);
  }

  // TODO(ledger-client#41): `reverse(id)` -> POST /transactions/{id}/reverse
  // TODO(ledger-client#42): `export({ accountId })` -> GET /transactions/export (CSV, not JSON)
}
