import type { Catalog } from './catalog.js';
import type { Clock } from './clock.js';
import type { CouponBook } from './coupons.js';
import { fail } from './errors.js';
import type { EventLog } from './events.js';
import { priceOrder, type PriceRequestLine, type PricingOptions, type Quote } from './pricing.js';
import { InMemoryRepository } from './repository.js';
import type { StockLedger } from './stock.js';
import { assertQty, clean } from './util.js';

/**
 * Lifecycle:
 * pending -> reserved -> partially_fulfilled -> fulfilled
 * pending | reserved | partially_fulfilled -> cancelled
 */
export type OrderStatus = 'pending' | 'reserved' | 'partially_fulfilled' | 'fulfilled' | 'cancelled';

export interface OrderLine {
  sku: string;
  qty: number;
  fulfilledQty: number;
}

export interface Order {
  id: string;
  status: OrderStatus;
  lines: OrderLine[];
  /** Price snapshot taken at creation; later repricing does not affect it. */
  quote: Quote;
  couponCode: string | null;
  createdAt: string;
  updatedAt: string;
  cancelReason?: string;
}

export interface OrderInput {
  items: PriceRequestLine[];
  couponCode?: string;
}

export interface OrderServiceDeps {
  catalog: Catalog;
  stock: StockLedger;
  coupons: CouponBook;
  events: EventLog;
  clock: Clock;
  repository?: InMemoryRepository<Order>;
  pricing?: Omit<PricingOptions, 'at' | 'coupon'>;
}

/**
 * Order workflow: creation (pricing + coupon redemption), stock
 * reservation, (partial) fulfilment and cancellation.
 */
export class OrderService {
  private readonly repo: InMemoryRepository<Order>;
  private sequence = 0;

  constructor(private readonly deps: OrderServiceDeps) {
    this.repo = deps.repository ?? new InMemoryRepository<Order>();
  }

