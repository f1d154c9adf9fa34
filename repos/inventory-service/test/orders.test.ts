import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeShop } from './fixtures.js';

describe('OrderService.create', () => {
  test('merges repeated SKUs and numbers orders sequentially', () => {
    const { orders } = makeShop();
    const first = orders.create({ items: [{ sku: 'mug-red', qty: 1 }, { sku: 'TEA-GREEN', qty: 2 }, { sku: 'MUG-RED', qty: 2 }] });
    const second = orders.create({ items: [{ sku: 'GIFT-25', qty: 1 }] });
    assert.equal(first.id, 'ORD-0001');
    assert.equal(second.id, 'ORD-0002');
    assert.equal(first.status, 'pending');
    assert.deepEqual(first.lines, [
      { sku: 'MUG-RED', qty: 3, fulfilledQty: 0 },
      { sku: 'TEA-GREEN', qty: 2, fulfilledQty: 0 },
    ]);
  });

  test('refuses inactive products and empty orders', () => {
    const { orders, catalog } = makeShop();
    catalog.setActive('MUG-BLUE', false);
    assert.throws(() => orders.create({ items: [{ sku: 'MUG-BLUE', qty: 1 }] }), { code: 'VALIDATION' });
    assert.throws(() => orders.create({ items: [] }), { code: 'VALIDATION' });
    assert.equal(orders.list().length, 0);
  });

  test('redeems the coupon only when pricing succeeds', () => {
    const { orders, coupons } = makeShop();
    coupons.define({ code: 'BIGSPEND', kind: 'fixed', value: 500, minSubtotalCents: 5000, maxUses: 10 });
    assert.throws(() => orders.create({ items: [{ sku: 'MUG-RED', qty: 1 }], couponCode: 'bigspend' }), {
      code: 'COUPON_INVALID',
    });
    assert.equal(coupons.get('BIGSPEND').uses, 0);
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 4 }], couponCode: 'bigspend' });
    assert.equal(order.couponCode, 'BIGSPEND');
    assert.equal(order.quote.couponDiscountCents, 500);
    assert.equal(coupons.get('BIGSPEND').uses, 1);
  });

  test('keeps the price snapshot when the catalogue is repriced later', () => {
    const { orders, catalog } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 1 }] });
    catalog.updatePrice('MUG-RED', 9999);
    assert.equal(orders.get(order.id).quote.lines[0]?.unitPriceCents, 1250);
  });

  test('returned orders are copies that cannot corrupt stored state', () => {
    const { orders } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 1 }] });
    order.status = 'fulfilled';
    order.lines[0]!.qty = 99;
    assert.equal(orders.get(order.id).status, 'pending');
    assert.equal(orders.get(order.id).lines[0]?.qty, 1);
  });
});

describe('OrderService.reserve', () => {
  test('reserves every line once and moves the order to reserved', () => {
    const { orders, stock } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 3 }, { sku: 'TEA-GREEN', qty: 1 }] });
    assert.equal(orders.reserve(order.id).status, 'reserved');
    assert.equal(stock.available('MUG-RED'), 27);
    assert.equal(stock.available('TEA-GREEN'), 99);
    assert.throws(() => orders.reserve(order.id), { code: 'INVALID_STATE' });
  });

  test('insufficient stock leaves the order pending with nothing reserved', () => {
    const { orders, stock } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 3 }, { sku: 'MUG-BLUE', qty: 11 }] });
    assert.throws(() => orders.reserve(order.id), { code: 'INSUFFICIENT_STOCK' });
    assert.equal(orders.get(order.id).status, 'pending');
    assert.equal(stock.reserved('MUG-RED'), 0);
  });
});

