/**
 * Money helpers. All amounts in this library are integer cents and all rates
 * are integer basis points (1 bp = 0.01 %, so 20 % = 2000 bp). Floats never
 * hold money: they cannot represent 0.1 exactly and rounding drifts.
 */

/** One hundred percent expressed in basis points. */
export const FULL_BP = 10_000;

/**
 * Asserts that a value is a safe integer amount of cents.
 *
 * @throws RangeError otherwise.
 */
export function assertCents(value: number, label = 'amount'): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${label} must be an integer number of cents, got ${value}`);
  }
}

/**
 * Integer division rounding half away from zero (2.5 -> 3, -2.5 -> -3),
 * the convention used on invoices and tax returns.
 *
 * @throws RangeError on division by zero.
 */
export function divRound(numerator: number, denominator: number): number {
  if (denominator === 0) throw new RangeError('division by zero');
  const negative = numerator < 0 !== denominator < 0;
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const quotient = Math.floor(n / d);
  const remainder = n - quotient * d;
  const rounded = remainder * 2 >= d ? quotient + 1 : quotient;
  // Avoid returning -0, which would print as "-0" in some formatters.
  return negative && rounded !== 0 ? -rounded : rounded;
}

/**
 * Applies a basis-point rate to an amount, rounding half away from zero.
 *
 * @example percentOf(1999, 2000) // 20 % of $19.99 = 400 (399.8 rounded)
 */
export function percentOf(amountCents: number, rateBp: number): number {
  assertCents(amountCents);
  return divRound(amountCents * rateBp, FULL_BP);
}

/**
 * Splits `totalCents` across buckets proportionally to `weights` so that the
 * parts always add up to exactly `totalCents` (largest-remainder method).
 * Leftover cents go to the buckets with the largest fractional remainders;
 * ties favour the earlier bucket, which keeps results stable.
 *
 * @throws RangeError when weights are negative/non-integer, or when a
 *   non-zero total has nothing to be allocated to.
 */
export function allocate(totalCents: number, weights: readonly number[]): number[] {
  assertCents(totalCents, 'total');
  for (const w of weights) {
    if (!Number.isSafeInteger(w) || w < 0) {
      throw new RangeError(`weights must be non-negative integers, got ${w}`);
    }
  }
  if (totalCents < 0) {
    return allocate(-totalCents, weights).map((part) => (part === 0 ? 0 : -part));
  }
  const weightSum = weights.reduce((acc, w) => acc + BigInt(w), 0n);
  if (weightSum === 0n) {
    if (totalCents === 0) return weights.map(() => 0);
    throw new RangeError('cannot allocate a non-zero amount over zero weights');
  }

  // BigInt keeps total * weight exact even for very large orders.
  const total = BigInt(totalCents);
  const parts: number[] = [];
  const remainders: { index: number; remainder: bigint }[] = [];
  let allocated = 0;
  weights.forEach((w, index) => {
    const product = total * BigInt(w);
    const part = Number(product / weightSum);
    parts.push(part);
    allocated += part;
    remainders.push({ index, remainder: product % weightSum });
  });

  remainders.sort((a, b) => {
    if (a.remainder === b.remainder) return a.index - b.index;
    return a.remainder > b.remainder ? -1 : 1;
  });
  let leftover = totalCents - allocated;
  for (const { index } of remainders) {
    if (leftover === 0) break;
    parts[index] = (parts[index] ?? 0) + 1;
    leftover -= 1;
  }
  return parts;
}

/**
 * Formats cents as a currency string, e.g. `formatCents(-5)` -> `"-$0.05"`.
 */
export function formatCents(cents: number, symbol = '$'): string {
  assertCents(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  const grouped = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${symbol}${grouped}.${fraction}`;
}

/**
 * Parses a decimal amount such as `"12"`, `"12.5"` or `"-0.05"` into cents.
 * More than two decimals is rejected rather than silently rounded, because
 * it almost always means the caller passed a unit price in the wrong unit.
 *
 * @throws RangeError for malformed input.
 */
export function parseCents(text: string): number {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) throw new RangeError(`invalid amount: "${text}"`);
  const [, minus, whole = '0', fraction = ''] = match;
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  assertCents(cents);
  return minus && cents !== 0 ? -cents : cents;
}
