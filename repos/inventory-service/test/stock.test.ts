import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../src/catalog.js';
import { applyRestock, planRestock } from '../src/restock.js';
import { StockLedger } from '../src/stock.js';

function ledger(): StockLedger {
  const stock = new StockLedger();
  stock.receive('MUG', 10);
  stock.receive('TEA', 3);
  return stock;
}

describe('StockLedger', () => {
  test('reserving lowers availability but not the on-hand count and rejects bad quantities', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'mug', qty: 4 }]);
    assert.equal(stock.onHand('MUG'), 10);
    assert.equal(stock.reserved('MUG'), 4);
    assert.equal(stock.available('MUG'), 6);
    assert.throws(() => stock.receive('MUG', 0), { code: 'VALIDATION' });
    assert.throws(() => stock.reserveAll('O1', [{ sku: 'MUG', qty: -1 }]), { code: 'VALIDATION' });
    assert.throws(() => stock.reserveAll('O1', [{ sku: 'MUG', qty: 1.5 }]), { code: 'VALIDATION' });
  });

  test('reserveAll is all-or-nothing when a later line is short', () => {
    const stock = ledger();
    assert.throws(
      () => stock.reserveAll('O1', [{ sku: 'MUG', qty: 2 }, { sku: 'TEA', qty: 4 }]),
      { code: 'INSUFFICIENT_STOCK' },
    );
    assert.equal(stock.reserved('MUG'), 0);
    assert.deepEqual(stock.reservationsFor('O1'), []);
  });

  test('reserveAll checks the combined quantity of repeated SKUs', () => {
    const stock = ledger();
    assert.throws(
      () => stock.reserveAll('O1', [{ sku: 'TEA', qty: 2 }, { sku: 'tea', qty: 2 }]),
      { code: 'INSUFFICIENT_STOCK' },
    );
    stock.reserveAll('O1', [{ sku: 'TEA', qty: 1 }, { sku: 'tea', qty: 2 }]);
    assert.equal(stock.available('TEA'), 0);
  });

  test('a second reservation for the same order and SKU is merged', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 2 }]);
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 3 }]);
    assert.deepEqual(stock.reservationsFor('O1'), [{ orderId: 'O1', sku: 'MUG', qty: 5 }]);
  });

  test('release supports partial, per-SKU and whole-order releases', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 5 }, { sku: 'TEA', qty: 2 }]);
    assert.equal(stock.release('O1', 'MUG', 2), 2);
    assert.equal(stock.reservedFor('O1', 'MUG'), 3);
    assert.equal(stock.release('O1'), 5);
    assert.deepEqual(stock.reservationsFor('O1'), []);
    assert.equal(stock.available('MUG'), 10);
  });

  test('releasing more than reserved or without a SKU for a partial amount fails', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 2 }]);
    assert.throws(() => stock.release('O1', 'MUG', 3), { code: 'VALIDATION' });
    assert.throws(() => stock.release('O1', undefined, 1), { code: 'VALIDATION' });
    assert.equal(stock.reservedFor('O1', 'MUG'), 2);
  });

  test('commit ships reserved units and removes exhausted reservations', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 4 }]);
    stock.commit('O1', 'MUG', 1);
    assert.equal(stock.onHand('MUG'), 9);
    assert.equal(stock.reservedFor('O1', 'MUG'), 3);
    stock.commit('O1', 'MUG', 3);
    assert.equal(stock.onHand('MUG'), 6);
    assert.deepEqual(stock.reservationsFor('O1'), []);
    assert.throws(() => stock.commit('O1', 'MUG', 1), { code: 'VALIDATION' });
  });

  test('adjust refuses to drop below reserved units but accepts exactly reserved', () => {
    const stock = ledger();
    stock.reserveAll('O1', [{ sku: 'MUG', qty: 4 }]);
    assert.throws(() => stock.adjust('MUG', 3, 'stock take'), { code: 'INSUFFICIENT_STOCK' });
    assert.equal(stock.adjust('MUG', 4, 'stock take'), 4);
    assert.equal(stock.available('MUG'), 0);
  });
});

function warehouse(): { catalog: Catalog; stock: StockLedger } {
  const catalog = new Catalog();
  const stock = new StockLedger();
  catalog.add({ sku: 'BOLT', name: 'Bolt', priceCents: 10, reorderPoint: 100, reorderQty: 400, priority: 2 });
  catalog.add({ sku: 'NUT', name: 'Nut', priceCents: 5, reorderPoint: 100, reorderQty: 400, priority: 2 });
  catalog.add({ sku: 'DRILL', name: 'Drill', priceCents: 5000, reorderPoint: 2, reorderQty: 3, priority: 1 });
  catalog.add({ sku: 'SAW', name: 'Saw', priceCents: 2000, reorderPoint: 1, reorderQty: 2, priority: 4 });
  stock.receive('BOLT', 100);
  stock.receive('NUT', 40);
  stock.receive('DRILL', 1);
  stock.receive('SAW', 2);
  return { catalog, stock };
}

describe('planRestock', () => {
  test('includes products exactly at the reorder point and skips those above it', () => {
    const { catalog, stock } = warehouse();
    const plan = planRestock(catalog, stock);
    const bolt = plan.find((s) => s.sku === 'BOLT');
    assert.equal(bolt?.orderQty, 400);
    assert.equal(plan.some((s) => s.sku === 'SAW'), false);
  });

  test('reserved units count against availability', () => {
    const { catalog, stock } = warehouse();
    stock.reserveAll('O1', [{ sku: 'SAW', qty: 1 }]);
    const saw = planRestock(catalog, stock).find((s) => s.sku === 'SAW');
    assert.deepEqual(
      saw && { available: saw.available, orderQty: saw.orderQty },
      { available: 1, orderQty: 2 },
    );
  });

  test('orders by priority, then by gap below the reorder point, then by SKU', () => {
    const { catalog, stock } = warehouse();
    catalog.add({ sku: 'WASHER', name: 'Washer', priceCents: 1, reorderPoint: 100, reorderQty: 1, priority: 2 });
    stock.receive('WASHER', 40);
    const plan = planRestock(catalog, stock);
    assert.deepEqual(plan.map((s) => s.sku), ['DRILL', 'NUT', 'WASHER', 'BOLT']);
  });

  test('a budget takes whole items first, then part of the next, then cheaper ones', () => {
    const { catalog, stock } = warehouse();
    // DRILL wants 4 x 5000 = 20000, NUT 460 x 5 = 2300, BOLT 400 x 10 = 4000
    const plan = planRestock(catalog, stock, { budgetCents: 23000 });
    assert.deepEqual(
      plan.map((s) => [s.sku, s.orderQty, s.costCents, s.partial]),
      [
        ['DRILL', 4, 20000, false],
        ['NUT', 460, 2300, false],
        ['BOLT', 70, 700, true],
      ],
    );
  });

  test('ignores inactive products and can book a plan as received stock', () => {
    const { catalog, stock } = warehouse();
    catalog.setActive('DRILL', false);
    const plan = planRestock(catalog, stock, { unitCostCents: () => 1 });
    assert.deepEqual(plan.map((s) => s.sku), ['NUT', 'BOLT']);
    applyRestock(stock, plan);
    assert.equal(stock.onHand('NUT'), 500);
    assert.equal(stock.onHand('BOLT'), 500);
    assert.deepEqual(planRestock(catalog, stock), []);
  });
});
