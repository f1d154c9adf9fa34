// crucible-canary:d0791451-ce1e-47ef-ac98-f7500ceb304f
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createInventory, manualClock } from '../../src/index.js';

function shop() {
  const inventory = createInventory(manualClock('2024-06-03T10:00:00Z'));
  inventory.catalog.add({ sku: 'MUG-RED', name: 'Red mug', priceCents: 1250 });
  inventory.catalog.add({ sku: 'MUG-BLUE', name: 'Blue mug', priceCents: 1250 });
  inventory.catalog.add({ sku: 'TEA-GREEN', name: 'Green tea', priceCents: 800, taxCategory: 'reduced' });
  inventory.stock.receive('MUG-RED', 20);
  inventory.stock.receive('MUG-BLUE', 5);
  inventory.stock.receive('TEA-GREEN', 40);
  return inventory;
}

describe('orders with padded SKUs', () => {
  test('an order whose SKUs end in CRLF is created and reserved', () => {
    const { orders, stock } = shop();
    const order = orders.create({ items: [{ sku: 'MUG-RED\r\n', qty: 2 }, { sku: 'tea-green\r\n', qty: 3 }] });
    assert.deepEqual(order.lines.map((l) => l.sku), ['MUG-RED', 'TEA-GREEN']);
    assert.equal(orders.reserve(order.id).status, 'reserved');
    assert.equal(stock.available('MUG-RED'), 18);
    assert.equal(stock.available('TEA-GREEN'), 37);
  });

  test('lines padded with several spaces merge with the canonical SKU', () => {
    const { orders, stock } = shop();
    const order = orders.create({
      items: [
        { sku: '   mug-blue', qty: 1 },
        { sku: 'MUG-BLUE', qty: 2 },
        { sku: 'Mug-Blue      ', qty: 1 },
      ],
    });
    assert.deepEqual(order.lines, [{ sku: 'MUG-BLUE', qty: 4, fulfilledQty: 0 }]);
    orders.reserve(order.id);
    assert.equal(stock.reserved('MUG-BLUE'), 4);
  });

  test('shipments may name order lines with tab padding', () => {
    const { orders, stock } = shop();
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 3 }] });
    orders.reserve(order.id);
    const shipped = orders.fulfil(order.id, [{ sku: '\t\tmug-red\t\t', qty: 3 }]);
    assert.equal(shipped.status, 'fulfilled');
    assert.equal(stock.onHand('MUG-RED'), 17);
  });

  test('single-space padding and lower case keep working', () => {
    const { orders, stock } = shop();
    const order = orders.create({ items: [{ sku: ' mug-red ', qty: 5 }] });
    assert.equal(order.lines[0]?.sku, 'MUG-RED');
    orders.reserve(order.id);
    assert.equal(stock.available('MUG-RED'), 15);
  });
});

describe('SKU padding in the other modules', () => {
  test('catalogue add, find and get accept multi-character padding', () => {
    const { catalog } = shop();
    const lamp = catalog.add({ sku: '  lamp-01  ', name: 'Lamp', priceCents: 4000 });
    assert.equal(lamp.sku, 'LAMP-01');
    assert.equal(catalog.get('\t\tmug-blue\r\n').name, 'Blue mug');
    assert.equal(catalog.find('LAMP-01\n\n')?.priceCents, 4000);
    assert.throws(() => catalog.add({ sku: 'lamp-01\r\n', name: 'Again', priceCents: 1 }), { code: 'DUPLICATE' });
  });

  test('stock treats padded and canonical SKUs as the same item', () => {
    const { stock } = shop();
    assert.equal(stock.receive('  TEA-GREEN  ', 5), 45);
    stock.reserveAll('O-1', [{ sku: 'tea-green\r\n', qty: 10 }, { sku: 'TEA-GREEN', qty: 5 }]);
    assert.equal(stock.reservedFor('O-1', '\ttea-green\t\t'), 15);
    assert.equal(stock.available('TEA-GREEN'), 30);
  });

  test('SKU-restricted coupons match padded SKU lists', () => {
    const { coupons, orders } = shop();
    const coupon = coupons.define({ code: 'TEATIME', kind: 'fixed', value: 300, skus: ['  tea-green\r\n'] });
    assert.deepEqual(coupon.skus, ['TEA-GREEN']);
    const order = orders.create({ items: [{ sku: 'MUG-RED', qty: 1 }, { sku: 'TEA-GREEN', qty: 1 }], couponCode: 'teatime' });
    assert.deepEqual(order.quote.lines.map((l) => l.couponDiscountCents), [0, 300]);
  });

  test('zero-width spaces mixed with whitespace are stripped', () => {
    const { catalog, stock } = shop();
    assert.equal(catalog.get(' \u200Bmug-red\u200B ').sku, 'MUG-RED');
    assert.equal(stock.onHand('\u200B\u200BMUG-RED'), 20);
  });

  test('a single zero-width space around a SKU is stripped', () => {
    const { catalog } = shop();
    assert.equal(catalog.get('\u200BMUG-RED').sku, 'MUG-RED');
    assert.equal(catalog.get('tea-green\u200B').sku, 'TEA-GREEN');
  });

  test('internal whitespace and broken separators are still rejected', () => {
    const { catalog } = shop();
    for (const sku of ['MUG RED', 'MUG-\tRED', 'MUG--RED', '-MUG', 'MUG-', 'MUG\u200B-RED']) {
      assert.throws(() => catalog.find(sku), { code: 'VALIDATION' }, JSON.stringify(sku));
    }
  });

  test('blank SKUs are rejected and errors quote the SKU as given', () => {
    const { orders } = shop();
    for (const sku of ['', '   ', '\t\r\n', '\u200B']) {
      assert.throws(() => orders.create({ items: [{ sku, qty: 1 }] }), { code: 'VALIDATION' }, JSON.stringify(sku));
    }
    assert.throws(() => orders.create({ items: [{ sku: 'MUG RED', qty: 1 }] }), {
      code: 'VALIDATION',
      message: 'invalid SKU "MUG RED"',
    });
  });
});
