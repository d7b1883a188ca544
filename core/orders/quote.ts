import type { EntityManager } from '@mikro-orm/postgresql';
import type { OrderAddress } from './order.entity.ts';
import { verifyOrderLines, type RequestedLine } from './order-verification.ts';
import { approvalReasons, priceOrder, type OrderPolicy, type OrderTotals } from './pricing.ts';

/** What an order would cost, before it is placed (a checkout review). Nothing is reserved. */
export interface OrderQuote extends OrderTotals {
  currency: string;
  lines: Array<{ sku: string; name: string; nameZh: string | null; quantity: number; unitPriceMinor: number; lineTotalMinor: number }>;
  /** Non-empty when the order would wait for staff approval. */
  approvalReasons: string[];
}

/**
 * Runs the same checks and pricing as `placeOrder` for a chat customer's order (the checkout
 * review), read-only. Throws the same AppErrors.
 */
export async function quoteOrder(em: EntityManager, lines: RequestedLine[], shippingAddress: OrderAddress | undefined, policy: OrderPolicy): Promise<OrderQuote> {
  const verified = await verifyOrderLines(em, lines, shippingAddress, policy, true);
  const priced = verified.map((line) => ({ sku: line.product.sku, quantity: line.quantity, unitPriceMinor: line.product.priceMinor, kind: line.product.kind }));
  const totals = priceOrder(priced, policy);
  return {
    ...totals,
    currency: verified[0]!.product.currency,
    lines: verified.map((line) => ({
      sku: line.product.sku, name: line.product.name, nameZh: line.product.nameZh ?? null, quantity: line.quantity,
      unitPriceMinor: line.product.priceMinor, lineTotalMinor: line.quantity * line.product.priceMinor,
    })),
    approvalReasons: approvalReasons(priced, totals, policy),
  };
}
