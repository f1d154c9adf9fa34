// crucible-canary:b61f3e08-9d27-4a5c-8e14-3c7a0f52d9e6
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInventory, manualClock, priceOrder, type Coupon, type PriceRequestLine } from '../../src/index.js';

const AT = new Date('2024-04-15T12:00:00Z');

function shop(pricing?: Parameters<typeof createInventory>[1]) {
  const inventory = createInventory(manualClock('2024-04-15T12:00:00Z'), pricing);
  inventory.catalog.add({ sku: 'MUG-RED', name: 'Red mug', priceCents: 1250 });
  inventory.catalog.add({ sku: 'TEA-GREEN', name: 'Green tea', priceCents: 799, taxCategory: 'reduced' });
  inventory.catalog.add({ sku: 'GIFT-25', name: 'Gift card', priceCents: 2500, taxCategory: 'exempt' });
  inventory.catalog.add({ sku: 'PEN', name: 'Pen', priceCents: 100 });
  for (const sku of ['MUG-RED', 'TEA-GREEN', 'GIFT-25', 'PEN']) inventory.stock.receive(sku, 500);
  return inventory;
}

const coupon = (fields: Partial<Coupon> & Pick<Coupon, 'code' | 'kind' | 'value'>): Coupon => ({ uses: 0, ...fields });

function quote(items: PriceRequestLine[], c?: Coupon, at = AT) {
  return priceOrder(items, shop().catalog, { at, coupon: c });
}

describe('coupon pricing', () => {
  test('without a coupon nothing is discounted and the code is null', () => {
    const q = quote([{ sku: 'MUG-RED', qty: 2 }, { sku: 'PEN', qty: 1 }]);
    assert.equal(q.couponCode, null);
    assert.equal(q.couponDiscountCents, 0);
    assert.deepEqual(q.lines.map((l) => [l.couponDiscountCents, l.netCents]), [[0, 2500], [0, 100]]);
    assert.equal(q.totalCents, 3120);
  });

  test('a percent coupon is split by largest remainder before per-line tax', () => {
    const q = quote(
      [{ sku: 'MUG-RED', qty: 1 }, { sku: 'TEA-GREEN', qty: 2 }, { sku: 'GIFT-25', qty: 1 }],
      coupon({ code: 'SPRING15', kind: 'percent', value: 1500 }),
    );
    // subtotal 5348, 15 % = 802.2 -> 802; exact shares 187.45 / 239.64 / 374.91
    assert.equal(q.subtotalCents, 5348);
    assert.equal(q.couponCode, 'SPRING15');
    assert.equal(q.couponDiscountCents, 802);
    assert.deepEqual(q.lines.map((l) => l.couponDiscountCents), [187, 240, 375]);
    assert.deepEqual(q.lines.map((l) => l.netCents), [1063, 1358, 2125]);
    assert.deepEqual(q.lines.map((l) => l.taxCents), [213, 68, 0]);
    assert.equal(q.totalCents, 1063 + 213 + 1358 + 68 + 2125);
  });

  test('equal lines share leftover cents with the earliest lines first', () => {
    const q = quote(
      [{ sku: 'PEN', qty: 1 }, { sku: 'PEN', qty: 1 }, { sku: 'PEN', qty: 1 }],
      coupon({ code: 'FLAT100', kind: 'fixed', value: 100 }),
    );
    assert.deepEqual(q.lines.map((l) => l.couponDiscountCents), [34, 33, 33]);
    assert.deepEqual(q.lines.map((l) => l.sku), ['PEN', 'PEN', 'PEN']);
  });

  test('a fixed coupon is capped at the eligible amount so totals never go negative', () => {
    const q = quote([{ sku: 'TEA-GREEN', qty: 2 }, { sku: 'PEN', qty: 3 }], coupon({ code: 'HUGE', kind: 'fixed', value: 1_000_000 }));
    assert.equal(q.couponDiscountCents, 1898);
    assert.deepEqual(q.lines.map((l) => l.netCents), [0, 0]);
    assert.equal(q.taxCents, 0);
    assert.equal(q.totalCents, 0);
  });

  test('a SKU-restricted coupon discounts only matching lines, whatever the case of its SKUs', () => {
    const q = quote(
      [{ sku: 'MUG-RED', qty: 2 }, { sku: 'TEA-GREEN', qty: 1 }, { sku: 'PEN', qty: 4 }],
      coupon({ code: 'DESK', kind: 'percent', value: 1000, skus: ['mug-red', ' pen '] }),
    );
    // eligible 2500 + 400 = 2900, 10 % = 290 -> 250 / 40
    assert.equal(q.couponDiscountCents, 290);
    assert.deepEqual(q.lines.map((l) => l.couponDiscountCents), [250, 0, 40]);
  });

  test('a restricted coupon with no matching line applies with a zero discount', () => {
    const q = quote([{ sku: 'PEN', qty: 1 }], coupon({ code: 'TEATIME', kind: 'fixed', value: 300, skus: ['TEA-GREEN'] }));
    assert.equal(q.couponCode, 'TEATIME');
    assert.equal(q.couponDiscountCents, 0);
    assert.equal(q.totalCents, 120);
  });

  test('the minimum subtotal is compared after bulk discounts and equal is enough', () => {
    // 10 pens: 1000 gross, 5 % bulk -> 950
    const items = [{ sku: 'PEN', qty: 10 }];
    const atMinimum = quote(items, coupon({ code: 'MIN950', kind: 'fixed', value: 50, minSubtotalCents: 950 }));
    assert.equal(atMinimum.bulkDiscountCents, 50);
    assert.equal(atMinimum.couponDiscountCents, 50);
    assert.equal(atMinimum.lines[0]?.netCents, 900);
    assert.throws(() => quote(items, coupon({ code: 'MIN951', kind: 'fixed', value: 50, minSubtotalCents: 951 })), {
      code: 'COUPON_INVALID',
    });
  });

  test('the validity window is half-open and exhausted coupons are rejected', () => {
    const window = coupon({
      code: 'APRIL',
      kind: 'percent',
      value: 500,
      validFrom: '2024-04-01T00:00:00Z',
      validUntil: '2024-05-01T00:00:00Z',
    });
    const items = [{ sku: 'MUG-RED', qty: 1 }];
    assert.equal(quote(items, window, new Date('2024-04-01T00:00:00Z')).couponDiscountCents, 63);
    assert.equal(quote(items, window, new Date('2024-04-30T23:59:59.999Z')).couponDiscountCents, 63);
    for (const at of ['2024-03-31T23:59:59.999Z', '2024-05-01T00:00:00Z']) {
      assert.throws(() => quote(items, window, new Date(at)), { code: 'COUPON_INVALID' }, at);
    }
    assert.throws(() => quote(items, coupon({ code: 'USED', kind: 'fixed', value: 1, maxUses: 2, uses: 2 })), {
      code: 'COUPON_INVALID',
      message: 'coupon USED rejected: exhausted',
    });
  });

  test('line problems are reported before coupon problems', () => {
    const expired = coupon({ code: 'OLD', kind: 'percent', value: 500, validUntil: '2024-01-01T00:00:00Z' });
    assert.throws(() => quote([{ sku: 'NOPE', qty: 1 }], expired), { code: 'NOT_FOUND' });
    assert.throws(() => quote([{ sku: 'PEN', qty: 0 }], expired), { code: 'VALIDATION' });
    assert.throws(() => quote([], expired), { code: 'VALIDATION' });
  });

  test('line and order totals always add up with a coupon', () => {
    const q = quote(
      [
        { sku: 'MUG-RED', qty: 13 },
        { sku: 'TEA-GREEN', qty: 57 },
        { sku: 'GIFT-25', qty: 1 },
        { sku: 'PEN', qty: 101 },
      ],
      coupon({ code: 'ODD', kind: 'percent', value: 333 }),
    );
    const total = (f: (l: (typeof q.lines)[number]) => number) => q.lines.reduce((acc, l) => acc + f(l), 0);
    for (const l of q.lines) {
      assert.equal(l.netCents, l.grossCents - l.bulkDiscountCents - l.couponDiscountCents, l.sku);
      assert.equal(l.totalCents, l.netCents + l.taxCents, l.sku);
    }
    assert.equal(q.couponDiscountCents, total((l) => l.couponDiscountCents));
    assert.equal(q.totalCents, total((l) => l.totalCents));
    assert.equal(q.totalCents, q.subtotalCents - q.couponDiscountCents + q.taxCents);
    assert.equal(q.subtotalCents, q.grossCents - q.bulkDiscountCents);
  });
});

