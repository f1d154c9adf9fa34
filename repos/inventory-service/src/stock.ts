import { fail } from './errors.js';
import type { EventLog } from './events.js';
import { assertQty, clean } from './util.js';

/** Units of one SKU held back for one order until it ships or is cancelled. */
export interface Reservation {
  orderId: string;
  sku: string;
  qty: number;
}

export interface StockRequest {
  sku: string;
  qty: number;
}

/**
 * Tracks on-hand quantities and reservations per SKU.
 *
 * Invariant: for every SKU, `onHand >= reserved`, so `available` is never
 * negative. Reserving checks it, and stock adjustments refuse to break it.
 */
export class StockLedger {
  private readonly onHandBySku = new Map<string, number>();
  private reservations: Reservation[] = [];

  constructor(private readonly events?: EventLog) {}

  /** Physical units in the warehouse (reserved or not). */
  onHand(sku: string): number {
    return this.onHandBySku.get(clean(sku)) ?? 0;
  }

  /** Units reserved across all orders. */
  reserved(sku: string): number {
    const key = clean(sku);
    let total = 0;
    for (const r of this.reservations) {
      if (r.sku === key) total += r.qty;
    }
    return total;
  }

  /** Units that can still be promised to new orders. */
  available(sku: string): number {
    return this.onHand(sku) - this.reserved(sku);
  }

  /** Units reserved for a specific order and SKU. */
  reservedFor(orderId: string, sku: string): number {
    const key = clean(sku);
    return this.reservations.find((r) => r.orderId === orderId && r.sku === key)?.qty ?? 0;
  }

  /** Copies of all reservations held by an order. */
  reservationsFor(orderId: string): Reservation[] {
    return this.reservations.filter((r) => r.orderId === orderId).map((r) => ({ ...r }));
  }

  /** Books incoming units (a delivery or a return to stock). */
  receive(sku: string, qty: number, note = 'delivery'): number {
    const key = clean(sku);
    assertQty(qty);
    const next = (this.onHandBySku.get(key) ?? 0) + qty;
    this.onHandBySku.set(key, next);
    this.events?.append('stock.received', key, { qty, note, onHand: next });
    return next;
  }

  /**
   * Sets the on-hand count after a physical stock take.
   *
   * @throws InventoryError `INSUFFICIENT_STOCK` when the new count would be
   *   below what is already reserved; those reservations must be released first.
   */
  adjust(sku: string, counted: number, reason: string): number {
    const key = clean(sku);
    assertQty(counted, 'counted', true);
    const reserved = this.reserved(key);
    if (counted < reserved) {
      fail('INSUFFICIENT_STOCK', `cannot set ${key} to ${counted}: ${reserved} units are reserved`);
    }
    const from = this.onHandBySku.get(key) ?? 0;
    this.onHandBySku.set(key, counted);
    this.events?.append('stock.adjusted', key, { from, to: counted, reason });
    return counted;
  }

  /**
   * Reserves every requested line for an order, all or nothing: availability
   * is checked for the whole request before anything is booked, so a failure
   * on the last line never leaves earlier lines reserved.
   *
   * @throws InventoryError `INSUFFICIENT_STOCK` naming the first short SKU.
   */
  reserveAll(orderId: string, requests: readonly StockRequest[]): void {
    // Requests may mention the same SKU twice; check against the combined need.
    const needed = new Map<string, number>();
    for (const req of requests) {
      const key = clean(req.sku);
      assertQty(req.qty);
      needed.set(key, (needed.get(key) ?? 0) + req.qty);
    }
    for (const [sku, qty] of needed) {
      const available = this.available(sku);
      if (available < qty) {
        fail('INSUFFICIENT_STOCK', `${sku}: requested ${qty}, available ${available}`);
      }
    }
    for (const [sku, qty] of needed) {
      const existing = this.reservations.find((r) => r.orderId === orderId && r.sku === sku);
      if (existing) existing.qty += qty;
      else this.reservations.push({ orderId, sku, qty });
      this.events?.append('stock.reserved', sku, { orderId, qty });
    }
  }

  /**
   * Releases reservations held by an order: one SKU or all of them, fully or
   * partially. Returns the number of units released.
   *
   * @throws InventoryError `VALIDATION` when releasing more than is reserved.
   */
  release(orderId: string, sku?: string, qty?: number): number {
    if (sku === undefined && qty !== undefined) {
      fail('VALIDATION', 'a partial release must name the SKU');
    }
    if (qty !== undefined) assertQty(qty);
    const key = sku === undefined ? undefined : clean(sku);
    let released = 0;
    for (const r of this.reservations) {
      if (r.orderId !== orderId || (key !== undefined && r.sku !== key)) continue;
      const amount = qty ?? r.qty;
      if (amount > r.qty) {
        fail('VALIDATION', `cannot release ${amount} of ${r.sku} for ${orderId}: only ${r.qty} reserved`);
      }
      r.qty -= amount;
      released += amount;
      this.events?.append('stock.released', r.sku, { orderId, qty: amount });
    }
    this.reservations = this.reservations.filter((r) => r.qty > 0);
    return released;
  }

  /**
   * Ships reserved units: removes them from the reservation and from the
   * on-hand count in one step.
   *
   * @throws InventoryError `VALIDATION` when shipping more than is reserved.
   */
  commit(orderId: string, sku: string, qty: number): void {
    const key = clean(sku);
    assertQty(qty);
    const reservation = this.reservations.find((r) => r.orderId === orderId && r.sku === key);
    const reserved = reservation?.qty ?? 0;
    if (!reservation || qty > reserved) {
      fail('VALIDATION', `cannot ship ${qty} of ${key} for ${orderId}: only ${reserved} reserved`);
    }
    reservation.qty -= qty;
    this.onHandBySku.set(key, (this.onHandBySku.get(key) ?? 0) - qty);
    if (reservation.qty === 0) {
      this.reservations = this.reservations.filter((r) => r !== reservation);
    }
    this.events?.append('stock.committed', key, { orderId, qty });
  }
}
