/**
 * Public entry point. `createInventory` wires the modules together the way
 * the service does in production; tests and scripts can also build the
 * pieces individually.
 */
import { Catalog } from './catalog.js';
import { systemClock, type Clock } from './clock.js';
import { CouponBook } from './coupons.js';
import { EventLog } from './events.js';
import { OrderService } from './orders.js';
import type { PricingOptions } from './pricing.js';
import { StockLedger } from './stock.js';

export * from './catalog.js';
export * from './clock.js';
export * from './coupons.js';
export * from './errors.js';
export * from './events.js';
export * from './money.js';
export * from './orders.js';
export * from './pricing.js';
export * from './repository.js';
export * from './restock.js';
export * from './stock.js';

export interface Inventory {
  clock: Clock;
  events: EventLog;
  catalog: Catalog;
  stock: StockLedger;
  coupons: CouponBook;
  orders: OrderService;
}

/** Creates a fully wired inventory sharing one clock and one audit trail. */
export function createInventory(
  clock: Clock = systemClock,
  pricing?: Omit<PricingOptions, 'at' | 'coupon'>,
): Inventory {
  const events = new EventLog(clock);
  const catalog = new Catalog(events);
  const stock = new StockLedger(events);
  const coupons = new CouponBook();
  const orders = new OrderService({ catalog, stock, coupons, events, clock, pricing });
  return { clock, events, catalog, stock, coupons, orders };
}
