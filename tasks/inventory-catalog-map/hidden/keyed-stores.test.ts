// crucible-canary:41e8a3d5-c0b9-4f72-9d16-8a5e2b7c3f90
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, CouponBook, createInventory, EventLog, manualClock, planRestock } from '../../src/index.js';

function catalogWithEvents() {
  const events = new EventLog(manualClock('2024-02-01T08:00:00Z'));
  return { catalog: new Catalog(events), events };
}

describe('Catalog behaviour', () => {
  test('lookups accept any spelling of a SKU and unknown SKUs are reported', () => {
    const { catalog } = catalogWithEvents();
    catalog.add({ sku: 'lamp-01', name: 'Lamp', priceCents: 4000 });
    assert.equal(catalog.find(' Lamp-01 ')?.name, 'Lamp');
    assert.equal(catalog.get('LAMP-01').sku, 'LAMP-01');
    assert.equal(catalog.find('LAMP-02'), undefined);
    assert.throws(() => catalog.get(' lamp-02'), { code: 'NOT_FOUND', message: 'product LAMP-02 not found' });
  });

  test('duplicates are detected in any case and a rejected add stores nothing', () => {
    const { catalog, events } = catalogWithEvents();
    catalog.add({ sku: 'DESK', name: 'Desk', priceCents: 20000 });
    assert.throws(() => catalog.add({ sku: ' desk ', name: 'Other desk', priceCents: 1 }), {
      code: 'DUPLICATE',
      message: 'product DESK already exists',
    });
    assert.throws(() => catalog.add({ sku: 'chair', name: 'Chair', priceCents: -5 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'chair', name: '   ', priceCents: 5 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'chair', name: 'Chair', priceCents: 5, priority: 9 }), { code: 'VALIDATION' });
    assert.equal(catalog.find('CHAIR'), undefined);
    assert.deepEqual(catalog.list({ includeInactive: true }).map((p) => p.sku), ['DESK']);
    assert.equal(catalog.add({ sku: 'chair', name: 'Chair', priceCents: 5 }).sku, 'CHAIR');
    assert.deepEqual(events.ofType('product.added').map((e) => e.aggregateId), ['DESK', 'CHAIR']);
  });

  test('products handed out are copies that cannot change the catalogue', () => {
    const { catalog } = catalogWithEvents();
    const added = catalog.add({ sku: 'CUP', name: 'Cup', priceCents: 700 });
    added.priceCents = 1;
    const found = catalog.find('cup');
    if (found) found.name = 'Changed';
    catalog.get('CUP').active = false;
    catalog.list()[0]!.priority = 1;
    catalog.updatePrice('CUP', 750).reorderPoint = 99;
    catalog.setActive('CUP', true).taxCategory = 'exempt';
    assert.deepEqual(catalog.get('CUP'), {
      sku: 'CUP',
      name: 'Cup',
      priceCents: 750,
      taxCategory: 'standard',
      active: true,
      reorderPoint: 0,
      reorderQty: 1,
      priority: 3,
    });
  });

  test('list is sorted by SKU whatever the insertion order and hides inactive products', () => {
    const { catalog } = catalogWithEvents();
    for (const sku of ['B-2', 'A-2', 'C', 'A-10', 'AB']) catalog.add({ sku, name: sku, priceCents: 100 });
    catalog.setActive('c', false);
    assert.deepEqual(catalog.list().map((p) => p.sku), ['A-10', 'A-2', 'AB', 'B-2']);
    assert.deepEqual(catalog.list({ includeInactive: true }).map((p) => p.sku), ['A-10', 'A-2', 'AB', 'B-2', 'C']);
    catalog.setActive('C', true);
    assert.equal(catalog.list().length, 5);
  });

  test('repricing and activation go through any spelling and are audited once', () => {
    const { catalog, events } = catalogWithEvents();
    catalog.add({ sku: 'SOFA', name: 'Sofa', priceCents: 50000 });
    assert.equal(catalog.updatePrice('sofa', 45000).priceCents, 45000);
    assert.equal(catalog.setActive(' Sofa', false).active, false);
    catalog.setActive('SOFA', false);
    catalog.setActive('sofa', true);
    assert.deepEqual(
      events.forAggregate('SOFA').map((e) => [e.type, e.data]),
      [
        ['product.added', { priceCents: 50000 }],
        ['product.repriced', { from: 50000, to: 45000 }],
        ['product.deactivated', {}],
        ['product.activated', {}],
      ],
    );
  });

  test('errors keep their codes and precedence for every method', () => {
    const { catalog } = catalogWithEvents();
    catalog.add({ sku: 'BED', name: 'Bed', priceCents: 30000 });
    assert.throws(() => catalog.find('BAD SKU'), { code: 'VALIDATION' });
    assert.throws(() => catalog.get('--'), { code: 'VALIDATION' });
    assert.throws(() => catalog.updatePrice('NOPE', -1), { code: 'VALIDATION' });
    assert.throws(() => catalog.updatePrice('bad sku', 10), { code: 'VALIDATION' });
    assert.throws(() => catalog.updatePrice(' nope ', 10), { code: 'NOT_FOUND', message: 'product NOPE not found' });
    assert.throws(() => catalog.setActive('nope', true), { code: 'NOT_FOUND', message: 'product NOPE not found' });
    assert.equal(catalog.get('BED').priceCents, 30000);
  });
});

