import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCoupon, couponDiscount, CouponBook, type Coupon } from '../src/coupons.js';
import { priceOrder, tierFor, DEFAULT_TIERS } from '../src/pricing.js';
import { sum } from '../src/util.js';
import { makeShop } from './fixtures.js';

const AT = new Date('2024-03-10T12:00:00Z');

describe('tierFor', () => {
  test('a quantity exactly at a threshold gets that tier', () => {
    assert.equal(tierFor(9, DEFAULT_TIERS), undefined);
    assert.equal(tierFor(10, DEFAULT_TIERS)?.discountBp, 500);
    assert.equal(tierFor(49, DEFAULT_TIERS)?.discountBp, 500);
    assert.equal(tierFor(50, DEFAULT_TIERS)?.discountBp, 1000);
  });

  test('picks the highest applicable tier even when tiers are unsorted', () => {
    const tiers = [
      { minQty: 100, discountBp: 1500 },
      { minQty: 10, discountBp: 500 },
      { minQty: 50, discountBp: 1000 },
    ];
    assert.equal(tierFor(120, tiers)?.discountBp, 1500);
    assert.equal(tierFor(60, tiers)?.discountBp, 1000);
  });
});

describe('priceOrder', () => {
  test('prices a simple order with standard tax rounded per line', () => {
    const { catalog } = makeShop();
    const quote = priceOrder([{ sku: 'MUG-RED', qty: 3 }], catalog, { at: AT });
    const line = quote.lines[0];
    assert.equal(line?.grossCents, 3750);
    assert.equal(line?.taxCents, 750);
    assert.equal(quote.totalCents, 4500);
    assert.equal(quote.couponCode, null);
  });

  test('applies the bulk tier from exactly ten units', () => {
    const { catalog } = makeShop();
    const quote = priceOrder([{ sku: 'TEA-GREEN', qty: 10 }], catalog, { at: AT });
    // 7990 gross, 5 % bulk = 399.5 -> 400, net 7590, 5 % tax = 379.5 -> 380
    assert.equal(quote.bulkDiscountCents, 400);
    assert.equal(quote.subtotalCents, 7590);
    assert.equal(quote.taxCents, 380);
    assert.equal(quote.totalCents, 7970);
  });

  test('allocates a percent coupon across lines before computing tax', () => {
    const { catalog } = makeShop();
    const coupon: Coupon = { code: 'TEN', kind: 'percent', value: 1000, uses: 0 };
    const quote = priceOrder(
      [{ sku: 'MUG-RED', qty: 1 }, { sku: 'TEA-GREEN', qty: 1 }],
      catalog,
      { at: AT, coupon },
    );
    // subtotal 2049, 10 % = 204.9 -> 205, split 1250:799 -> 125 / 80
    assert.equal(quote.couponDiscountCents, 205);
    assert.deepEqual(quote.lines.map((l) => l.couponDiscountCents), [125, 80]);
    assert.deepEqual(quote.lines.map((l) => l.taxCents), [225, 36]);
    assert.equal(quote.totalCents, 1125 + 225 + 719 + 36);
  });

  test('a SKU-restricted coupon only discounts matching lines', () => {
    const { catalog } = makeShop();
    const coupon: Coupon = { code: 'TEATIME', kind: 'fixed', value: 300, uses: 0, skus: ['tea-green'] };
    const quote = priceOrder(
      [{ sku: 'MUG-RED', qty: 1 }, { sku: 'TEA-GREEN', qty: 1 }],
      catalog,
      { at: AT, coupon },
    );
    assert.deepEqual(quote.lines.map((l) => l.couponDiscountCents), [0, 300]);
  });

  test('a fixed coupon larger than the order brings the net to zero, never below', () => {
    const { catalog } = makeShop();
    const coupon: Coupon = { code: 'BIG', kind: 'fixed', value: 100000, uses: 0 };
    const quote = priceOrder([{ sku: 'TEA-GREEN', qty: 2 }], catalog, { at: AT, coupon });
    assert.equal(quote.couponDiscountCents, 1598);
    assert.equal(quote.totalCents, 0);
  });

  test('rejects a coupon outside its validity window', () => {
    const { catalog } = makeShop();
    const coupon: Coupon = {
      code: 'OLD',
      kind: 'percent',
      value: 500,
      uses: 0,
      validUntil: '2024-03-10T12:00:00Z',
    };
    assert.throws(() => priceOrder([{ sku: 'MUG-RED', qty: 1 }], catalog, { at: AT, coupon }), {
      code: 'COUPON_INVALID',
    });
  });

  test('quote totals always equal the sum of their lines', () => {
    const { catalog } = makeShop();
    const coupon: Coupon = { code: 'ODD', kind: 'percent', value: 333, uses: 0 };
    const quote = priceOrder(
      [
        { sku: 'MUG-RED', qty: 13 },
        { sku: 'TEA-GREEN', qty: 7 },
        { sku: 'GIFT-25', qty: 1 },
      ],
      catalog,
      { at: AT, coupon },
    );
    assert.equal(quote.totalCents, sum(quote.lines.map((l) => l.totalCents)));
    assert.equal(quote.couponDiscountCents, sum(quote.lines.map((l) => l.couponDiscountCents)));
    assert.equal(quote.totalCents, quote.subtotalCents - quote.couponDiscountCents + quote.taxCents);
    assert.equal(quote.lines[2]?.taxCents, 0);
  });

  test('rejects empty orders and unknown SKUs', () => {
    const { catalog } = makeShop();
    assert.throws(() => priceOrder([], catalog, { at: AT }), { code: 'VALIDATION' });
    assert.throws(() => priceOrder([{ sku: 'NOPE', qty: 1 }], catalog, { at: AT }), { code: 'NOT_FOUND' });
  });
});

