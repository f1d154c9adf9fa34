import { fail } from './errors.js';
import type { EventLog } from './events.js';
import { assertQty, clean } from './util.js';

/** Tax treatment of a product; rates live in the pricing module. */
export type TaxCategory = 'standard' | 'reduced' | 'exempt';

const TAX_CATEGORIES: readonly TaxCategory[] = ['standard', 'reduced', 'exempt'];

export interface Product {
  sku: string;
  name: string;
  /** Unit list price in cents, before discounts and tax. */
  priceCents: number;
  taxCategory: TaxCategory;
  /** Inactive products stay in the catalogue (old orders refer to them) but cannot be ordered. */
  active: boolean;
  /** Restock is suggested when available stock is at or below this level. */
  reorderPoint: number;
  /** Quantity ordered on top of the reorder point when restocking. */
  reorderQty: number;
  /** Restock priority: 1 is the most urgent, 5 the least. */
  priority: number;
}

export interface ProductInput {
  sku: string;
  name: string;
  priceCents: number;
  taxCategory?: TaxCategory;
  reorderPoint?: number;
  reorderQty?: number;
  priority?: number;
}

/**
 * The product catalogue. Products are kept in a plain array in insertion
 * order; lookups scan it linearly.
 */
export class Catalog {
  private products: Product[] = [];

  constructor(private readonly events?: EventLog) {}

  /**
   * Adds a product.
   *
   * @throws InventoryError `DUPLICATE` for an existing SKU, `VALIDATION` for bad fields.
   */
  add(input: ProductInput): Product {
    const sku = clean(input.sku);
    if (this.find(sku)) fail('DUPLICATE', `product ${sku} already exists`);
    const name = input.name.trim();
    if (name === '') fail('VALIDATION', `product ${sku} needs a name`);
    assertPrice(input.priceCents);
    const taxCategory = input.taxCategory ?? 'standard';
    if (!TAX_CATEGORIES.includes(taxCategory)) {
      fail('VALIDATION', `unknown tax category "${taxCategory}"`);
    }
    const reorderPoint = input.reorderPoint ?? 0;
    assertQty(reorderPoint, 'reorderPoint', true);
    const reorderQty = input.reorderQty ?? 1;
    assertQty(reorderQty, 'reorderQty');
    const priority = input.priority ?? 3;
    if (!Number.isInteger(priority) || priority < 1 || priority > 5) {
      fail('VALIDATION', `priority must be between 1 and 5, got ${priority}`);
    }

    const product: Product = {
      sku,
      name,
      priceCents: input.priceCents,
      taxCategory,
      active: true,
      reorderPoint,
      reorderQty,
      priority,
    };
    this.products.push(product);
    this.events?.append('product.added', sku, { priceCents: product.priceCents });
    return { ...product };
  }

  /** Returns a copy of the product, or `undefined` if the SKU is unknown. */
  find(sku: string): Product | undefined {
    const key = clean(sku);
    const product = this.products.find((p) => p.sku === key);
    return product ? { ...product } : undefined;
  }

  /**
   * Returns a copy of the product.
   *
   * @throws InventoryError `NOT_FOUND` for an unknown SKU.
   */
  get(sku: string): Product {
    return this.find(sku) ?? fail('NOT_FOUND', `product ${clean(sku)} not found`);
  }

  /** Changes the list price; records the old and new price in the audit trail. */
  updatePrice(sku: string, priceCents: number): Product {
    assertPrice(priceCents);
    const product = this.mustFindMutable(sku);
    const from = product.priceCents;
    product.priceCents = priceCents;
    this.events?.append('product.repriced', product.sku, { from, to: priceCents });
    return { ...product };
  }

  /** Activates or deactivates a product. No-op (and no event) if unchanged. */
  setActive(sku: string, active: boolean): Product {
    const product = this.mustFindMutable(sku);
    if (product.active !== active) {
      product.active = active;
      this.events?.append(active ? 'product.activated' : 'product.deactivated', product.sku);
    }
    return { ...product };
  }

  /** Lists products sorted by SKU; inactive ones only when asked for. */
  list(options: { includeInactive?: boolean } = {}): Product[] {
    return this.products
      .filter((p) => options.includeInactive || p.active)
      .map((p) => ({ ...p }))
      .sort((a, b) => (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0));
  }

  private mustFindMutable(sku: string): Product {
    const key = clean(sku);
    return this.products.find((p) => p.sku === key) ?? fail('NOT_FOUND', `product ${key} not found`);
  }
}

function assertPrice(priceCents: number): void {
  if (!Number.isSafeInteger(priceCents) || priceCents < 0) {
    fail('VALIDATION', `price must be a non-negative integer number of cents, got ${priceCents}`);
  }
}
