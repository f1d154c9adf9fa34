/** Wire and public shapes of the Ledger API objects. */

export type AccountStatus = 'open' | 'closed';
export type TransactionStatus = 'posted' | 'reversed';

export interface Account {
  id: string;
  name: string;
  currency: string;
  /** Balance in minor units. */
  balance: number;
  status: AccountStatus;
  createdAt: string;
}

export interface Transaction {
  id: string;
  accountId: string;
  /** Signed amount in minor units: positive is a credit, negative a debit. */
  amount: number;
  currency: string;
  description: string;
  status: TransactionStatus;
  reversalOf: string | null;
  createdAt: string;
}

export interface RawAccount {
  id: string;
  name: string;
  currency: string;
  balance: number;
  status: AccountStatus;
  created_at: string;
}

export interface RawTransaction {
  id: string;
  account_id: string;
  amount: number;
  currency: string;
  description: string;
  status: TransactionStatus;
  reversal_of: string | null;
  created_at: string;
}

export function toAccount(raw: RawAccount): Account {
  return {
    id: raw.id,
    name: raw.name,
    currency: raw.currency,
    balance: raw.balance,
    status: raw.status,
    createdAt: raw.created_at,
  };
}

export function toTransaction(raw: RawTransaction): Transaction {
  return {
    id: raw.id,
    accountId: raw.account_id,
    amount: raw.amount,
    currency: raw.currency,
    description: raw.description,
    status: raw.status,
    reversalOf: raw.reversal_of ?? null,
    createdAt: raw.created_at,
  };
}

/** Per-call options accepted by every resource method. */
export interface CallOptions {
  signal?: AbortSignal;
}

/** Options of calls that create or change something. */
export interface WriteOptions extends CallOptions {
  /** Defaults to a fresh UUID, reused for every retry of this call. */
  idempotencyKey?: string;
}

export interface ListOptions extends CallOptions {
  /** Page size, 1..100 (API default 25). */
  limit?: number;
}
