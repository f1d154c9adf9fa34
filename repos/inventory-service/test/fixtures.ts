import { createInventory, manualClock, type Inventory, type ManualClock } from '../src/index.js';

export const START = '2024-03-01T09:00:00.000Z';

/**
 * A small shop: mugs (standard tax), tea (reduced tax) and gift cards
 * (exempt). Every test gets its own instance; nothing is shared.
 */
export function makeShop(): Inventory & { clock: ManualClock } {
  const clock = manualClock(START);
  const inventory = createInventory(clock);
  inventory.catalog.add({ sku: 'MUG-RED', name: 'Red mug', priceCents: 1250, reorderPoint: 5, reorderQty: 20 });
  inventory.catalog.add({ sku: 'MUG-BLUE', name: 'Blue mug', priceCents: 1250, reorderPoint: 5, reorderQty: 20 });
  inventory.catalog.add({ sku: 'TEA-GREEN', name: 'Green tea 100g', priceCents: 799, taxCategory: 'reduced' });
  inventory.catalog.add({ sku: 'GIFT-25', name: 'Gift card', priceCents: 2500, taxCategory: 'exempt' });
  inventory.stock.receive('MUG-RED', 30);
  inventory.stock.receive('MUG-BLUE', 10);
  inventory.stock.receive('TEA-GREEN', 100);
  inventory.stock.receive('GIFT-25', 1000);
  return { ...inventory, clock };
}
