import { createHash } from 'node:crypto';

/** Rules of order pricing and review. Pure: no database, no clock. */
export interface OrderPolicy {
  /** Orders whose total is at or above this (minor units) wait for staff approval. */
  approvalThresholdMinor: number;
  /** A line with at least this quantity makes the order wait for approval. @default 50 */
  largeQuantity: number;
  /** Most units of one SKU on one order line. @default 1000 */
  maxQuantityPerLine: number;
  /**
   * Caps for customers who order themselves in a chat (no verified phone): units of one product,
   * and units in all, per order. Staff, phone and API orders are not capped this way.
   */
  selfServe: { maxQuantityPerLine: number; maxUnitsPerOrder: number };
  /** The most the lines of one order may amount to (minor units; delivery is free long before). @default 3,000,000,000 */
  maxOrderTotalMinor: number;
  /** Flat delivery fee for goods (minor units). @default 1000 */
  shippingFeeMinor: number;
  /** Subtotal from which delivery is free (minor units). @default 19900 */
  freeShippingFromMinor: number;
  /** An order equal to one placed by the same customer within this many minutes is flagged. @default 10 */
  duplicateWindowMinutes: number;
  /** Days from placing to the promised delivery of goods (services: no promise). @default 3 */
  promiseDays: number;
}

export const defaultOrderPolicy: Omit<OrderPolicy, 'approvalThresholdMinor'> = {
  largeQuantity: 50,
  maxQuantityPerLine: 1000,
  maxOrderTotalMinor: 3_000_000_000,
  selfServe: { maxQuantityPerLine: 20, maxUnitsPerOrder: 50 },
  shippingFeeMinor: 1000,
  freeShippingFromMinor: 19900,
  duplicateWindowMinutes: 10,
  promiseDays: 3,
};

/** When goods are promised to arrive; null for orders of services only. */
export function promisedDate(lines: PricedLine[], placedAt: Date, policy: OrderPolicy): Date | null {
  if (!lines.some((line) => line.kind !== 'service')) return null;
  return new Date(placedAt.getTime() + policy.promiseDays * 24 * 3600 * 1000);
}

export interface PricedLine {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
  kind: 'goods' | 'service' | 'material';
}

export interface OrderTotals {
  subtotalMinor: number;
  shippingMinor: number;
  totalMinor: number;
}

/** Subtotal, delivery fee and total. Orders without goods (services only) ship for free. */
export function priceOrder(lines: PricedLine[], policy: OrderPolicy): OrderTotals {
  const subtotalMinor = lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const hasGoods = lines.some((line) => line.kind !== 'service');
  const shippingMinor = !hasGoods || subtotalMinor >= policy.freeShippingFromMinor ? 0 : policy.shippingFeeMinor;
  return { subtotalMinor, shippingMinor, totalMinor: subtotalMinor + shippingMinor };
}

/** Why an order must wait for a person, empty when it may be confirmed at once. */
export function approvalReasons(lines: PricedLine[], totals: OrderTotals, policy: OrderPolicy): string[] {
  const reasons: string[] = [];
  if (totals.totalMinor >= policy.approvalThresholdMinor) reasons.push('high_value');
  if (lines.some((line) => line.quantity >= policy.largeQuantity)) reasons.push('large_quantity');
  return reasons;
}

/**
 * Order-independent hash of the (sku, quantity) pairs; equal for equal carts. A buyer's
 * purchase-order reference is part of it: the same cart on another PO is a new order, not a duplicate.
 */
export function linesFingerprint(lines: Array<{ sku: string; quantity: number }>, poRef?: string): string {
  const totals = new Map<string, number>();
  for (const line of lines) totals.set(line.sku, (totals.get(line.sku) ?? 0) + line.quantity);
  const canonical = [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([sku, qty]) => `${sku}:${qty}`).join('|') + (poRef ? `#po:${poRef}` : '');
  return createHash('sha256').update(canonical).digest('hex');
}
