import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../shared/errors.ts';
import type { Actor } from '../shared/actor.ts';
import { Product } from '../catalog/index.ts';
import { Warehouse } from './warehouse.entity.ts';
import { addOnHand, recordMovements } from './stock.repository.ts';

/** A goods receipt: stock arriving at a warehouse. */
export interface ReceiptInput {
  /** Warehouse code; the default warehouse when absent. */
  warehouse?: string | undefined;
  lines: Array<{ sku: string; quantity: number }>;
  /** What the receipt refers to (a purchase order, a delivery note). */
  reference: string;
  actor: Actor;
}

/** The warehouse with this code, or the default warehouse when no code is given. */
export async function findWarehouse(em: EntityManager, code?: string): Promise<Warehouse> {
  const warehouse = await em.findOne(Warehouse, code ? { code } : { isDefault: true });
  if (!warehouse) throw new AppError('not_found', code ? `Unknown warehouse ${code}` : 'No default warehouse', { warehouse: code });
  return warehouse;
}

/**
 * Raises on-hand stock and writes one `receipt` movement per line, in one transaction.
 * Returns the products received, in line order.
 */
export async function receiveStock(em: EntityManager, input: ReceiptInput): Promise<void> {
  await em.transactional(async (tx) => {
    const warehouse = await findWarehouse(tx, input.warehouse);
    const skus = [...new Set(input.lines.map((line) => line.sku))];
    const products = await tx.find(Product, { sku: { $in: skus } });
    const bySku = new Map(products.map((product) => [product.sku, product]));
    const unknown = skus.filter((sku) => !bySku.has(sku));
    if (unknown.length > 0) throw new AppError('not_found', `Unknown SKU: ${unknown.join(', ')}`, { skus: unknown });
    for (const line of input.lines) {
      await addOnHand(tx, warehouse.id, bySku.get(line.sku)!.id, line.quantity);
    }
    await recordMovements(
      tx,
      input.lines.map((line) => ({
        warehouseId: warehouse.id,
        productId: bySku.get(line.sku)!.id,
        kind: 'receipt' as const,
        onHandDelta: line.quantity,
        reservedDelta: 0,
        reference: input.reference,
        actor: input.actor,
      })),
    );
  });
}
