import { fail } from './errors.js';
import { clean } from './util.js';

export type CouponKind = 'percent' | 'fixed';

export interface Coupon {
  /** Upper-case code customers type in. */
  code: string;
  kind: CouponKind;
  /** Basis points for `percent` coupons, cents for `fixed` ones. */
  value: number;
  /** First instant the coupon can be used (inclusive), ISO-8601. */
  validFrom?: string;
  /** Instant the coupon stops working (exclusive), ISO-8601. */
  validUntil?: string;
  /** Minimum order subtotal (after bulk discounts, before tax) in cents. */
  minSubtotalCents?: number;
  /** Total number of redemptions allowed across all customers. */
  maxUses?: number;
  /** Redemptions so far. */
  uses: number;
  /** When set, only these SKUs are discounted. */
  skus?: string[];
}

export type CouponInput = Omit<Coupon, 'uses'>;

export type CouponRejection = 'not_yet_valid' | 'expired' | 'exhausted' | 'below_minimum';

export type CouponCheck = { ok: true } | { ok: false; reason: CouponRejection };

/** Coupon codes are case-insensitive and ignore surrounding whitespace. */
export function normalizeCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Decides whether a coupon can be applied at instant `at` to an order with
 * the given subtotal. The validity window is half-open:
 * `validFrom <= at < validUntil`, so a coupon "valid until 2024-02-01" stops
 * working at midnight that day, and consecutive campaigns never overlap.
 */
export function checkCoupon(coupon: Coupon, at: Date, subtotalCents: number): CouponCheck {
  const t = at.getTime();
  if (coupon.validFrom !== undefined && t < Date.parse(coupon.validFrom)) {
    return { ok: false, reason: 'not_yet_valid' };
  }
  if (coupon.validUntil !== undefined && t >= Date.parse(coupon.validUntil)) {
    return { ok: false, reason: 'expired' };
  }
  if (coupon.maxUses !== undefined && coupon.uses >= coupon.maxUses) {
    return { ok: false, reason: 'exhausted' };
  }
  if (coupon.minSubtotalCents !== undefined && subtotalCents < coupon.minSubtotalCents) {
    return { ok: false, reason: 'below_minimum' };
  }
  return { ok: true };
}

/**
 * Discount a coupon gives on `eligibleCents`. Fixed coupons are capped at the
 * eligible amount so an order total can never go negative.
 */
export function couponDiscount(coupon: Coupon, eligibleCents: number): number {
  if (eligibleCents <= 0) return 0;
  if (coupon.kind === 'percent') {
    // Amounts here are always positive, so Math.round is half-up.
    return Math.round((eligibleCents * coupon.value) / 10000);
  }
  return Math.min(coupon.value, eligibleCents);
}

/** Registry of coupons and their redemption counters. */
export class CouponBook {
  private coupons: Coupon[] = [];

  /**
   * Defines a new coupon.
   *
   * @throws InventoryError `DUPLICATE` or `VALIDATION`.
   */
  define(input: CouponInput): Coupon {
    const code = normalizeCode(input.code);
    if (!/^[A-Z0-9_-]{3,32}$/.test(code)) fail('VALIDATION', `invalid coupon code "${input.code}"`);
    if (this.find(code)) fail('DUPLICATE', `coupon ${code} already exists`);
    validateValue(input);
    validateWindow(code, input.validFrom, input.validUntil);
    if (input.maxUses !== undefined && (!Number.isInteger(input.maxUses) || input.maxUses < 1)) {
      fail('VALIDATION', `maxUses must be a positive integer, got ${input.maxUses}`);
    }
    const coupon: Coupon = {
      ...input,
      code,
      uses: 0,
      skus: input.skus?.map((s) => clean(s)),
    };
    if (coupon.skus === undefined) delete coupon.skus;
    this.coupons.push(coupon);
    return structuredClone(coupon);
  }

  /** Finds a coupon by (case-insensitive) code. */
  find(code: string): Coupon | undefined {
    const key = normalizeCode(code);
    const coupon = this.coupons.find((c) => c.code === key);
    return coupon ? structuredClone(coupon) : undefined;
  }

  /**
   * @throws InventoryError `COUPON_INVALID` for an unknown code (reported the
   *   same way as an expired one: customers only need to know it didn't work).
   */
  get(code: string): Coupon {
    return this.find(code) ?? fail('COUPON_INVALID', `unknown coupon ${normalizeCode(code)}`);
  }

  /**
   * Counts one use of a coupon.
   *
   * @throws InventoryError `COUPON_INVALID` when unknown or exhausted.
   */
  redeem(code: string): Coupon {
    const coupon = this.mutable(code);
    if (coupon.maxUses !== undefined && coupon.uses >= coupon.maxUses) {
      fail('COUPON_INVALID', `coupon ${coupon.code} has no uses left`);
    }
    coupon.uses += 1;
    return structuredClone(coupon);
  }

  /** Gives a use back (order cancelled). Never goes below zero. */
  unredeem(code: string): Coupon {
    const coupon = this.mutable(code);
    coupon.uses = Math.max(0, coupon.uses - 1);
    return structuredClone(coupon);
  }

  private mutable(code: string): Coupon {
    const key = normalizeCode(code);
    return this.coupons.find((c) => c.code === key) ?? fail('COUPON_INVALID', `unknown coupon ${key}`);
  }
}

function validateValue(input: CouponInput): void {
  if (!Number.isInteger(input.value) || input.value <= 0) {
    fail('VALIDATION', `coupon value must be a positive integer, got ${input.value}`);
  }
  if (input.kind === 'percent' && input.value > 10000) {
    fail('VALIDATION', `percent coupon cannot exceed 10000 bp, got ${input.value}`);
  }
  if (input.kind !== 'percent' && input.kind !== 'fixed') {
    fail('VALIDATION', `unknown coupon kind "${String(input.kind)}"`);
  }
}

function validateWindow(code: string, from?: string, until?: string): void {
  const start = from === undefined ? undefined : Date.parse(from);
  const end = until === undefined ? undefined : Date.parse(until);
  if (Number.isNaN(start) || Number.isNaN(end)) fail('VALIDATION', `coupon ${code} has an invalid date`);
  if (start !== undefined && end !== undefined && start >= end) {
    fail('VALIDATION', `coupon ${code}: validFrom must be before validUntil`);
  }
}
