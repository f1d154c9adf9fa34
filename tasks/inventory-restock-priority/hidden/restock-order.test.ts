// crucible-canary:9a41c6f2-3e7d-4b08-8c55-71d2e0b4a6f3
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRestock, Catalog, planRestock, StockLedger, type ProductInput } from '../../src/index.js';

type Item = ProductInput & { onHand: number };

function setup(items: Item[]): { catalog: Catalog; stock: StockLedger } {
  const catalog = new Catalog();
  const stock = new StockLedger();
  for (const { onHand, ...product } of items) {
    catalog.add(product);
    if (onHand > 0) stock.receive(product.sku, onHand);
  }
  return { catalog, stock };
}

const skus = (plan: { sku: string }[]) => plan.map((s) => s.sku);

describe('restock ranking', () => {
  test('within a priority the largest shortfall comes first even with different reorder points', () => {
    const { catalog, stock } = setup([
      { sku: 'CABLE', name: 'Cable', priceCents: 100, reorderPoint: 50, reorderQty: 50, priority: 2, onHand: 30 },
      { sku: 'PLUG', name: 'Plug', priceCents: 50, reorderPoint: 10, reorderQty: 10, priority: 2, onHand: 5 },
      { sku: 'FUSE', name: 'Fuse', priceCents: 20, reorderPoint: 400, reorderQty: 100, priority: 2, onHand: 390 },
    ]);
    // shortfalls: CABLE 20, FUSE 10, PLUG 5
    assert.deepEqual(skus(planRestock(catalog, stock)), ['CABLE', 'FUSE', 'PLUG']);
  });

  test('a product with a zero reorder point and no stock ranks after real shortfalls', () => {
    const { catalog, stock } = setup([
      { sku: 'ANCHOR', name: 'Anchor', priceCents: 300, reorderPoint: 0, reorderQty: 5, priority: 3, onHand: 0 },
      { sku: 'SCREW', name: 'Screw', priceCents: 2, reorderPoint: 20, reorderQty: 100, priority: 3, onHand: 17 },
    ]);
    const plan = planRestock(catalog, stock);
    assert.deepEqual(skus(plan), ['SCREW', 'ANCHOR']);
    assert.deepEqual(plan.map((s) => s.orderQty), [103, 5]);
  });

  test('equal shortfalls are ordered by SKU whatever the reorder points', () => {
    const { catalog, stock } = setup([
      { sku: 'ZED', name: 'Zed', priceCents: 10, reorderPoint: 10, reorderQty: 1, priority: 4, onHand: 5 },
      { sku: 'ABC', name: 'Abc', priceCents: 10, reorderPoint: 100, reorderQty: 1, priority: 4, onHand: 95 },
      { sku: 'MID', name: 'Mid', priceCents: 10, reorderPoint: 6, reorderQty: 1, priority: 4, onHand: 1 },
    ]);
    assert.deepEqual(skus(planRestock(catalog, stock)), ['ABC', 'MID', 'ZED']);
  });

  test('reserved units count towards the shortfall used for ranking', () => {
    const { catalog, stock } = setup([
      { sku: 'BIG', name: 'Big', priceCents: 10, reorderPoint: 100, reorderQty: 10, priority: 2, onHand: 100 },
      { sku: 'SMALL', name: 'Small', priceCents: 10, reorderPoint: 10, reorderQty: 10, priority: 2, onHand: 4 },
    ]);
    assert.deepEqual(skus(planRestock(catalog, stock)), ['SMALL', 'BIG']);
    stock.reserveAll('O-1', [{ sku: 'BIG', qty: 20 }]);
    const plan = planRestock(catalog, stock);
    assert.deepEqual(skus(plan), ['BIG', 'SMALL']);
    assert.deepEqual(plan.map((s) => s.available), [80, 4]);
  });

  test('with a budget the largest shortfall is bought whole and the next one partially', () => {
    const { catalog, stock } = setup([
      { sku: 'HOSE', name: 'Hose', priceCents: 200, reorderPoint: 40, reorderQty: 10, priority: 2, onHand: 0 },
      { sku: 'TAP', name: 'Tap', priceCents: 500, reorderPoint: 4, reorderQty: 1, priority: 2, onHand: 1 },
      { sku: 'VALVE', name: 'Valve', priceCents: 100, reorderPoint: 30, reorderQty: 5, priority: 2, onHand: 15 },
    ]);
    // HOSE 50 x 200 = 10000 (short 40), VALVE 20 x 100 = 2000 (short 15), TAP 4 x 500 = 2000 (short 3)
    const plan = planRestock(catalog, stock, { budgetCents: 11500 });
    assert.deepEqual(
      plan.map((s) => [s.sku, s.orderQty, s.costCents, s.partial]),
      [
        ['HOSE', 50, 10000, false],
        ['VALVE', 15, 1500, true],
      ],
    );
  });

  test('priority always beats the size of the shortfall', () => {
    const { catalog, stock } = setup([
      { sku: 'PAINT', name: 'Paint', priceCents: 900, reorderPoint: 500, reorderQty: 10, priority: 3, onHand: 0 },
      { sku: 'BRUSH', name: 'Brush', priceCents: 300, reorderPoint: 2, reorderQty: 1, priority: 1, onHand: 2 },
      { sku: 'ROLLER', name: 'Roller', priceCents: 400, reorderPoint: 40, reorderQty: 5, priority: 5, onHand: 1 },
    ]);
    assert.deepEqual(skus(planRestock(catalog, stock)), ['BRUSH', 'PAINT', 'ROLLER']);
  });

  test('products sharing a reorder point are ordered by shortfall, then SKU', () => {
    const { catalog, stock } = setup([
      { sku: 'NUT', name: 'Nut', priceCents: 5, reorderPoint: 100, reorderQty: 50, priority: 2, onHand: 60 },
      { sku: 'BOLT', name: 'Bolt', priceCents: 10, reorderPoint: 100, reorderQty: 50, priority: 2, onHand: 10 },
      { sku: 'WASHER', name: 'Washer', priceCents: 1, reorderPoint: 100, reorderQty: 50, priority: 2, onHand: 60 },
      { sku: 'PIN', name: 'Pin', priceCents: 1, reorderPoint: 100, reorderQty: 50, priority: 2, onHand: 100 },
    ]);
    assert.deepEqual(skus(planRestock(catalog, stock)), ['BOLT', 'NUT', 'WASHER', 'PIN']);
  });

  test('the ranking does not depend on the order products were added in', () => {
    const items: Item[] = [
      { sku: 'A-1', name: 'a', priceCents: 10, reorderPoint: 50, reorderQty: 5, priority: 2, onHand: 45 },
      { sku: 'B-2', name: 'b', priceCents: 10, reorderPoint: 50, reorderQty: 5, priority: 2, onHand: 20 },
      { sku: 'C-3', name: 'c', priceCents: 10, reorderPoint: 50, reorderQty: 5, priority: 1, onHand: 50 },
      { sku: 'D-4', name: 'd', priceCents: 10, reorderPoint: 50, reorderQty: 5, priority: 2, onHand: 45 },
    ];
    const forward = setup(items);
    const backward = setup([...items].reverse());
    const expected = ['C-3', 'B-2', 'A-1', 'D-4'];
    assert.deepEqual(skus(planRestock(forward.catalog, forward.stock)), expected);
    assert.deepEqual(skus(planRestock(backward.catalog, backward.stock)), expected);
  });
});

