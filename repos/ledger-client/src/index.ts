export { LedgerClient, DEFAULT_BASE_URL, type LedgerClientOptions } from './client.js';
export {
  HttpTransport,
  buildUrl,
  DEFAULT_TIMEOUT_MS,
  type ApiResponse,
  type RequestOptions,
  type TransportOptions,
} from './http.js';
export {
  RetryPolicy,
  DEFAULT_RETRY_OPTIONS,
  defaultSleep,
  parseRetryAfter,
  type RetryOptions,
  type RetryContext,
  type Sleep,
} from './retry.js';
export { Paginator, type Page } from './pagination.js';
export { formatMoney, parseMoney, sumAmounts, minorUnitDigits, CURRENCY_DIGITS, type FormatOptions } from './money.js';
export * from './errors.js';
export type {
  Account,
  AccountStatus,
  Transaction,
  TransactionStatus,
  CallOptions,
  WriteOptions,
  ListOptions,
} from './types.js';
export type { ListAccountsParams, CreateAccountInput } from './resources/accounts.js';
export type { ListTransactionsParams, CreateTransactionInput } from './resources/transactions.js';
