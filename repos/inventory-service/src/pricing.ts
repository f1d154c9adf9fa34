import type { Catalog, TaxCategory } from './catalog.js';
import { checkCoupon, couponDiscount, type Coupon } from './coupons.js';
import { fail } from './errors.js';
import { allocate, percentOf } from './money.js';
import { assertQty, clean, sum } from './util.js';

/** Volume discount applied per line once its quantity reaches `minQty`. */
export interface BulkTier {
  minQty: number;
  discountBp: number;
}

/** 5 % from 10 units, 10 % from 50, 15 % from 100. */
export const DEFAULT_TIERS: readonly BulkTier[] = [
  { minQty: 10, discountBp: 500 },
  { minQty: 50, discountBp: 1000 },
  { minQty: 100, discountBp: 1500 },
];

/** VAT-style rates in basis points. */
export const DEFAULT_TAX_RATES_BP: Readonly<Record<TaxCategory, number>> = {
  standard: 2000,
  reduced: 500,
  exempt: 0,
};

export interface PriceRequestLine {
  sku: string;
  qty: number;
}

export interface PricedLine {
  sku: string;
  qty: number;
  unitPriceCents: number;
  /** unit price x qty */
  grossCents: number;
  bulkDiscountCents: number;
  /** This line's share of the order-level coupon discount. */
  couponDiscountCents: number;
  /** gross - bulk - coupon; the taxable amount. */
  netCents: number;
  taxRateBp: number;
  taxCents: number;
  /** net + tax */
  totalCents: number;
}

export interface Quote {
  lines: PricedLine[];
  grossCents: number;
  bulkDiscountCents: number;
  /** After bulk discounts, before coupon and tax; coupon minimums apply to this. */
  subtotalCents: number;
  couponCode: string | null;
  couponDiscountCents: number;
  taxCents: number;
  totalCents: number;
}

export interface PricingOptions {
  /** Instant used for coupon validity. */
  at: Date;
  coupon?: Coupon;
  tiers?: readonly BulkTier[];
  taxRates?: Readonly<Record<TaxCategory, number>>;
}

/**
 * Picks the bulk tier for a quantity: the one with the highest `minQty` not
 * above `qty`. Tiers may be given in any order. Returns `undefined` below the
 * first tier.
 */
export function tierFor(qty: number, tiers: readonly BulkTier[]): BulkTier | undefined {
  let best: BulkTier | undefined;
  for (const tier of tiers) {
    if (qty >= tier.minQty && (best === undefined || tier.minQty > best.minQty)) {
      best = tier;
    }
  }
  return best;
}

/**
 * Prices an order.
 *
 * Order of operations (matters for rounding, keep in sync with invoices):
 *  1. gross = unit price x qty, per line;
 *  2. bulk discount per line from its quantity tier, rounded per line;
 *  3. the coupon discount is computed on the eligible subtotal and then
 *     allocated across eligible lines proportionally (largest remainder), so
 *     each line knows its own taxable amount;
 *  4. tax per line on the net amount, rounded half-up per line;
 *  5. totals are sums of the rounded line values, so lines always add up.
 *
 * @throws InventoryError `VALIDATION` for an empty order or bad quantity,
 *   `NOT_FOUND` for an unknown SKU, `COUPON_INVALID` when the coupon does not apply.
 */
export function priceOrder(
  items: readonly PriceRequestLine[],
  catalog: Catalog,
  options: PricingOptions,
): Quote {
  if (items.length === 0) fail('VALIDATION', 'cannot price an empty order');
  const tiers = options.tiers ?? DEFAULT_TIERS;
  const taxRates = options.taxRates ?? DEFAULT_TAX_RATES_BP;

  const lines: PricedLine[] = items.map((item) => {
    assertQty(item.qty);
    const product = catalog.get(item.sku);
    const grossCents = product.priceCents * item.qty;
    const tier = tierFor(item.qty, tiers);
    const bulkDiscountCents = tier ? percentOf(grossCents, tier.discountBp) : 0;
    return {
      sku: product.sku,
      qty: item.qty,
      unitPriceCents: product.priceCents,
      grossCents,
      bulkDiscountCents,
      couponDiscountCents: 0,
      netCents: grossCents - bulkDiscountCents,
      taxRateBp: taxRates[product.taxCategory],
      taxCents: 0,
      totalCents: 0,
    };
  });
  const subtotalCents = sum(lines.map((l) => l.netCents));

  let couponCode: string | null = null;
  let couponDiscountCents = 0;
  if (options.coupon) {
    const coupon = options.coupon;
    const check = checkCoupon(coupon, options.at, subtotalCents);
    if (!check.ok) fail('COUPON_INVALID', `coupon ${coupon.code} rejected: ${check.reason}`);
    const restricted = coupon.skus ? new Set(coupon.skus.map((s) => clean(s))) : undefined;
    const eligible = lines.map((l) => (restricted === undefined || restricted.has(l.sku) ? l.netCents : 0));
    couponDiscountCents = couponDiscount(coupon, sum(eligible));
    const shares = allocate(couponDiscountCents, eligible);
    lines.forEach((line, i) => {
      line.couponDiscountCents = shares[i] ?? 0;
      line.netCents -= line.couponDiscountCents;
    });
    couponCode = coupon.code;
  }

  for (const line of lines) {
    line.taxCents = percentOf(line.netCents, line.taxRateBp);
    line.totalCents = line.netCents + line.taxCents;
  }

  return {
    lines,
    grossCents: sum(lines.map((l) => l.grossCents)),
    bulkDiscountCents: sum(lines.map((l) => l.bulkDiscountCents)),
    subtotalCents,
    couponCode,
    couponDiscountCents,
    taxCents: sum(lines.map((l) => l.taxCents)),
    totalCents: sum(lines.map((l) => l.totalCents)),
  };
}
