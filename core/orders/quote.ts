import type { EntityManager } from '@mikro-orm/postgresql';
import { resolveUnitPrice } from '../catalog/index.ts';
import { AccountMember, accountPriceItems, paymentDueAt, type PaymentTerms } from '../customers/index.ts';
import type { OrderAddress } from './order.entity.ts';
import { verifyOrderLines, type ProductFacts, type RequestedLine } from './order-verification.ts';
import { approvalReasons, priceOrder, type OrderPolicy, type OrderTotals } from './pricing.ts';

/** What an order would cost, before it is placed (a checkout review). Nothing is reserved. */
export interface OrderQuote extends OrderTotals {
  currency: string;
  lines: Array<{ sku: string; name: string; nameZh: string | null; quantity: number; unitPriceMinor: number; lineTotalMinor: number }>;
  /** Non-empty when the order would wait for staff approval. */
  approvalReasons: string[];
  /** The company the buyer orders for, with its terms and the due date an order placed now gets. */
  account: { code: string; name: string; paymentTerms: PaymentTerms; paymentDueAt: string | null } | null;
}

/**
 * Runs the same checks and pricing as `placeOrder` for a chat customer's order (the checkout
 * review), read-only: a member of a company account is priced from its list (and not capped as
 * an anonymous chat customer is). Throws the same AppErrors.
 */
export async function quoteOrder(em: EntityManager, lines: RequestedLine[], shippingAddress: OrderAddress | undefined, policy: OrderPolicy, buyer: { customerId?: number | undefined; now: Date; timeZone: string }): Promise<OrderQuote> {
  const member = buyer.customerId ? await em.findOne(AccountMember, { customer: buyer.customerId, active: true }, { populate: ['account.priceList'] }) : null;
  const items = member ? await accountPriceItems(em, member.account) : [];
  const reprice = (product: ProductFacts, quantity: number): ProductFacts => (member ? { ...product, priceMinor: resolveUnitPrice(product, quantity, items, buyer.now).unitPriceMinor } : product);
  const verified = (await verifyOrderLines(em, lines, shippingAddress, policy, !member)).map((line) => ({ ...line, product: reprice(line.product, line.quantity) }));
  const priced = verified.map((line) => ({ sku: line.product.sku, quantity: line.quantity, unitPriceMinor: line.product.priceMinor, kind: line.product.kind }));
  const totals = priceOrder(priced, policy);
  const account = member?.account;
  return {
    ...totals,
    currency: verified[0]!.product.currency,
    lines: verified.map((line) => ({
      sku: line.product.sku, name: line.product.name, nameZh: line.product.nameZh ?? null, quantity: line.quantity,
      unitPriceMinor: line.product.priceMinor, lineTotalMinor: line.quantity * line.product.priceMinor,
    })),
    approvalReasons: approvalReasons(priced, totals, policy),
    account: account ? {
      code: account.code, name: account.name, paymentTerms: account.paymentTerms,
      paymentDueAt: paymentDueAt(account.paymentTerms, buyer.now, buyer.timeZone)?.toISOString() ?? null,
    } : null,
  };
}
