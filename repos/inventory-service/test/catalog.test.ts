import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog } from '../src/catalog.js';
import { manualClock } from '../src/clock.js';
import { EventLog } from '../src/events.js';

function newCatalog(): { catalog: Catalog; events: EventLog } {
  const events = new EventLog(manualClock('2024-01-01T00:00:00Z'));
  return { catalog: new Catalog(events), events };
}

describe('Catalog', () => {
  test('normalises the SKU and applies defaults', () => {
    const { catalog } = newCatalog();
    const product = catalog.add({ sku: ' mug-red ', name: ' Red mug ', priceCents: 1250 });
    assert.deepEqual(product, {
      sku: 'MUG-RED',
      name: 'Red mug',
      priceCents: 1250,
      taxCategory: 'standard',
      active: true,
      reorderPoint: 0,
      reorderQty: 1,
      priority: 3,
    });
    assert.equal(catalog.get('Mug-Red').name, 'Red mug');
  });

  test('rejects a duplicate SKU regardless of case', () => {
    const { catalog } = newCatalog();
    catalog.add({ sku: 'MUG-RED', name: 'Red mug', priceCents: 1250 });
    assert.throws(() => catalog.add({ sku: 'mug-red', name: 'Other', priceCents: 1 }), { code: 'DUPLICATE' });
  });

  test('rejects malformed SKUs, negative and fractional prices, bad priorities', () => {
    const { catalog } = newCatalog();
    assert.throws(() => catalog.add({ sku: 'MUG RED', name: 'x', priceCents: 1 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'MUG--RED', name: 'x', priceCents: 1 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'A', name: 'x', priceCents: -1 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'A', name: 'x', priceCents: 12.5 }), { code: 'VALIDATION' });
    assert.throws(() => catalog.add({ sku: 'A', name: 'x', priceCents: 1, priority: 0 }), { code: 'VALIDATION' });
  });

  test('lists products sorted by SKU and hides inactive ones unless asked', () => {
    const { catalog } = newCatalog();
    catalog.add({ sku: 'TEA', name: 'Tea', priceCents: 500 });
    catalog.add({ sku: 'CUP', name: 'Cup', priceCents: 700 });
    catalog.add({ sku: 'MUG', name: 'Mug', priceCents: 900 });
    catalog.setActive('MUG', false);
    assert.deepEqual(catalog.list().map((p) => p.sku), ['CUP', 'TEA']);
    assert.deepEqual(catalog.list({ includeInactive: true }).map((p) => p.sku), ['CUP', 'MUG', 'TEA']);
  });

  test('repricing is recorded in the audit trail and unknown SKUs are NOT_FOUND', () => {
    const { catalog, events } = newCatalog();
    catalog.add({ sku: 'MUG', name: 'Mug', priceCents: 900 });
    catalog.updatePrice('mug', 950);
    assert.equal(catalog.get('MUG').priceCents, 950);
    assert.deepEqual(events.ofType('product.repriced')[0]?.data, { from: 900, to: 950 });
    assert.throws(() => catalog.updatePrice('CUP', 1), { code: 'NOT_FOUND' });
  });

  test('setting the same active flag twice emits only one event', () => {
    const { catalog, events } = newCatalog();
    catalog.add({ sku: 'MUG', name: 'Mug', priceCents: 900 });
    catalog.setActive('MUG', false);
    catalog.setActive('MUG', false);
    assert.equal(events.ofType('product.deactivated').length, 1);
  });
});