describe('OrderService.fulfil', () => {
  test('partial shipments move through partially_fulfilled to fulfilled', () => {
    const { orders, stock } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 5 }, { sku: 'TEA-GREEN', qty: 2 }] });
    orders.reserve(order.id);
    const partial = orders.fulfil(order.id, [{ sku: 'MUG-RED', qty: 2 }]);
    assert.equal(partial.status, 'partially_fulfilled');
    assert.deepEqual(orders.remaining(order.id), [
      { sku: 'MUG-RED', qty: 3 },
      { sku: 'TEA-GREEN', qty: 2 },
    ]);
    const done = orders.fulfil(order.id, [{ sku: 'TEA-GREEN', qty: 2 }, { sku: 'MUG-RED', qty: 3 }]);
    assert.equal(done.status, 'fulfilled');
    assert.deepEqual(orders.remaining(order.id), []);
    assert.equal(stock.onHand('MUG-RED'), 25);
    assert.equal(stock.reserved('MUG-RED'), 0);
  });

  test('an over-shipment on any line ships nothing at all', () => {
    const { orders, stock } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 2 }, { sku: 'TEA-GREEN', qty: 1 }] });
    orders.reserve(order.id);
    assert.throws(
      () => orders.fulfil(order.id, [{ sku: 'MUG-RED', qty: 1 }, { sku: 'TEA-GREEN', qty: 2 }]),
      { code: 'VALIDATION' },
    );
    assert.equal(stock.onHand('MUG-RED'), 30);
    assert.equal(orders.get(order.id).status, 'reserved');
  });

  test('rejects SKUs that are not on the order and orders that are not reserved', () => {
    const { orders } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 2 }] });
    assert.throws(() => orders.fulfil(order.id, [{ sku: 'MUG-RED', qty: 1 }]), { code: 'INVALID_STATE' });
    orders.reserve(order.id);
    assert.throws(() => orders.fulfil(order.id, [{ sku: 'MUG-BLUE', qty: 1 }]), { code: 'VALIDATION' });
    assert.throws(() => orders.fulfil(order.id, []), { code: 'VALIDATION' });
  });
});

describe('OrderService.cancel', () => {
  test('cancelling a reserved order releases stock and returns the coupon use', () => {
    const { orders, stock, coupons } = makeShop();
    coupons.define({ code: 'WELCOME', kind: 'percent', value: 1000 });
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 4 }], couponCode: 'WELCOME' });
    orders.reserve(order.id);
    const cancelled = orders.cancel(order.id, 'customer request');
    assert.equal(cancelled.status, 'cancelled');
    assert.equal(cancelled.cancelReason, 'customer request');
    assert.equal(stock.available('MUG-RED'), 30);
    assert.equal(coupons.get('WELCOME').uses, 0);
  });

  test('cancelling a partially fulfilled order releases only the unshipped units and keeps the coupon used', () => {
    const { orders, stock, coupons, events } = makeShop();
    coupons.define({ code: 'WELCOME', kind: 'percent', value: 1000 });
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 4 }], couponCode: 'WELCOME' });
    orders.reserve(order.id);
    orders.fulfil(order.id, [{ sku: 'MUG-RED', qty: 1 }]);
    orders.cancel(order.id, 'out of patience');
    assert.equal(stock.onHand('MUG-RED'), 29);
    assert.equal(stock.available('MUG-RED'), 29);
    assert.equal(coupons.get('WELCOME').uses, 1);
    assert.deepEqual(events.ofType('order.cancelled')[0]?.data, { reason: 'out of patience', released: 3 });
  });

  test('fulfilled and already cancelled orders cannot be cancelled', () => {
    const { orders } = makeShop();
    const shipped = orders.create({ items: [{ sku: 'GIFT-25', qty: 1 }] });
    orders.reserve(shipped.id);
    orders.fulfil(shipped.id, [{ sku: 'GIFT-25', qty: 1 }]);
    assert.throws(() => orders.cancel(shipped.id, 'late'), { code: 'INVALID_STATE' });
    const other = orders.create({ items: [{ sku: 'GIFT-25', qty: 1 }] });
    orders.cancel(other.id, 'dup');
    assert.throws(() => orders.cancel(other.id, 'again'), { code: 'INVALID_STATE' });
  });

  test('the audit trail records the order lifecycle in sequence with clock timestamps', () => {
    const { orders, events, clock } = makeShop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 1 }] });
    clock.advance(60_000);
    orders.reserve(order.id);
    clock.advance(60_000);
    orders.fulfil(order.id, [{ sku: 'MUG-RED', qty: 1 }]);
    const trail = events.forAggregate(order.id);
    assert.deepEqual(trail.map((e) => e.type), ['order.created', 'order.reserved', 'order.fulfilled']);
    assert.deepEqual(trail.map((e) => e.at), [
      '2024-03-01T09:00:00.000Z',
      '2024-03-01T09:01:00.000Z',
      '2024-03-01T09:02:00.000Z',
    ]);
    assert.equal(orders.get(order.id).updatedAt, '2024-03-01T09:02:00.000Z');
  });
});
