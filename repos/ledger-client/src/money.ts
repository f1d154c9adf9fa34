/** Number of minor-unit digits of each currency supported by the API. */
export const CURRENCY_DIGITS: Readonly<Record<string, number>> = {
  USD: 2,
  EUR: 2,
  GBP: 2,
  JPY: 0,
  KWD: 3,
};

const SYMBOLS: Readonly<Record<string, string>> = { USD: '$', EUR: '€', GBP: '£', JPY: '¥' };

export function minorUnitDigits(currency: string): number {
  const digits = CURRENCY_DIGITS[currency];
  if (digits === undefined) throw new RangeError(`unsupported currency: ${currency}`);
  return digits;
}

export interface FormatOptions {
  /** Use the currency symbol (`$12.00`) instead of the code (`12.00 USD`). */
  symbol?: boolean;
  /** Grouping separator for thousands; `''` disables grouping. Default `,`. */
  thousandsSeparator?: string;
}

function groupThousands(digits: string, separator: string): string {
  if (!separator) return digits;
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += separator;
    out += digits[i];
  }
  return out;
}

/**
 * Format an integer amount of minor units, e.g.
 * `formatMoney(-123456, 'USD')` -> `-1,234.56 USD`, `formatMoney(1500, 'JPY', { symbol: true })` -> `¥1,500`.
 * Currencies without a symbol fall back to the code even when `symbol` is set.
 */
export function formatMoney(amount: number, currency: string, options: FormatOptions = {}): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be an integer of minor units: ${amount}`);
  const digits = minorUnitDigits(currency);
  const negative = amount < 0;
  const abs = String(Math.abs(amount)).padStart(digits + 1, '0');
  const whole = abs.slice(0, abs.length - digits);
  const fraction = digits > 0 ? abs.slice(abs.length - digits) : '';
  const number = groupThousands(whole, options.thousandsSeparator ?? ',') + (fraction ? `.${fraction}` : '');
  const sign = negative ? '-' : '';
  const symbol = options.symbol ? SYMBOLS[currency] : undefined;
  return symbol ? `${sign}${symbol}${number}` : `${sign}${number} ${currency}`;
}

/**
 * Parse a decimal string such as `"1,234.5"` into minor units (`123450` for USD).
 * Thousands separators (`,`) are ignored; more fraction digits than the
 * currency allows is an error (no silent rounding).
 */
export function parseMoney(text: string, currency: string): number {
  const digits = minorUnitDigits(currency);
  const cleaned = text.trim().replace(/,/g, '');
  const match = /^([-+]?)(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) throw new RangeError(`not a decimal amount: ${JSON.stringify(text)}`);
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > digits) {
    throw new RangeError(`${currency} allows at most ${digits} decimal places: ${JSON.stringify(text)}`);
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount too large: ${JSON.stringify(text)}`);
  return sign === '-' && minor !== 0 ? -minor : minor;
}

/** Sum amounts that must all be in the same currency. */
export function sumAmounts(items: ReadonlyArray<{ amount: number; currency: string }>, currency: string): number {
  let total = 0;
  for (const item of items) {
    if (item.currency !== currency) {
      throw new RangeError(`cannot add ${item.currency} to a ${currency} total`);
    }
    total += item.amount;
  }
  return total;
}
