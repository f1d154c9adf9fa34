import type { HttpTransport } from '../http.js';
import { Paginator, mapPage, type Page, type RawPage } from '../pagination.js';
import {
  toAccount,
  type Account,
  type AccountStatus,
  type CallOptions,
  type ListOptions,
  type RawAccount,
  type WriteOptions,
} from '../types.js';

export interface ListAccountsParams extends ListOptions {
  status?: AccountStatus;
}

export interface CreateAccountInput {
  name: string;
  currency: string;
}

export class AccountsResource {
  constructor(
    private readonly http: HttpTransport,
    private readonly newIdempotencyKey: () => string,
  ) {}

  /** One page of accounts, oldest first. */
  async listPage(params: ListAccountsParams & { cursor?: string } = {}): Promise<Page<Account>> {
    const { data } = await this.http.request<RawPage<RawAccount>>({
      method: 'GET',
      path: '/accounts',
      query: { limit: params.limit, cursor: params.cursor, status: params.status },
      signal: params.signal,
    });
    return mapPage(data, toAccount);
  }

  /** Every account, fetching pages lazily. */
  list(params: ListAccountsParams = {}): Paginator<Account> {
    return new Paginator((cursor) => this.listPage({ ...params, cursor }));
  }

  async get(id: string, options: CallOptions = {}): Promise<Account> {
    const { data } = await this.http.request<RawAccount>({
      method: 'GET',
      path: `/accounts/${encodeURIComponent(id)}`,
      signal: options.signal,
    });
    return toAccount(data);
  }

  async create(input: CreateAccountInput, options: WriteOptions = {}): Promise<Account> {
    const { data } = await this.http.request<RawAccount>({
      method: 'POST',
      path: '/accounts',
      body: { name: input.name, currency: input.currency },
      idempotencyKey: options.idempotencyKey ?? this.newIdempotencyKey(),
      signal: options.signal,
    });
    return toAccount(data);
  }

  /** Close an open account whose balance is 0. */
  async close(id: string, options: WriteOptions = {}): Promise<Account> {
    const { data } = await this.http.request<RawAccount>({
      method: 'POST',
      path: `/accounts/${encodeURIComponent(id)}/close`,
      idempotencyKey: options.idempotencyKey ?? this.newIdempotencyKey(),
      signal: options.signal,
    });
    return toAccount(data);
  }
}
