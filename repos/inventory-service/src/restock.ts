import type { Catalog, Product } from './catalog.js';
import type { StockLedger } from './stock.js';

export interface RestockSuggestion {
  sku: string;
  priority: number;
  /** Available (unreserved) units when the plan was made. */
  available: number;
  reorderPoint: number;
  orderQty: number;
  unitCostCents: number;
  costCents: number;
  /** True when the budget only allowed part of the wanted quantity. */
  partial: boolean;
}

export interface RestockOptions {
  /** Spending cap for the whole plan; unlimited when omitted. */
  budgetCents?: number;
  /** Purchase cost per unit; defaults to the list price (a conservative upper bound). */
  unitCostCents?: (product: Product) => number;
}

/**
 * Builds a purchase plan for active products whose available stock is at or
 * below their reorder point. Each suggestion tops the product up to
 * `reorderPoint + reorderQty` available units.
 *
 * Suggestions are ordered by priority (1 first), then by how far below the
 * reorder point the product is (largest gap first), then by SKU. With a
 * budget, the list is walked in that order: items that fit are taken whole,
 * the first one that does not fit is taken partially if at least one unit
 * is affordable, and the walk continues so cheaper items can still use the
 * remaining budget.
 */
export function planRestock(
  catalog: Catalog,
  stock: StockLedger,
  options: RestockOptions = {},
): RestockSuggestion[] {
  const costOf = options.unitCostCents ?? ((p: Product) => p.priceCents);
  const candidates: RestockSuggestion[] = [];
  for (const product of catalog.list()) {
    const available = stock.onHand(product.sku) - stock.reserved(product.sku);
    if (available > product.reorderPoint) continue;
    const orderQty = product.reorderPoint + product.reorderQty - available;
    const unitCostCents = costOf(product);
    candidates.push({
      sku: product.sku,
      priority: product.priority,
      available,
      reorderPoint: product.reorderPoint,
      orderQty,
      unitCostCents,
      costCents: unitCostCents * orderQty,
      partial: false,
    });
  }
  candidates.sort(compareSuggestions);

  if (options.budgetCents === undefined) return candidates;
  let remaining = options.budgetCents;
  const plan: RestockSuggestion[] = [];
  for (const candidate of candidates) {
    if (candidate.costCents <= remaining) {
      plan.push(candidate);
      remaining -= candidate.costCents;
      continue;
    }
    const affordable = Math.floor(remaining / candidate.unitCostCents);
    if (affordable >= 1) {
      const costCents = affordable * candidate.unitCostCents;
      plan.push({ ...candidate, orderQty: affordable, costCents, partial: true });
      remaining -= costCents;
    }
  }
  return plan;
}

/** Books every suggestion of a plan as received stock. */
export function applyRestock(stock: StockLedger, plan: readonly RestockSuggestion[]): void {
  for (const suggestion of plan) {
    stock.receive(suggestion.sku, suggestion.orderQty, 'restock');
  }
}

function compareSuggestions(a: RestockSuggestion, b: RestockSuggestion): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  const gapA = a.reorderPoint - a.available;
  const gapB = b.reorderPoint - b.available;
  if (gapA !== gapB) return gapB - gapA;
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}
