import type { EntityManager } from '@mikro-orm/postgresql';
import { checkQuantity, Product, QuantityRule, type ProductKind, type QuantityRuleFacts } from '../catalog/index.ts';
import { AppError } from '../shared/errors.ts';
import type { OrderPolicy } from './pricing.ts';
import type { OrderAddress, OrderChannel } from './order.entity.ts';

export interface RequestedLine {
  sku: string;
  quantity: number;
  /** The price the client showed the buyer; refused when the catalogue says otherwise. */
  expectedPriceMinor?: number | undefined;
}

/** What the checks need to know of a product (an entity, or a row of the intake read). */
export interface ProductFacts {
  id: number;
  sku: string;
  name: string;
  nameZh?: string | null | undefined;
  priceMinor: number;
  currency: string;
  kind: ProductKind;
  active: boolean;
  /** Units beyond stock are accepted as backorders (absent: not). */
  allowBackorder?: boolean | undefined;
  /** Units not in stock are made for the order (they wait as backorders for a pegged production order). */
  madeToOrder?: boolean | undefined;
  /** A bookable service: its supply is time on a resource, taken by a booking, not stock. */
  booked?: boolean | undefined;
  /** Its case-pack rule, when it has one. */
  quantityRule?: QuantityRuleFacts | null | undefined;
}

/** Lines whose expected price is not the catalogue's (unknown products are left to the checks). */
export function changedPrices(lines: readonly RequestedLine[], products: readonly ProductFacts[]): RequestedLine[] {
  const bySku = new Map(products.map((product) => [product.sku, product]));
  return lines.filter((line) => line.expectedPriceMinor !== undefined && bySku.has(line.sku) && line.expectedPriceMinor !== bySku.get(line.sku)!.priceMinor);
}

/** A requested line joined with its product, after every check passed. */
export interface VerifiedLine {
  product: ProductFacts;
  quantity: number;
}

/** The requested lines with duplicate SKUs merged, so each product is reserved once. */
export function mergeLines(lines: RequestedLine[]): RequestedLine[] {
  const merged = new Map<string, RequestedLine>();
  for (const line of lines) {
    const seen = merged.get(line.sku);
    merged.set(line.sku, seen ? { ...seen, quantity: seen.quantity + line.quantity, expectedPriceMinor: seen.expectedPriceMinor ?? line.expectedPriceMinor } : { ...line });
  }
  return [...merged.values()];
}

/** The most units of one product on one line: the policy's, or the lower cap of a chat customer's order. */
export function lineLimit(policy: OrderPolicy, selfServe: boolean): number {
  return selfServe ? Math.min(policy.maxQuantityPerLine, policy.selfServe.maxQuantityPerLine) : policy.maxQuantityPerLine;
}

/** Orders a customer places in a chat, on their own (Telegram, web chat): capped by `policy.selfServe`. */
export function isSelfServe(channel: OrderChannel): boolean {
  return channel === 'telegram' || channel === 'webchat';
}

/**
 * The "order information check", pure: every line names an active product, quantities are
 * within limits, expected prices match, one currency, and goods have somewhere to go (or, for a
 * quote asked for in chat, will be told where when it is accepted: `asked_later`). Returns
 * the merged lines sorted by product id (the order every transaction locks stock rows in).
 */
export function verifyLines(lines: RequestedLine[], products: readonly ProductFacts[], shippingAddress: OrderAddress | 'asked_later' | undefined, policy: OrderPolicy, selfServe = false): VerifiedLine[] {
  const merged = mergeLines(lines);
  const bySku = new Map(products.map((product) => [product.sku, product]));

  const unknown = merged.map((line) => line.sku).filter((sku) => !bySku.get(sku)?.active);
  if (unknown.length > 0) throw new AppError('unknown_product', `Unknown or unavailable SKU: ${unknown.join(', ')}`, { skus: unknown });

  // Case packs: the same rule whichever channel the order comes from.
  const broken = merged.flatMap((line) => {
    const rule = bySku.get(line.sku)!.quantityRule;
    const problem = rule ? checkQuantity(line.quantity, rule) : null;
    return problem ? [{ sku: line.sku, quantity: line.quantity, ...problem }] : [];
  });
  if (broken.length > 0) {
    const [first] = broken;
    const ways = first!.nearest.filter((value): value is number => value !== null).join(' or ');
    throw new AppError('quantity_rule', `${first!.sku} is sold from ${first!.minimum} in steps of ${first!.increment}${first!.maximum ? ` up to ${first!.maximum}` : ''}: ${first!.quantity} is not possible${ways ? ` (${ways} are)` : ''}`, { lines: broken });
  }

  // A chat customer is nobody we could call: they cannot tie up stock in bulk.
  const perLine = lineLimit(policy, selfServe);
  const tooMany = merged.filter((line) => line.quantity > perLine);
  if (tooMany.length > 0) {
    throw new AppError('quantity_limit', `At most ${perLine} units per line`, { max: perLine, skus: tooMany.map((line) => line.sku) });
  }
  const units = merged.reduce((sum, line) => sum + line.quantity, 0);
  if (selfServe && units > policy.selfServe.maxUnitsPerOrder) {
    throw new AppError('order_quantity_limit', `At most ${policy.selfServe.maxUnitsPerOrder} units per order`, { max: policy.selfServe.maxUnitsPerOrder, units });
  }

  const mismatched = changedPrices(merged, products);
  if (mismatched.length > 0) {
    throw new AppError('price_mismatch', 'The price of some items has changed', {
      lines: mismatched.map((line) => ({ sku: line.sku, expectedPriceMinor: line.expectedPriceMinor, priceMinor: bySku.get(line.sku)!.priceMinor })),
    });
  }

  // Checked before anything is written: money columns are bigint, but an order has a ceiling.
  const subtotal = merged.reduce((sum, line) => sum + line.quantity * bySku.get(line.sku)!.priceMinor, 0);
  if (subtotal > policy.maxOrderTotalMinor) {
    throw new AppError('amount_too_large', 'This order is larger than one order may be; split it into smaller orders', { maxMinor: policy.maxOrderTotalMinor, subtotalMinor: subtotal });
  }

  const ordered = merged.map((line) => bySku.get(line.sku)!);
  const currencies = new Set(ordered.map((product) => product.currency));
  if (currencies.size > 1) throw new AppError('mixed_currency', 'All items of one order must have the same currency', { currencies: [...currencies] });

  const needsDelivery = ordered.some((product) => product.kind !== 'service');
  if (needsDelivery && !shippingAddress) throw new AppError('address_required', 'A delivery address is needed for goods');

  return merged
    .map((line) => ({ product: bySku.get(line.sku)!, quantity: line.quantity }))
    .sort((a, b) => a.product.id - b.product.id);
}

/** `verifyLines` with the products (and their case-pack rules) read through the ORM (the checkout review's quote). */
export async function verifyOrderLines(em: EntityManager, lines: RequestedLine[], shippingAddress: OrderAddress | undefined, policy: OrderPolicy, selfServe = false): Promise<VerifiedLine[]> {
  const products = await em.find(Product, { sku: { $in: [...new Set(lines.map((line) => line.sku))] } });
  const rules = products.length > 0 ? await em.find(QuantityRule, { product: { $in: products } }) : [];
  const facts = products.map((product) => {
    const rule = rules.find((each) => each.product.id === product.id);
    return { ...product, quantityRule: rule ? { minimum: rule.minimum, increment: rule.increment, maximum: rule.maximum ?? null } : null } as ProductFacts;
  });
  return verifyLines(lines, facts, shippingAddress, policy, selfServe);
}