describe('restock plan contents', () => {
  test('products above the reorder point are left out and those exactly at it are included', () => {
    const { catalog, stock } = setup([
      { sku: 'AT', name: 'At', priceCents: 10, reorderPoint: 8, reorderQty: 2, onHand: 8 },
      { sku: 'ABOVE', name: 'Above', priceCents: 10, reorderPoint: 8, reorderQty: 2, onHand: 9 },
    ]);
    const plan = planRestock(catalog, stock);
    assert.deepEqual(
      plan.map((s) => [s.sku, s.available, s.orderQty, s.costCents, s.partial]),
      [['AT', 8, 2, 20, false]],
    );
  });

  test('a zero budget buys nothing and an unaffordable unit is skipped for cheaper ones', () => {
    const { catalog, stock } = setup([
      { sku: 'PUMP', name: 'Pump', priceCents: 500, reorderPoint: 10, reorderQty: 1, priority: 2, onHand: 0 },
      { sku: 'SEAL', name: 'Seal', priceCents: 100, reorderPoint: 10, reorderQty: 1, priority: 2, onHand: 5 },
    ]);
    assert.deepEqual(planRestock(catalog, stock, { budgetCents: 0 }), []);
    const plan = planRestock(catalog, stock, { budgetCents: 300 });
    assert.deepEqual(plan.map((s) => [s.sku, s.orderQty, s.costCents, s.partial]), [['SEAL', 3, 300, true]]);
  });

  test('applying a plan lifts every product above its reorder point', () => {
    const { catalog, stock } = setup([
      { sku: 'CABLE', name: 'Cable', priceCents: 100, reorderPoint: 50, reorderQty: 50, priority: 2, onHand: 30 },
      { sku: 'PLUG', name: 'Plug', priceCents: 50, reorderPoint: 10, reorderQty: 10, priority: 2, onHand: 5 },
    ]);
    applyRestock(stock, planRestock(catalog, stock, { unitCostCents: () => 1 }));
    assert.equal(stock.onHand('CABLE'), 100);
    assert.equal(stock.onHand('PLUG'), 20);
    assert.deepEqual(planRestock(catalog, stock), []);
  });
});