  /**
   * Creates a pending order. Lines for the same SKU are merged. The coupon,
   * if any, is validated against the creation time and redeemed immediately.
   *
   * @throws InventoryError `VALIDATION` (empty order, bad qty, inactive
   *   product), `NOT_FOUND`, `COUPON_INVALID`.
   */
  create(input: OrderInput): Order {
    const { catalog, coupons, events, clock } = this.deps;
    if (input.items.length === 0) fail('VALIDATION', 'an order needs at least one item');
    const items = mergeItems(input.items);
    for (const item of items) {
      if (!catalog.get(item.sku).active) fail('VALIDATION', `product ${item.sku} is not available`);
    }
    const coupon = input.couponCode === undefined ? undefined : coupons.get(input.couponCode);
    const now = clock.now();
    const quote = priceOrder(items, catalog, { ...this.deps.pricing, at: now, coupon });
    if (coupon) coupons.redeem(coupon.code);

    this.sequence += 1;
    const order: Order = {
      id: `ORD-${String(this.sequence).padStart(4, '0')}`,
      status: 'pending',
      lines: items.map((i) => ({ sku: i.sku, qty: i.qty, fulfilledQty: 0 })),
      quote,
      couponCode: quote.couponCode,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    this.repo.insert(order);
    events.append('order.created', order.id, {
      lines: order.lines.length,
      totalCents: quote.totalCents,
      couponCode: order.couponCode,
    });
    return order;
  }

  /** Returns a copy of the order. @throws InventoryError `NOT_FOUND`. */
  get(id: string): Order {
    return this.repo.get(id);
  }

  /** Lists orders in creation order, optionally by status. */
  list(status?: OrderStatus): Order[] {
    return this.repo.list((o) => status === undefined || o.status === status);
  }

  /** Outstanding (not yet shipped) quantity per line, omitting complete lines. */
  remaining(id: string): PriceRequestLine[] {
    return this.repo
      .get(id)
      .lines.filter((l) => l.fulfilledQty < l.qty)
      .map((l) => ({ sku: l.sku, qty: l.qty - l.fulfilledQty }));
  }

  /**
   * Reserves stock for every line of a pending order (all or nothing).
   *
   * @throws InventoryError `INVALID_STATE`, `INSUFFICIENT_STOCK`.
   */
  reserve(id: string): Order {
    const order = this.repo.get(id);
    requireStatus(order, ['pending'], 'reserve');
    this.deps.stock.reserveAll(id, order.lines.map((l) => ({ sku: l.sku, qty: l.qty })));
    const updated = this.repo.update(id, (draft) => {
      draft.status = 'reserved';
      draft.updatedAt = this.deps.clock.now().toISOString();
    });
    this.deps.events.append('order.reserved', id, { lines: updated.lines.length });
    return updated;
  }

  /**
   * Ships some or all outstanding units. All shipment lines are validated
   * before any stock is committed, so an invalid line leaves nothing shipped.
   *
   * @throws InventoryError `INVALID_STATE` unless reserved/partially fulfilled;
   *   `VALIDATION` for SKUs not on the order or quantities above what is outstanding.
   */
  fulfil(id: string, shipments: readonly PriceRequestLine[]): Order {
    const order = this.repo.get(id);
    requireStatus(order, ['reserved', 'partially_fulfilled'], 'fulfil');
    if (shipments.length === 0) fail('VALIDATION', 'nothing to ship');
    const merged = mergeItems(shipments);
    for (const shipment of merged) {
      const line = order.lines.find((l) => l.sku === shipment.sku);
      if (!line) fail('VALIDATION', `${shipment.sku} is not part of order ${id}`);
      const outstanding = line.qty - line.fulfilledQty;
      if (shipment.qty > outstanding) {
        fail('VALIDATION', `cannot ship ${shipment.qty} of ${shipment.sku}: only ${outstanding} outstanding`);
      }
    }

    for (const shipment of merged) {
      this.deps.stock.commit(id, shipment.sku, shipment.qty);
    }
    const updated = this.repo.update(id, (draft) => {
      for (const shipment of merged) {
        const line = draft.lines.find((l) => l.sku === shipment.sku);
        if (line) line.fulfilledQty += shipment.qty;
      }
      const complete = draft.lines.every((l) => l.fulfilledQty === l.qty);
      draft.status = complete ? 'fulfilled' : 'partially_fulfilled';
      draft.updatedAt = this.deps.clock.now().toISOString();
    });
    const type = updated.status === 'fulfilled' ? 'order.fulfilled' : 'order.partially_fulfilled';
    this.deps.events.append(type, id, { shipped: merged });
    return updated;
  }

  /**
   * Cancels an order that has not been completely shipped, releasing any
   * reservation it still holds. The coupon use is handed back only when no
   * unit has shipped yet: once goods have left, the discount has been used.
   *
   * @throws InventoryError `INVALID_STATE` for fulfilled or cancelled orders.
   */
  cancel(id: string, reason: string): Order {
    const order = this.repo.get(id);
    requireStatus(order, ['pending', 'reserved', 'partially_fulfilled'], 'cancel');
    const released = order.status === 'pending' ? 0 : this.deps.stock.release(id);
    const shippedAny = order.lines.some((l) => l.fulfilledQty > 0);
    if (order.couponCode !== null && !shippedAny) {
      this.deps.coupons.unredeem(order.couponCode);
    }
    const updated = this.repo.update(id, (draft) => {
      draft.status = 'cancelled';
      draft.cancelReason = reason;
      draft.updatedAt = this.deps.clock.now().toISOString();
    });
    this.deps.events.append('order.cancelled', id, { reason, released });
    return updated;
  }
}

function requireStatus(order: Order, allowed: readonly OrderStatus[], action: string): void {
  if (!allowed.includes(order.status)) {
    fail('INVALID_STATE', `cannot ${action} order ${order.id} in status ${order.status}`);
  }
}

/**
 * Normalises SKUs and merges lines for the same SKU, keeping the position of
 * the first occurrence so order lines stay in the customer's order.
 */
function mergeItems(items: readonly PriceRequestLine[]): PriceRequestLine[] {
  const merged: PriceRequestLine[] = [];
  for (const item of items) {
    assertQty(item.qty);
    const sku = clean(item.sku);
    const existing = merged.find((m) => m.sku === sku);
    if (existing) existing.qty += item.qty;
    else merged.push({ sku, qty: item.qty });
  }
  return merged;
}