const SPRING: Coupon = {
  code: 'SPRING10',
  kind: 'percent',
  value: 1000,
  validFrom: '2024-03-01T00:00:00.000Z',
  validUntil: '2024-04-01T00:00:00.000Z',
  uses: 0,
};

describe('checkCoupon', () => {
  test('validFrom is inclusive', () => {
    assert.deepEqual(checkCoupon(SPRING, new Date('2024-03-01T00:00:00.000Z'), 100), { ok: true });
    assert.deepEqual(checkCoupon(SPRING, new Date('2024-02-29T23:59:59.999Z'), 100), {
      ok: false,
      reason: 'not_yet_valid',
    });
  });

  test('validUntil is exclusive', () => {
    assert.deepEqual(checkCoupon(SPRING, new Date('2024-03-31T23:59:59.999Z'), 100), { ok: true });
    assert.deepEqual(checkCoupon(SPRING, new Date('2024-04-01T00:00:00.000Z'), 100), {
      ok: false,
      reason: 'expired',
    });
  });

  test('a subtotal equal to the minimum qualifies, one cent less does not', () => {
    const coupon: Coupon = { ...SPRING, minSubtotalCents: 5000 };
    const at = new Date('2024-03-10T12:00:00Z');
    assert.deepEqual(checkCoupon(coupon, at, 5000), { ok: true });
    assert.deepEqual(checkCoupon(coupon, at, 4999), { ok: false, reason: 'below_minimum' });
  });
});

describe('couponDiscount', () => {
  test('percent coupons round half up and fixed coupons are capped at the eligible amount', () => {
    assert.equal(couponDiscount({ ...SPRING, value: 1250 }, 1004), 126); // 125.5 -> 126
    const fiver: Coupon = { code: 'FIVER', kind: 'fixed', value: 500, uses: 0 };
    assert.equal(couponDiscount(fiver, 1200), 500);
    assert.equal(couponDiscount(fiver, 300), 300);
    assert.equal(couponDiscount(fiver, 0), 0);
  });
});

describe('CouponBook', () => {
  test('codes are case-insensitive and trimmed', () => {
    const book = new CouponBook();
    book.define({ code: ' spring10 ', kind: 'percent', value: 1000 });
    assert.equal(book.get('Spring10').code, 'SPRING10');
    assert.throws(() => book.define({ code: 'SPRING10', kind: 'fixed', value: 1 }), { code: 'DUPLICATE' });
  });

  test('redemptions stop at maxUses and unredeem never goes below zero', () => {
    const book = new CouponBook();
    book.define({ code: 'ONCE', kind: 'fixed', value: 100, maxUses: 1 });
    book.redeem('once');
    assert.throws(() => book.redeem('ONCE'), { code: 'COUPON_INVALID' });
    assert.equal(book.unredeem('ONCE').uses, 0);
    assert.equal(book.unredeem('ONCE').uses, 0);
  });

  test('rejects empty windows, percentages above 100 % and unknown codes', () => {
    const book = new CouponBook();
    assert.throws(
      () =>
        book.define({
          code: 'BAD',
          kind: 'percent',
          value: 100,
          validFrom: '2024-01-02T00:00:00Z',
          validUntil: '2024-01-02T00:00:00Z',
        }),
      { code: 'VALIDATION' },
    );
    assert.throws(() => book.define({ code: 'HUGE', kind: 'percent', value: 10001 }), { code: 'VALIDATION' });
    assert.throws(() => book.get('NOPE'), { code: 'COUPON_INVALID' });
  });
});
