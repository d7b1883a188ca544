import type { EntityManager } from '@mikro-orm/postgresql';
import { Product } from '../catalog/index.ts';
import { AppError } from '../shared/errors.ts';
import type { OrderPolicy } from './pricing.ts';
import type { OrderAddress } from './order.entity.ts';

export interface RequestedLine {
  sku: string;
  quantity: number;
  /** The price the client showed the buyer; refused when the catalogue says otherwise. */
  expectedPriceMinor?: number | undefined;
}

/** A requested line joined with its product, after every check passed. */
export interface VerifiedLine {
  product: Product;
  quantity: number;
}

/**
 * The "order information check": every line names an active product, quantities are within
 * limits, expected prices match, one currency, and goods have somewhere to go.
 * Duplicate SKUs are merged so each product is reserved once.
 */
export async function verifyOrderLines(
  em: EntityManager,
  lines: RequestedLine[],
  shippingAddress: OrderAddress | undefined,
  policy: OrderPolicy,
): Promise<VerifiedLine[]> {
  const merged = new Map<string, RequestedLine>();
  for (const line of lines) {
    const seen = merged.get(line.sku);
    merged.set(line.sku, seen ? { ...seen, quantity: seen.quantity + line.quantity, expectedPriceMinor: seen.expectedPriceMinor ?? line.expectedPriceMinor } : { ...line });
  }
  const products = await em.find(Product, { sku: { $in: [...merged.keys()] } });
  const bySku = new Map(products.map((product) => [product.sku, product]));

  const unknown = [...merged.keys()].filter((sku) => !bySku.get(sku)?.active);
  if (unknown.length > 0) throw new AppError('unknown_product', `Unknown or unavailable SKU: ${unknown.join(', ')}`, { skus: unknown });

  const tooMany = [...merged.values()].filter((line) => line.quantity > policy.maxQuantityPerLine);
  if (tooMany.length > 0) {
    throw new AppError('quantity_limit', `At most ${policy.maxQuantityPerLine} units per line`, {
      max: policy.maxQuantityPerLine, skus: tooMany.map((line) => line.sku),
    });
  }

  const mismatched = [...merged.values()].filter((line) => line.expectedPriceMinor !== undefined && line.expectedPriceMinor !== bySku.get(line.sku)!.priceMinor);
  if (mismatched.length > 0) {
    throw new AppError('price_mismatch', 'The price of some items has changed', {
      lines: mismatched.map((line) => ({ sku: line.sku, expectedPriceMinor: line.expectedPriceMinor, priceMinor: bySku.get(line.sku)!.priceMinor })),
    });
  }

  const currencies = new Set(products.map((product) => product.currency));
  if (currencies.size > 1) throw new AppError('mixed_currency', 'All items of one order must have the same currency', { currencies: [...currencies] });

  const needsDelivery = products.some((product) => product.kind !== 'service');
  if (needsDelivery && !shippingAddress) throw new AppError('address_required', 'A delivery address is needed for goods');

  // Sorted by product id: every transaction locks stock rows in the same order, so none deadlock.
  return [...merged.values()]
    .map((line) => ({ product: bySku.get(line.sku)!, quantity: line.quantity }))
    .sort((a, b) => a.product.id - b.product.id);
}
