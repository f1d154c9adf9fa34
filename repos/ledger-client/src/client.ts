import { randomUUID } from 'node:crypto';
import { HttpTransport, type TransportOptions } from './http.js';
import { AccountsResource } from './resources/accounts.js';
import { TransactionsResource } from './resources/transactions.js';

export const DEFAULT_BASE_URL = 'https://ledger.example.com/v1';

export interface LedgerClientOptions extends Omit<TransportOptions, 'baseUrl'> {
  /** API root including the version, e.g. `http://127.0.0.1:8080/v1`. */
  baseUrl?: string;
  /** Generates Idempotency-Key values for write calls (default: random UUIDs). */
  idempotencyKeyFactory?: () => string;
}

/**
 * Entry point of the library.
 *
 * ```ts
 * const ledger = new LedgerClient({ apiKey: process.env.LEDGER_API_KEY! });
 * for await (const txn of ledger.transactions.list({ accountId: 'acc_0001' })) { ... }
 * ```
 */
export class LedgerClient {
  readonly accounts: AccountsResource;
  readonly transactions: TransactionsResource;
  readonly http: HttpTransport;

  constructor(options: LedgerClientOptions) {
    const { idempotencyKeyFactory, baseUrl, ...transport } = options;
    this.http = new HttpTransport({ ...transport, baseUrl: baseUrl ?? DEFAULT_BASE_URL });
    const newKey = idempotencyKeyFactory ?? (() => randomUUID());
    this.accounts = new AccountsResource(this.http, newKey);
    this.transactions = new TransactionsResource(this.http, newKey);
  }

  /** `GET /health`; resolves to true when the API reports `ok`. */
  async ping(): Promise<boolean> {
    const { data } = await this.http.request<{ status?: string }>({ method: 'GET', path: '/health' });
    return data?.status === 'ok';
  }
}
