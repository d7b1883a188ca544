import type { MikroORM } from '@mikro-orm/postgresql';
import { createProduct, type ProductInput } from '../../core/catalog/index.ts';
import { receiveStock } from '../../core/inventory/index.ts';
import { systemActor } from '../../core/shared/actor.ts';

let counter = 0;

/** A product with `stock` units received at the default warehouse (through the ledger). */
export async function productWithStock(orm: MikroORM, stock: number, overrides: Partial<ProductInput> = {}): Promise<{ sku: string; priceMinor: number }> {
  counter += 1;
  const sku = overrides.sku ?? `SKU-${process.pid}-${counter}`;
  const product = await createProduct(orm.em.fork(), { name: `Product ${counter}`, nameZh: `商品 ${counter}`, priceMinor: 1000, currency: 'CNY', ...overrides, sku });
  if (stock > 0) await orm.em.fork().transactional((tx) => receiveStock(tx, { lines: [{ sku, quantity: stock }], reference: 'test-receipt', actor: systemActor }));
  return { sku, priceMinor: product.priceMinor };
}

export const shanghai = { line1: '1 Nanjing Road', city: 'Shanghai', country: 'CN' };

let orderCounter = 0;

/** A valid REST order body for the given lines. */
export function orderBody(lines: Array<{ sku: string; quantity: number }>, customer: Record<string, string> = {}): Record<string, unknown> {
  orderCounter += 1;
  return {
    customer: { name: 'Li Lei', externalId: `cust-${process.pid}-${orderCounter}`, ...customer },
    lines,
    shippingAddress: shanghai,
    paymentMethod: 'cash_on_delivery',
  };
}
