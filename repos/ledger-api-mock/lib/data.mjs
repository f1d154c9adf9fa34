// Deterministic seed data for the mock Ledger API.

export const CURRENCIES = { USD: 2, EUR: 2, GBP: 2, JPY: 0, KWD: 3 };

const ACCOUNT_NAMES = ['Operating', 'Payroll', 'Savings', 'Marketing', 'Travel', 'Reserve', 'Tax', 'Petty cash'];
const DESCRIPTIONS = ['Coffee beans', 'Office rent', 'Client payment', 'Cloud hosting', 'Refund', 'Train tickets',
  'Invoice 1042', 'Stationery', 'Consulting fee', 'Bank fee, monthly', 'Lunch "team"', 'Software licence'];

const ACCOUNT_EPOCH = Date.UTC(2024, 0, 1);
const TXN_EPOCH = Date.UTC(2024, 1, 1);

/** mulberry32: a tiny, fast, seedable PRNG returning floats in [0, 1). */
export function createRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function isoSeconds(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export const accountId = (n) => `acc_${String(n).padStart(4, '0')}`;
export const transactionId = (n) => `txn_${String(n).padStart(6, '0')}`;

/**
 * Build the initial data set. Same seed and sizes => identical data.
 * Transactions are spread round-robin over the accounts and each account's
 * balance is the sum of its transactions (never negative).
 */
export function generateSeedData({ seed = 42, accounts = 3, transactionsPerAccount = 60 } = {}) {
  const rng = createRng(seed);
  const int = (min, max) => min + Math.floor(rng() * (max - min + 1));
  const accountList = [];
  for (let i = 1; i <= accounts; i++) {
    const currencies = Object.keys(CURRENCIES);
    accountList.push({
      id: accountId(i),
      name: ACCOUNT_NAMES[(i - 1) % ACCOUNT_NAMES.length] + (i > ACCOUNT_NAMES.length ? ` ${i}` : ''),
      currency: i === 1 ? 'USD' : currencies[int(0, currencies.length - 1)],
      balance: 0,
      status: 'open',
      created_at: isoSeconds(ACCOUNT_EPOCH + (i - 1) * 3600_000),
      seq: i,
    });
  }
  const transactions = [];
  const total = accounts * transactionsPerAccount;
  for (let n = 1; n <= total; n++) {
    const account = accountList[(n - 1) % accounts];
    const scale = 10 ** CURRENCIES[account.currency];
    let amount = int(1, 500) * scale + int(0, scale - 1);
    if (account.balance > 0 && rng() < 0.6) amount = -Math.min(account.balance, int(1, 200) * scale);
    account.balance += amount;
    transactions.push({
      id: transactionId(n),
      account_id: account.id,
      amount,
      currency: account.currency,
      description: DESCRIPTIONS[int(0, DESCRIPTIONS.length - 1)],
      status: 'posted',
      reversal_of: null,
      created_at: isoSeconds(TXN_EPOCH + n * 37 * 60_000),
      seq: n,
    });
  }
  return { accounts: accountList, transactions };
}