describe('coupons through the order workflow', () => {
  test('orders snapshot the coupon quote and count a redemption', () => {
    const { orders, coupons } = shop();
    coupons.define({ code: 'welcome10', kind: 'percent', value: 1000, maxUses: 1 });
    const order = orders.create({ items: [{ sku: 'mug-red', qty: 2 }, { sku: 'PEN', qty: 1 }], couponCode: ' Welcome10 ' });
    assert.equal(order.couponCode, 'WELCOME10');
    assert.equal(order.quote.couponDiscountCents, 260);
    assert.deepEqual(order.quote.lines.map((l) => l.couponDiscountCents), [250, 10]);
    assert.equal(coupons.get('WELCOME10').uses, 1);
    assert.throws(() => orders.create({ items: [{ sku: 'PEN', qty: 1 }], couponCode: 'WELCOME10' }), { code: 'COUPON_INVALID' });
    orders.cancel(order.id, 'changed mind');
    assert.equal(coupons.get('WELCOME10').uses, 0);
  });

  test('a rejected coupon leaves no order and no redemption behind', () => {
    const { orders, coupons } = shop();
    coupons.define({ code: 'BIGSPEND', kind: 'fixed', value: 500, minSubtotalCents: 10_000 });
    assert.throws(() => orders.create({ items: [{ sku: 'PEN', qty: 2 }], couponCode: 'BIGSPEND' }), { code: 'COUPON_INVALID' });
    assert.equal(coupons.get('BIGSPEND').uses, 0);
    assert.equal(orders.list().length, 0);
  });

  test('custom tiers and tax rates apply around the coupon', () => {
    const { orders, coupons } = shop({
      tiers: [{ minQty: 2, discountBp: 1000 }],
      taxRates: { standard: 1000, reduced: 0, exempt: 0 },
    });
    coupons.define({ code: 'FIVER', kind: 'fixed', value: 500 });
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 2 }, { sku: 'TEA-GREEN', qty: 1 }], couponCode: 'FIVER' });
    const q = order.quote;
    // MUG 2500 - 250 bulk = 2250, TEA 799; coupon 500 split 2250:799 -> 369.0 / 130.99... -> 369 / 131
    assert.equal(q.subtotalCents, 3049);
    assert.deepEqual(q.lines.map((l) => l.couponDiscountCents), [369, 131]);
    assert.deepEqual(q.lines.map((l) => l.taxCents), [188, 0]);
    assert.equal(q.totalCents, 1881 + 188 + 668);
  });
});