describe('CouponBook behaviour', () => {
  test('codes are normalised for define, find, get, redeem and unredeem', () => {
    const book = new CouponBook();
    const defined = book.define({ code: ' summer-24 ', kind: 'percent', value: 1500, maxUses: 3 });
    assert.equal(defined.code, 'SUMMER-24');
    assert.equal(book.find('Summer-24')?.value, 1500);
    assert.equal(book.redeem('summer-24 ').uses, 1);
    assert.equal(book.redeem('SUMMER-24').uses, 2);
    assert.equal(book.unredeem(' Summer-24').uses, 1);
    assert.equal(book.get('summer-24').uses, 1);
    assert.equal(book.find('WINTER-24'), undefined);
  });

  test('coupons handed out are deep copies', () => {
    const book = new CouponBook();
    const skus = ['mug-red', 'tea'];
    const defined = book.define({ code: 'MUGS', kind: 'fixed', value: 200, skus });
    skus.push('GIFT');
    defined.skus!.push('OTHER');
    book.get('MUGS').skus!.push('MORE');
    book.redeem('MUGS').uses = 100;
    const stored = book.get('mugs');
    assert.deepEqual(stored.skus, ['MUG-RED', 'TEA']);
    assert.equal(stored.uses, 1);
    assert.notEqual(book.get('MUGS'), book.get('MUGS'));
    assert.equal('skus' in book.define({ code: 'ALL', kind: 'fixed', value: 1 }), false);
  });

  test('definition checks keep their order and a rejected definition stores nothing', () => {
    const book = new CouponBook();
    book.define({ code: 'SPRING', kind: 'percent', value: 1000 });
    assert.throws(() => book.define({ code: 'spring', kind: 'percent', value: 0 }), { code: 'DUPLICATE' });
    assert.throws(() => book.define({ code: 'x', kind: 'percent', value: 10 }), { code: 'VALIDATION' });
    assert.throws(
      () => book.define({ code: 'LATE', kind: 'fixed', value: 5, validFrom: '2024-02-01T00:00:00Z', validUntil: '2024-01-01T00:00:00Z' }),
      { code: 'VALIDATION' },
    );
    assert.throws(() => book.define({ code: 'LATE', kind: 'fixed', value: 5, maxUses: 0 }), { code: 'VALIDATION' });
    assert.equal(book.find('LATE'), undefined);
    assert.equal(book.define({ code: 'late', kind: 'fixed', value: 5 }).code, 'LATE');
  });

  test('redemption limits and unknown codes are reported as COUPON_INVALID', () => {
    const book = new CouponBook();
    book.define({ code: 'ONCE', kind: 'fixed', value: 100, maxUses: 1 });
    book.redeem('once');
    assert.throws(() => book.redeem('ONCE'), { code: 'COUPON_INVALID', message: 'coupon ONCE has no uses left' });
    assert.throws(() => book.redeem(' nope '), { code: 'COUPON_INVALID', message: 'unknown coupon NOPE' });
    assert.throws(() => book.unredeem('nope'), { code: 'COUPON_INVALID', message: 'unknown coupon NOPE' });
    assert.throws(() => book.get('nope'), { code: 'COUPON_INVALID', message: 'unknown coupon NOPE' });
    assert.equal(book.unredeem('ONCE').uses, 0);
    assert.equal(book.unredeem('ONCE').uses, 0);
  });
});

describe('catalogue and coupons inside the inventory', () => {
  test('orders, coupons and restock plans see catalogue changes', () => {
    const shop = createInventory(manualClock('2024-02-01T08:00:00Z'));
    shop.catalog.add({ sku: 'ZIP-TIE', name: 'Zip tie', priceCents: 10, reorderPoint: 100, reorderQty: 100, priority: 2 });
    shop.catalog.add({ sku: 'BATTERY', name: 'Battery', priceCents: 250, reorderPoint: 20, reorderQty: 20, priority: 1 });
    shop.catalog.add({ sku: 'CABLE', name: 'Cable', priceCents: 500, reorderPoint: 10, reorderQty: 5, priority: 2 });
    shop.stock.receive('ZIP-TIE', 50);
    shop.stock.receive('BATTERY', 20);
    shop.stock.receive('CABLE', 3);
    assert.deepEqual(planRestock(shop.catalog, shop.stock).map((s) => s.sku), ['BATTERY', 'ZIP-TIE', 'CABLE']);

    shop.catalog.updatePrice('cable', 600);
    shop.coupons.define({ code: 'cables', kind: 'percent', value: 5000, skus: ['CABLE'] });
    const order = shop.orders.create({ items: [{ sku: 'Cable', qty: 2 }, { sku: 'zip-tie', qty: 5 }], couponCode: 'CABLES' });
    assert.deepEqual(order.quote.lines.map((l) => [l.sku, l.unitPriceCents, l.couponDiscountCents]), [
      ['CABLE', 600, 600],
      ['ZIP-TIE', 10, 0],
    ]);
    assert.equal(shop.coupons.get('Cables').uses, 1);

    shop.catalog.setActive('BATTERY', false);
    assert.deepEqual(planRestock(shop.catalog, shop.stock).map((s) => s.sku), ['ZIP-TIE', 'CABLE']);
    assert.throws(() => shop.orders.create({ items: [{ sku: 'battery', qty: 1 }] }), { code: 'VALIDATION' });
  });

  test('a large catalogue keeps every product addressable', () => {
    const catalog = new Catalog();
    const skus: string[] = [];
    for (let i = 999; i >= 0; i--) {
      const sku = `ITEM-${String(i).padStart(4, '0')}`;
      skus.push(sku);
      catalog.add({ sku: sku.toLowerCase(), name: `Item ${i}`, priceCents: i });
    }
    for (const sku of skus) assert.equal(catalog.get(sku).priceCents, Number(sku.slice(5)));
    const listed = catalog.list().map((p) => p.sku);
    assert.equal(listed.length, 1000);
    assert.deepEqual(listed, [...skus].sort());
  });
});
